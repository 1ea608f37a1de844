# Convenience targets; the README's two commands are scripts/demo.sh and scripts/test.sh.
PY := .venv/bin/python

.PHONY: setup demo test bench model corpus eval eval-heldout eval-digital model-card
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
	$(PY) -m models.scripts.corpus --synth-docs 0 --out models/corpus/real.jsonl
	$(PY) -m models.scripts.corpus --no-real --synth-docs 500 --out models/corpus/synth.jsonl
model: corpus
	$(PY) -m models.scripts.train models/corpus/real.jsonl models/corpus/synth.jsonl --measure-out models/him_measure
eval:
	.venv/bin/him-intake process ../shared/data/dev/inbox --out out/dev --quiet
	$(PY) ../shared/tools/score.py --truth ../shared/data/dev/truth.json --results out/dev/results
# Leave-issuer-out, whole pipeline: an inbox drawn only from bluemesa and northfork, run with the
# train-only model of the shipped recipe (models/him_measure), which never saw those issuers.
eval-heldout:
	rm -rf out/heldout && $(PY) -m synth make-inbox --out out/heldout/inbox --n 40 --seed 2027 --issuers bluemesa,northfork
	HIM_MODEL_DIR=models/him_measure .venv/bin/him-intake process out/heldout/inbox --out out/heldout --quiet
	$(PY) ../shared/tools/score.py --truth out/heldout/inbox.truth.json --results out/heldout/results
# Born-digital (text PDF) files only, of the same held-out issuers: what goes straight through, and whether it should.
eval-digital:
	rm -rf out/digital && $(PY) -m synth make-inbox --out out/digital/inbox --n 30 --seed 2029 --issuers bluemesa,northfork --kind digital
	HIM_MODEL_DIR=models/him_measure .venv/bin/him-intake process out/digital/inbox --out out/digital --quiet
	$(PY) ../shared/tools/score.py --truth out/digital/inbox.truth.json --results out/digital/results
# The shipped classifier's leave-issuer-out figures and reliability table.
model-card:
	$(PY) -m models.scripts.card
