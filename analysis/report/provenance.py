"""How a result was made: its settings, seeds, package versions and full configuration.

Every orgsim result records these (``experiments.provenance.run_info``), and every page
shows them the same way, so anyone can re-run the numbers and get them again.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from orgsim.analysis.i18n import N_, _
from orgsim.analysis.report.display import engine_word
from orgsim.analysis.report.formatting import level_of, plain, plural
from orgsim.analysis.report.html import table


def settings_table(
    info: dict[str, Any], first: list[tuple[str, Any]], caption: str = N_("Run settings")
) -> str:
    """The office, then ``first`` (what this kind of result adds), then the run's length.

    The caption and every setting's name are shown with ``_()``, so callers mark theirs
    with ``N_()``; values are shown as given (times in the engine's unit, in words).
    """
    time_unit = engine_word(info.get("time_unit") or "time unit")
    items = [
        (N_("office"), info.get("org") or _("office")),
        *first,
        (N_("replications"), info.get("replications", "")),
        (N_("seed"), info.get("seed", "")),
        (N_("horizon"), f"{plain(info.get('horizon'))} {plural(time_unit)}"),
        (N_("warm-up (not measured)"), f"{plain(info.get('warmup'))} {plural(time_unit)}"),
        (N_("time unit"), time_unit),
        (N_("confidence level of the intervals"), level_of(info)),
    ]
    if info.get("org_source"):
        items.append((N_("office file"), info["org_source"]))
    rows = [[_(k), str(v)] for k, v in items]
    return table(_(caption), [_("setting"), _("value")], rows)


def reproduce(
    folder: Path, info: dict[str, Any], seeds_note: str, extra: list[str] | None = None
) -> list[str]:
    """Seeds, package versions, any ``extra`` tables, and config.yaml in full.

    ``seeds_note`` is shown as given (HTML, in the language of the page).
    """
    seeds = info.get("replication_seeds") or []
    out = [
        f"<p>{seeds_note}</p>",
        table(
            _("Replication seeds"),
            [_("replication"), _("seed")],
            [[str(i), str(s)] for i, s in enumerate(seeds)],
            numeric=(0, 1),
        ),
        table(
            _("Package versions"),
            [_("package"), _("version")],
            [[k, str(v)] for k, v in (info.get("versions") or {}).items()],
        ),
        *(extra or []),
    ]
    config = folder / "config.yaml"
    if config.exists():
        text = config.read_text(encoding="utf-8", errors="replace")
        heading = _("Full configuration (config.yaml)")
        show = _("Show all {n} lines").format(n=len(text.splitlines()))
        out.append(
            f"<h3>{escape(heading)}</h3><details><summary>{escape(show)}</summary>"
            f"<pre>{escape(text)}</pre></details>"
        )
    return out
