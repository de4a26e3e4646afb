"""Who handles what: sections, skills, speeds, A and B posts from each person's records.

The rules, each applied to the sound records with both a start and a finish:

- a person sits in the section most of their records name (``office`` when the log has no
  section column);
- a kind of work (matter type, or step of a workflow) belongs to the section whose people
  handled most of it;
- a person has a skill for a kind of work they handled at least 3 times and for at least
  2% of their own records (fewer is taken as a stand-in, and reported); the person who
  handled most of a section's work always has it, so every work can be served;
- a speed differs from 1.0 only when the person's mean handling time differs from
  everyone's at the 1% level (Welch's t-test on at least 20 of their records): speed =
  everyone's mean / theirs;
- A post: their own section, unless most of their records are another section's work;
  B post: the other section with the largest share of their records, if at least 10%.
  With any B post the office's policy is ``ab``, else ``strict``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from scipy import stats

MIN_SKILL_COUNT = 3
MIN_SKILL_SHARE = 0.02
MIN_SPEED_COUNT = 20
SPEED_LEVEL = 0.01
B_POST_SHARE = 0.10
DEFAULT_SECTION = "office"


@dataclass(frozen=True)
class Person:
    """One person's estimated post and skills."""

    name: str
    section: str
    a_post: str
    b_post: str | None
    skills: dict[str, float]
    counts: dict[str, int]

    def describe(self) -> str:
        """One line for the org file's comments: their records per kind of work."""
        total = sum(self.counts.values())
        shares = ", ".join(f"{w} {n} ({n / total:.0%})" for w, n in self.counts.items())
        return f"{total} records: {shares}"


@dataclass(frozen=True)
class Staffing:
    """Sections (with the work they own), people, the policy, and what was left out."""

    sections: dict[str, list[str]]
    people: list[Person]
    policy: str
    notes: list[str] = field(default_factory=list)


def estimate_staffing(work: pd.DataFrame) -> Staffing:
    """Sections, skills and posts from rows with columns handler, section, work, duration."""
    work = work.assign(section=work.section.where(work.section != "", DEFAULT_SECTION))
    seat = work.groupby("handler").section.agg(lambda s: s.value_counts().index[0])
    work = work.assign(seat=work.handler.map(seat))
    owner = work.groupby("work").seat.agg(lambda s: s.value_counts().index[0])
    counts = work.groupby(["handler", "work"]).size()
    everyone_mean = work.groupby("work").duration.mean()
    notes: list[str] = []
    people = []
    for name in sorted(seat.index, key=str):
        mine = counts[name]
        total = int(mine.sum())
        skills = {}
        for w, n in mine.items():
            if n >= MIN_SKILL_COUNT and n / total >= MIN_SKILL_SHARE:
                skills[str(w)] = _speed(work, name, str(w), everyone_mean[w])
            else:
                notes.append(
                    f"{name} handled {w} {n} times ({n / total:.0%} of their records): "
                    "taken as a stand-in, no skill"
                )
        by_section = mine.groupby(owner.reindex(mine.index).to_numpy()).sum()
        a_post = str(seat[name])
        if by_section.idxmax() != a_post and by_section.max() > total / 2:
            a_post = str(by_section.idxmax())
            notes.append(
                f"{name} sits in {seat[name]} but most of their records are {a_post}'s "
                f"work: A post {a_post}"
            )
        others = by_section.drop(a_post, errors="ignore")
        b_post = None
        if not others.empty and others.max() / total >= B_POST_SHARE:
            b_post = str(others.idxmax())
        for section, n in others.items():
            if section != b_post and n > 0:
                notes.append(
                    f"{name}: {n} records of {section}'s work are not modelled "
                    "(one B post per person)"
                )
        people.append(
            Person(
                str(name),
                str(seat[name]),
                a_post,
                b_post,
                skills,
                {str(w): int(n) for w, n in mine.items()},
            )
        )
    _cover_every_work(people, owner, counts)
    sections: dict[str, list[str]] = {str(s): [] for s in sorted(set(seat) | set(owner), key=str)}
    for w, s in owner.items():
        sections[str(s)].append(str(w))
    policy = "ab" if any(p.b_post for p in people) else "strict"
    return Staffing(sections, people, policy, notes)


def _speed(work: pd.DataFrame, name: str, w: str, everyone: float) -> float:
    """Everyone's mean over theirs, when their mean differs at the 1% level; else 1.0."""
    mine = work[(work.handler == name) & (work.work == w)].duration
    rest = work[(work.handler != name) & (work.work == w)].duration
    if len(mine) < MIN_SPEED_COUNT or len(rest) < 2:
        return 1.0
    p = stats.ttest_ind(mine, rest, equal_var=False).pvalue
    return round(float(everyone / mine.mean()), 3) if p < SPEED_LEVEL else 1.0


def _cover_every_work(people: list[Person], owner: pd.Series, counts: pd.Series) -> None:
    """Give each work's main handler in its own section the skill, if no one there has it."""
    for w, section in owner.items():
        posted = [p for p in people if p.a_post == section]
        if any(w in p.skills for p in posted) or not posted:
            continue
        best = max(posted, key=lambda p: p.counts.get(str(w), 0))
        best.skills[str(w)] = 1.0
