"""Every bad input people really type ends in one line naming the field and the fix.

Most cases run in process, the way ``orgsim`` checks a command line before Hydra starts
(org file redirected, launcher checked, every job's config composed and built); a few
run the real command to check exit status 2, one line on stderr and no output folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from orgsim.experiments.build import ConfigError
from orgsim.experiments.org_files import redirect_org_file, user_paths
from orgsim.experiments.preflight import check_launcher, validate

ROOT = Path(__file__).resolve().parent.parent
ORGSIM = str(Path(sys.executable).parent / "orgsim")
BASE = yaml.safe_load((ROOT / "conf" / "org" / "pooling_four.yaml").read_text())


def _office(change: Callable[[dict], object]) -> str:
    office = yaml.safe_load(yaml.safe_dump(BASE))
    change(office)
    return yaml.safe_dump(office, allow_unicode=True)


def _laughs() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _chinese_names(office: dict) -> None:
    office["matter_types"]["建设许可"] = office["matter_types"].pop("a")
    office["sections"]["A"]["handles"] = ["建设许可"]
    for person in office["staff"].values():
        person["skills"]["建设许可"] = person["skills"].pop("a")


POOLING = (ROOT / "conf" / "org" / "pooling_four.yaml").read_text()

#: Org files by name: their text (bytes for a file that is not UTF-8).
FILES: dict[str, str | bytes] = {
    "laughs": _laughs(),
    "deep": "a: " + "[" * 20_000 + "]" * 20_000 + "\n",
    "huge": "# " + "x" * 2_100_000 + "\n" + POOLING,
    "duplicate": POOLING.replace("policy: strict\n", "policy: strict\npolicy: ab\n"),
    "no_sections": _office(lambda o: o.update(sections={})),
    "no_staff": _office(lambda o: o.update(staff={})),
    "sections_list": _office(lambda o: o.update(sections=["A", "B"])),
    "skills_list": _office(lambda o: o["staff"]["wang"].update(skills=["a", "b"])),
    "section_list": _office(lambda o: o["sections"].update(A=["a"])),
    "structures_list": _office(lambda o: o.update(structures=["merged"])),
    "unknown_key": _office(lambda o: o.update(polcy="ab")),
    "unknown_staff_key": _office(lambda o: o["staff"]["wang"].update(skils={"a": 1})),
    "profile_period": _office(
        lambda o: o["matter_types"]["a"].update(profiles={"weekly": {"period": 0}})
    ),
    "batch_size": _office(
        lambda o: o["matter_types"]["a"].update(batches={"monthly": {"every": 10, "size": 0}})
    ),
    "step_service": _office(
        lambda o: o["matter_types"]["a"].update(steps={"review": {"service": {"mean": -1}}})
    ),
    "own_b_post": _office(lambda o: o["staff"]["wang"].update(b_post="A")),
    "b_post_speed": _office(
        lambda o: o["structures"]["merged"].update(b_post_arrangement="pairs", b_post_speed=0)
    ),
    "skip_typo": _office(lambda o: o["structures"]["merged"].update(skip_steps=["reveiw"])),
    "top_policy": _office(lambda o: o.update(policy="loose")),
    "top_b_rule": _office(lambda o: o.update(b_rule="sometimes")),
    "top_coordination": _office(lambda o: o.update(coordination_cost=1.5)),
    "empty": "",
    "a_list": "- a\n- b\n",
    "infinite_rate": POOLING.replace("arrival_rate: 0.8", "arrival_rate: .inf", 1),
    "huge_rate": POOLING.replace("arrival_rate: 0.8", "arrival_rate: 1e308", 1),
    "broken": "matter_types: [unclosed\n",
    "not_utf8": b"\xff\xfe\x00bad",
    "chinese_keys": _office(_chinese_names),
    "add_skills_int": _office(
        lambda o: o["structures"]["merged"].update(add_skills={"wang": {"a": 1}})
    ),
    "split_missing_work": _office(
        lambda o: o["structures"].update(
            tandem={"split": {"A": {"A1": {"staff": ["wang"], "handles": []}}}}
        )
    ),
    "split_unknown_key": _office(
        lambda o: o["structures"].update(
            tandem={"split": {"A": {"A1": {"people": ["wang"], "handles": ["a"]}}}}
        )
    ),
    "move_unknown_section": _office(
        lambda o: o["structures"]["merged"].update(move_handles={"a": "Z"})
    ),
    "remove_unheld_skill": _office(
        lambda o: o["structures"]["merged"].update(remove_skills={"wang": ["filing"]})
    ),
    "class_named_after_type": _office(lambda o: o["matter_types"]["a"].update(priority_class="b")),
}

#: (case name, arguments, field the error must start with, a word of its fix)
CASES = [
    # run settings
    ("negative seed", ["seed=-1"], "seed:", ">= 0"),
    ("fractional seed", ["seed=1.5"], "seed:", "value"),
    ("one replication", ["replications=1"], "replications:", "2 or more"),
    ("confidence above 1", ["confidence=1.5"], "confidence:", "0.95"),
    ("confidence of 0", ["confidence=0"], "confidence:", "0.95"),
    ("confidence nan", ["confidence=nan"], "confidence:", "0.95"),
    ("a billion replications", ["replications=1000000000"], "replications:", "fewer"),
    ("unknown task", ["task=explode"], "task:", "compare"),
    ("unknown baseline", ["baseline=nosuch"], "baseline:", "current"),
    ("empty structure", ["structure="], "structure:", "all"),
    ("unknown structure", ["structure=nosuch"], "structure:", "all"),
    ("capacity share", ["task=capacity", "capacity.share=2"], "capacity.share:", "(0, 1]"),
    (
        "capacity tolerance",
        ["task=capacity", "capacity.tolerance=0.9"],
        "capacity.tolerance:",
        "0.01",
    ),
    ("staffing most", ["task=staffing", "staffing.most=0"], "staffing.most:", "largest"),
    # workload
    ("infinite target load", ["workload.target_load=inf"], "workload.target_load:", "give"),
    ("negative target load", ["workload.target_load=-1"], "workload.target_load:", "0.8"),
    ("infinite horizon", ["workload.horizon=inf"], "workload.horizon:", "give"),
    ("nan warm-up", ["workload.warmup=nan"], "workload.warmup:", "give"),
    ("infinite scale", ["workload.arrival_scale=inf"], "workload.arrival_scale:", "give"),
    ("warm-up past horizon", ["workload.warmup=5000"], "workload.warmup:", "shorter"),
    ("reform before start", ["workload.reform_at=-1"], "workload.reform_at:", "between"),
    ("horizon of 1e12", ["workload.horizon=1e12"], "org.matter_types.", "lower"),
    # Hydra's grammar and groups
    ("unclosed list", ["replications=[1,"], "replications:", "close every ["),
    ("sweep without -m", ["replications=2,3"], "replications:", "add -m"),
    ("unknown hydra key", ["hydra.foo=1"], "hydra.foo:", "--cfg hydra"),
    ("unknown launcher", ["hydra/launcher=nonexistent"], "hydra/launcher:", "joblib"),
    ("appended unknown key", ["+foo=1"], "foo:", "spelling"),
    ("appended unknown org key", ["+org.polcy=ab"], "org.polcy:", "spelling"),
    ("unknown org", ["org=no_such_org"], "org:", "pooling_four"),
    ("unknown reform group", ["reform=nosuch"], "reform:", "none"),
    (
        "non-ASCII key",
        ["org.matter_types.建设许可.arrival_rate=0.4"],
        "org.matter_types.建设许可",
        "description",
    ),
    ("non-ASCII value unquoted", ["org.name=名字"], "org.name:", "org.name='名字'"),
    (
        "new entry without +",
        ["org.structures.merged.merge={X:[A]}"],
        "org.structures.merged.merge.X:",
        "+org.structures.merged.merge.X",
    ),
    ("unbalanced quote", ["org.name=it's"], "org.name:", "quote"),
    # office, top level
    ("bad top-level policy", ["org.policy=bogus"], "org.policy:", "pooled"),
    (
        "bad ownership",
        ["org.matter_types.a.ownership=mine"],
        "org.matter_types.a.ownership:",
        "keep",
    ),
    (
        "bad structure ownership",
        ["org.structures.merged.ownership=mine"],
        "org.structures.merged.ownership:",
        "keep",
    ),
    (
        "ownership of an unknown type",
        ["org.structures.merged.ownership={x: keep}"],
        "org.structures.merged.ownership.x:",
        "name one of",
    ),
    ("bad top-level b_rule", ["org.b_rule=bogus"], "org.b_rule:", "a_absent"),
    ("bad top-level coordination", ["org.coordination_cost=2"], "org.coordination_cost:", "0.02"),
    ("fields of a null delay", ["org.handoff_delay={mean:-1}"], "org.handoff_delay:", "org file"),
    ("bad absence rate", ["org.absence.rate=-1"], "org.absence.rate:", ">= 0"),
    (
        "bad interrupt rule",
        ["org.absence.on_interrupt=later"],
        "org.absence.on_interrupt:",
        "resume",
    ),
    ("fields of a null calendar", ["org.calendar={open_hours:30}"], "org.calendar:", "org file"),
    ("sections as list", ["org.sections=[]"], "org.sections:", "name: value"),
    # matter types
    (
        "negative rate",
        ["org.matter_types.a.arrival_rate=-1"],
        "org.matter_types.a.arrival_rate:",
        ">= 0",
    ),
    (
        "word for a rate",
        ["org.matter_types.a.arrival_rate=fast"],
        "org.matter_types.a.arrival_rate:",
        "type",
    ),
    (
        "rate of 1e308",
        ["org.matter_types.a.arrival_rate=1e308"],
        "org.matter_types.a.arrival_rate:",
        "lower",
    ),
    ("misspelt service", ["org.matter_types.a.servce.mean=2"], "org.matter_types.a", "spelling"),
    (
        "unknown distribution",
        ["org.matter_types.a.service.distribution=weibull"],
        "org.matter_types.a.service.distribution:",
        "gamma",
    ),
    (
        "zero mean",
        ["org.matter_types.a.service.mean=0"],
        "org.matter_types.a.service.mean:",
        "positive",
    ),
    (
        "negative deadline",
        ["org.matter_types.a.deadline=-1"],
        "org.matter_types.a.deadline:",
        "positive",
    ),
    (
        "profile by name",
        ["+org.matter_types.a.profiles={weekly:{period:-1,multipliers:[1]}}"],
        "org.matter_types.a.profiles.weekly.period:",
        "positive",
    ),
    (
        "batch by name",
        ["+org.matter_types.a.batches={monthly:{every:-1,size:1}}"],
        "org.matter_types.a.batches.monthly.every:",
        "positive",
    ),
    (
        "sweep value bad",
        ["-m", "org.matter_types.a.arrival_rate=0.5,-2"],
        "org.matter_types.a.arrival_rate:",
        ">= 0",
    ),
    # sections and staff
    (
        "unknown handled type",
        ["org.sections.A.handles=[zz]"],
        "org.sections.A.handles:",
        "use one of",
    ),
    ("unknown seat", ["org.staff.wang.section=Nowhere"], "org.staff.wang.section:", "name one of"),
    (
        "B post own section",
        ["org.staff.wang.b_post=A"],
        "org.staff.wang.b_post:",
        "another section",
    ),
    ("B post nowhere", ["org.staff.wang.b_post=Nowhere"], "org.staff.wang.b_post:", "name one of"),
    ("skills as list", ["org.staff.wang.skills=[]"], "org.staff.wang.skills:", "name: value"),
    ("zero speed", ["org.staff.wang.skills.a=0"], "org.staff.wang.skills.a:", "positive"),
    (
        "negative absence",
        ["org.staff.wang.absence_rate=-1"],
        "org.staff.wang.absence_rate:",
        ">= 0",
    ),
    # alternative structures
    (
        "reform policy",
        ["org.structures.merged.policy=bogus"],
        "org.structures.merged.policy:",
        "pooled",
    ),
    (
        "reform coordination",
        ["org.structures.merged.coordination_cost=-1"],
        "org.structures.merged.coordination_cost:",
        "0.02",
    ),
    (
        "b_post_speed negative",
        ["org.structures.merged.b_post_speed=-1"],
        "org.structures.merged.b_post_speed:",
        "0.8",
    ),
    (
        "misspelt skip step",
        ["org.structures.merged.skip_steps=[zz]"],
        "org.structures.merged.skip_steps:",
        "name a step",
    ),
    (
        "unknown dropped type",
        ["org.structures.merged.drop_matter_types=[zz]"],
        "org.structures.merged.drop_matter_types:",
        "name one of",
    ),
    (
        "merge unknown section",
        ["+org.structures.merged.merge.X=[Nope]"],
        "org.structures.merged.merge.X:",
        "name one of",
    ),
    (
        "move unknown section",
        ["+org.structures.merged.units.Nope=x"],
        "org.structures.merged.units:",
        "name one of",
    ),
    (
        "cut share 1.5",
        ["org.structures.merged.cut_share=1.5"],
        "org.structures.merged.cut_share:",
        "0.268",
    ),
    (
        "remove nobody",
        ["org.structures.merged.remove_staff=[nobody]"],
        "org.structures.merged.remove_staff:",
        "wang",
    ),
    (
        "unknown arrangement",
        ["org.structures.merged.b_post_arrangement=zigzag"],
        "org.structures.merged.b_post_arrangement:",
        "chain",
    ),
    (
        "learning start 2",
        ["org.structures.merged.learning_start=2"],
        "org.structures.merged.learning_start:",
        "0.5",
    ),
    (
        "learning matters 0 without learning_start",
        ["org.structures.merged.learning_matters=0"],
        "org.structures.merged.learning_matters:",
        "e.g. 20",
    ),
    (
        "add skills negative",
        ["+org.structures.merged.add_skills={wang:{a:-1}}"],
        "org.structures.merged.add_skills.wang.a:",
        "1.0",
    ),
    (
        "add skills not a mapping",
        ["+org.structures.merged.add_skills={wang:3}"],
        "org.structures.merged.add_skills.wang:",
        "filing",
    ),
    (
        "add skills nobody",
        ["+org.structures.merged.add_skills={nobody:{a:1}}"],
        "org.structures.merged.add_skills:",
        "wang",
    ),
    # org files
    ("nested aliases", ["org=@laughs"], "org:", "aliases"),
    ("nested 20,000 deep", ["org=@deep"], "org:", "Limits"),
    ("2 MB file", ["org=@huge"], "org:", "smaller file"),
    ("duplicate key", ["org=@duplicate"], "org:", "keep one"),
    ("sections: {}", ["org=@no_sections"], "org.sections:", "at least one section"),
    ("staff: {}", ["org=@no_staff"], "org.staff:", "at least one person"),
    ("sections as list in file", ["org=@sections_list"], "org.sections:", "name: value"),
    ("skills as list in file", ["org=@skills_list"], "org.staff.wang.skills:", "name: value"),
    ("section as list in file", ["org=@section_list"], "org.sections.A:", "name: value"),
    ("structures as list in file", ["org=@structures_list"], "org.structures:", "name: value"),
    ("unknown key in file", ["org=@unknown_key"], "org.polcy:", "spelling"),
    ("unknown staff key in file", ["org=@unknown_staff_key"], "org.staff.wang.skils:", "spelling"),
    (
        "profile by name in file",
        ["org=@profile_period"],
        "org.matter_types.a.profiles.weekly.period:",
        "positive",
    ),
    (
        "batch by name in file",
        ["org=@batch_size"],
        "org.matter_types.a.batches.monthly.size:",
        "number of matters",
    ),
    (
        "step by name in file",
        ["org=@step_service"],
        "org.matter_types.a.steps.review.service.mean:",
        "positive",
    ),
    ("own B post in file", ["org=@own_b_post"], "org.staff.wang.b_post:", "another section"),
    ("b_post_speed in file", ["org=@b_post_speed"], "org.structures.merged.b_post_speed:", "0.8"),
    (
        "misspelt skip step in file",
        ["org=@skip_typo"],
        "org.structures.merged.skip_steps:",
        "name a step",
    ),
    ("top policy in file", ["org=@top_policy"], "org.policy:", "strict"),
    ("top b_rule in file", ["org=@top_b_rule"], "org.b_rule:", "idle"),
    ("top coordination in file", ["org=@top_coordination"], "org.coordination_cost:", "0.02"),
    (
        "split leaving work unassigned",
        ["org=@split_missing_work"],
        "org.structures.tandem.split.A:",
        "list every one of its handles",
    ),
    (
        "split part with an unknown key",
        ["org=@split_unknown_key"],
        "org.structures.tandem.split.A.A1.people:",
        "spelling",
    ),
    (
        "work moved to a section that does not exist",
        ["org=@move_unknown_section"],
        "org.structures.merged.move_handles.a:",
        "name one of",
    ),
    (
        "a skill removed that the person lacks",
        ["org=@remove_unheld_skill"],
        "org.structures.merged.remove_skills.wang:",
        "name one of",
    ),
    (
        "priority class named after another type",
        ["org=@class_named_after_type"],
        "org.matter_types.a.priority_class:",
        "name the class differently",
    ),
    ("empty file", ["org=@empty"], "org:", "docs/org-file.md"),
    ("a list for an office", ["org=@a_list"], "org:", "docs/org-file.md"),
    ("infinite rate in file", ["org=@infinite_rate"], "org.matter_types.a.arrival_rate:", ">= 0"),
    ("rate 1e308 in file", ["org=@huge_rate"], "org.matter_types.a.arrival_rate:", "lower"),
    ("broken YAML", ["org=@broken"], "org:", "fix its syntax"),
    ("not UTF-8", ["org=@not_utf8"], "org:", "UTF-8"),
    ("missing file", ["org=/no/such/office.yaml"], "org:", "check the path"),
    ("a folder", ["org=@."], "org:", "YAML file"),
    (
        "Chinese key override",
        ["org=@chinese_keys", "org.matter_types.建设许可.arrival_rate=0.4"],
        "org.matter_types.建设许可",
        "description",
    ),
    # sweeps: counted before any value is listed
    (
        "range of 10^8 values",
        ["-m", "replications=range(2,100000000)"],
        "replications:",
        "larger step",
    ),
    (
        "float range of 10^8 values",
        ["-m", "org.matter_types.a.arrival_rate=range(0,1e308,1e300)"],
        "org.matter_types.a.arrival_rate:",
        "larger step",
    ),
    (
        "sweeps multiplying past the bound",
        ["-m", "seed=range(0,40)", "replications=range(2,40)"],
        "seed:",
        "fewer",
    ),
    ("range with step 0", ["-m", "seed=range(0,9,0)"], "seed:", "step other than 0"),
    ("endless range", ["-m", "seed=range(0,inf)"], "seed:", "finite"),
    ("empty range", ["-m", "replications=range(5,2)"], "replications:", "give one"),
    (
        "glob of a value",
        ["-m", "org.matter_types.a.arrival_rate=glob(*)"],
        "org.matter_types.a.arrival_rate:",
        "list values",
    ),
    ("glob matching no org", ["-m", "org=glob(nosuch*)"], "org:", "org=glob(bengbu*)"),
    (
        "interval sweep",
        ["-m", "org.matter_types.a.arrival_rate=interval(0,1)"],
        "org.matter_types.a.arrival_rate:",
        "range(start,stop,step)",
    ),
    # new records from the command line: only a merge of the whole entry works
    (
        "new structure field by field",
        ["+org.structures.front.policy=ab"],
        "org.structures.front:",
        "++org.structures={front: {policy: ab}}",
    ),
    (
        "new person by name",
        ["+org.staff.zhao={section: A}"],
        "org.staff.zhao:",
        "++org.staff={zhao: {section: A}}",
    ),
    (
        "new matter type by merge without ++",
        ["org.matter_types={e: {arrival_rate: 0.1}}"],
        "org.matter_types.e:",
        "++org.matter_types={e: {...}}",
    ),
    ("empty org choice", ["org="], "org:", "pooling_four"),
    # searches
    (
        "infinite capacity deadline",
        ["task=capacity", "capacity.deadline=inf"],
        "capacity.deadline:",
        "such as 8",
    ),
    (
        "a billion curve points",
        ["task=capacity", "capacity.curve_points=1000000000"],
        "capacity.curve_points:",
        "2 to 100",
    ),
    (
        "a billion staff to try",
        ["task=staffing", "staffing.most=1000000000"],
        "staffing.most:",
        "10,000",
    ),
]


def _materialise(args: list[str], folder: Path) -> list[str]:
    """``org=@name`` becomes the path of org file ``name`` written into ``folder``."""
    out = []
    for arg in args:
        if arg.startswith("org=@"):
            name = arg.removeprefix("org=@")
            path = folder if name == "." else folder / f"{name}.yaml"
            if name != ".":
                content = FILES[name]
                if isinstance(content, bytes):
                    path.write_bytes(content)
                else:
                    path.write_text(content, encoding="utf-8")
            arg = f"org={path}"
        out.append(arg)
    return out


def check(args: list[str]) -> None:
    """What ``orgsim`` does with ``args`` before Hydra runs; ConfigError on bad input."""
    args = redirect_org_file(args)
    check_launcher(args)
    validate(args)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An org-file cache of the test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.parametrize(
    ("args", "field", "fix"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_is_one_line_naming_the_field_and_the_fix(tmp_path, cache, args, field, fix):
    with pytest.raises(ConfigError) as caught:
        check(["workload=quick", *_materialise(args, tmp_path)])
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith(field), message
    assert fix in message.partition("; ")[2] or fix in message, message
    assert str(cache) not in message, "the error names the cached copy, not the user's file"
    if any(a.startswith("org=@") and a != "org=@." for a in args) and field == "org:":
        assert str(tmp_path) in message, "a file problem names the user's file"


def test_at_least_sixty_cases_cover_every_level():
    assert len(CASES) >= 60
    fields = {c[2].split(".")[0].rstrip(":") for c in CASES}
    assert {"org", "workload", "seed", "replications", "hydra", "structure", "task"} <= fields


PATHS = [
    "建设局/办公室.yaml",
    "my office (copy), v=2/it's $HOME.yaml",
    "a${x}.yaml",
    "inf.yaml",
    "1.yaml",
]


@pytest.mark.parametrize("relative", PATHS)
def test_org_paths_people_type_work(tmp_path, cache, relative):
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(POOLING, encoding="utf-8")
    args = redirect_org_file([f"org={path}", "workload=quick"])
    validate(args)
    from orgsim.experiments.compose import compose_config

    cfg = compose_config(args)
    assert cfg.org_source == str(path) and cfg.org.name == BASE["name"]


def test_a_record_added_whole_from_the_command_line_runs(cache):
    args = ["++org.structures={front: {merge: {F: [A, B]}, policy: pooled}}", "structure=front"]
    check(args)
    from orgsim.experiments.compose import compose_config

    assert compose_config(args).org.structures.front.merge == {"F": ["A", "B"]}


def test_files_that_are_fine_stay_accepted(tmp_path, cache):
    for name in ("chinese_keys", "add_skills_int"):
        check([*_materialise([f"org=@{name}"], tmp_path), "workload=quick"])


def test_errors_about_the_cached_copy_name_the_users_file(tmp_path, cache):
    path = tmp_path / "office.yaml"
    path.write_text(POOLING, encoding="utf-8")
    redirect_org_file([f"org={path}"])
    (cached,) = cache.rglob("office__*.yaml")
    assert user_paths(f"{cached} line 3: bad") == f"{path} line 3: bad"


def test_a_tampered_cached_copy_is_rewritten_before_hydra_reads_it(tmp_path, cache):
    path = tmp_path / "office.yaml"
    path.write_text(POOLING, encoding="utf-8")
    redirect_org_file([f"org={path}"])
    (cached,) = cache.rglob("office__*.yaml")
    cached.write_text(FILES["laughs"])
    redirect_org_file([f"org={path}"])
    assert cached.read_text(encoding="utf-8") == POOLING


def orgsim(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command, with its org-file cache in ``cwd``."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache")}
    return subprocess.run(
        [ORGSIM, *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=env
    )


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["seed=-1"], "seed:"),
        (["structure="], "structure:"),
        (["replications=[1,"], "replications:"),
        (["hydra/launcher=nonexistent"], "hydra/launcher:"),
        (["org=@laughs"], "org:"),
        (["-m", "org.matter_types.a.arrival_rate=glob(*)"], "org.matter_types.a.arrival_rate:"),
        (["-m", "replications=range(2,100000000)"], "replications:"),
    ],
    ids=["seed", "structure", "grammar", "launcher", "aliases", "glob", "huge sweep"],
)
def test_the_command_exits_2_with_one_line_and_no_folder(tmp_path, args, field):
    out = tmp_path / "run"
    done = orgsim(*_materialise(args, tmp_path), f"hydra.run.dir={out}", cwd=tmp_path)
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"orgsim: error: {field}"), done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists() and not (tmp_path / "outputs").exists()
    assert not (tmp_path / "multirun").exists()


def test_the_command_runs_an_org_file_whose_path_needs_quoting(tmp_path):
    path = tmp_path / "建设局 (2024), v=1" / "it's $x.yaml"
    path.parent.mkdir()
    path.write_text(POOLING, encoding="utf-8")
    out = tmp_path / "run"
    done = orgsim(
        f"org={path}",
        "workload=quick",
        "replications=2",
        "figure=false",
        f"hydra.run.dir={out}",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert yaml.safe_load((out / "config.yaml").read_text())["org_source"] == str(path)
