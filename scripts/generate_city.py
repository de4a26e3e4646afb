"""Write conf/org/city.yaml: a synthetic city government of 60 units, 600 sections, 3,000 staff.

No field report describes a whole city section by section, so the city is drawn from a few
section archetypes whose sizes, service times and deadlines follow the five field reports
(see docs/city.md). Every assumption is a named constant below, with the fact it serves; the
draw uses a fixed seed and Python's own ``random.Random.random`` (whose stream is stable
across Python versions), so the file is the same on every machine. tests/test_city.py
checks that the shipped file is exactly this script's output.

    python scripts/generate_city.py            # rewrite conf/org/city.yaml
    python scripts/generate_city.py --check    # exit 1 if the shipped file differs
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Where the generated org file is shipped.
TARGET = ROOT / "conf" / "org" / "city.yaml"

#: The draw is fixed: change the seed and the city (and every recorded number) changes.
SEED = 20260601

#: The size of the city: a prefecture-level city government has about this many units,
#: sections and people.
UNITS = 60
SECTIONS = 600
STAFF = 3000

#: Fewest and most sections in one unit, and the range drawn for each kind of unit (below)
#: before the total is brought to SECTIONS: party and government organs smaller, public
#: service bureaus larger. Bengbu's 25 units had 196 sections, 5 to 11 each.
MIN_SECTIONS, MAX_SECTIONS = 5, 15
SECTIONS_BY_KIND = {"organ": (5, 11), "enforcement": (8, 13), "service": (9, 15)}

#: Load of a section's own staff in the current office (its work / its people), drawn
#: uniformly: busy/idle imbalance (忙闲不均) is what A/B posts and big sections act on.
#: Bengbu's 25-unit scenario draws 0.3-0.85; absences take about 7% more (below).
LOAD_LOW, LOAD_HIGH = 0.3, 0.8

#: Absence (请假、培训、会议、下派): about once in 200 working hours (five weeks), two
#: working days on average (lognormal, cv 1): about 7% of working time, as in Huaisi.
ABSENCE_RATE = 0.005
ABSENCE_MEAN_H = 16.0
#: A matter in hand when its handler is called away goes back to the queue (handover).
ON_INTERRUPT = "handover"

#: Passing a file to another section of the same unit: an hour on average (exponential).
HANDOFF_MEAN_H = 1.0
#: A consultation letter to another unit (相互致函咨询): two working days on average
#: (lognormal, cv 0.5), as assumed for Zhangye.
CONSULTATION_MEAN_H = 16.0

#: Speed on work that is not one's own section's (related, less practised), as in Bengbu:
#: what people could do in a big section, or learn for a B post.
CROSS_SPEED = 0.8

#: A unit with more sections than this forms three big sections, otherwise two.
TWO_BIG_SECTIONS_UP_TO = 9


@dataclass(frozen=True)
class Archetype:
    """A kind of section: its size, its matters and their time limit (办理时限).

    Attributes:
        key: short name used in descriptions.
        term: the field term.
        staff: fewest and most people.
        mean_h: mean work content of one matter, working hours.
        cv: coefficient of variation of the work content (lognormal).
        deadline_h: time limit in working hours (8 a working day).
    """

    key: str
    term: str
    staff: tuple[int, int]
    mean_h: float
    cv: float
    deadline_h: float


#: Section archetypes. Sizes: Zhangye set most sections at 3 staff, Bengbu averaged 2.3
#: before and 3.5 after, Licheng has bodies with 1-2 workers; a city's window and
#: enforcement sections are larger. Service times and cvs as in Huaisi (easy 1 h, hard 4 h,
#: cv 0.8) and Bengbu (2 h, cv 1.0); deadlines in working days: 1 for window matters, 3 for
#: general business, 5 for casework, 10 for inspections.
ARCHETYPES = {
    "window": Archetype("window", "窗口受理科", (6, 10), 0.75, 0.8, 8.0),
    "casework": Archetype("casework", "业务科", (4, 7), 3.0, 1.0, 40.0),
    "general": Archetype("general", "综合科", (3, 5), 1.5, 1.2, 24.0),
    "enforcement": Archetype("enforcement", "执法监督科", (5, 8), 6.0, 1.0, 80.0),
    "small": Archetype("small", "专项小科室", (1, 2), 2.0, 1.0, 40.0),
}

#: Kinds of unit and the share of each archetype among their sections: public-service
#: bureaus run windows, enforcement bureaus inspect, party and government organs (党政机关)
#: do general and policy work with small sections.
UNIT_KINDS = {
    "service": {"window": 0.2, "casework": 0.45, "general": 0.2, "enforcement": 0.05, "small": 0.1},
    "enforcement": {"casework": 0.3, "general": 0.2, "enforcement": 0.4, "small": 0.1},
    "organ": {"casework": 0.35, "general": 0.4, "small": 0.25},
}

#: The 60 units of a prefecture-level city (地级市): ASCII key, kind, Chinese name.
CITY_UNITS = [
    ("general_office", "organ", "市委办公室"),
    ("organisation", "organ", "组织部"),
    ("propaganda", "organ", "宣传部"),
    ("united_front", "organ", "统战部"),
    ("politics_law", "organ", "政法委"),
    ("discipline", "enforcement", "纪委监委"),
    ("policy_research", "organ", "政策研究室"),
    ("cyberspace", "organ", "网信办"),
    ("staffing", "organ", "编办"),
    ("letters_visits", "service", "信访局"),
    ("gov_office", "organ", "市政府办公室"),
    ("dev_reform", "service", "发展和改革委员会"),
    ("education", "service", "教育局"),
    ("science_tech", "service", "科学技术局"),
    ("industry_it", "service", "工业和信息化局"),
    ("ethnic_religion", "organ", "民族宗教事务局"),
    ("public_security", "enforcement", "公安局"),
    ("civil_affairs", "service", "民政局"),
    ("justice", "service", "司法局"),
    ("finance", "service", "财政局"),
    ("hr_social_security", "service", "人力资源和社会保障局"),
    ("natural_resources", "service", "自然资源和规划局"),
    ("ecology_environment", "enforcement", "生态环境局"),
    ("housing_construction", "service", "住房和城乡建设局"),
    ("transport", "enforcement", "交通运输局"),
    ("water", "service", "水利局"),
    ("agriculture", "service", "农业农村局"),
    ("commerce", "service", "商务局"),
    ("culture_tourism", "service", "文化和旅游局"),
    ("health", "service", "卫生健康委员会"),
    ("veterans", "service", "退役军人事务局"),
    ("emergency", "enforcement", "应急管理局"),
    ("audit", "enforcement", "审计局"),
    ("state_assets", "organ", "国有资产监督管理委员会"),
    ("market_regulation", "enforcement", "市场监督管理局"),
    ("statistics", "organ", "统计局"),
    ("medical_security", "service", "医疗保障局"),
    ("urban_management", "enforcement", "城市管理局"),
    ("forestry", "service", "林业局"),
    ("government_services", "service", "政务服务管理局"),
    ("big_data", "organ", "大数据局"),
    ("civil_defence", "organ", "人防办"),
    ("local_finance", "organ", "地方金融监督管理局"),
    ("investment_promotion", "service", "投资促进局"),
    ("sports", "service", "体育局"),
    ("grain_reserves", "organ", "粮食和物资储备局"),
    ("archives", "service", "档案馆"),
    ("party_history", "organ", "党史研究室"),
    ("party_school", "organ", "党校"),
    ("machine_affairs", "organ", "机关事务管理局"),
    ("trade_union", "organ", "总工会"),
    ("youth_league", "organ", "团市委"),
    ("women_federation", "organ", "妇联"),
    ("science_association", "organ", "科协"),
    ("federation_arts", "organ", "文联"),
    ("disabled_federation", "service", "残联"),
    ("red_cross", "organ", "红十字会"),
    ("housing_fund", "service", "住房公积金管理中心"),
    ("tax", "service", "税务局"),
    ("meteorology", "organ", "气象局"),
]

#: Joint matter of a unit (联办): accepted in one section, reviewed in a casework section,
#: decided in a third; two handoffs. Rate per working hour, drawn in this range; time limit
#: 10 working days. Only units with at least three sections and a casework section have one.
JOINT_RATE = (0.1, 0.3)
JOINT_DEADLINE_H = 80.0
JOINT_STEPS = (("accept", 0.5, 0.8), ("review", 3.0, 1.0), ("decide", 1.0, 0.8))

#: Matters that cross units: a lead unit reviews, another unit gives its opinion by letter,
#: the lead unit decides; two consultations. The pairs, as in Zhangye (planning and land)
#: and in any city's joint approvals; time limit 20 working days.
CROSS_UNIT_PAIRS = [
    ("natural_resources", "housing_construction"),
    ("housing_construction", "ecology_environment"),
    ("dev_reform", "natural_resources"),
    ("market_regulation", "health"),
    ("agriculture", "water"),
    ("commerce", "market_regulation"),
    ("transport", "natural_resources"),
    ("hr_social_security", "medical_security"),
    ("culture_tourism", "emergency"),
    ("education", "finance"),
]
CROSS_RATE = (0.05, 0.15)
CROSS_DEADLINE_H = 160.0
CROSS_STEPS = (("review", 2.0, 1.0), ("opinion", 2.0, 1.0), ("decide", 1.0, 0.8))

#: Tasks assigned from above (突击性工作), as in Huaisi: every unit's general section (综合科,
#: else its first section) gets a batch every 160 working hours (a month), starting at a
#: drawn time so that units do not all surge at once; a quarter of that section's work comes
#: this way. Each task 1.5 h (lognormal, cv 0.8), time limit 5 working days.
SURGE_EVERY_H = 160.0
SURGE_SHARE = 0.25
SURGE_MEAN_H = 1.5
SURGE_CV = 0.8
SURGE_DEADLINE_H = 40.0


@dataclass
class PlannedSection:
    """One section as drawn: its unit, kind, people and load, and the extra work it handles.

    Attributes:
        name: the section's name (``<unit>_<nn>``).
        unit: the unit it belongs to.
        archetype: its kind.
        staff: its people.
        load: its people's load in the current office, everything included.
        workflow_load: the part of that load from workflow steps and tasks from above.
        extra_handles: matter types besides its own that it handles (tasks from above).
    """

    name: str
    unit: str
    archetype: Archetype
    staff: int
    load: float
    workflow_load: float = 0.0
    extra_handles: list[str] = field(default_factory=list)

    @property
    def handles(self) -> list[str]:
        """Its own matter type first, then the extra ones."""
        return [self.name, *self.extra_handles]

    @property
    def own_rate(self) -> float:
        """Arrival rate of its own matters: what is left of its load after the rest."""
        rate = (self.load * self.staff - self.workflow_load) / self.archetype.mean_h
        if rate <= 0:
            raise ValueError(f"{self.name}: its workflow steps exceed its load; lower them")
        return rate


@dataclass(frozen=True)
class Surge:
    """Tasks assigned from above to one section in batches."""

    name: str
    section: PlannedSection
    size: int
    start: float
    description: str


@dataclass(frozen=True)
class Workflow:
    """A multi-step matter type; ``steps`` are (step name, section, mean, cv)."""

    name: str
    label: str
    rate: float
    deadline: float
    description: str
    steps: list[tuple[str, PlannedSection, float, float]]


@dataclass
class City:
    """The whole drawn city, before it is written out."""

    sections: list[PlannedSection]
    surges: list[Surge]
    workflows: list[Workflow]

    @property
    def units(self) -> dict[str, list[PlannedSection]]:
        """Sections grouped by unit, in listed order."""
        units: dict[str, list[PlannedSection]] = {}
        for section in self.sections:
            units.setdefault(section.unit, []).append(section)
        return units


class Draw:
    """Uniform numbers from one fixed seed, through ``random.Random.random`` only."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def uniform(self, low: float, high: float) -> float:
        """A number in [low, high)."""
        return low + (high - low) * self._rng.random()

    def integer(self, low: int, high: int) -> int:
        """An integer in [low, high], both included."""
        return min(high, low + int((high - low + 1) * self._rng.random()))

    def weighted(self, weights: dict[str, float]) -> str:
        """A key drawn with probability proportional to its weight."""
        point = self.uniform(0.0, sum(weights.values()))
        for key, weight in weights.items():
            point -= weight
            if point < 0:
                return key
        return key


CHINESE = {unit: chinese for unit, _, chinese in CITY_UNITS}


def section_counts(draw: Draw) -> list[int]:
    """Sections per unit: organs smaller, service bureaus larger; exactly SECTIONS in all."""
    counts = [draw.integer(*SECTIONS_BY_KIND[kind]) for _, kind, _ in CITY_UNITS]
    while sum(counts) != SECTIONS:
        i = draw.integer(0, UNITS - 1)
        step = 1 if sum(counts) < SECTIONS else -1
        if MIN_SECTIONS <= counts[i] + step <= MAX_SECTIONS:
            counts[i] += step
    return counts


def plan_sections(draw: Draw) -> list[PlannedSection]:
    """Every section with its archetype, people and load; exactly STAFF people in all."""
    sections = []
    for (unit, kind, _), count in zip(CITY_UNITS, section_counts(draw), strict=True):
        for k in range(1, count + 1):
            archetype = ARCHETYPES[draw.weighted(UNIT_KINDS[kind])]
            staff = draw.integer(*archetype.staff)
            load = draw.uniform(LOAD_LOW, LOAD_HIGH)
            sections.append(PlannedSection(f"{unit}_{k:02d}", unit, archetype, staff, load))
    while (total := sum(s.staff for s in sections)) != STAFF:
        section = sections[draw.integer(0, SECTIONS - 1)]
        step = 1 if total < STAFF else -1
        low, high = section.archetype.staff
        if low <= section.staff + step <= high:
            section.staff += step
    return sections


def first_of(sections: list[PlannedSection], keys: tuple[str, ...]) -> PlannedSection | None:
    """The first section whose archetype is one of ``keys`` (in the order of ``keys``)."""
    for key in keys:
        for section in sections:
            if section.archetype.key == key:
                return section
    return None


def plan_surge(unit: str, sections: list[PlannedSection], draw: Draw) -> Surge:
    """A unit's tasks from above, to its general section; they count in that section's load."""
    section = first_of(sections, ("general",)) or sections[0]
    size = round(SURGE_SHARE * section.load * section.staff * SURGE_EVERY_H / SURGE_MEAN_H)
    surge = Surge(
        f"{unit}_surge",
        section,
        size,
        draw.uniform(0.0, SURGE_EVERY_H),
        f"tasks from above to {CHINESE[unit]} (突击性工作)",
    )
    section.workflow_load += size * SURGE_MEAN_H / SURGE_EVERY_H
    section.extra_handles.append(surge.name)
    return surge


def joint_route(sections: list[PlannedSection]) -> list[PlannedSection] | None:
    """The three sections a unit's joint matter passes: intake, casework review, decision."""
    review = first_of(sections, ("casework",))
    if review is None or len(sections) < 3:
        return None
    others = [s for s in sections if s is not review]
    accept = first_of(others, ("window", "general", "casework", "small", "enforcement"))
    decide = first_of([s for s in others if s is not accept], ("general", "casework", "small"))
    if accept is None or decide is None:
        return None
    return [accept, review, decide]


def plan_workflow(
    name: str,
    label: str,
    rate: float,
    deadline: float,
    description: str,
    route: list[PlannedSection],
    steps: tuple[tuple[str, float, float], ...],
) -> Workflow:
    """A workflow along ``route``; its steps count in the load of the sections they visit."""
    planned = [
        (step, section, mean, cv) for (step, mean, cv), section in zip(steps, route, strict=True)
    ]
    for _, section, mean, _ in planned:
        section.workflow_load += rate * mean
    return Workflow(name, label, rate, deadline, description, planned)


def draw_city(seed: int = SEED) -> City:
    """The whole city, drawn in a fixed order from ``seed``."""
    draw = Draw(seed)
    sections = plan_sections(draw)
    city = City(sections, [], [])
    units = city.units
    city.surges = [plan_surge(unit, members, draw) for unit, members in units.items()]
    for unit, members in units.items():
        route = joint_route(members)
        if route is not None:
            what = f"joint matter of {CHINESE[unit]} (联办): three sections, two handoffs"
            rate = draw.uniform(*JOINT_RATE)
            city.workflows.append(
                plan_workflow(
                    f"{unit}_joint", "joint", rate, JOINT_DEADLINE_H, what, route, JOINT_STEPS
                )
            )
    for lead, other in CROSS_UNIT_PAIRS:
        review = first_of(units[lead], ("casework", "general"))
        opinion = first_of(units[other], ("casework", "general", "enforcement"))
        if review is None or opinion is None:
            raise ValueError(f"{lead} or {other} has no section to review a joint matter")
        what = f"{CHINESE[lead]} with the opinion of {CHINESE[other]} by letter (相互致函咨询)"
        rate = draw.uniform(*CROSS_RATE)
        route = [review, opinion, review]
        city.workflows.append(
            plan_workflow(
                f"{lead}_with_{other}",
                "cross_unit",
                rate,
                CROSS_DEADLINE_H,
                what,
                route,
                CROSS_STEPS,
            )
        )
    return city


def big_sections(sections: list[PlannedSection]) -> list[list[PlannedSection]]:
    """A unit's sections in listed order, cut into two or three big sections (大科室)."""
    parts = 2 if len(sections) <= TWO_BIG_SECTIONS_UP_TO else 3
    size, extra = divmod(len(sections), parts)
    groups, start = [], 0
    for k in range(parts):
        end = start + size + (1 if k < extra else 0)
        groups.append(sections[start:end])
        start = end
    return groups


def fmt(value: float) -> str:
    """A number as written in the file: at most four decimals, no trailing zeros."""
    text = f"{value:.4f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def service(mean: float, cv: float) -> str:
    """A lognormal work content in flow style."""
    return f"{{distribution: lognormal, mean: {fmt(mean)}, cv: {fmt(cv)}}}"


def matter_type_lines(city: City) -> list[str]:
    """Every section's own matters, the tasks from above, then the workflows."""
    lines = [
        "matter_types:",
        "  # one kind of matter per section: rate = (load x staff - its other work) / mean",
    ]
    for s in city.sections:
        a = s.archetype
        lines.append(
            f"  {s.name}: {{arrival_rate: {fmt(s.own_rate)}, service: "
            f"{service(a.mean_h, a.cv)}, deadline: {fmt(a.deadline_h)}, priority_class: routine}}"
        )
    lines.append("  # tasks assigned from above, in monthly batches: one kind per unit")
    for surge in city.surges:
        batch = f"{{every: {fmt(SURGE_EVERY_H)}, size: {surge.size}, start: {fmt(surge.start)}}}"
        lines.append(
            f"  {surge.name}: {{arrival_rate: 0.0, batches: {{from_above: {batch}}}, "
            f"service: {service(SURGE_MEAN_H, SURGE_CV)}, deadline: {fmt(SURGE_DEADLINE_H)}, "
            f'priority_class: surge, description: "{surge.description}"}}'
        )
    lines.append("  # workflows: joint matters inside a unit, then matters crossing two units")
    for flow in city.workflows:
        lines += [
            f"  {flow.name}:",
            f"    arrival_rate: {fmt(flow.rate)}",
            f"    deadline: {fmt(flow.deadline)}",
            f"    priority_class: {flow.label}",
            f'    description: "{flow.description}"',
            "    steps:",
        ]
        lines += [
            f"      {step}: {{skill: {section.name}, service: {service(mean, cv)}}}"
            for step, section, mean, cv in flow.steps
        ]
    return lines


def section_lines(city: City) -> list[str]:
    """Every section with its unit, the work it handles and its kind in the description."""
    lines = ["sections:"]
    for unit, members in city.units.items():
        lines.append(f"  # {unit}: {CHINESE[unit]}, {len(members)} sections")
        for s in members:
            a = s.archetype
            lines.append(
                f"  {s.name}: {{unit: {unit}, handles: [{', '.join(s.handles)}], "
                f'description: "{CHINESE[unit]} {a.term} ({a.key}, load {s.load:.2f})"}}'
            )
    return lines


def staff_lines(city: City) -> list[str]:
    """One entry per section; skills cover the big section the section would join."""
    lines = [
        "staff:",
        "  # one entry per section (count: its people); skills: 1.0 on the section's own work,",
        f"  # {fmt(CROSS_SPEED)} on the work of the sections it would share a big section with",
    ]
    for members in city.units.values():
        for group in big_sections(members):
            for s in group:
                skills = ", ".join(
                    f"{kind}: {fmt(1.0 if other is s else CROSS_SPEED)}"
                    for other in group
                    for kind in other.handles
                )
                count = f", count: {s.staff}" if s.staff > 1 else ""
                lines.append(f"  {s.name}: {{section: {s.name}{count}, skills: {{{skills}}}}}")
    return lines


def structure_lines(city: City) -> list[str]:
    """The two alternatives: A/B chains, and 2-3 big sections per unit."""
    lines = STRUCTURES.splitlines()
    for unit, members in city.units.items():
        for k, group in enumerate(big_sections(members), start=1):
            lines.append(f"      {unit}_big{k}: [{', '.join(s.name for s in group)}]")
    return lines


def generate() -> str:
    """The whole org file, as text."""
    city = draw_city()
    lines = HEADER.splitlines()
    lines += [
        f"absence: {{rate: {fmt(ABSENCE_RATE)}, duration: {service(ABSENCE_MEAN_H, 1.0)}, "
        f"on_interrupt: {ON_INTERRUPT}}}",
        f"handoff_delay: {{distribution: exponential, mean: {fmt(HANDOFF_MEAN_H)}}}",
        f"consultation_delay: {service(CONSULTATION_MEAN_H, 0.5)}",
        "",
        *matter_type_lines(city),
        "",
        *section_lines(city),
        "",
        *staff_lines(city),
        "",
        *structure_lines(city),
    ]
    return "\n".join(lines) + "\n"


HEADER = f"""\
# A synthetic city government (地级市): {UNITS} units, {SECTIONS} sections, {STAFF:,} staff.
#
# GENERATED by scripts/generate_city.py (seed {SEED}); do not edit by hand: change the
# constants there and run it again (tests/test_city.py checks this file is its output).
# The assumptions, the facts they rest on and what the conclusions depend on are in
# docs/city.md; each is a named constant in the script.
#
# FACTS it is built from (field reports, 2019-2021): sections of 2-3.5 staff in Bengbu and
# Zhangye, 1-2 workers besides the chief in some Licheng bodies; busy/idle imbalance and
# buck-passing at section walls (Bengbu); consultation letters between departments
# (Zhangye); "when the person leaves, the door closes" (Huaisi).
#
# ASSUMPTIONS (not from any one report):
# - the 60 units of a prefecture-level city, of three kinds: public-service bureaus,
#   enforcement bureaus, party and government organs; 5-15 sections each;
# - five section archetypes (size; mean work content, cv, lognormal; time limit):
#   window 窗口受理科 (6-10; 0.75 h, 0.8; 1 working day), casework 业务科 (4-7; 3 h,
#   1.0; 5 days), general 综合科 (3-5; 1.5 h, 1.2; 3 days), enforcement 执法监督科 (5-8;
#   6 h, 1.0; 10 days), small 专项小科室 (1-2; 2 h, 1.0; 5 days);
# - each section's load on its own people drawn from {LOAD_LOW}-{LOAD_HIGH} (忙闲不均);
# - tasks from above (突击性工作) to each unit's general section, a quarter of its work, in a
#   batch every 160 working hours (a month), done within 5 working days (as in Huaisi);
# - a joint matter (联办) in most units passing three sections, and 10 matters crossing two
#   units by consultation letter (two working days each way);
# - everyone away about once in 200 working hours for 2 working days on average;
# - people could do the work of the sections that would form their big section at
#   {CROSS_SPEED} speed (the walls stop them); a B post's work is learned at the same speed.
name: Synthetic city
description: "{UNITS} units, {SECTIONS} sections ({STAFF / SECTIONS:.0f} staff on average), walls"
source: "synthetic, scripts/generate_city.py; parameters from the Bengbu, Zhangye, Huaisi and \
Licheng field reports (docs/city.md)"
time_unit: working hour
policy: strict"""

STRUCTURES = f"""\
structures:
  ab_chain:
    description: "A/B posts (AB岗) in a chain within each unit: each section backs up the next"
    b_post_arrangement: chain
    b_post_speed: {fmt(CROSS_SPEED)}
    policy: ab
  big_sections:
    description: "each unit's sections merged into 2-3 big sections (大科室), work pooled"
    policy: pooled
    merge:"""


def main() -> int:
    """Write the file, or with ``--check`` say whether the shipped one is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    text = generate()
    if args.check:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == text
        print(f"{TARGET.name} is {'up to date' if same else 'out of date: run the script'}")
        return 0 if same else 1
    partial = TARGET.with_name(TARGET.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(TARGET)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
