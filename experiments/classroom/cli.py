"""The ``orgsim-class`` command: serve the classroom page, or write a lesson file to take away.

``orgsim-class [--port 8765] [--host 127.0.0.1] [--lang zh|en] [--preset NAME] [--seed N]``
starts Mesa's SolaraViz page (a Solara server) and prints its address.
``--export lesson.html --preset NAME [--hours N]`` writes one preset's run as an HTML file
that replays itself with no server; ``--handout handout.png [--hours N]`` draws the four
presets' mean wait over time on one A4 page. Both refuse to replace a file without ``--force``.

Every front-end file is served from the installed ``solara-assets`` package, so the page
works with no internet; Solara's usage statistics and version check are switched off for the
same reason. Bad input ends in one line, ``orgsim-class: error: <option>: <problem>; <fix>``,
exit status 2.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import sys
from pathlib import Path
from typing import NoReturn

from orgsim.experiments.classroom.environment import (
    LANG_VARIABLE,
    PRESET_VARIABLE,
    SEED_VARIABLE,
)
from orgsim.experiments.classroom.output_file import OutputFileError, check_output
from orgsim.experiments.classroom.settings import MAX_HOURS, PRESETS, preset

PROG = "orgsim-class"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
APP = "orgsim.experiments.classroom.page"
#: Hours an exported lesson replays by default.
EXPORT_HOURS = 300
#: Hours the handout shows by default: long enough for the running-in office to overtake.
HANDOUT_HOURS = 1000
#: File endings the handout can be written as.
HANDOUT_SUFFIXES = (".png", ".pdf", ".svg")


def fail(message: str) -> NoReturn:
    """Print a one-line error and exit with status 2 (bad input)."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    raise SystemExit(2)


class _Parser(argparse.ArgumentParser):
    """argparse whose errors are one line, like every other orgsim error."""

    def error(self, message: str) -> NoReturn:
        fail(f"{message}; see {PROG} --help")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = _Parser(
        prog=PROG,
        description="Serve the classroom page: two offices side by side, fed the same "
        "matters, stepping together (the office as it is, and after a reform).",
    )
    parser.add_argument("--port", type=int, default=8765, help="port to serve on (default 8765)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to serve on (default 127.0.0.1: this machine only); 0.0.0.0 shares the "
        "page with every machine on the network",
    )
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language of the page (default zh)"
    )
    parser.add_argument(
        "--preset",
        choices=tuple(PRESETS),
        default=None,
        help=f"lesson step the page opens with, or the one exported ({next(iter(PRESETS))})",
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: 1)")
    files = parser.add_mutually_exclusive_group()
    files.add_argument(
        "--export",
        type=Path,
        metavar="FILE.html",
        help="write the preset's run as one HTML file that replays it (no server, no network)",
    )
    files.add_argument(
        "--handout",
        type=Path,
        metavar="FILE.png",
        help="draw the four presets' mean wait over time on one A4 page (.png, .pdf or .svg)",
    )
    parser.add_argument(
        "--hours",
        type=int,
        default=None,
        help=f"hours the exported run or the handout covers (default {EXPORT_HOURS} for "
        f"--export, {HANDOUT_HOURS} for --handout; at most {MAX_HOURS})",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace the --export or --handout file if it exists"
    )
    return parser.parse_args(argv)


def check_address(host: str, port: int) -> None:
    """Fail in one line unless ``host:port`` can be served (free, and an address here)."""
    if not 1 <= port <= 65535:
        fail(f"--port: {port} is not a port; give a number from 1 to 65535, e.g. 8765")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        fail(f"--host: {host!r} is not an address; give 127.0.0.1 or this machine's address")
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            fail(f"--port: {host}:{port} cannot be served ({error.strerror}); choose another port")


def check_file_options(args: argparse.Namespace) -> None:
    """Fail in one line if ``--hours``, ``--force`` or the file asked for do not fit."""
    writing = args.export is not None or args.handout is not None
    if not writing:
        for option, given in (("--hours", args.hours is not None), ("--force", args.force)):
            if given:
                fail(f"{option}: only with --export or --handout; add one or leave it out")
        return
    if args.hours is not None and not 1 <= args.hours <= MAX_HOURS:
        fail(f"--hours: {args.hours} is out of range; give a whole number from 1 to {MAX_HOURS}")
    if args.handout is not None and args.preset is not None:
        fail("--preset: the handout shows every preset; leave --preset out")
    try:
        if args.export is not None:
            check_output(args.export, "--export", (".html", ".htm"), args.force)
        else:
            check_output(args.handout, "--handout", HANDOUT_SUFFIXES, args.force)
    except OutputFileError as error:
        fail(str(error))


def write_file(args: argparse.Namespace) -> None:
    """Write the exported lesson or the handout, and say where."""
    seed = 1 if args.seed is None else args.seed
    if args.export is not None:
        from orgsim.experiments.classroom.export import export_lesson, last_frame_summary

        name = args.preset or next(iter(PRESETS))
        hours = args.hours or EXPORT_HOURS
        data = export_lesson(args.export, preset(name).replace(seed=seed), hours, args.lang, name)
        print(
            f"{PROG}: wrote {args.export} (preset {name}, seed {seed}, {hours} hours); "
            "open it in any browser"
        )
        print(f"  {last_frame_summary(data)}")
    else:
        from orgsim.experiments.classroom.handout import write_handout

        hours = args.hours or HANDOUT_HOURS
        curves = write_handout(args.handout, hours, args.lang, seed)
        print(f"{PROG}: wrote {args.handout} (every preset, seed {seed}, {hours} hours, A4)")
        for name, curve in curves.items():
            structure = PRESETS[name].structure
            print(
                f"  {name}: mean wait at hour {curve['hour'][-1]:g}: "
                f"{curve['current'][-1]:.2f} h as it is, {curve['reformed'][-1]:.2f} h {structure}"
            )


def main(argv: list[str] | None = None) -> None:
    """Start the page's server and print its address (runs until Ctrl+C), or write a file."""
    args = parse_args(argv)
    if args.seed is not None and not 0 <= args.seed < 2**31:
        fail(f"--seed: {args.seed} is out of range; give a whole number from 0 to 2147483647")
    check_file_options(args)
    if args.export is not None or args.handout is not None:
        try:
            write_file(args)
        except OSError as error:  # e.g. a folder one may not write to
            option, path = ("--export", args.export) if args.export else ("--handout", args.handout)
            fail(f"{option}: {path} cannot be written ({error.strerror}); choose another folder")
        return
    if importlib.util.find_spec("solara") is None:
        fail("solara: the classroom page is not installed; pip install 'orgsim[class]'")
    check_address(args.host, args.port)
    os.environ[LANG_VARIABLE] = args.lang
    os.environ[PRESET_VARIABLE] = args.preset or next(iter(PRESETS))
    if args.seed is not None:
        os.environ[SEED_VARIABLE] = str(args.seed)
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"  # nothing leaves the machine
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"{PROG}: the classroom page is at http://{host}:{args.port} (Ctrl+C stops it)")
    if args.host not in LOCAL_HOSTS:
        print(
            f"{PROG}: warning: serving on {args.host}: anyone on this network can open the "
            "page; use it only on a classroom network you trust",
            file=sys.stderr,
        )
    sys.stdout.flush()
    from solara.__main__ import run  # the extra is checked above

    run.main(
        args=[
            APP,
            "--host",
            args.host,
            "--port",
            str(args.port),
            "--production",
            "--no-open",
            "--no-check-version",
            "--log-level-uvicorn",
            "warning",
        ],
        prog_name=PROG,
    )


if __name__ == "__main__":
    main()
