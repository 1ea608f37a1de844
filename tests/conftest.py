"""Shared fixtures: the sample inbox processed once per session by the real command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCHEMA = REPO.parent / "shared" / "spec" / "result.schema.json"
LOCAL_SCHEMA = REPO / "tests" / "resources" / "result.schema.json"
HIM = str(Path(sys.executable).parent / "him-intake")


def schema() -> dict:
    """The contract's schema (../shared/spec when present, else the copy kept in tests/resources)."""
    path = SCHEMA if SCHEMA.exists() else LOCAL_SCHEMA
    return json.loads(path.read_text(encoding="utf-8"))


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([HIM, *args], capture_output=True, text=True, timeout=timeout, cwd=REPO,
                          env={**os.environ, "OMP_THREAD_LIMIT": "1", **(env or {})})


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``him-intake process sample_inbox --out OUT``, once for the session."""
    out = tmp_path_factory.mktemp("sample_out")
    proc = run_cli("process", str(REPO / "sample_inbox"), "--out", str(out), "--quiet")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out
