"""The ``raqqa-lesson`` command: entry points for people, built on the library."""

from __future__ import annotations

import argparse
import importlib.util
import os
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from raqqa_lesson.classroom import copy_notebooks
from raqqa_lesson.datapackage import Lesson, read_package
from raqqa_lesson.locate import bundled, default_package, locate


def package_command(commands, name: str, summary: str, description: str,
                    written: str) -> argparse.ArgumentParser:
    """A command that reads the lesson package PACKAGE and writes into the folder DEST."""
    command = commands.add_parser(name, help=summary, description=description)
    command.add_argument("package", metavar="PACKAGE",
                         help="the lesson package's folder, or a bundled lesson's name")
    command.add_argument("destination", metavar="DEST", help=f"the folder for {written}")
    return command


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="raqqa-lesson",
        description="Lessons in reading the news critically, each built on one article.",
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
        "(default: the package RAQQA_LESSON_DATA names, if set, else the one that ships with "
        "raqqa-lesson)",
    )
    build_parser = package_command(
        commands, "build", "turn a lesson package into its notebooks, run, with every chart",
        "Check the lesson package at PACKAGE, then write its notebooks into DEST (one per page of "
        "its lesson/ folder) and run them, so their charts are saved in them.", "the notebooks")
    build_parser.add_argument("--replace", action="store_true",
                              help="overwrite the notebooks DEST already holds (edits in them are lost)")
    build_parser.add_argument("--no-run", action="store_true",
                              help="write the notebooks without running them")
    new_parser = commands.add_parser(
        "new",
        help="start a lesson package for another article, every table and column explained",
        description="Create DEST holding an empty lesson package: the tables' headers, a page "
        "explaining every column, the lesson's pages to rewrite, and a place for the article.",
    )
    new_parser.add_argument("destination", metavar="DEST", help="a folder that does not exist yet")
    key_parser = package_command(
        commands, "key", "write the teacher's answer key, outlets, instructor notes and primer "
        "(Markdown)", "Write the teacher's documents for the lesson package at PACKAGE into DEST: "
        "answers.md (every exercise's answer and why, every rubric), outlets.md, and, when the "
        "pages have them, instructor-notes.md and background.md. Keep DEST away from the "
        "learners' notebooks.", "the documents")
    handout_parser = package_command(
        commands, "handout", "write the printable handout (A4 and US Letter), as HTML and, with "
        "Chromium, PDF", "Write the handout for the lesson package at PACKAGE into DEST: the "
        "article with numbered lines, a grid for sorting its statements, a blank timeline, the "
        "closing assessment and an exit ticket. Chromium (or Chrome), if installed, prints it to "
        "PDF.", "the handout")
    basemap_parser = commands.add_parser(
        "basemap",
        help="give a lesson package country outlines and rivers for its map (Natural Earth, "
        "public domain)",
        description="Write into the lesson package at PACKAGE the countries and rivers around its "
        "places, from Natural Earth's outlines (1:110m) and rivers (1:50m) that ship with "
        "raqqa-lesson: basemap.geojson, basemap.md (source and licence) and the basemap's entry "
        "in datapackage.json.",
    )
    basemap_parser.add_argument("package", metavar="PACKAGE", help="the lesson package's folder")
    basemap_parser.add_argument("--replace", action="store_true",
                                help="write over the basemap the package already has")
    for parser_of_documents in (key_parser, handout_parser):
        parser_of_documents.add_argument("--replace", action="store_true",
                                         help="write over the files DEST already holds")
    present_parser = commands.add_parser(
        "present",
        help="show the notebooks without code, for a projector (Voila, on this computer only)",
        description="Serve the lesson's notebooks with Voila: code hidden, widgets live, on "
        "127.0.0.1 with a token. Stop with Ctrl+C.",
    )
    present_parser.add_argument(
        "notebook", nargs="?", help="a notebook to show, by number or name ('03', "
        "'03_competing_timelines') or path (default: a list of all of them)",
    )
    present_parser.add_argument("--port", type=int, default=8866, help="port (default 8866)")
    present_parser.add_argument("--no-browser", action="store_true",
                                help="do not open a browser; just print the address")
    copy_parser = commands.add_parser(
        "copy",
        help="copy the notebooks into a folder of your own, never overwriting your changes",
        description="Copy the lesson's notebooks into DEST. A notebook you have changed is kept; "
        "--force replaces it, keeping yours as a timestamped backup.",
    )
    copy_parser.add_argument("destination", metavar="DEST", help="the folder to copy into")
    copy_parser.add_argument("--force", action="store_true",
                             help="replace changed notebooks (each is first kept as a backup)")
    lab_parser = commands.add_parser(
        "lab",
        help="copy the notebooks into a workspace if needed and open them in JupyterLab",
        description="Copy the notebooks into DEST (never overwriting your changes), then start "
        "JupyterLab there on 127.0.0.1 with a token. Stop with Ctrl+C.",
    )
    lab_parser.add_argument("destination", metavar="DEST", nargs="?",
                            default=str(Path.home() / "raqqa-lesson"),
                            help="the workspace folder (default: raqqa-lesson in your home)")
    lab_parser.add_argument("lab_args", nargs=argparse.REMAINDER,
                            help="after --, options passed to JupyterLab (such as --no-browser)")
    args = parser.parse_args(argv)
    if args.command == "copy":
        return run_copy(Path(args.destination), force=args.force)
    if args.command == "lab":
        return run_lab(Path(args.destination), [a for a in args.lab_args if a != "--"])
    if args.command == "build":
        return run_build(locate(args.package)[0], Path(args.destination), execute=not args.no_run,
                         replace=args.replace)
    if args.command == "key":
        return run_key(locate(args.package)[0], Path(args.destination), replace=args.replace)
    if args.command == "handout":
        return run_handout(locate(args.package)[0], Path(args.destination), replace=args.replace)
    if args.command == "new":
        return run_new(Path(args.destination))
    if args.command == "basemap":
        return run_basemap(Path(args.package), replace=args.replace)
    if args.command == "present":
        return run_present(args.notebook, port=args.port, browser=not args.no_browser)
    return run_check(args.path)


def run_check(path: str | None) -> int:
    """Print every problem in the package at ``path`` and its lesson pages, and the steps its
    data cannot fill; 1 if there are problems, else 0."""
    return 0 if checked(path) is not None else 1


def checked(path: str | Path | None) -> Lesson | None:
    """The package at ``path``, read once: its problems and warnings printed, and the lesson
    returned when it has no problem (None otherwise)."""
    shown = str(path or default_package())
    lesson, problems, warnings = read_and_check(path)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not problems:
        print(f"{shown}: valid lesson data package")
        return lesson
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    print(f"{shown}: {count}", file=sys.stderr)
    for problem in problems:
        print(f"- {problem}", file=sys.stderr)
    return None


def read_and_check(path: str | Path | None) -> tuple[Lesson | None, list, list[str]]:
    """The lesson, the tables' problems, or, when the tables are sound, the lesson pages'
    problems and warnings (see ``build.lesson_problems``)."""
    lesson, problems = read_package(path)
    if problems:
        return None, problems, []
    from raqqa_lesson.build import lesson_problems

    return lesson, *lesson_problems(lesson)


def package_problems(path: str | Path | None) -> tuple[list, list[str]]:
    """Every problem and warning of the package at ``path``: ``read_and_check`` without the
    lesson."""
    return read_and_check(path)[1:]


def run_build(package: Path, destination: Path, *, execute: bool, replace: bool = False) -> int:
    """Check the package, then write (and run) its notebooks; 1 if it cannot be built."""
    if importlib.util.find_spec("nbformat") is None or (
            execute and importlib.util.find_spec("nbclient") is None):
        print("raqqa-lesson build needs nbformat and nbclient; install them with: "
              "pip install \"raqqa-lesson[serve]\"", file=sys.stderr)
        return 1
    lesson = checked(package)
    if lesson is None:
        return 1
    from raqqa_lesson.build import BuildError, build
    from raqqa_lesson.content import pages

    there = [f"{page.name}.ipynb" for page in pages(lesson.source)
             if (destination / f"{page.name}.ipynb").exists()]
    if there and not replace:
        print(f"raqqa-lesson: {destination} already holds {', '.join(there)}; nothing was written. "
              "Build into a new folder, or add --replace to overwrite them (edits in them are "
              "lost).", file=sys.stderr)
        return 1
    return report_written(lambda: build(package, destination, execute=execute),
                          (BuildError, OSError), "")


def report_written(write: Callable[[], list[Path]], errors: type | tuple, failed: str) -> int:
    """Run ``write`` and print each path it wrote, or ``failed`` and the error; the exit status."""
    try:
        written = write()
    except errors as error:
        print(f"raqqa-lesson: {failed}{error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


def run_handout(package: Path, destination: Path, *, replace: bool = False) -> int:
    """Check the package, then write its handout; 1 if the package has problems or the PDF
    cannot be printed."""
    lesson = checked(package)
    if lesson is None:
        return 1
    from raqqa_lesson import handout

    browser = handout.chromium()
    if report_written(lambda: handout.write(lesson, destination, browser=browser, replace=replace),
                      (OSError, subprocess.SubprocessError),
                      f"could not write the handout into {destination}: "):
        return 1
    if browser is None:
        print("No Chromium or Chrome found, so no PDF: open the HTML in a browser and print it, "
              "or install Chromium (Debian/Ubuntu: apt install chromium) and run this again.",
              file=sys.stderr)
    return 0


def run_key(package: Path, destination: Path, *, replace: bool = False) -> int:
    """Check the package, then write the teacher's documents; 1 if the package has problems."""
    lesson = checked(package)
    if lesson is None:
        return 1
    from raqqa_lesson import key

    return report_written(lambda: key.write(lesson, destination, replace=replace), OSError,
                          f"could not write into {destination}: ")


def run_basemap(package: Path, *, replace: bool) -> int:
    """Check the package, then write the countries and rivers around its places into it as its
    basemap, and say what to look at; 1 if the package has problems or cannot be given one."""
    lesson = checked(package)
    if lesson is None:
        return 1
    from raqqa_lesson import basemap

    warnings: list[str] = []

    def write() -> list[Path]:
        written, found = basemap.write(lesson, replace=replace)
        warnings.extend(found)
        return written

    status = report_written(write, (basemap.BasemapError, OSError), "")
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return status


def run_new(destination: Path) -> int:
    """Start a lesson package at ``destination`` from the template."""
    from raqqa_lesson.template import new_package

    try:
        new_package(destination)
    except (FileExistsError, OSError) as error:
        print(f"raqqa-lesson: cannot create {destination}: {error}. Choose a new folder.",
              file=sys.stderr)
        return 1
    print(f"Started a lesson package in {destination}. Read {destination / 'TABLES.md'}, put "
          f"the article's text in {destination / 'article.txt'}, fill in the tables, then run:\n"
          f"  raqqa-lesson check {destination}")
    return 0


def run_copy(destination: Path, *, force: bool) -> int:
    """Copy the notebooks and say, for each, what was done."""
    try:
        for result in copy_notebooks(destination, force=force):
            print(result)
    except OSError as error:
        print(f"raqqa-lesson: cannot copy into {destination}: {error.strerror}. "
              "Choose a folder you can write to.", file=sys.stderr)
        return 1
    return 0


def lab_command(workspace: Path, extra: list[str]) -> list[str]:
    """JupyterLab on ``workspace``: loopback only, token on (JupyterLab's default), 00 open."""
    command = [sys.executable, "-m", "jupyter", "lab", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.root_dir={workspace}", *extra, "00_start_here.ipynb"]
    if getattr(os, "geteuid", lambda: 1)() == 0:  # JupyterLab refuses root unless told
        command.insert(4, "--allow-root")
    return command


def server_missing(module: str, name: str, command: str) -> bool:
    """True, after saying how to install it, when the server ``command`` runs is not installed
    (it is the optional ``serve`` extra: Colab and a JupyterHub bring their own Jupyter)."""
    if importlib.util.find_spec(module) is not None:
        return False
    print(f"raqqa-lesson {command} needs {name}, which is not installed in this Python "
          f"({sys.executable}). Install it with: pip install \"raqqa-lesson[serve]\"", file=sys.stderr)
    return True


def run_lab(workspace: Path, extra: list[str]) -> int:
    if server_missing("jupyterlab", "JupyterLab", "lab") or run_copy(workspace, force=False):
        return 1
    workspace = workspace.resolve()
    try:
        return subprocess.run(lab_command(workspace, extra), cwd=workspace, check=False).returncode
    except KeyboardInterrupt:
        return 0


def find_notebook(name: str | None) -> Path:
    """The notebook (or, for None, the folder of notebooks) that ``name`` means."""
    folder = bundled("notebooks")
    if name is None:
        return folder
    if Path(name).is_file():
        return Path(name)
    matches = sorted(folder.glob(f"{Path(name).stem}*.ipynb"))
    if len(matches) != 1:
        known = ", ".join(path.stem for path in sorted(folder.glob("*.ipynb")))
        raise SystemExit(f"raqqa-lesson: no single notebook matches {name!r}; "
                         f"use a number or one of: {known}")
    return matches[0]


# Voilà's lab template without its CDN requests; Voilà finds it on JUPYTER_PATH
VOILA_TEMPLATES = Path(__file__).resolve().parent / "share"


def present_command(target: Path, *, port: int, token: str, browser: bool) -> list[str]:
    """The Voila command line for ``target``: loopback only, token on, code hidden, offline."""
    return [sys.executable, "-m", "voila", str(target), f"--port={port}",
            "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", f"--Voila.token={token}",
            "--strip_sources=True", "--template=raqqa-lesson", *([] if browser else ["--no-browser"])]


def present_environment() -> dict[str, str]:
    """This process's environment, with the lesson's Voilà template first on JUPYTER_PATH."""
    paths = [str(VOILA_TEMPLATES), *filter(None, [os.environ.get("JUPYTER_PATH")])]
    return {**os.environ, "JUPYTER_PATH": os.pathsep.join(paths)}


def run_present(name: str | None, *, port: int, browser: bool) -> int:
    if server_missing("voila", "Voilà", "present"):
        return 1
    target = find_notebook(name)
    token = secrets.token_hex(16)
    print(f"Serving {target.name} without code. Open http://127.0.0.1:{port}/?token={token}\n"
          "On a notebook's page, the Sections button (bottom right) shows one section at a time: "
          "← and → (or a clicker) move, Esc shows everything.\nStop with Ctrl+C.", flush=True)
    try:
        return subprocess.run(present_command(target, port=port, token=token, browser=browser),
                              env=present_environment(), check=False).returncode
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
