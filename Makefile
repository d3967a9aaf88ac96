# Two commands matter: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
STAGE ?= prod

.PHONY: install run test check lint types unit fuzz mutate corpus relevance openapi bench package clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11+ is required (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'pip>=23,<26.3'  # chalice 1.34 needs pip<26.3
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(STAMP)

run: $(STAMP)
	$(BIN)/coop serve

NODE_STAMP := node_modules/.installed-stamp

$(NODE_STAMP): package.json package-lock.json  # test-only: TypeScript and schema-dts
	npm ci --silent --no-audit --no-fund
	@touch $@

test: check $(NODE_STAMP)  # a file's tests stay on one worker: its module fixtures start once
	$(BIN)/pytest -n auto --dist loadfile

check: lint types

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

types: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest tests/unit

fuzz: $(STAMP)  # the contract fuzz and the sync property test, longer than in make test
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} $(BIN)/pytest tests/integration/test_contract.py -s
	SYNC_EXAMPLES=$${SYNC_EXAMPLES:-300} $(BIN)/pytest tests/functional/test_sync_property.py \
		--hypothesis-show-statistics

MUTATE_MINUTES ?= 30
mutate: $(STAMP)  ## mutation testing of chalicelib/ (docs/testing.md): MUTATE_MINUTES=0, CONTINUE=1
	$(if $(CONTINUE),,rm -rf mutants)
# Each mutant imports chalicelib afresh, so it must find its bytecode whatever the shell says.
	env -u PYTHONDONTWRITEBYTECODE SYNC_EXAMPLES=$${SYNC_EXAMPLES:-10} \
		timeout --foreground -s INT $(MUTATE_MINUTES)m \
		$(BIN)/mutmut run $(if $(JOBS),--max-children $(JOBS)) || [ $$? -eq 124 ]
	$(BIN)/python scripts/mutation_report.py

corpus: $(STAMP)  ## per-rule precision and recall of repair on tests/corpus; WRITE=1 refreshes it
	$(BIN)/python scripts/corpus.py $(if $(WRITE),--write)

relevance: $(STAMP)  ## MRR and recall@3 of search over the judged queries (tests/relevance)
	$(BIN)/python scripts/relevance.py

openapi: $(STAMP)  # regenerate chalicelib/api/openapi.json after changing routes or models
	$(BIN)/coop openapi --write

bench: $(STAMP)  ## figures into docs/performance.md; BENCH_ARGS=--full adds 100,000 per type
	$(BIN)/python scripts/bench.py --write docs/performance.md $(BENCH_ARGS)

package: $(STAMP)
	@mkdir -p build
	$(BIN)/coop template --stage $(STAGE) > build/merge-$(STAGE).json
	AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-us-east-1} $(BIN)/chalice package \
		--stage $(STAGE) --merge-template build/merge-$(STAGE).json build/$(STAGE)

clean:
	rm -rf $(VENV) build mutants node_modules .mypy_cache .pytest_cache .ruff_cache
