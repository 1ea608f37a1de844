# Convenience targets; the README's two commands are scripts/demo.sh and scripts/test.sh.
PY := .venv/bin/python

.PHONY: setup demo test bench model corpus eval
setup:
	./scripts/setup.sh
demo:
	./scripts/demo.sh
test:
	./scripts/test.sh
bench:
	$(PY) -m bench.throughput --pages 16
	$(PY) -m bench.clean_ablation --pages 12
corpus:
	$(PY) -m models.scripts.corpus --synth-docs 500 --out models/corpus/pages.jsonl
model: corpus
	$(PY) -m models.scripts.train models/corpus/pages.jsonl
eval:
	.venv/bin/him-intake process ../shared/data/dev/inbox --out out/dev --quiet
	$(PY) ../shared/tools/score.py --truth ../shared/data/dev/truth.json --results out/dev/results
