"""The headline of a comparison: one card per alternative, in one sentence an office repeats.

A head of office reads six things first: throughput, mean and 90th-percentile wait, deadline
attainment, how evenly the work is spread and how much staff time is idle while work waits
behind a section wall. Each is better, worse, no practical difference (its interval within
the smallest difference that matters) or not clear yet (too few replications to tell), in
the office's units. The wait family (mean and 90th percentile) counts once.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from orgsim.analysis.report.display import shown_summary, time_words
from orgsim.analysis.report.formatting import fmt, present
from orgsim.analysis.report.html import cards as html_cards
from orgsim.analysis.report.html import tag
from orgsim.analysis.report.metrics import unit
from orgsim.analysis.report.verdicts import Verdict, verdicts

#: The metrics of the card, in its order.
CARD_METRICS = (
    "wait_mean",
    "wait_p90",
    "deadline_attainment",
    "throughput",
    "utilisation_cv",
    "idle_while_work_waits",
)
#: A card item's status in words.
STATUS_WORDS = {
    "better": "better",
    "worse": "worse",
    "change": "a change",
    "negligible": "no practical difference",
    "unclear": "not clear yet",
}


@dataclass(frozen=True)
class CardItem:
    """One line of a card: what, its status and the phrase in the sentence."""

    topic: str
    status: str  # one of STATUS_WORDS
    phrase: str


@dataclass(frozen=True)
class Card:
    """The headline of one alternative against the baseline."""

    structure: str
    baseline: str
    items: list[CardItem]

    @property
    def sentence(self) -> str:
        """``merged against current: waits 1.2 hours less on average, ...``."""
        phrases = [item.phrase for item in self.items]
        if not phrases:
            return f"{self.structure} against {self.baseline}: nothing to compare."
        return f"{self.structure} against {self.baseline}: {', '.join(phrases)}."

    @property
    def status(self) -> str:
        """``better``, ``worse``, ``same`` or ``mixed``: the card's colour on a page."""
        kinds = {item.status for item in self.items} & {"better", "worse"}
        if not kinds:
            return "same"
        return kinds.pop() if len(kinds) == 1 else "mixed"


def _status(found: Verdict) -> str:
    if found.kind == "same":
        return "negligible" if found.negligible else "unclear"
    return found.kind


class _Reader:
    """A summary's differences as the card phrases them, in the office's units."""

    def __init__(self, summary: dict[str, Any], structure: str) -> None:
        self.diffs = summary.get("paired_differences", {}).get(structure, {})
        self.metrics = summary.get("structures", {}).get(structure, {}).get("metrics", {})
        self.time_unit, self.rate_unit = time_words(summary)

    def amount(self, metric: str) -> str:
        """``1.2 hours``: the size of the mean difference with its unit."""
        mean = present(self.diffs.get(metric, {}).get("mean"))
        shown = fmt(abs(mean)) if mean is not None else "n/a"
        return shown + unit(metric, shown, self.time_unit, self.rate_unit)

    def points(self, metric: str) -> str:
        """``2 points``: a share's mean difference in percentage points."""
        mean = present(self.diffs.get(metric, {}).get("mean"))
        shown = fmt(abs(100 * mean)) if mean is not None else "n/a"
        return f"{shown} point{'' if shown == '1' else 's'}"

    def after(self, metric: str) -> float | None:
        """The alternative's mean of ``metric``."""
        return present(self.metrics.get(metric, {}).get("mean"))

    def up(self, metric: str) -> bool:
        mean = present(self.diffs.get(metric, {}).get("mean"))
        return mean is not None and mean > 0


def _wait(found: dict[str, str], read: _Reader) -> CardItem | None:
    status = found.get("wait_mean")
    if status is None:
        return None
    if status in ("better", "worse"):
        phrase = f"waits {read.amount('wait_mean')} {'more' if read.up('wait_mean') else 'less'}"
        phrase += " on average"
    elif status == "negligible":
        phrase = "waits no different in practice"
    else:
        phrase = "waits not clearly different"
    p90 = found.get("wait_p90")
    if p90 in ("better", "worse"):
        more = "more" if read.up("wait_p90") else "less"
        phrase += f" (90th percentile {read.amount('wait_p90')} {more})"
    elif p90 is not None and p90 != status:
        phrase += f" (90th percentile {STATUS_WORDS[p90]})"
    worst = {status, p90 or status}
    combined = status if len(worst) == 1 else ("worse" if "worse" in worst else status)
    return CardItem("waits", combined, phrase)


def _simple(metric: str, topic: str, status: str, read: _Reader) -> CardItem:
    if metric == "deadline_attainment":
        moved = {
            "better": f"{read.points(metric)} more matters on time",
            "worse": f"{read.points(metric)} fewer matters on time",
        }
        same = "matters on time"
    elif metric == "throughput":
        direction = "higher" if read.up(metric) else "lower"
        moved = {s: f"throughput {read.amount(metric)} {direction}" for s in ("better", "worse")}
        same = "throughput"
    elif metric == "utilisation_cv":
        moved = {"better": "work spread more evenly", "worse": "work spread less evenly"}
        same = "how evenly work is spread"
    elif status == "better" and read.after(metric) == 0:
        moved = {"better": "nobody idle any more while others' work waits"}
        same = ""
    else:
        moved = {
            "better": f"{read.points(metric)} less staff time idle while others' work waits",
            "worse": f"{read.points(metric)} more staff time idle while others' work waits",
        }
        same = "idle time while others' work waits"
    if status in moved:
        return CardItem(topic, status, moved[status])
    tail = "no different" if status == "negligible" else "not clearly different"
    return CardItem(topic, status, f"{same} {tail}")


_TOPICS = {
    "throughput": "throughput",
    "deadline_attainment": "deadline attainment",
    "utilisation_cv": "busy/idle imbalance",
    "idle_while_work_waits": "idle while work waits",
}


def cards(summary: dict[str, Any]) -> list[Card]:
    """One card per alternative of a run's summary.json, in the office's units."""
    shown = shown_summary(summary)
    baseline = str(shown.get("baseline") or "")
    out = []
    for name, items in verdicts(summary).items():
        found = {v.metric: _status(v) for v in items if v.metric in CARD_METRICS}
        read = _Reader(shown, name)
        lines: list[CardItem] = []
        for metric in CARD_METRICS:
            if metric == "wait_mean":
                wait = _wait(found, read)
                lines += [wait] if wait is not None else []
            elif metric in _TOPICS and metric in found:
                lines.append(_simple(metric, _TOPICS[metric], found[metric], read))
        out.append(Card(name, baseline, lines))
    return out


def headline_text(summary: dict[str, Any]) -> str:
    """The cards as plain text for the terminal: one sentence, then each item's status."""
    lines = []
    for card in cards(summary):
        lines.append(card.sentence)
        lines.append("  " + "; ".join(f"{i.topic}: {STATUS_WORDS[i.status]}" for i in card.items))
    return "\n".join(lines)


#: A card item's status as a page tag: (the tag's colour, its words).
_PAGE_TAGS = {
    "better": ("better", "better"),
    "worse": ("worse", "worse"),
    "change": ("change", "a change"),
    "negligible": ("same", "no practical difference"),
    "unclear": ("same", "not clear yet"),
}


def headline_html(summary: dict[str, Any]) -> list[str]:
    """The cards for the top of a run's page: the sentence, then each item with its tag."""
    found = cards(summary)
    if not found:
        return []
    boxes = []
    for card in found:
        rows = "".join(
            f"<li>{tag(*_PAGE_TAGS[item.status])} {escape(item.topic)}</li>" for item in card.items
        )
        body = f'<p>{escape(card.sentence)}</p><ul class="verdicts">{rows}</ul>'
        boxes.append((card.status, f"{card.structure} against {card.baseline}", body))
    note = (
        "<p>Each change is better or worse only when its whole interval is beyond the "
        "smallest difference that matters (the <code>practical</code> run setting; README, "
        '"How to read each metric"); within it, it is no practical difference.</p>'
    )
    return [html_cards(boxes), note]
