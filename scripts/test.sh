#!/usr/bin/env bash
# Set up (with Chromium for the browser tests and torch for the training code's tests), then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_BROWSER=1 WITH_TRAIN=1 ./scripts/setup.sh
export OMP_THREAD_LIMIT=1
# two workers, each test file on one of them (a file's fixtures are built once; the one Prefect run is alone)
.venv/bin/python -m pytest -q -n 2 --dist loadfile "$@"
