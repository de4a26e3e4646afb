"""``language=zh``: what a run prints and writes for people is in Chinese; its data are not.

The setting changes words only: summary.json, the tidy tables and the verdicts' numbers
are the same in both languages, and an unknown language is refused in one line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
QUICK = ["workload=quick", "replications=2", "figure=false"]


def run(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``orgsim`` with ``args``, in ``tmp``."""
    return subprocess.run(
        [str(BIN / "orgsim"), *QUICK, *args], cwd=tmp, capture_output=True, text=True, timeout=300
    )


def test_a_chinese_run_prints_chinese_and_keeps_the_same_numbers(tmp_path: Path) -> None:
    english = run(tmp_path, f"hydra.run.dir={tmp_path / 'en'}")
    chinese = run(tmp_path, "language=zh", f"hydra.run.dir={tmp_path / 'zh'}")
    assert english.returncode == 0 and chinese.returncode == 0, chinese.stderr
    for words in ("重复运行 2 次", "平均等待时间", "按时限办结率", "结果已写入"):
        assert words in chinese.stdout, words
    assert "replications, seed" not in chinese.stdout and "results in" not in chinese.stdout
    assert "平均等待时间" not in english.stdout and "results in" in english.stdout
    assert "平均等待时间" in (tmp_path / "zh" / "comparison.md").read_text(encoding="utf-8")
    en, zh = (json.loads((tmp_path / d / "summary.json").read_text()) for d in ("en", "zh"))
    assert en["structures"] == zh["structures"]
    assert en["paired_differences"] == zh["paired_differences"]


def test_an_unknown_language_is_refused_in_one_line(tmp_path: Path) -> None:
    done = run(tmp_path, "language=fr", f"hydra.run.dir={tmp_path / 'fr'}")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "orgsim: error: language: 'fr' is not a language orgsim speaks; use one of en, zh"
    )
    assert not (tmp_path / "fr").exists()
