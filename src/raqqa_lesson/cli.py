"""The ``raqqa-lesson`` command: entry points for people, built on the library."""

from __future__ import annotations

import argparse
import sys

from raqqa_lesson.datapackage import bundled_package, check


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="raqqa-lesson",
        description="A lesson in reading the news critically, built on one 2017 article on Raqqa.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check_parser = commands.add_parser(
        "check",
        help="validate a lesson data package and list every problem",
        description="Validate a lesson data package: print every problem (file, row, column, "
        "value, fix) and exit 1, or exit 0 when it is valid.",
    )
    check_parser.add_argument(
        "path", nargs="?", help="a folder holding datapackage.json, or the file itself "
        "(default: the package that ships with raqqa-lesson)",
    )
    args = parser.parse_args(argv)
    return run_check(args.path)


def run_check(path: str | None) -> int:
    """Print every problem in the package at ``path``; 1 if there are any, else 0."""
    shown = path or str(bundled_package())
    problems = check(path)
    if not problems:
        print(f"{shown}: valid lesson data package")
        return 0
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    print(f"{shown}: {count}", file=sys.stderr)
    for problem in problems:
        print(f"- {problem}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
