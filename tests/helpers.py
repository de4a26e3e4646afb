"""Small specs shared by the tests."""

from __future__ import annotations

from orgsim.sim import MatterType, Section, ServiceTime, SimSpec, StaffMember, Structure


def mmc_spec(servers: int, load: float, horizon: float = 5000.0, warmup: float = 500.0) -> SimSpec:
    """One section, ``servers`` identical staff, Poisson arrivals at load ``load``, μ = 1."""
    return SimSpec(
        matter_types=(MatterType("m", load * servers, ServiceTime("exponential", 1.0)),),
        structure=Structure(
            "mmc",
            (Section("S", ("m",)),),
            tuple(StaffMember(f"p{i}", "S", (("m", 1.0),)) for i in range(servers)),
        ),
        horizon=horizon,
        warmup=warmup,
    )


def separate_sections(
    n: int,
    load: float,
    horizon: float = 5000.0,
    warmup: float = 500.0,
    policy: str = "strict",
    service: ServiceTime | None = None,
    deadline: float | None = 8.0,
) -> SimSpec:
    """``n`` one-person sections, each with its own matter type; everyone has every skill."""
    service = service or ServiceTime("exponential", 1.0)
    names = [f"t{i}" for i in range(n)]
    return SimSpec(
        matter_types=tuple(MatterType(t, load, service, deadline) for t in names),
        structure=Structure(
            "separate",
            tuple(Section(f"S{i}", (names[i],)) for i in range(n)),
            tuple(StaffMember(f"p{i}", f"S{i}", tuple((t, 1.0) for t in names)) for i in range(n)),
            policy,  # type: ignore[arg-type]
        ),
        horizon=horizon,
        warmup=warmup,
    )


def same_metrics(a: dict[str, float], b: dict[str, float]) -> bool:
    """Exact equality of two metric dicts, counting NaN equal to NaN."""
    return a.keys() == b.keys() and all(
        x == y or (x != x and y != y) for x, y in ((a[k], b[k]) for k in a)
    )
