"""Build every bundled lesson into notebooks/, and keep every link to them current.

Each lesson listed in data/lessons.csv is built from its package by the same engine a teacher's
`raqqa-lesson build` uses, with this repository's online links: the repository's public address is
written once, as ``[project.urls] Repository`` in pyproject.toml, and from it come

- in each notebook: the links to run it online (Binder, Colab, nbviewer) and the Colab-only
  install at the top of its setup cell;
- in README.md: the Binder badges and a table of nbviewer and Colab links for every notebook;
- in README.md and docs/teacher-guide.md: the class set-up (hub install line, nbgitpuller link).

Usage: python tools/navigation.py          build and run the notebooks, rewrite the links
       python tools/navigation.py --check  exit 1 if any of it is out of date
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import nbformat

from raqqa_lesson.build import Online, build, error_outputs, notebooks_for
from raqqa_lesson.datapackage import load
from raqqa_lesson.locate import bundled_lessons

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the test group installs tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
GUIDE = ROOT / "docs" / "teacher-guide.md"
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
    """The first lesson's notebooks, as committed."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def run_online(site: Home, notebook: str) -> str:
    """Plain links, no badge images: a notebook opened offline must not ask the network for anything."""
    return (f"<small>Run this notebook online: [Binder (JupyterLab)]({site.binder_lab(notebook)}) · "
            f"[Google Colab]({site.colab(notebook)}) · read it on [nbviewer]({site.nbviewer(notebook)})</small>")


def colab_install(site: Home) -> str:
    """The lines that open every setup cell: in Colab they install the lesson and switch on Colab's
    manager for ipywidgets 8; anywhere else ``google.colab`` is not imported and they do nothing."""
    return (f"{COLAB_MARK} install the lesson, switch on its widgets.\n"
            "import sys\n"
            "if \"google.colab\" in sys.modules:\n"
            f"    %pip install --quiet \"{site.requirement}\"\n"
            "    from google.colab import output\n"
            "    output.enable_custom_widget_manager()\n")


def lessons(site: Home) -> list[tuple[Path, Path, Online]]:
    """Every bundled lesson: its package, its notebooks' folder, and how they are reached online."""
    found = []
    for row in bundled_lessons():
        folder = row["notebooks"].strip("/")
        found.append((ROOT / "data" / row["package"], NOTEBOOKS / folder,
                      Online(lambda path: run_online(site, path), colab_install(site), folder)))
    return found


def built(site: Home) -> dict[Path, nbformat.NotebookNode]:
    """Every bundled lesson's notebooks as the engine writes them, before they are run."""
    notebooks = {}
    for package, folder, online in lessons(site):
        for name, notebook in notebooks_for(load(package), package.name, online=online).items():
            notebooks[folder / f"{name}.ipynb"] = notebook
    return notebooks


def title(notebook: nbformat.NotebookNode) -> str:
    """The notebook's first level-1 heading."""
    for cell in notebook.cells:
        match = re.search(r"^# (.+)$", cell.source, re.MULTILINE) if cell.cell_type == "markdown" else None
        if match:
            return match.group(1).strip()
    raise ValueError("a lesson notebook needs a '# ' title")


def cell_sources(notebook: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """What a notebook says, without what running it adds."""
    return [(cell.cell_type, cell.source) for cell in notebook.cells]


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
    """Every generated file's full, current text (notebooks before they are run)."""
    notebooks = built(site)
    texts = {path: nbformat.writes(nb) + "\n" for path, nb in notebooks.items()}
    first = sorted(path for path in notebooks if path.parent == NOTEBOOKS)
    titles = [title(notebooks[path]) for path in first]
    readme = README.read_text(encoding="utf-8")
    readme = between_marks(readme, "links", readme_links(site, first, titles), README)
    texts[README] = between_marks(readme, "class set-up", class_setup(site, first[0].name), README)
    texts[GUIDE] = between_marks(GUIDE.read_text(encoding="utf-8"), "class set-up",
                                 class_setup(site, first[0].name), GUIDE)
    return texts


def stale(site: Home) -> list[str]:
    """The generated files that differ from what the lessons and the address give."""
    found = []
    for path, text in render(site).items():
        if path.suffix == ".ipynb":
            current = path.exists() and cell_sources(nbformat.read(path, as_version=4)) == \
                cell_sources(nbformat.reads(text, as_version=4))
        else:
            current = text == path.read_text(encoding="utf-8")
        if not current:
            found.append(str(path.relative_to(ROOT)))
    return found


def main(argv: list[str]) -> int:
    site = home()
    if "--check" in argv:
        out_of_date = stale(site)
        if out_of_date:
            print("out of date: " + ", ".join(out_of_date) + "; run make notebooks")
        return 1 if out_of_date else 0
    for package, folder, online in lessons(site):
        for path in build(package, folder, online=online):
            print(f"{path.relative_to(ROOT)}: {'ok' if not error_outputs(nbformat.read(path, 4)) else 'ERRORS'}")
    for path, text in render(site).items():
        if path.suffix != ".ipynb" and text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
