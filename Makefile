# Two commands for people, each setting up (or refreshing) a local virtual environment first:
#   make lesson   open the lesson in JupyterLab (token on, localhost only)
#   make test     run the whole test suite
# Maintainers: `make notebooks` re-executes the committed notebooks; `make check` validates data/.

PYTHON ?= python3
VENV ?= .venv
BIN := $(abspath $(VENV))/bin
LAB_ARGS ?=
# JupyterLab refuses to start as root unless told; containers and CI often run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lesson test notebooks check clean

lesson: $(VENV)/.lesson
	cd notebooks && $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(ALLOW_ROOT) $(LAB_ARGS) 00_start_here.ipynb

test: $(VENV)/.test
	$(BIN)/ruff check --quiet src tests tools
	$(BIN)/python -m pytest

notebooks: $(VENV)/.test
	$(BIN)/python tools/navigation.py
	$(BIN)/python tools/execute_notebooks.py

check: $(VENV)/.lesson
	$(BIN)/raqqa-lesson check data

$(VENV)/.lesson: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "raqqa-lesson needs Python 3.10 or newer; try: make PYTHON=python3.12 $(MAKECMDGOALS)"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create $(VENV). On Debian or Ubuntu: sudo apt install python3-venv, then try again."; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet --editable .
	@touch $@

$(VENV)/.test: $(VENV)/.lesson
	$(BIN)/python -m pip install --quiet --editable . --group test
	@touch $@

clean:
	rm -rf $(VENV) build dist .pytest_cache .test-tmp
