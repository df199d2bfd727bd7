# Two commands for people, each setting up (or refreshing) a local virtual environment first:
#   make lesson   open the lesson in JupyterLab (token on, localhost only)
#   make test     run the whole test suite
# Maintainers: `make notebooks` rebuilds and runs the committed notebooks from the lesson packages
# in data/ (the same engine as `raqqa-lesson build`); `make check` validates the bundled package;
# `make bench` measures speed and footprint against their floors (see docs/performance.md).
# Teachers: `make handout` writes the printable handout into handout/ (PDF when Chromium is installed).

PYTHON ?= python3
VENV ?= .venv
BIN := $(abspath $(VENV))/bin
LAB_ARGS ?=
# environment.yml's conda pins (python and pip aside) as pip constraints, so the venv runs the very
# versions Binder builds, and the tests check what Binder gets
PINS := sed -nE 's/^ *- *([A-Za-z][A-Za-z0-9_.-]*)=([0-9][^ \#]*) *$$/\1==\2/p' environment.yml | grep -v -e '^python==' -e '^pip=='

.PHONY: install lesson test notebooks check bench handout clean

install: $(VENV)/.lesson

lesson: $(VENV)/.lesson
	$(BIN)/raqqa-lesson lab notebooks -- $(LAB_ARGS)

test: $(VENV)/.test
	$(BIN)/ruff check --quiet src tests tools bench
	$(BIN)/python -m pytest

notebooks: $(VENV)/.test
	$(BIN)/python tools/navigation.py
	$(BIN)/python tools/teacher_material.py

bench: $(VENV)/.test
	$(BIN)/python bench/run.py

handout: $(VENV)/.lesson
	$(BIN)/raqqa-lesson handout data/rt-raqqa-2017 handout

check: $(VENV)/.lesson
	$(BIN)/raqqa-lesson check data/rt-raqqa-2017

$(VENV)/.lesson: pyproject.toml environment.yml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "raqqa-lesson needs Python 3.10 or newer; try: make PYTHON=python3.12 $(MAKECMDGOALS)"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create $(VENV). On Debian or Ubuntu: sudo apt install python3-venv, then try again."; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25.1"
	$(PINS) > $(VENV)/pins.txt
	$(BIN)/python -m pip install --quiet --editable ".[serve]" --constraint $(VENV)/pins.txt
	@touch $@

$(VENV)/.test: $(VENV)/.lesson
	$(BIN)/python -m pip install --quiet --editable ".[serve]" --group test --constraint $(VENV)/pins.txt
	@touch $@

clean:
	rm -rf $(VENV) build dist handout .pytest_cache .test-tmp
