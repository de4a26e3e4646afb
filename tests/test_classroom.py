"""The classroom lesson model without a server: offices, presets, snapshots, errors, CLI."""

from __future__ import annotations

import math
import socket
import subprocess
import sys

import pytest

from orgsim.experiments.classroom.drawing import offices_figure, waiting_figure
from orgsim.experiments.classroom.lesson import HOURS_PER_STEP, Lesson
from orgsim.experiments.classroom.offices import office_pair
from orgsim.experiments.classroom.settings import (
    PRESETS,
    STRUCTURES,
    LessonError,
    LessonSettings,
    preset,
)


def test_a_step_advances_both_offices_by_one_hour():
    lesson = Lesson(preset("four_counters"))
    left, right = lesson.advance(3)
    assert left.clock == right.clock == 3 * HOURS_PER_STEP
    assert lesson.time == 3  # Mesa's own clock counts the steps
    history = lesson.datacollector.get_model_vars_dataframe()
    assert list(history["hour"]) == [0.0, 1.0, 2.0, 3.0]


def test_both_offices_get_the_same_matters():
    lesson = Lesson(preset("four_counters"))
    for _ in range(5):
        left, right = lesson.advance(40)
        assert left.counters.arrived == right.counters.arrived > 0


def test_before_the_reform_both_offices_are_the_same_office():
    lesson = Lesson(preset("running_in"))  # reformed at hour 100
    left, right = lesson.advance(99)
    assert left.counters == right.counters
    assert [len(s.waiting) for s in left.sections] == [len(s.waiting) for s in right.sections]
    left, right = lesson.advance(2)
    assert len(right.sections) == 1 and len(left.sections) == 4  # the big section is formed


def test_the_same_seed_gives_the_same_counters_and_another_seed_others():
    settings = preset("ab_chain")
    first = Lesson(settings).advance(200)
    again = Lesson(settings).advance(200)
    other = Lesson(settings.replace(seed=2)).advance(200)
    assert first == again
    assert other[0].counters != first[0].counters


def test_snapshot_counts_agree_with_the_queues_and_desks():
    lesson = Lesson(preset("ab_chain").replace(away_share=0.2))
    states: set[str] = set()
    for _ in range(60):
        for office in lesson.advance(5):
            waiting = sum(len(s.waiting) for s in office.sections)
            assert waiting == office.counters.waiting
            desks = [d for s in office.sections for d in s.desks]
            assert len(desks) == 8
            states |= {d.state for d in desks}
            assert 0 <= office.counters.idle_while_work_waits <= 1
            attained = office.counters.deadline_attainment
            assert math.isnan(attained) or 0 <= attained <= 1
    assert states == {"busy", "idle", "away"}


@pytest.mark.parametrize("structure", STRUCTURES)
def test_every_structure_builds_from_the_office_as_it_is(structure):
    settings = LessonSettings(sections=4, people_per_section=2, structure=structure)
    pair = office_pair(settings)
    assert pair.current.matter_types == pair.reformed.matter_types
    after = pair.reformed.structure
    assert [m.name for m in after.staff] == [m.name for m in pair.current.structure.staff]
    if structure == "merged":
        assert [s.name for s in after.sections] == ["big"]
    elif structure == "desectioned":
        assert {s.pool for s in after.sections} == {"big"}
    elif structure == "ab_pairs":
        assert [m.b_post for m in after.staff] == ["s2", "s2", "s1", "s1", "s4", "s4", "s3", "s3"]
    elif structure == "ab_chain":
        assert [m.b_post for m in after.staff] == ["s2", "s2", "s3", "s3", "s4", "s4", "s1", "s1"]
    else:
        assert {s.pool for s in after.sections} == {"big"}
        assert all(m.b_post is not None for m in after.staff)
    Lesson(settings).advance(20)


def test_long_matters_keep_the_load_and_learning_marks_unfamiliar_work():
    settings = preset("merging_hurts")
    kinds = office_pair(settings).current.matter_types
    assert [k.service.mean for k in kinds] == [1.0, 30.0]
    assert [k.arrival_rate * k.service.mean for k in kinds] == pytest.approx([0.8, 0.8])
    after = office_pair(preset("running_in")).reformed.structure
    assert after.learning_start == 0.4
    assert after.staff[0].learning == ("k2", "k3", "k4")


def test_seeded_regression_the_lessons_show_what_they_teach():
    """Seeded regression (seed 1, 2000 hours): pooling helps, and hurts with long matters."""
    left, right = Lesson(preset("four_counters")).advance(2000)
    assert right.counters.mean_wait < 0.5 * left.counters.mean_wait
    assert left.counters.idle_while_work_waits > 0.05 and right.counters.idle_while_work_waits == 0
    left, right = Lesson(preset("merging_hurts")).advance(2000)
    assert right.counters.mean_wait > 1.5 * left.counters.mean_wait


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"load": 1.5}, "load: 1.5 is out of range; give one in [0.1, 0.98]"),
        ({"sections": 2.5}, "sections: 2.5 is not whole; give an integer"),
        ({"structure": "tower"}, "structure: 'tower' is not known; use one of merged, "),
        ({"seed": math.nan}, "seed: nan is not a number"),
    ],
)
def test_bad_settings_name_the_setting_and_the_fix(change, message):
    with pytest.raises(LessonError) as raised:
        LessonSettings(**change)
    assert str(raised.value).startswith(message)


def test_an_unknown_preset_lists_the_presets():
    with pytest.raises(LessonError, match="preset: 'x' is not known; use one of four_counters"):
        preset("x")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_figures_draw_every_preset(lang):
    for settings in PRESETS.values():
        lesson = Lesson(settings)
        left, right = lesson.advance(30)
        figure = offices_figure(left, right, settings, lang, lesson.reform_at)
        assert len(figure.axes) == 2
        assert figure.axes[0].patches and figure.axes[1].patches
        plot = waiting_figure(lesson.datacollector.get_model_vars_dataframe(), settings, lang)
        labelled = [line for line in plot.axes[0].lines if not line.get_label().startswith("_")]
        assert len(labelled) == 2


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "orgsim.experiments.classroom.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "0"], "orgsim-class: error: --port: 0 is not a port; give a number"),
        (["--lang", "fr"], "orgsim-class: error: argument --lang: invalid choice: 'fr'"),
        (["--preset", "x"], "orgsim-class: error: argument --preset: invalid choice: 'x'"),
        (["--seed", "-1"], "orgsim-class: error: --seed: -1 is out of range"),
        (["--host", "no such host."], "orgsim-class: error: --host: 'no such host.' is not"),
    ],
)
def test_bad_command_lines_end_in_one_line(args, message):
    done = _cli(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(message)
    assert done.stderr.count("\n") == 1


def test_a_port_in_use_is_refused_in_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _cli("--port", str(port))
    assert done.returncode == 2
    assert done.stderr.startswith(f"orgsim-class: error: --port: 127.0.0.1:{port} cannot be")
    assert done.stderr.count("\n") == 1
