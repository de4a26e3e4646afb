"""``orgsim-class --export``: one lesson step as a single HTML file that replays itself.

The file holds the pre-computed frames (:mod:`replay`) as JSON inside the page, with the
player's style and script inline: it opens in any browser with no Python, no server and no
network, and asks for nothing outside itself.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from orgsim.analysis.results_folder import atomic_write
from orgsim.experiments.classroom.replay import replay_data
from orgsim.experiments.classroom.replay_page import SCRIPT, STYLE
from orgsim.experiments.classroom.settings import LessonSettings

#: Characters that could end the JSON block or confuse the page, written as JSON escapes.
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
SPEEDS = (1, 2, 5, 10, 25, 50)  # hours per second the player offers
DEFAULT_SPEED = 10


def embedded_json(data: Any) -> str:
    """``data`` as JSON that is safe inside ``<script type="application/json">``.

    Any ``<`` (as in ``</script>``), ``>`` or ``&`` in a name is written as a JSON escape, so
    nothing in the data can end the block or be read as markup; NaN is written as null.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return "".join(_JSON_ESCAPES.get(c, c) for c in text)


def _button(element_id: str, label: str) -> str:
    return f'<button type="button" id="{element_id}">{html.escape(label)}</button>'


def replay_html(data: dict[str, Any]) -> str:
    """The whole page for the frames ``data`` (from :func:`replay.replay_data`)."""
    words = data["words"]
    speeds = "".join(
        f'<option value="{s}"{" selected" if s == DEFAULT_SPEED else ""}>{s}</option>'
        for s in SPEEDS
    )
    offices = "".join(
        f'<div class="office" id="panel-{side}"><h2 style="color:{colour}">'
        f'{html.escape(name)} · <span id="clock-{side}"></span></h2>'
        f'<div id="office-{side}"></div></div>'
        for side, name, colour in zip(
            ("current", "reformed"), data["offices"], data["colours"]["office"], strict=True
        )
    )
    legend = "".join(
        f'<span><i class="swatch" style="background:{data["colours"]["desk"][state]}"></i>'
        f"{html.escape(words[state])}</span>"
        for state in ("busy", "idle", "away")
    )
    kinds = ("short_matter", "long_matter") if data["has_long"] else ("short_matter",)
    legend += "".join(
        f'<span><i class="swatch dot" style="background:{data["colours"]["matter"][k]}"></i>'
        f"{html.escape(words[kind])}</span>"
        for k, kind in enumerate(kinds)
    )
    heads = "".join(f"<th>{html.escape(name)}</th>" for name in data["offices"])
    rows = "".join(
        f"<tr><th>{html.escape(words[name])}</th>"
        + "".join(f'<td id="counter-{side}-{name}"></td>' for side in ("current", "reformed"))
        + "</tr>"
        for name in data["counter_names"]
    )
    controls = "".join(
        (
            _button("to-start", words["to_start"]),
            _button("back", words["back"]),
            _button("play", words["play"]),
            _button("step", words["step"]),
            _button("to-end", words["to_end"]),
            f'<label>{html.escape(words["speed"])} <select id="speed">{speeds}</select></label>',
            '<input type="range" id="scrub" min="0" max="0" value="0" step="1">',
        )
    )
    return (
        '<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>{title}</title><style>{style}</style></head><body>"
        '<h1>{title}</h1><p class="note">{note}</p>'
        '<div class="controls">{controls}</div>'
        '<div class="offices">{offices}</div><div class="legend">{legend}</div>'
        '<table id="counters"><tr><th id="clock"></th>{heads}</tr>{rows}</table>'
        '<h2 style="font-size:15px">{plot_title}</h2><div id="plot"></div>'
        '<script type="application/json" id="lesson-data">{data}</script>'
        "<script>{script}</script></body></html>\n"
    ).format(
        lang=html.escape(data["lang"]),
        title=html.escape(data["title"]),
        style=STYLE,
        note=html.escape(words["replay_note"]),
        controls=controls,
        offices=offices,
        legend=legend,
        heads=heads,
        rows=rows,
        plot_title=html.escape(words["plot_title"]),
        data=embedded_json(data),
        script=SCRIPT,
    )


def export_lesson(
    path: Path, settings: LessonSettings, hours: int, lang: str, preset: str | None
) -> dict[str, Any]:
    """Run the lesson, write its replay to ``path`` atomically and return the frames.

    The checks on ``path`` (ending, folder, no overwrite) are the caller's.
    """
    data = replay_data(settings, hours, lang, preset)
    page = replay_html(data)
    atomic_write(path, lambda tmp: tmp.write_text(page, encoding="utf-8"))
    return data


def last_frame_summary(data: dict[str, Any]) -> str:
    """The last frame's counters, both offices, in one line for the terminal."""
    last = data["frames"][-1]
    left, right = (office["c"] for office in last["o"])
    pairs = "; ".join(
        f"{name.replace('_', ' ')}{' (hours)' if name == 'mean_wait' else ''} {a} against {b}"
        for name, a, b in zip(data["counter_names"], left, right, strict=True)
    )
    structure = data["plans"][last["o"][1]["p"]]["structure"]
    return f"hour {last['t']:g}, the office as it is against {structure}: {pairs}"
