#!/usr/bin/env bash
# Set up, then run one Prefect flow run over a copy of sample_inbox/ (the repo's copy stays as it is),
# with the sample's fake patient registry, and create a reviewer login for the review desk.
# Results: out/demo/results/, archived files: out/demo/archive/DATE/, quarantine: out/demo/quarantine/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
rm -rf out/demo && mkdir -p out/demo/inbox
cp -p sample_inbox/* out/demo/inbox/
export HIM_REGISTRY_URL="sqlite:///$PWD/out/demo/registry.sqlite"
.venv/bin/him-intake registry import tests/resources/sample_registry.csv --url "$HIM_REGISTRY_URL"
.venv/bin/him-intake run --inbox out/demo/inbox --out out/demo
password=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(12))')
HIM_NEW_PASSWORD="$password" .venv/bin/him-intake users create reviewer --role reviewer --out out/demo >/dev/null
echo
echo "Review the flagged documents:  .venv/bin/him-intake review --out out/demo   then open http://127.0.0.1:8000/"
echo "login: reviewer   password: $password   (demo only; create real users with 'him-intake users create')"
