#!/usr/bin/env bash
# Set up, then run one Prefect flow run over a copy of sample_inbox/ (the repo's copy stays as it is).
# Results: out/demo/results/, archived files: out/demo/archive/, quarantine: out/demo/quarantine/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
rm -rf out/demo && mkdir -p out/demo/inbox
cp -p sample_inbox/* out/demo/inbox/
.venv/bin/him-intake run --inbox out/demo/inbox --out out/demo
echo "review the flagged documents: .venv/bin/him-intake review --out out/demo"
