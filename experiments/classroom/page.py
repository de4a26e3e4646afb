"""The classroom page: Mesa's SolaraViz around the lesson, with the teacher's controls.

SolaraViz supplies play / pause / step / reset and calls the components below after every
step. The lesson controls (presets, structure, sliders) sit in the sidebar; any change
builds both offices anew with the new setting, and so does SolaraViz's Reset. The language,
first preset and seed come from the environment that ``orgsim-class`` sets; each browser tab
has its own settings.
"""

from __future__ import annotations

import html
import os
from functools import partial
from typing import Any

import solara
from mesa.visualization import SolaraViz

from orgsim.experiments.classroom.drawing import (
    SHOWN_COUNTERS,
    format_counter,
    offices_figure,
    waiting_figure,
)
from orgsim.experiments.classroom.environment import (
    LANG_VARIABLE,
    PRESET_VARIABLE,
    SEED_VARIABLE,
)
from orgsim.experiments.classroom.labels import preset_name, structure_name, text
from orgsim.experiments.classroom.lesson import SIDES, Lesson
from orgsim.experiments.classroom.settings import (
    BOUNDS,
    PRESETS,
    STRUCTURES,
    LessonError,
    LessonSettings,
    preset,
)

COUNTERS = SHOWN_COUNTERS

#: (setting, step) of every slider, in the order shown.
SLIDERS: tuple[tuple[str, float], ...] = (
    ("load", 0.01),
    ("sections", 1),
    ("people_per_section", 1),
    ("service_cv", 0.1),
    ("long_factor", 1.0),
    ("unfamiliar_speed", 0.05),
    ("learning_start", 0.05),
    ("reform_at", 10.0),
    ("away_share", 0.01),
    ("seed", 1),
)
WHOLE = {"sections", "people_per_section", "seed"}

# The grid SolaraViz lays its components in is half-width per item: stack them full-width.
CSS = """
.vue-grid-layout { height: auto !important; }
.vue-grid-item { position: relative !important; transform: none !important;
  width: 100% !important; height: auto !important; margin-bottom: 12px; }
.vue-grid-item .vue-resizable-handle { display: none; }
.classroom-counters table { border-collapse: collapse; font-size: 15px; }
.classroom-counters th, .classroom-counters td { padding: 4px 14px; border-bottom: 1px solid #ddd; }
.classroom-counters td { text-align: right; font-variant-numeric: tabular-nums; }
"""


def language() -> str:
    """The page's language (``zh`` unless ``orgsim-class --lang en``)."""
    lang = os.environ.get(LANG_VARIABLE, "zh")
    return lang if lang in ("zh", "en") else "zh"


def first_settings() -> tuple[str, LessonSettings]:
    """The preset the page opens with, and its settings with the seed asked for."""
    name = os.environ.get(PRESET_VARIABLE, next(iter(PRESETS)))
    try:
        settings = preset(name)
    except LessonError:
        name, settings = next(iter(PRESETS.items()))
    seed = os.environ.get(SEED_VARIABLE)
    if seed is not None and seed.isdigit():
        settings = settings.replace(seed=int(seed))
    return name, settings


_NAME, _SETTINGS = first_settings()
settings = solara.reactive(_SETTINGS)  # one value per browser tab (kernel)
chosen_preset = solara.reactive(_NAME)  # "" once a control departs from the preset


def choose_preset(name: str) -> None:
    """Load a preset, keeping the seed on screen."""
    settings.value = PRESETS[name].replace(seed=settings.value.seed)
    chosen_preset.value = name


def change(name: str, value: Any) -> None:
    """Change one setting; out-of-range values (never offered by the controls) are ignored."""
    try:
        settings.value = settings.value.replace(**{name: value})
    except LessonError:
        return
    chosen_preset.value = ""


def _change_whole(name: str, value: float) -> None:
    change(name, int(value))


def _change_number(name: str, value: float) -> None:
    change(name, round(float(value), 4))


@solara.component
def LessonControls() -> None:
    """Presets, the structure on the right and one slider per setting."""
    lang = language()
    current = settings.value
    with solara.Card(text("lesson", lang)):
        solara.Text(text("preset", lang))
        with solara.Column(gap="4px"):
            for name in PRESETS:
                solara.Button(
                    preset_name(name, lang),
                    on_click=lambda name=name: choose_preset(name),
                    color="primary" if chosen_preset.value == name else None,
                    outlined=chosen_preset.value != name,
                    classes=[f"preset-{name}"],
                    style={"justify-content": "flex-start", "text-transform": "none"},
                )
        names = {structure_name(s, lang): s for s in STRUCTURES}
        with solara.Div(classes=["control-structure"]):
            solara.Select(
                text("structure", lang),
                values=list(names),
                value=structure_name(current.structure, lang),
                on_value=lambda label: change("structure", names[label]),
            )
        for name, step in SLIDERS:
            low, high = BOUNDS[name]
            with solara.Div(classes=[f"control-{name}"]):
                value = getattr(current, name)
                label = f"{text(name, lang)}: {value:g}"
                if name in WHOLE:
                    solara.SliderInt(
                        label,
                        value=int(value),
                        min=int(low),
                        max=int(min(high, 9999)),
                        step=int(step),
                        on_value=partial(_change_whole, name),
                    )
                else:
                    solara.SliderFloat(
                        label,
                        value=float(value),
                        min=low,
                        max=high,
                        step=step,
                        on_value=partial(_change_number, name),
                    )
        solara.Text(text("help", lang), style={"font-size": "12px", "color": "#666"})


def OfficesView(model: Lesson) -> solara.Element:
    """Both offices' floor plans, redrawn after every step."""
    left, right = model.snapshots()
    figure = offices_figure(left, right, model.settings, language(), model.reform_at)
    return solara.FigureMatplotlib(figure, format="png", dependencies=[model, model.clock])


def CountersView(model: Lesson) -> solara.Element:
    """Live counters of both offices, side by side (with the offices' shape for checking)."""
    lang = language()
    left, right = model.snapshots()
    heads = [text("current", lang), structure_name(model.settings.structure, lang)]
    rows = []
    for name in COUNTERS:
        cells = "".join(
            f'<td id="counter-{side}-{name}">'
            f"{html.escape(format_counter(name, getattr(snap.counters, name)))}</td>"
            for side, snap in zip(SIDES, (left, right), strict=True)
        )
        rows.append(f"<tr><th>{html.escape(text(name, lang))}</th>{cells}</tr>")
    head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
    clock = text("hour", lang, hour=round(model.clock, 1))
    table = (
        f'<table id="counters" data-clock="{model.clock:g}" data-seed="{model.settings.seed}"'
        f' data-clock-current="{left.clock:g}" data-clock-reformed="{right.clock:g}"'
        f' data-sections-current="{len(left.sections)}"'
        f' data-sections-reformed="{len(right.sections)}"'
        f' data-people="{sum(len(s.desks) for s in left.sections)}"'
        f' data-structure="{model.settings.structure}">'
        f"<tr><th>{html.escape(clock)}</th>{head}</tr>{''.join(rows)}</table>"
    )
    with solara.Card(text("counters", lang), classes=["classroom-counters"]) as card:
        solara.HTML(tag="div", unsafe_innerHTML=table)
    return card


def WaitingPlot(model: Lesson) -> solara.Element:
    """Matters waiting over time in both offices."""
    history = model.datacollector.get_model_vars_dataframe()
    figure = waiting_figure(history, model.settings, language())
    return solara.FigureMatplotlib(figure, format="png", dependencies=[model, model.clock])


class TabLesson(Lesson):
    """The lesson of this browser tab's settings.

    SolaraViz's Reset builds a new model of the same class from its own copy of the
    parameters; this class reads the settings on screen instead, so Reset starts the
    offices again as the controls now show them.
    """

    def __init__(self) -> None:
        super().__init__(settings.value)


@solara.component
def Page() -> None:
    """The whole page: SolaraViz with the lesson's components, controls in the sidebar."""
    lang = language()
    current = settings.value
    model = solara.use_memo(TabLesson, [current])
    solara.Style(CSS)
    solara.Title(text("title", lang))
    with solara.Sidebar():
        LessonControls()
    SolaraViz(
        model,
        components=[OfficesView, CountersView, WaitingPlot],
        name=text("title", lang),
        play_interval=150,
    )
