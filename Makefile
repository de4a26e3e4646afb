# Two commands do all the set-up on a fresh machine:
#   make run    -- build the environment if needed, then run orgsim on its built-in defaults
#   make test   -- build the environment if needed, then run the test suite
# Python 3.12 is found through pyenv (.python-version) or as python3.12 on PATH.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTHON_312 := $(shell pyenv which python 2>/dev/null || command -v python3.12 \
	|| ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | head -n 1 || command -v python3)

.PHONY: run test lint bench setup clean browser fonts docs-tables

$(STAMP): pyproject.toml
	@$(PYTHON_312) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "orgsim needs Python >= 3.12: install it (pyenv install 3.12) and retry")'
	$(PYTHON_312) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,bench,class]"
	@touch $(STAMP)

setup: $(STAMP)

run: $(STAMP) fonts
	$(VENV)/bin/orgsim $(ARGS)

# Chinese names in figures need a Chinese font, and none is downloaded at run time. Debian's
# fonts-wqy-microhei is installed when matplotlib finds none and we are root with apt-get;
# matplotlib's font list is then rebuilt so that it sees the new font.
fonts: $(STAMP)
	@if $(PY) -c 'import sys; from orgsim.analysis.plotting import chinese_font; sys.exit(chinese_font() is None)'; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei \
		&& $(PY) -c 'import pathlib, matplotlib; [p.unlink() for p in pathlib.Path(matplotlib.get_cachedir()).glob("fontlist-*.json")]') \
		|| echo "no Chinese font could be installed: Chinese names in figures will show as boxes"; \
	else echo "no Chinese font (install fonts-noto-cjk or fonts-wqy-microhei): Chinese names in figures will show as boxes"; fi

# The browser test of the HTML report needs Debian's chromium (browsers cannot be downloaded
# here). Installed when missing and we are root with apt-get; otherwise the test is skipped.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
		|| echo "chromium could not be installed: the browser test will be skipped"; \
	else echo "no chromium (and no root apt-get to install it): the browser test will be skipped"; fi

test: $(STAMP) browser fonts
	$(VENV)/bin/pytest -n 2 --dist worksteal $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m tests.typecheck

bench: $(STAMP)
	$(PY) benchmarks/engine_speed.py $(ARGS)

# Refill the result tables of docs/scenarios.md and README.md from the shipped experiments
# (minutes: every one runs); ARGS=--check lists stale cells instead, ARGS="--only city" one.
docs-tables: $(STAMP)
	$(PY) scripts/docs_tables.py $(ARGS)

clean:
	rm -rf $(VENV) outputs multirun
