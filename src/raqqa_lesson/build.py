"""Build a lesson package into its notebook sequence, the same way for every article.

``build(package, dest)`` reads the package's pages (``lesson/NN_name.md``), writes one notebook per
page with the setup cell, the steps' code cells, the exercises and reflections, and links between
the notebooks, then runs them so every chart is saved in them. The Raqqa notebooks in the
repository are built by the same call a teacher makes with ``raqqa-lesson build``.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from raqqa_lesson import content, steps
from raqqa_lesson.datapackage import Lesson, load
from raqqa_lesson.locate import bundled_lessons, bundled_package
from raqqa_lesson.problems import Problem

ANSI = re.compile(r"\x1b\[[0-9;]*m")
"""Terminal colour codes, which a traceback's text carries."""
KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
NAVIGATION = "navigation"
SETUP = "setup"
"""A page may place its setup cell with ```{step} setup```; otherwise it follows the title."""
SETUP_LEAD = "Run this cell first: it loads the lesson{and_}. You do not need to read its code."
LEFT_OUT = "*This part of the lesson does not apply to this article, so it is left out here.*"
"""What a learner reads where a step's data is missing; `check` tells the teacher why."""
PLACEHOLDERS = ("(One paragraph:", "(what the learner will do)", "(what to remember)")
"""Words of the template's pages that a teacher is meant to replace."""
TRY_IT = ("**Try it in pandas {id}** *(optional: the lesson does not need it; skip it if you "
          "prefer)*. {prompt} Fill in the `...` in the next cell, run it, then run the cell after "
          "it to check your answer.")
REFLECTION = ("**Reflection {id}.** {prompt} Double-click this cell and write below the line; "
              "there is no single right answer.\n\n---\n\n*Your answer:* ")


@dataclass(frozen=True)
class Online:
    """How this repository's notebooks are reached online: a line of links for each notebook
    (given its path below notebooks/) and the lines that install the lesson in Colab."""

    links: Callable[[str], str]
    colab_install: str
    folder: str = ""


def build(package: str | Path, dest: str | Path, *, online: Online | None = None,
          execute: bool = True) -> list[Path]:
    """Write the notebooks of the lesson package at ``package`` into ``dest``; returns their paths.

    Raises ``DataPackageError`` for a package ``check`` refuses, and ``ContentError`` for a page
    that cannot be read, and ``BuildError`` when a notebook fails to run (then nothing is
    written). A step whose data the package lacks becomes a short note.
    """
    package, dest = Path(package).resolve(), Path(dest)
    lesson = load(package)
    notebooks = notebooks_for(lesson, reference(package, dest), online=online)
    if dest.exists() and not dest.is_dir():
        raise BuildError(f"{dest} is a file, not a folder: name a folder for the notebooks")
    dest.mkdir(parents=True, exist_ok=True)  # the kernels start in it, as the learner's will
    if execute:  # every notebook runs before any is written: a failure leaves DEST as it was
        notebooks = {name: run(notebook, name, cwd=dest) for name, notebook in notebooks.items()}
    written = []
    for name, notebook in notebooks.items():
        nbformat.write(notebook, dest / f"{name}.ipynb")
        written.append(dest / f"{name}.ipynb")
    return written


class BuildError(RuntimeError):
    """A notebook that failed to run: which one, the code, and the error's last line."""


def reference(package: Path, dest: Path) -> str:
    """How the notebooks name their package: a bundled package by its name, any other by its
    path relative to the notebooks' folder (the folder a kernel starts in)."""
    for row in bundled_lessons():
        if bundled_package(row["package"]).resolve() == package:
            return row["package"]
    return os.path.relpath(package, dest.resolve())


def notebooks_for(lesson: Lesson, package_ref: str, *,
                  online: Online | None = None) -> dict[str, nbformat.NotebookNode]:
    """Every page of the lesson as an unexecuted notebook, by name, with links between them."""
    pages = content.pages(lesson.source)
    sources = content.sources_of(lesson)
    built = {}
    for index, page in enumerate(pages):
        cells = [new_markdown_cell(_navigation(pages, index, online), metadata={"tags": [NAVIGATION]})]
        cells += _page_cells(page, lesson, package_ref, online, sources)
        bottom = _navigation(pages, index, None)
        if index == 0 and len(pages) > 1:
            bottom = _contents(pages) + "\n\n" + bottom
        cells.append(new_markdown_cell(bottom, metadata={"tags": [NAVIGATION]}))
        for number, cell in enumerate(cells):
            cell["id"] = f"cell-{number}"  # fixed ids: rebuilding unchanged words changes nothing
        notebook = new_notebook(cells=cells, metadata={"kernelspec": KERNEL})
        built[page.name] = notebook
    return built


def _page_cells(page: content.Page, lesson: Lesson, package_ref: str, online: Online | None,
                sources: dict[str, tuple[str, str]]) -> list:
    setup = _setup_cells(page, package_ref, online)
    placed = any(block.kind == "step" and block.text == SETUP for block in page.blocks)
    cells = []
    assessed = {b.text for b in page.of_kind("exercise")
                for a in page.of_kind("assessment") if b.text.startswith(f"{a.text}.")}
    for number, block in enumerate(page.blocks):
        if block.kind == "markdown":
            cells.append(new_markdown_cell(content.with_source_links(block.text, sources)))
        elif block.kind == "step" and block.text == SETUP:
            cells.append(setup[1])
        elif block.kind == "step":
            why = steps.missing(block.text, lesson)
            cells.append(new_markdown_cell(LEFT_OUT) if why else
                         new_code_cell(steps.STEPS[block.text].code))
        elif block.kind == "exercise" and block.text not in assessed:
            cells.append(new_code_cell(f'exercises.ask(E["{block.text}"])'))
        elif block.kind == "assessment":  # its questions are asked inside it, answers gathered
            cells.append(new_code_cell(f'exercises.assess(lesson, "{block.text}")'))
        elif block.kind == "try-it":
            cells += _try_it_cells(block, content.yaml_block(block, page))
        elif block.kind == "reflection":
            cells.append(new_markdown_cell(REFLECTION.format(id=block.text, prompt=block.body)))
        # a rubric is the teacher's (docs/answers.md), never the learner's
        if number == 0 and not placed:
            cells += setup
    return cells


def _try_it_cells(block: content.Block, task: dict) -> list:
    """A task of the optional code track: what to do, the scaffold to fill, and its check."""
    return [new_markdown_cell(TRY_IT.format(id=block.text, prompt=task["prompt"])),
            new_code_cell(task["scaffold"].rstrip()),
            new_code_cell(f'practice.check(lesson, "{block.text}", {task["answer_in"]})')]


def _setup_cells(page: content.Page, package_ref: str, online: Online | None) -> list:
    """The line that says what the setup cell does, and the cell, its code folded away."""
    modules = sorted({module for block in page.of_kind("step") if block.text != SETUP
                      for module in steps.STEPS[block.text].modules}
                     | ({"exercises"} if page.of_kind("exercise") or page.of_kind("assessment") else set())
                     | ({"practice"} if page.of_kind("try-it") else set()))
    lines = [online.colab_install] if online else []
    lines += ["import raqqa_lesson as rl"]
    if modules:
        lines.append(f"from raqqa_lesson import {', '.join(modules)}")
    lines += ["", f"lesson = rl.load({json.dumps(package_ref)})"]
    if page.of_kind("exercise"):
        lines.append("E = exercises.build(lesson)")
    lead = SETUP_LEAD.format(and_=" and its exercises" if page.of_kind("exercise") else "")
    code = new_code_cell("\n".join(lines), metadata={"jupyter": {"source_hidden": True},
                                                      "tags": [SETUP]})
    return [new_markdown_cell(lead), code]


def _navigation(pages: list[content.Page], index: int, online: Online | None) -> str:
    links = []
    if index > 0:
        links.append(f"[← {pages[index - 1].title}]({pages[index - 1].name}.ipynb)")
    if index != 0:
        links.append(f"[Contents]({pages[0].name}.ipynb#Contents)")
    if index < len(pages) - 1:
        links.append(f"[{pages[index + 1].title} →]({pages[index + 1].name}.ipynb)")
    line = " | ".join(links)
    if online is not None:
        path = f"{online.folder}/{pages[index].name}.ipynb".lstrip("/")
        line += "\n\n" + online.links(path)
    return line


def _contents(pages: list[content.Page]) -> str:
    rows = "\n".join(f"| [{page.title}]({page.name}.ipynb) | {page.minutes} |" for page in pages[1:])
    return f"## Contents\n\n| notebook | time |\n|---|---|\n{rows}"


def run(notebook: nbformat.NotebookNode, name: str, cwd: Path) -> nbformat.NotebookNode:
    """Run the notebook top to bottom in a fresh kernel, keeping widget state (for nbviewer) and
    leaving out what changes from run to run, so two runs write the same file."""
    from nbclient import NotebookClient  # the serve extra and the test group bring it
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    client = NotebookClient(notebook, timeout=180, kernel_name="python3", record_timing=False,
                            store_widget_state=True, resources={"metadata": {"path": str(cwd)}},
                            # the kernel listens on this computer only; its warning that TCP is
                            # unencrypted says nothing a teacher building notebooks can act on
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    try:
        client.execute()
    except (CellTimeoutError, DeadKernelError) as error:
        first = next(iter(ANSI.sub("", str(error)).strip().splitlines()), "")
        raise BuildError(f"notebook {name} did not finish ({type(error).__name__}: {first}). No "
                         "notebook was written. A cell ran for more than three minutes or the "
                         "kernel stopped: try again, or build with --no-run.") from None
    except CellExecutionError as error:
        last = next((line for line in reversed(ANSI.sub("", str(error)).splitlines())
                     if line.strip()), "")
        code = next((cell.source for cell in notebook.cells if cell.get("outputs") and any(
            output.get("output_type") == "error" for output in cell.outputs)), "")
        raise BuildError(
            f"notebook {name} stopped at this cell:\n    {code}\n  {last}\nNo notebook was written. "
            "Run 'raqqa-lesson check' for problems in the package; if it finds none, the step "
            "above cannot yet handle this package: remove it from the page, and please report it "
            "(https://github.com/raqqa-lesson/raqqa-lesson/issues) with the package.") from None
    widgets = notebook.metadata.get("widgets", {})
    if not widgets.get("application/vnd.jupyter.widget-state+json", {}).get("state"):
        notebook.metadata.pop("widgets", None)  # GitHub refuses widget metadata without state
        return notebook
    return stable_widget_ids(notebook, name)


def stable_widget_ids(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The notebook with its random widget model ids replaced by ids derived from the notebook's
    name and the order the models appear in, so a re-run writes the same file."""
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    text = json.dumps(notebook)
    for number, model_id in enumerate(state):
        text = text.replace(model_id, uuid.uuid5(uuid.NAMESPACE_URL, f"{name}/{number}").hex)
    return nbformat.from_dict(json.loads(text))


def error_outputs(notebook: nbformat.NotebookNode) -> list[str]:
    """Every error output and stderr stream in the notebook, as text."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                found.append(f"{output.ename}: {output.evalue}")
            elif output.output_type == "stream" and output.name == "stderr":
                found.append(output.text)
    return found


def lesson_problems(lesson: Lesson) -> tuple[list, list[str]]:
    """What ``check`` finds in a package's pages, beyond its tables: problems that stop a build
    (an unknown step, an exercise whose answer the data does not give, exercises out of order)
    and warnings (a step this package's data cannot fill, which the build leaves out)."""
    from raqqa_lesson.exercises import answer_problems

    problems, warnings = [], []
    try:
        pages = content.pages(lesson.source)
    except content.ContentError as error:
        return [error.problem()], []
    if not pages:
        warnings.append(f"{content.LESSON_FOLDER}/ has no pages (00_start_here.md, …): "
                        "'build' has nothing to write")
    for page in pages:
        file = f"{content.LESSON_FOLDER}/{page.path.name}"
        for block in page.of_kind("step"):
            if block.text != SETUP and block.text not in steps.STEPS:
                problems.append(Problem(file, f"names the unknown step '{block.text}'",
                                        f"use one of: {', '.join(steps.STEPS)}", row=block.line))
            elif block.text != SETUP and (why := steps.missing(block.text, lesson)):
                warnings.append(f"{file}, line {block.line}: step '{block.text}' will be left "
                                f"out: {why}")
        if any(mark in block.text for block in page.of_kind("markdown") for mark in PLACEHOLDERS):
            warnings.append(f"{file} still holds the template's placeholder text, such as "
                            "'(One paragraph: …)': write it for your article")
        numbers = [tuple(map(int, b.text.split("."))) for b in page.of_kind("exercise")
                   if b.text.replace(".", "").isdigit()]
        if numbers != sorted(numbers):
            problems.append(Problem(file, "asks its exercises out of order",
                                    "number them in the order the page asks them"))
    cited = set(lesson.citations["citation_id"])
    texts = [(f"{content.LESSON_FOLDER}/{page.path.name}", block.text) for page in pages
             for block in page.of_kind("markdown")]
    if (primer := content.background(lesson.source)) is not None:
        texts.append((f"{content.LESSON_FOLDER}/{content.BACKGROUND}", primer))
    for file, text in texts:
        unknown = [key for key in content.cited_ids(text) if key not in cited]
        if unknown:
            problems.append(Problem(file, f"cites {', '.join(unknown)}, not in citations.csv",
                                    "add the source to citations.csv, or correct the id"))
    rubric_trouble, unmarked = rubric_problems(pages)
    return (problems + answer_problems(lesson) + task_problems(lesson, pages) + rubric_trouble
            + assessment_problems(lesson) + instructor_problems(pages),
            warnings + unmarked)


def assessment_problems(lesson: Lesson) -> list:
    """Assessments that cannot be shown: no passage, a source that is not in citations.csv, or
    no questions numbered under them."""
    problems = []
    cited = set(lesson.citations["citation_id"])
    for key, (spec, where, questions) in content.assessment_specs(lesson.source).items():
        if not str(spec.get("passage") or "").strip():
            problems.append(Problem(where, f"assessment {key} has no passage",
                                    "add 'passage: |' and the paragraph, word for word"))
        if spec.get("source") not in cited:
            problems.append(Problem(where, f"assessment {key}'s source is not in citations.csv",
                                    "name the citation_id of the report the passage comes from",
                                    value=str(spec.get("source"))))
        if not questions:
            problems.append(Problem(where, f"assessment {key} has no questions",
                                    f"add exercises numbered {key}.1, {key}.2 … after it"))
    return problems


INSTRUCTOR_REFERENCE = re.compile(
    r"\b(?P<kind>[Ee]xercise|[Rr]eflection|[Tt]ry-it|[Aa]ssessment) (?P<id>\d+\.\d+(?:\.\d+)?)"
    r"|(?:\b(?P<page>\d\d) )?§(?P<section>\d+)")
"""What instructor notes point at: "exercise 2.3", "reflection 4.3", "try-it 1.7", "§3" (a
section of the same notebook) or "00 §3" (a section of notebook 00)."""


def instructor_problems(pages: list[content.Page]) -> list:
    """Instructor notes that point at an exercise, reflection, task or section the pages do not
    have, so the notes cannot drift from the notebooks unnoticed."""
    asked = {(kind, b.text) for page in pages for kind in ("exercise", "reflection", "try-it",
                                                             "assessment") for b in page.of_kind(kind)}
    sections = {page.name[:2]: {int(n) for b in page.of_kind("markdown")
                                for n in re.findall(r"^## (\d+)\.", b.text, re.MULTILINE)}
                for page in pages}
    problems = []
    for page in pages:
        for block in page.of_kind("instructor"):
            for match in INSTRUCTOR_REFERENCE.finditer(block.body):
                if match.group("kind"):
                    kind, key = match.group("kind").lower(), match.group("id")
                    # an exercise may sit inside an assessment (5.3.1), and "5.3" names the assessment
                    if not ({(kind, key), ("assessment", key)} & asked):
                        problems.append(Problem(f"{content.LESSON_FOLDER}/{page.path.name}",
                                                f"instructor notes name {kind} {key}, which no page asks",
                                                "correct the number", row=block.line))
                elif int(match.group("section")) not in sections.get(match.group("page") or page.name[:2], set()):
                    problems.append(Problem(f"{content.LESSON_FOLDER}/{page.path.name}",
                                            f"instructor notes name {match.group(0)}, a section that "
                                            "does not exist", "correct the section number", row=block.line))
    return problems


RUBRIC_LEVELS = ("beginning", "emerging", "mastery")
"""A rubric's levels, after the Civic Online Reasoning rubrics: each has a description and an
example answer."""


def rubric_problems(pages: list[content.Page]) -> tuple[list, list[str]]:
    """Rubrics that cannot be used (no such reflection or assessment on the page, a level or its
    example missing), and, as warnings, reflections a teacher has no rubric to mark by."""
    problems, warnings = [], []
    for page in pages:
        where = f"{content.LESSON_FOLDER}/{page.path.name}"
        asked = {block.text for block in page.of_kind("reflection")}
        assessed = {block.text for block in page.of_kind("assessment")}
        marked = set()
        for block in page.of_kind("rubric"):
            try:
                rubric = content.yaml_block(block, page)
            except content.ContentError as error:
                problems.append(error.problem())
                continue
            marked.add(block.text)
            missing = [] if rubric.get("looks_for") else ["looks_for"]
            for level in RUBRIC_LEVELS:
                parts = rubric.get(level) if isinstance(rubric.get(level), dict) else {}
                missing += [f"{level}.{part}" for part in ("description", "example")
                            if not parts.get(part)]
                problems += [Problem(where, f"rubric {block.text}'s {level} has a part "
                                     f"'{extra}' besides its description and example (in "
                                     "{…}, a comma ends a value)", "write the level on lines of "
                                     "its own, description: and example: each on one, or quote "
                                     "a value that holds a comma", row=block.line)
                             for extra in set(parts) - {"description", "example"}]
            if block.text not in asked | assessed:
                problems.append(Problem(where, f"has a rubric for {block.text}, but no reflection "
                                        f"or assessment {block.text} on the page", "give the rubric "
                                        "the id of the reflection or assessment it marks", row=block.line))
            elif missing:
                problems.append(Problem(where, f"rubric {block.text} lacks {', '.join(missing)}",
                                        "give looks_for, and beginning, emerging and mastery each "
                                        "with a description and an example", row=block.line))
        warnings += [f"{where}: reflection {key} has no rubric, so the answer key cannot say how "
                     "to mark it" for key in sorted(asked - marked)]
    return problems, warnings


def task_problems(lesson: Lesson, pages: list[content.Page]) -> list:
    """Every code-track task whose answer the data cannot give (an unknown table or column)."""
    from raqqa_lesson.practice import expected

    problems = []
    for page in pages:
        for block in page.of_kind("try-it"):
            where = f"{content.LESSON_FOLDER}/{page.path.name}"
            try:
                task = content.yaml_block(block, page)
                missing = [key for key in ("prompt", "scaffold", "answer_in", "table")
                           if key not in task]
                if missing:
                    raise KeyError(", ".join(missing))
                expected(lesson, task)
            except (KeyError, content.ContentError) as error:
                problems.append(Problem(where, f"task {block.text} cannot be checked ({error})",
                                        "see docs/lesson-format.md", row=block.line))
    return problems
