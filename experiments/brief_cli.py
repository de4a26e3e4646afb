"""``orgsim-report RUN --brief [--robustness FOLDER]``: the two-page plan brief of a run.

The checks run before the report code is imported, like the report's: a folder that is
not a run folder, or a robustness folder that is not one, ends in one line naming the fix.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from orgsim.analysis.results_folder import RESULT_FILES, ROBUSTNESS, SUMMARY

#: The brief's file name in the run folder when no --output is given.
BRIEF = "brief.html"


def brief_problem(args: argparse.Namespace) -> str | None:
    """Why the brief cannot be made from these folders (one line with the fix), or None."""
    run: Path = args.path
    if args.robustness is not None and not args.brief:
        return "--robustness: it adds a robustness check to a brief; add --brief"
    if not args.brief:
        return None
    if not run.is_dir():
        what = "does not exist" if not run.exists() else "is not a folder"
        return f"{run} {what}; --brief needs a run folder (outputs/..., with {SUMMARY})"
    if not (run / SUMMARY).is_file():
        if (run / ROBUSTNESS).is_file():
            return (
                f"{run} is a robustness folder, not a run folder; give the run folder and this "
                f"one as --robustness {run}"
            )
        found = next((name for name in RESULT_FILES if (run / name).is_file()), None)
        kind = f"holds {found}, not {SUMMARY}" if found else f"has no {SUMMARY}"
        return f"{run} {kind}; --brief needs a run folder (outputs/..., with {SUMMARY})"
    robustness: Path | None = args.robustness
    if robustness is not None and not (robustness / ROBUSTNESS).is_file():
        return (
            f"--robustness {robustness}: no {ROBUSTNESS} there; give the folder of a "
            "task=robustness run of this office"
        )
    return None


def brief_page(args: argparse.Namespace) -> str:
    """The brief's HTML (after :func:`brief_problem` found nothing wrong).

    Raises:
        ReportInputError: a damaged file or a robustness folder of another plan or office.
    """
    from orgsim.analysis.report.brief import build_brief  # heavy: after the checks

    return build_brief(args.path, args.robustness, language=args.lang)
