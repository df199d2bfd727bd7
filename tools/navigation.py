"""Keep everything that points at the notebooks current, from one home address.

The repository's public address is written once, as ``[project.urls] Repository`` in
pyproject.toml. From it and the notebooks this script writes, and nobody edits by hand:

- in each notebook: a line of links at the top and bottom (previous, contents, next), the links to
  run it online (Binder, Colab, nbviewer), and the Colab-only install at the top of its setup cell;
  in 00, the table of contents;
- in README.md: the Binder badges and a table of nbviewer and Colab links for every notebook;
- in README.md and docs/teacher-guide.md: the class set-up (hub install line, nbgitpuller link).

Usage: python tools/navigation.py          rewrite all of it in place
       python tools/navigation.py --check  exit 1 if any of it is out of date
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import nbformat
from nbformat.v4 import new_markdown_cell

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the test group installs tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
GUIDE = ROOT / "docs" / "teacher-guide.md"
TAG = "navigation"
COLAB_MARK = "# In Google Colab only (elsewhere this does nothing):"


@dataclass(frozen=True)
class Home:
    """The repository's public address on GitHub, and every link made from it."""

    url: str
    branch: str = "main"

    @property
    def slug(self) -> str:
        """``owner/name``, as Binder, nbviewer and Colab address a GitHub repository."""
        match = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+?)/?", self.url)
        if not match:
            raise ValueError(f"[project.urls] Repository must be https://github.com/OWNER/NAME, "
                             f"not {self.url!r}: Binder, nbviewer and Colab links are built from it")
        return match.group(1)

    @property
    def requirement(self) -> str:
        """What pip installs the lesson from: the branch the links point at."""
        return f"raqqa-lesson @ git+{self.url.rstrip('/')}@{self.branch}"

    def nbviewer(self, notebook: str) -> str:
        return f"https://nbviewer.org/github/{self.slug}/blob/{self.branch}/notebooks/{notebook}"

    def colab(self, notebook: str) -> str:
        return f"https://colab.research.google.com/github/{self.slug}/blob/{self.branch}/notebooks/{notebook}"

    def binder(self, urlpath: str) -> str:
        return f"https://mybinder.org/v2/gh/{self.slug}/{self.branch}?urlpath={quote(urlpath, safe='')}"

    def binder_lab(self, notebook: str) -> str:
        return self.binder(f"lab/tree/notebooks/{notebook}")

    def binder_voila(self) -> str:
        return self.binder("voila/tree/notebooks")

    def nbgitpuller(self, notebook: str) -> str:
        """A hub link that clones (or updates) the repository into a learner's home folder."""
        folder = self.slug.split("/")[1]
        query = urlencode({"repo": self.url, "branch": self.branch,
                           "urlpath": f"lab/tree/{folder}/notebooks/{notebook}"})
        return f"https://YOUR-HUB/hub/user-redirect/git-pull?{query}"


def project(pyproject: Path = ROOT / "pyproject.toml") -> dict:
    """The ``[project]`` table of pyproject.toml."""
    return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]


def home(pyproject: Path = ROOT / "pyproject.toml") -> Home:
    urls = project(pyproject).get("urls", {})
    if "Repository" not in urls:
        raise ValueError(f"{pyproject}: add the public address as [project.urls] Repository")
    return Home(urls["Repository"])


def lesson_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def title(notebook: nbformat.NotebookNode) -> str:
    """The notebook's first level-1 heading."""
    for cell in notebook.cells:
        match = re.search(r"^# (.+)$", cell.source, re.MULTILINE) if cell.cell_type == "markdown" else None
        if match:
            return match.group(1).strip()
    raise ValueError("a lesson notebook needs a '# ' title")


def minutes(notebook: nbformat.NotebookNode) -> str:
    for cell in notebook.cells:
        match = re.search(r"\*\*Time\*\* \| ([^|]+) \|", cell.source)
        if match:
            return match.group(1).strip()
    return ""


def navigation(paths: list[Path], titles: list[str], index: int) -> str:
    links = []
    if index > 0:
        links.append(f"[← {titles[index - 1]}]({paths[index - 1].name})")
    if index != 0:
        links.append(f"[Contents]({paths[0].name}#Contents)")
    if index < len(paths) - 1:
        links.append(f"[{titles[index + 1]} →]({paths[index + 1].name})")
    return " | ".join(links)


def run_online(site: Home, notebook: str) -> str:
    """Plain links, no badge images: a notebook opened offline must not ask the network for anything."""
    return (f"<small>Run this notebook online: [Binder (JupyterLab)]({site.binder_lab(notebook)}) · "
            f"[Google Colab]({site.colab(notebook)}) · read it on [nbviewer]({site.nbviewer(notebook)})</small>")


def contents(paths: list[Path], notebooks: list[nbformat.NotebookNode]) -> str:
    rows = "\n".join(f"| [{title(nb)}]({path.name}) | {minutes(nb)} |"
                     for path, nb in zip(paths[1:], notebooks[1:]))
    return f"## Contents\n\n| notebook | time |\n|---|---|\n{rows}"


def colab_install(site: Home) -> str:
    """The lines that open every setup cell: in Colab they install the lesson and switch on Colab's
    manager for ipywidgets 8; anywhere else ``google.colab`` is not imported and they do nothing."""
    return (f"{COLAB_MARK} install the lesson, switch on its widgets.\n"
            "import sys\n"
            "if \"google.colab\" in sys.modules:\n"
            f"    %pip install --quiet \"{site.requirement}\"\n"
            "    from google.colab import output\n"
            "    output.enable_custom_widget_manager()\n")


def with_colab_install(source: str, site: Home) -> str:
    """The setup cell's source with its Colab lines replaced by current ones (or added)."""
    if source.startswith(COLAB_MARK):
        source = source.split("\n\n", 1)[1] if "\n\n" in source else ""
    return colab_install(site) + "\n" + source


def with_navigation(paths: list[Path], site: Home) -> dict[Path, nbformat.NotebookNode]:
    """Every notebook with its generated cells and lines replaced by current ones."""
    notebooks = [nbformat.read(path, as_version=4) for path in paths]
    titles = [title(nb) for nb in notebooks]
    updated = {}
    for index, (path, notebook) in enumerate(zip(paths, notebooks)):
        cells = [c for c in notebook.cells if TAG not in c.metadata.get("tags", [])]
        setup = next(c for c in cells if c.cell_type == "code")
        setup.source = with_colab_install(setup.source, site)
        line = navigation(paths, titles, index)
        bottom = line if index else contents(paths, notebooks) + "\n\n" + line
        # fixed ids, so regenerating the cells changes nothing when their text has not changed
        cells.insert(0, new_markdown_cell(f"{line}\n\n{run_online(site, path.name)}",
                                          id="navigation-top", metadata={"tags": [TAG]}))
        cells.append(new_markdown_cell(bottom, id="navigation-bottom", metadata={"tags": [TAG]}))
        notebook.cells = cells
        updated[path] = notebook
    return updated


def readme_links(site: Home, paths: list[Path], titles: list[str]) -> str:
    start = paths[0].name
    rows = "\n".join(f"| {name} | [nbviewer]({site.nbviewer(path.name)}) | [Colab]({site.colab(path.name)}) |"
                     for path, name in zip(paths, titles))
    return (f"[![Launch the lesson in JupyterLab on Binder](https://mybinder.org/badge_logo.svg)]"
            f"({site.binder_lab(start)}) JupyterLab, opening at {titles[0].split(':')[0]}\n\n"
            f"[![Launch the code-free view on Binder](https://mybinder.org/badge_logo.svg)]"
            f"({site.binder_voila()}) the code-free view (Voilà), every notebook\n\n"
            f"| notebook | read it, with every chart | run it in Google Colab |\n|---|---|---|\n{rows}")


def class_setup(site: Home, start: str) -> str:
    return ("Install the lesson into the hub's image or environment (the package carries the data and "
            "the notebooks; JupyterLab itself is the hub's):\n\n"
            f"```bash\npip install \"{site.requirement}\"\n```\n\n"
            "Then give learners this [nbgitpuller](https://nbgitpuller.readthedocs.io/) link, with your "
            "hub's address in place of `YOUR-HUB`. It clones the repository into each learner's home "
            "folder the first time, pulls updates after that without overwriting what a learner changed, "
            f"and opens the first notebook:\n\n```text\n{site.nbgitpuller(start)}\n```")


def between_marks(text: str, name: str, body: str, where: Path) -> str:
    """``text`` with what stands between its two ``name`` marks replaced by ``body``."""
    start = f"<!-- {name}: generated by tools/navigation.py from pyproject.toml; do not edit -->"
    end = f"<!-- end of {name} -->"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"{where.relative_to(ROOT)}: the marks\n{start}\n{end}\nare missing")
    return pattern.sub(lambda _: f"{start}\n{body}\n{end}", text)


def render(site: Home) -> dict[Path, str]:
    """Every generated file's full, current text."""
    paths = lesson_notebooks()
    notebooks = with_navigation(paths, site)
    titles = [title(nb) for nb in notebooks.values()]
    texts = {path: nbformat.writes(nb) + "\n" for path, nb in notebooks.items()}
    readme = README.read_text(encoding="utf-8")
    readme = between_marks(readme, "links", readme_links(site, paths, titles), README)
    texts[README] = between_marks(readme, "class set-up", class_setup(site, paths[0].name), README)
    texts[GUIDE] = between_marks(GUIDE.read_text(encoding="utf-8"), "class set-up",
                                 class_setup(site, paths[0].name), GUIDE)
    return texts


def main(argv: list[str]) -> int:
    stale = []
    for path, text in render(home()).items():
        if text != path.read_text(encoding="utf-8"):
            stale.append(str(path.relative_to(ROOT)))
            if "--check" not in argv:
                path.write_text(text, encoding="utf-8")
    if stale and "--check" in argv:
        print("links or navigation out of date in: " + ", ".join(stale) + "; run python tools/navigation.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
