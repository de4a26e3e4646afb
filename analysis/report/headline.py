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

from orgsim.analysis.i18n import N_, _, in_chinese
from orgsim.analysis.report.display import shown_summary, time_words
from orgsim.analysis.report.formatting import fmt, fmt_interval, present
from orgsim.analysis.report.html import cards as html_cards
from orgsim.analysis.report.html import tag
from orgsim.analysis.report.metrics import amount
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
#: A card item's status in words (English source text, shown with ``_()``).
STATUS_WORDS = {
    "better": N_("better"),
    "worse": N_("worse"),
    "change": N_("a change"),
    "negligible": N_("no practical difference"),
    "unclear": N_("not clear yet"),
}


@dataclass(frozen=True)
class CardItem:
    """One line of a card: what (English, shown with ``_()``), its status, the phrase."""

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
        """``merged against current: waits 1.2 hours less on average, ...``.

        In Chinese: ``与现行结构相比，大科室：平均等待时间缩短 12 分钟 [8, 16]，...``.
        """
        names = {"structure": self.structure, "baseline": self.baseline}
        if not self.items:
            return _("{structure} against {baseline}: nothing to compare.").format(**names)
        separator = "，" if in_chinese() else ", "
        phrases = separator.join(item.phrase for item in self.items)
        return _("{structure} against {baseline}: {changes}.").format(changes=phrases, **names)

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
    """A summary's differences as the card phrases them, in the office's units.

    In Chinese an amount carries its interval (``12 分钟 [8, 16]``), the way a Chinese
    office quotes a result.
    """

    def __init__(self, summary: dict[str, Any], structure: str) -> None:
        self.diffs = summary.get("paired_differences", {}).get(structure, {})
        self.metrics = summary.get("structures", {}).get(structure, {}).get("metrics", {})
        self.time_unit, self.rate_unit = time_words(summary)

    def _size(self, metric: str, scale: float = 1.0) -> tuple[str, str]:
        """The mean difference's size, and (in Chinese) its interval in the same direction."""
        diff = self.diffs.get(metric, {})
        mean = present(diff.get("mean"))
        if mean is None:
            return "n/a", ""
        low, high = present(diff.get("ci_low")), present(diff.get("ci_high"))
        if not in_chinese() or low is None or high is None:
            return fmt(abs(scale * mean)), ""
        if mean < 0:
            low, high = -high, -low
        return fmt(abs(scale * mean)), " " + fmt_interval(scale * low, scale * high)

    def amount(self, metric: str) -> str:
        """``1.2 hours``: the size of the mean difference with its unit."""
        shown, interval = self._size(metric)
        return amount(metric, shown, self.time_unit, self.rate_unit) + interval

    def points(self, metric: str) -> str:
        """``2 points``: a share's mean difference in percentage points."""
        shown, interval = self._size(metric, 100.0)
        words = _("{points} point") if shown == "1" else _("{points} points")
        return words.format(points=shown) + interval

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
        if read.up("wait_mean"):
            phrase = _("waits {amount} more on average")
        else:
            phrase = _("waits {amount} less on average")
        phrase = phrase.format(amount=read.amount("wait_mean"))
    elif status == "negligible":
        phrase = _("waits no different in practice")
    else:
        phrase = _("waits not clearly different")
    p90 = found.get("wait_p90")
    if p90 in ("better", "worse"):
        if read.up("wait_p90"):
            tail = _("{wait} (90th percentile {amount} more)")
        else:
            tail = _("{wait} (90th percentile {amount} less)")
        phrase = tail.format(wait=phrase, amount=read.amount("wait_p90"))
    elif p90 is not None and p90 != status:
        phrase = _("{wait} (90th percentile {status})").format(
            wait=phrase, status=_(STATUS_WORDS[p90])
        )
    worst = {status, p90 or status}
    combined = status if len(worst) == 1 else ("worse" if "worse" in worst else status)
    return CardItem(WAITS, combined, phrase)


def _simple(metric: str, topic: str, status: str, read: _Reader) -> CardItem:
    """A card item of one metric: how it moved, or that it did not (clearly)."""
    if metric == "deadline_attainment":
        points = read.points(metric)
        moved = {
            "better": _("{points} more matters on time").format(points=points),
            "worse": _("{points} fewer matters on time").format(points=points),
        }
        same = (_("matters on time no different"), _("matters on time not clearly different"))
    elif metric == "throughput":
        if read.up(metric):
            change = _("throughput {amount} higher")
        else:
            change = _("throughput {amount} lower")
        moved = dict.fromkeys(("better", "worse"), change.format(amount=read.amount(metric)))
        same = (_("throughput no different"), _("throughput not clearly different"))
    elif metric == "utilisation_cv":
        moved = {"better": _("work spread more evenly"), "worse": _("work spread less evenly")}
        same = (
            _("how evenly work is spread no different"),
            _("how evenly work is spread not clearly different"),
        )
    elif status == "better" and read.after(metric) == 0:
        moved = {"better": _("nobody idle any more while others' work waits")}
        same = ("", "")
    else:
        points = read.points(metric)
        moved = {
            "better": _("{points} less staff time idle while others' work waits").format(
                points=points
            ),
            "worse": _("{points} more staff time idle while others' work waits").format(
                points=points
            ),
        }
        same = (
            _("idle time while others' work waits no different"),
            _("idle time while others' work waits not clearly different"),
        )
    if status in moved:
        return CardItem(topic, status, moved[status])
    return CardItem(topic, status, same[0] if status == "negligible" else same[1])


#: The card's topics (English source text, shown with ``_()``).
_TOPICS = {
    "throughput": N_("throughput"),
    "deadline_attainment": N_("deadline attainment"),
    "utilisation_cv": N_("busy/idle imbalance"),
    "idle_while_work_waits": N_("idle while work waits"),
}
#: The wait family's topic.
WAITS = N_("waits")


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
    separator = "；" if in_chinese() else "; "
    for card in cards(summary):
        lines.append(card.sentence)
        statuses = [
            _("{topic}: {status}").format(topic=_(i.topic), status=_(STATUS_WORDS[i.status]))
            for i in card.items
        ]
        lines.append("  " + separator.join(statuses))
    return "\n".join(lines)


#: A card item's status as a page tag's colour (its words are :data:`STATUS_WORDS`).
_PAGE_TAGS = {
    "better": "better",
    "worse": "worse",
    "change": "change",
    "negligible": "same",
    "unclear": "same",
}


def headline_html(summary: dict[str, Any]) -> list[str]:
    """The cards for the top of a run's page: the sentence, then each item with its tag."""
    found = cards(summary)
    if not found:
        return []
    boxes = []
    for card in found:
        rows = "".join(
            f"<li>{tag(_PAGE_TAGS[item.status], _(STATUS_WORDS[item.status]))} "
            f"{escape(_(item.topic))}</li>"
            for item in card.items
        )
        body = f'<p>{escape(card.sentence)}</p><ul class="verdicts">{rows}</ul>'
        title = _("{structure} against {baseline}").format(
            structure=card.structure, baseline=card.baseline
        )
        boxes.append((card.status, title, body))
    note = _(
        "Each change is better or worse only when its whole interval is beyond the "
        "smallest difference that matters (the <code>practical</code> run setting; README, "
        '"How to read each metric"); within it, it is no practical difference.'
    )
    return [html_cards(boxes), f"<p>{note}</p>"]
