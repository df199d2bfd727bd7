"""The lesson in a real browser: JupyterLab and the code-free Voila view, driven by Playwright in
Debian's headless Chromium. Servers listen on 127.0.0.1 with a random token, work on a temporary
copy of the notebooks, and are stopped by the test that started them. Screenshots go to
screenshots/ (ignored by git) for a person to look at."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from playwright.sync_api import expect

import raqqa_lesson as rl
from raqqa_lesson import content, exercises, places, practice, sources, timelines
from raqqa_lesson.classroom import lesson_notebooks

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "screenshots"
EVERY_NOTEBOOK = lesson_notebooks()
NOTEBOOKS = [path for path in EVERY_NOTEBOOK if path.parent == ROOT / "notebooks"]
OTHER_LESSONS = [path for path in EVERY_NOTEBOOK if path not in NOTEBOOKS]  # lessons.csv's others
LESSON = rl.load()
EXERCISES = exercises.build(LESSON)
KERNEL_READY = """() => {
    const sc = window.jupyterapp?.shell?.currentWidget?.sessionContext;
    const k = sc?.session?.kernel;
    return !!(sc?.isReady && k?.connectionStatus === 'connected' && k?.status === 'idle');
}"""
ALL_RUN = """() => {
    const panel = window.jupyterapp?.shell?.currentWidget;
    const cells = [...(panel?.content?.widgets ?? [])].filter(c => c.model.type === 'code');
    const k = panel?.sessionContext?.session?.kernel;
    return cells.length > 0 && cells.every(c => c.model.executionCount) && k?.status === 'idle';
}"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = ("Chromium is not installed: run 'apt-get install chromium' (Debian) to run the "
                   "browser tests")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A copy of the notebooks and a private Jupyter home (nothing written to the real one)."""
    root = tmp_path_factory.mktemp("browser")
    for path in EVERY_NOTEBOOK:
        (root / shown_path(path)).parent.mkdir(exist_ok=True)
        shutil.copy(path, root / shown_path(path))
    home = root / ".jupyter-home"
    settings = home / "settings"
    (settings / "@jupyterlab/apputils-extension").mkdir(parents=True)
    (settings / "@jupyterlab/apputils-extension/notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}')
    (settings / "@jupyterlab/notebook-extension").mkdir(parents=True)
    # every cell in the DOM, so the test can reach the explorers at the bottom of a notebook
    (settings / "@jupyterlab/notebook-extension/tracker.jupyterlab-settings").write_text(
        '{"windowingMode": "none"}')
    (home / "ipython").mkdir()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"), IPYTHONDIR=str(home / "ipython"),
               MPLCONFIGDIR=str(home / "matplotlib"))
    SHOTS.mkdir(exist_ok=True)
    return root, env


def shown_path(path: Path) -> str:
    """The notebook's path under notebooks/, as JupyterLab and Voila address it."""
    return path.relative_to(ROOT / "notebooks").as_posix()


def shot_name(path: Path) -> str:
    return shown_path(path).removesuffix(".ipynb").replace("/", "-")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command: list[str], cwd: Path, env: dict, ready_url: str, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(log.read_text())
        try:
            with urllib.request.urlopen(ready_url, timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise TimeoutError(f"{ready_url} did not answer; log:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    """End the server and anything it started (its own process group), and wait for them."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            process.poll()
            os.killpg(process.pid, 0)
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=5)


def new_page(browser, **kwargs):
    """A page that refuses, and records in ``page.outside``, every request that leaves this machine:
    the lesson must not need the network (no CDN, no download), and assert_no_errors checks it."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, **kwargs)
    page.outside = []

    def refuse(route):
        page.outside.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|blob:)"), refuse)
    return page


@pytest.fixture(scope="module")
def lab(workdir):
    root, env = workdir
    port, token = free_port(), secrets.token_hex(16)
    command = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser",
               "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.expose_app_in_browser=True"]  # window.jupyterapp, for the ready check
    if os.geteuid() == 0:
        command.append("--allow-root")
    server = start(command, root, env, f"http://127.0.0.1:{port}/api/status?token={token}",
                   root / "lab.log")
    yield f"http://127.0.0.1:{port}", token
    stop(server)


@pytest.fixture(scope="module")
def voila(workdir):
    """The code-free view, started through the project's own 'raqqa-lesson present'."""
    root, env = workdir
    port = free_port()
    log = root / "voila.log"
    command = [str(Path(sys.executable).parent / "raqqa-lesson"), "present", "--no-browser",
               f"--port={port}"]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        token = None
        while token is None and time.monotonic() < deadline:
            match = re.search(r"\?token=(\w+)", log.read_text())
            token = match and match.group(1)
            time.sleep(0.1)
        assert token, log.read_text()
        ready = f"http://127.0.0.1:{port}/voila/static/voila.js?token={token}"
        while time.monotonic() < deadline + 60:
            assert process.poll() is None, log.read_text()
            try:
                with urllib.request.urlopen(ready, timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", token
    finally:
        stop(process)


# --- what a learner does -------------------------------------------------------------------------


def output_with(page, text: str):
    """The output area of the quiz whose lead contains ``text``."""
    return page.locator(".jp-Cell-outputWrapper", has_text=text).last


def explorer_with(page, label: str):
    """The output area of the explorer that has a control labelled exactly ``label``."""
    control = page.locator(".widget-label", has_text=re.compile(f"^{re.escape(label)}$"))
    return page.locator(".jp-Cell-outputWrapper", has=control).last


def chart_src(area) -> str:
    return area.locator(".lesson-chart img").first.get_attribute("src")


def wait_for_new_chart(area, before: str) -> None:
    """Wait until the explorer shows a new chart (each redraw puts a new <img> in its place)."""
    expect(area.locator(".lesson-chart img").first).not_to_have_attribute("src", before,
                                                                          timeout=30_000)


def screenshot_whole_notebook(page, path: Path) -> None:
    shoot(page, None, path)


def shoot(page, area, path: Path) -> None:
    """A screenshot of ``area`` (or the whole notebook). JupyterLab scrolls inside the notebook
    panel, which would cut tall outputs, so the window grows to the notebook's height first."""
    height = page.evaluate("document.querySelector('.jp-WindowedPanel-outer')?.scrollHeight"
                           " || document.body.scrollHeight")
    page.set_viewport_size({"width": 1280, "height": min(int(height) + 200, 16000)})
    (area or page).screenshot(path=path)
    page.set_viewport_size({"width": 1280, "height": 1000})


def code_sources(path: Path) -> list[str]:
    """The first line of every code cell in the notebook."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    return [cell.source.splitlines()[0] for cell in notebook.cells
            if cell.cell_type == "code" and cell.source.strip()]


WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]}
UPSTREAM = {  # what JupyterLab and ipywidgets leave unnamed, which a notebook cannot fix (docs/accessibility.md)
    "image-alt": ".jp-RenderedImage img",  # JupyterLab ignores an image output's alt metadata
    "aria-input-field-name": ".widget-slider [role=slider], .jupyter-widget-slider [role=slider]",
}


def accessibility_violations(page, context: str | dict, *, upstream: dict | None = None) -> list[str]:
    """What axe-core (WCAG 2.1 A and AA) finds wrong inside ``context``, leaving out only the
    documented upstream gaps, each checked node by node."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page, context=context, options=WCAG).response["violations"]
    left = []
    for violation in found:
        allowed = (upstream or {}).get(violation["id"])
        for node in violation["nodes"]:
            target = page.locator(node["target"][-1]).first  # axe's unique selector for the node
            if not (allowed and target.evaluate("(node, allowed) => node.matches(allowed)", allowed)):
                left.append(f"{violation['id']}: {node['html'][:120]}")
    return left


def assert_no_errors(page) -> None:
    assert page.outside == [], "requests that left this machine"
    body = page.locator("body").inner_text()
    assert "Error displaying widget" not in body
    assert "Traceback" not in body
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0


def pick(page, area, label: str, option: str) -> None:
    """Choose ``option`` in the dropdown labelled ``label`` and wait for the chart to follow."""
    before = chart_src(area)
    area.get_by_label(label, exact=True).select_option(label=option)
    wait_for_new_chart(area, before)


def answer(page, exercise_id: str, choice: str, mark: str) -> str:
    """Pick ``choice``, press Check, and return the feedback once it shows ``mark`` (✔ or ✘)."""
    quiz = output_with(page, f"Exercise {exercise_id}.")
    quiz.locator(".widget-radio-box label", has_text=choice).first.click()
    quiz.locator("button", has_text="Check").click()
    feedback = quiz.locator(".widget-html-content", has_text=mark)
    feedback.wait_for(timeout=15_000)
    return feedback.inner_text()


def answer_wrong_then_right(page, exercise_id: str, built: dict | None = None):
    exercise = (built or EXERCISES)[exercise_id]
    wrong = next(option for option in exercise.options if option != exercise.answer)
    assert exercise.check(wrong).message in answer(page, exercise_id, wrong, "✘")
    assert exercise.check(exercise.answer).message in answer(page, exercise_id, exercise.answer, "✔")
    return output_with(page, f"Exercise {exercise_id}.")


def answer_in_assessment(page, assessment_id: str = "5.3"):
    """Answer one question of the closing assessment wrong, then right: its table of answers shows
    the right answer now and the wrong first try."""
    *_, questions = content.assessment_specs(LESSON.source)[assessment_id]
    area = output_with(page, f"Exercise {questions[1]}.")
    block = area.locator(".widget-vbox", has=page.get_by_text(f"Exercise {questions[1]}.")).last
    exercise = EXERCISES[questions[1]]
    wrong = next(option for option in exercise.options if option != exercise.answer)
    for choice, mark in ((wrong, "✘"), (exercise.answer, "✔")):
        block.locator(".widget-radio-box label", has_text=re.compile(f"^{re.escape(choice)}$")).click()
        block.locator("button", has_text="Check").click()
        block.locator(".widget-html-content", has_text=mark).wait_for(timeout=15_000)
    sheet = area.locator("table").last
    expect(sheet).to_contain_text(f"{questions[1]}")
    row = sheet.locator("tr", has_text=questions[1])
    expect(row).to_contain_text("✔ Right")
    expect(row).to_contain_text("✘ Not yet")  # the first try, which the rubric counts
    expect(sheet.locator("tr", has_text=questions[0])).to_contain_text("not checked yet")
    return area


SET_CELL = """([marker, code]) => {
    const notebook = window.jupyterapp.shell.currentWidget.content;
    const index = notebook.widgets.findIndex(
        cell => cell.model.type === 'code' && cell.model.sharedModel.getSource().includes(marker));
    notebook.widgets[index].model.sharedModel.setSource(code);
    notebook.activeCellIndex = index;
    return index;
}"""


def code_track(task_id: str):
    """The optional code track as a learner does it: fill the scaffold's ... with a solution, run
    it and the checking cell under it, and read the checker's verdict."""
    task = practice.tasks(LESSON)[task_id]

    def do(page):
        marker = f"{task['answer_in']} = ..."
        # no echo of the result: pandas' own table display is JupyterLab's (docs/accessibility.md)
        code = f"{task['answer_in']} = {practice.solution(task)}"
        filled = page.evaluate(SET_CELL, [marker, code])
        assert filled >= 0, f"no scaffold for {task_id}"
        for _ in range(2):  # the filled cell, then the check under it
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-cell-and-select-next')")
        check = page.locator(".jp-Cell", has_text=f'practice.check(lesson, "{task_id}"').locator(
            ".jp-OutputArea-output", has_text="✔ Right")
        check.wait_for(timeout=30_000)
        return page.locator(".jp-Cell", has_text=f'practice.check(lesson, "{task_id}"')
    do.needs_code = True  # JupyterLab only: the code-free view has no cells to type in
    return do


def explore_speakers(page) -> None:
    area = explorer_with(page, "Speaker")
    pick(page, area, "Speaker", "Talal Selo")
    count = (sources.statement_table(LESSON)["speaker"] == "Talal Selo").sum()
    expect(area).to_contain_text(f"Talal Selo: {count} statement(s)")
    expect(area).to_contain_text("Talal Selo → Al-Watan → RT")
    return area


def explore_distances(page) -> None:
    area = explorer_with(page, "From")
    pick(page, area, "To", "Raqqa")  # exercise 2.2: the learner measures the article's distance
    expected = places.distance(LESSON, "aleppo", "raqqa")
    expect(area).to_contain_text(f"{expected['km']:.0f} km")
    pick(page, area, "From", "Mosul")
    expected = places.distance(LESSON, "mosul", "raqqa")
    expect(area).to_contain_text(f"{expected['km']:.0f} km")
    expect(area).to_contain_text(expected["direction"])
    return area


def explore_timeline(page):
    """Key every slider as a learner would, checking the verdict table after each."""
    area = explorer_with(page, "As of")
    readings = dict(timelines.default_readings(LESSON))
    for forecast_id, phrase in (("f_ledrian_coming_days", "in the coming days"),
                                ("f_selo_two_weeks", "no more than two weeks"),
                                ("f_jihan_several_months", "will take several months")):
        before = chart_src(area)
        handle = area.locator(".widget-slider", has_text=phrase).locator(".noUi-handle-upper")
        handle.focus()
        handle.press("ArrowRight")
        wait_for_new_chart(area, before)
        low, high = readings[forecast_id]
        readings[forecast_id] = (low, high + 1)
        windows = timelines.forecast_windows(LESSON, readings).set_index("forecast_id")
        row = windows.loc[forecast_id]
        table = area.locator(".widget-html-content").last.inner_text()
        assert f"{row['window_end']:%d %b %Y}" in table
        assert f"\t{row['days_off']}" in table or f" {row['days_off']}" in table
    before = chart_src(area)
    as_of = area.locator(".widget-slider", has_text="As of").locator(".noUi-handle")
    as_of.focus()
    as_of.press("Home")
    wait_for_new_chart(area, before)
    assert "not yet known" in area.inner_text()
    return area


def explore_actors(page) -> None:
    area = explorer_with(page, "Actor")
    pick(page, area, "Actor", "Turkish government")
    expect(area).to_contain_text("rejected taking part in any operation that would involve the Kurds")
    return area


INTERACTIONS = {  # per notebook: what a learner does there, with a transfer task and the code track
    "00_start_here": [],
    "01_who_says_what": [explore_speakers, lambda page: answer_wrong_then_right(page, "1.3"),
                         lambda page: answer_wrong_then_right(page, "1.6"), code_track("1.7")],
    "02_places_and_numbers": [explore_distances, lambda page: answer_wrong_then_right(page, "2.3"),
                              lambda page: answer_wrong_then_right(page, "2.6"), code_track("2.5")],
    "03_competing_timelines": [explore_timeline, lambda page: answer_wrong_then_right(page, "3.2"),
                               lambda page: answer_wrong_then_right(page, "3.6"), code_track("3.5")],
    "04_coalition_positions": [explore_actors, lambda page: answer_wrong_then_right(page, "4.1"),
                               lambda page: answer_wrong_then_right(page, "4.5"), code_track("4.4")],
    "05_what_happened_next": [lambda page: answer_wrong_then_right(page, "5.1"),
                              answer_in_assessment, code_track("5.7")],
}


def test_interactions_cover_every_notebook():
    assert sorted(INTERACTIONS) == [path.stem for path in NOTEBOOKS]


def interactions(path: Path) -> list:
    """What a learner does in the notebook: the first lesson's are written out above; in every
    other bundled lesson, each choice exercise on the page (not a guess) is answered wrong, then right, against
    that lesson's own exercises."""
    if path in NOTEBOOKS:
        return INTERACTIONS[path.stem]
    built = exercises.build(rl.load(path.parent.name))
    page_number = f"{int(path.stem[:2])}."
    return [lambda page, key=key: answer_wrong_then_right(page, key, built)
            for key, exercise in built.items()
            if key.startswith(page_number) and getattr(exercise, "options", None)
            and not exercise.guess]  # a guess is never wrong


def test_every_other_lesson_has_something_to_do_on_each_page_after_the_first():
    for path in OTHER_LESSONS:
        assert path.stem.startswith("00") or interactions(path), path


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=shot_name)
def test_jupyterlab_notebook_opens_runs_and_responds(browser, lab, path):
    base, token = lab
    page = new_page(browser)
    try:
        # a workspace of its own, so no other notebook is restored beside this one
        page.goto(f"{base}/lab/workspaces/{shot_name(path)}/tree/{shown_path(path)}?token={token}&reset")
        page.wait_for_function(KERNEL_READY, timeout=90_000)
        # before running: the saved outputs and widgets show, never an error
        page.locator(".jp-OutputArea-output").first.wait_for(timeout=30_000)
        assert_no_errors(page)
        page.screenshot(path=SHOTS / f"lab-{shot_name(path)}-opened.png")
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.locator("li[data-command='runmenu:run-all']").click()
        page.wait_for_function(ALL_RUN, timeout=120_000)
        assert_no_errors(page)
        for number, interact in enumerate(interactions(path), start=1):
            shoot(page, interact(page), SHOTS / f"lab-{shot_name(path)}-interaction-{number}.png")
        assert_no_errors(page)
        shown = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # what the lesson puts on screen, not the editor
        assert accessibility_violations(page, {"include": [[f"{shown} .jp-OutputArea"],
                                                           [f"{shown} .jp-MarkdownOutput"]]},
                                        upstream=UPSTREAM) == []
        screenshot_whole_notebook(page, SHOTS / f"lab-{shot_name(path)}-run.png")
    finally:
        page.close()


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=shot_name)
def test_voila_shows_no_code_and_responds(browser, voila, path):
    base, token = voila
    page = new_page(browser)
    try:
        page.goto(f"{base}/voila/render/{shown_path(path)}?token={token}", wait_until="commit")
        try:
            page.locator(".jp-Cell-outputWrapper").first.wait_for(timeout=60_000)
        except Exception:  # noqa: BLE001 -- Voila can stall under load; one fresh try
            page.reload(wait_until="commit")
            page.locator(".jp-Cell-outputWrapper").first.wait_for(timeout=60_000)
        page.wait_for_load_state("networkidle")
        body = page.locator("body").inner_text()
        for source in code_sources(path):
            assert source not in body, f"code shown in the code-free view: {source}"
        assert_no_errors(page)
        for number, interact in enumerate(interactions(path), start=1):
            if not getattr(interact, "needs_code", False):
                shoot(page, interact(page), SHOTS / f"voila-{shot_name(path)}-interaction-{number}.png")
        page.screenshot(path=SHOTS / f"voila-{shot_name(path)}.png", full_page=True)
        assert_no_errors(page)
        # our template names what JupyterLab's renderers leave unnamed: nothing is left over
        assert accessibility_violations(page, "#rendered_cells") == []
    finally:
        page.close()


def test_a_teacher_steps_through_a_notebook_one_section_at_a_time(browser, voila):
    """Projector mode: #sections opens on the first section alone; → and ← move, the bar says
    where; Esc shows the whole notebook again; nothing is lost on the way."""
    base, token = voila
    path = ROOT / "notebooks" / "03_competing_timelines.ipynb"
    headings = [line[3:].strip() for cell in nbformat.read(path, as_version=4).cells
                if cell.cell_type == "markdown" for line in cell.source.splitlines()
                if line.startswith("## ")]
    page = new_page(browser)
    try:
        page.goto(f"{base}/voila/render/{path.name}?token={token}#sections", wait_until="commit")
        status = page.locator("#lesson-steps-where")
        status.wait_for(timeout=90_000)
        page.wait_for_load_state("networkidle")
        total = len(headings) + 1  # the title and its opening, then one section per heading
        assert status.inner_text().startswith(f"1 / {total}")
        visible = page.locator("#rendered_cells h2:visible")
        assert visible.count() == 0
        page.keyboard.press("ArrowRight")
        assert status.inner_text() == f"2 / {total}: {headings[0]}"
        assert visible.all_inner_texts() == [page.locator("#rendered_cells h2").first.inner_text()]
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowLeft")
        assert status.inner_text().startswith("2 /")
        page.screenshot(path=SHOTS / "voila-sections.png")
        page.keyboard.press("Escape")
        assert visible.count() == len(headings)
        assert not status.is_visible()
        assert_no_errors(page)
    finally:
        page.close()


def test_voila_list_of_notebooks_needs_no_network(browser, voila):
    """`raqqa-lesson present` opens on this list: every notebook, and nothing asked of a CDN."""
    base, token = voila
    page = new_page(browser)
    try:
        page.goto(f"{base}/?token={token}")
        page.get_by_text(NOTEBOOKS[-1].name).wait_for(timeout=30_000)  # the list is drawn by script
        page.wait_for_load_state("networkidle")
        body = page.locator("body").inner_text()
        assert all(path.name in body for path in NOTEBOOKS), body
        page.screenshot(path=SHOTS / "voila-list.png")
        assert_no_errors(page)
    finally:
        page.close()
