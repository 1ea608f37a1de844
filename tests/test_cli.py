"""The commands of cli.md end to end: real Tesseract, spaCy, Prefect and files."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import REPO, run_cli, schema

TRUTH = json.loads((REPO / "tests" / "resources" / "sample_inbox.truth.json").read_text(encoding="utf-8"))


def results(out: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "results").glob("*.json"))]


@pytest.mark.slow
class TestProcessSampleInbox:
    def test_every_file_has_a_schema_valid_result(self, sample_out: Path) -> None:
        got = results(sample_out)
        validator = jsonschema.Draft202012Validator(schema())
        for r in got:
            validator.validate(r)
        assert {r["source"]["file"] for r in got} == {f["file"] for f in TRUTH["files"]}
        assert [p.name for p in (sample_out / "results").iterdir() if p.suffix != ".json"] == []

    def test_bad_files_are_quarantined_with_a_reason(self, sample_out: Path) -> None:
        bad = {f["file"] for f in TRUTH["files"] if f["quarantine"]}
        for r in results(sample_out):
            if r["source"]["file"] in bad:
                assert r["route"] == "quarantine" and r["error"] and r["fields"] == {} and r["pages"] == []
            else:
                assert r["route"] != "quarantine"

    def test_no_invalid_document_goes_through(self, sample_out: Path) -> None:
        truth_docs = {(f["file"], d["pages"][0]): d for f in TRUTH["files"] for d in f["documents"]}
        for r in results(sample_out):
            if r["route"] == "auto":
                first = r["pages"][0]["number"]
                assert truth_docs[(r["source"]["file"], first)]["validity"] == "valid"

    def test_form_types_of_the_sample_inbox(self, sample_out: Path) -> None:
        truth = {(f["file"], d["pages"][0]): d["form_type"] for f in TRUTH["files"] for d in f["documents"]}
        got = {(r["source"]["file"], r["pages"][0]["number"]): r["form_type"] for r in results(sample_out) if r["pages"]}
        right = sum(got.get(k) == v for k, v in truth.items())
        assert right / len(truth) >= 0.8, {k: (v, got.get(k)) for k, v in truth.items() if got.get(k) != v}

    def test_same_input_same_output(self, sample_out: Path, tmp_path: Path) -> None:
        one = next(f["file"] for f in TRUTH["files"] if f["kind"] == "fax")
        before = hashlib.sha256((REPO / "sample_inbox" / one).read_bytes()).hexdigest()
        proc = run_cli("process", str(REPO / "sample_inbox" / one), "--out", str(tmp_path), "--quiet")
        assert proc.returncode == 0
        again = {r["document_id"]: r for r in results(tmp_path)}
        first = {r["document_id"]: r for r in results(sample_out) if r["source"]["file"] == one}
        assert again == first
        assert hashlib.sha256((REPO / "sample_inbox" / one).read_bytes()).hexdigest() == before


class TestProcessArguments:
    def test_missing_path_is_a_clear_error(self, tmp_path: Path) -> None:
        proc = run_cli("process", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
        assert proc.returncode == 2 and "no such file" in proc.stderr

    def test_bad_received_at(self, tmp_path: Path) -> None:
        proc = run_cli("process", str(tmp_path), "--out", str(tmp_path / "o"), "--received-at", "yesterday")
        assert proc.returncode == 2


@pytest.mark.slow
class TestRunFlow:
    def test_one_flow_run_archives_quarantines_and_waits(self, tmp_path: Path) -> None:
        """GIVEN a good fax with sidecar, a truncated PDF and a .part file WHEN the flow runs
        THEN results are written, the fax is archived with its sidecar, the PDF quarantined
        with a reason, and the partial file left in the inbox."""
        inbox = tmp_path / "inbox"
        inbox.mkdir()
        good = next(f for f in TRUTH["files"] if f["kind"] == "fax" and f.get("sidecar") and len(f["documents"]) == 1)
        bad = next(f for f in TRUTH["files"] if f.get("bad_kind") == "truncated_pdf")
        for name in (good["file"], good["file"] + ".json", bad["file"]):
            if (REPO / "sample_inbox" / name).exists():
                shutil.copy2(REPO / "sample_inbox" / name, inbox / name)
        (inbox / "incoming.pdf.part").write_bytes(b"%PDF-1.4 partial")
        out = tmp_path / "out"
        proc = run_cli("run", "--inbox", str(inbox), "--out", str(out), "--quiet")
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert sorted(p.name for p in inbox.iterdir()) == ["incoming.pdf.part"]
        archived = list((out / "archive").glob("*/*"))
        assert sorted(p.name for p in archived) == sorted([good["file"], good["file"] + ".json"])
        q = out / "quarantine"
        assert (q / bad["file"]).exists()
        assert "truncated" in (q / (bad["file"] + ".reason.txt")).read_text()
        files = {r["source"]["file"] for r in results(out)}
        assert files == {good["file"], bad["file"]}


@pytest.mark.slow
class TestExplain:
    def test_explain_prints_findings_citations_and_route(self, sample_out: Path) -> None:
        flagged = next(p for p in sorted((sample_out / "results").glob("*.json"))
                       if json.loads(p.read_text())["findings"])
        proc = run_cli("explain", str(flagged))
        assert proc.returncode == 0, proc.stderr
        result = json.loads(flagged.read_text())
        assert f"Route: {result['route']}" in proc.stdout
        assert result["findings"][0]["code"] in proc.stdout
        assert "CFR" in proc.stdout

    def test_explain_refuses_a_non_result(self, tmp_path: Path) -> None:
        bad = tmp_path / "x.json"
        bad.write_text("not json")
        assert run_cli("explain", str(bad)).returncode == 2
