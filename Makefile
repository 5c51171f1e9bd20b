# Two commands on a fresh machine (see README):  make run   |   make test
# Each sets up what it needs: the virtual environment from the pinned requirements, and
# the database (created, migrated and filled with the illustrative inventory on first run).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run workshop test lint bench

$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/python -m tmf init-db
	$(BIN)/python -m streamlit run app.py --server.port $(PORT) --server.address 127.0.0.1

# A workshop: the same dashboard listening on the local network, so participants' phones
# reach the join page (the Workshop page shows the QR code and link). TMF_WORKSHOP=1: every
# browser but this computer's gets the participant page alone (session/pages.py).
workshop: $(VENV)/.runtime
	$(BIN)/python -m tmf init-db
	TMF_WORKSHOP=1 $(BIN)/python -m streamlit run app.py --server.port $(PORT) --server.address 0.0.0.0

test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: $(VENV)/.dev
	$(BIN)/python bench/bench_ranking.py
	$(BIN)/python bench/bench_interactive.py
	$(BIN)/python bench/bench_scale.py
