"""The Python API: the notebook-style example in docs/python-api.md runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import orgsim

DOC = Path(__file__).resolve().parent.parent / "docs" / "python-api.md"


def _code_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def test_documented_example_runs_in_order(capsys):
    blocks = _code_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 4
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)
    out = capsys.readouterr().out
    assert "['current', 'merged']" in out
    assert "workload.arrival_scale" in out  # the documented error names its field
    result = namespace["result"]
    assert isinstance(result, orgsim.Comparison)
    assert set(result.replications["structure"]) == {"current", "merged"}
    assert len(result.replications) == 10


def test_compare_matches_the_command_line_numbers():
    office = orgsim.load_office("pooling_demo", overrides=["workload=quick", "replications=3"])
    result = orgsim.compare(office)
    assert result.baseline == "current" and len(result.replications) == 6
    # the command line uses the same runner: the same seeds give the same table
    again = orgsim.compare(office, replications=3, seed=office.config.seed)
    assert result.replications.equals(again.replications)
    merged = result.differences.set_index("metric").loc["wait_mean"]
    assert merged["structure"] == "merged" and merged["mean"] < 0


def test_specs_built_by_hand_can_be_compared():
    from tests.helpers import separate_sections

    spec = separate_sections(2, 0.5, horizon=300, warmup=30)
    result = orgsim.compare({"walled": spec}, replications=2, seed=3)
    assert list(result.summary["structure"].unique()) == ["walled"]
    assert result.differences.empty


@pytest.mark.parametrize(
    ("name", "overrides", "fragment"),
    [
        ("no_such_office", [], "neither a shipped scenario nor an org file"),
        ("pooling_demo", ["replications=1"], "replications: 1 is too few"),
        ("pooling_demo", ["structure=nope"], "structure: unknown structure 'nope'"),
        ("does/not/exist.yaml", [], "does not exist"),
    ],
)
def test_load_office_errors_are_one_line(name, overrides, fragment):
    with pytest.raises(orgsim.ConfigError, match=re.escape(fragment)) as caught:
        orgsim.load_office(name, overrides=overrides)
    assert "\n" not in str(caught.value)


def test_engine_import_stays_light():
    import subprocess
    import sys

    code = (
        "import orgsim.sim, sys; print('hydra' in sys.modules, 'orgsim.experiments' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["False", "False"], done.stderr
