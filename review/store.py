"""Results in, results out: load result JSON into the database, and write corrected ones back.

``ingest`` is what the pipeline's flow calls after each run. It is an upsert
by ``document_id`` that never touches a document a reviewer has acted on
(any decision or correction): the pipeline re-processing a file must not
undo a person's work. ``write_result`` is the way back: the document as the
desk now sees it, validated against the contract, written atomically.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.result import DocumentResult, FieldValue, Finding as ResultFinding, PageInfo
from pipeline.result import PatientMatch, Source
from pipeline.write import atomic_write_bytes
from review.db import session_factory
from review.models import Document, DocStatus, Field, Finding, Page
from review.settings import resolve_database_url

log = logging.getLogger("him_intake.review")


def ingest(out_dir: Path, database_url: str | None = None) -> int:
    """Load every ``out_dir/results/*.json``; returns how many documents were added or refreshed."""
    out_dir = Path(out_dir)
    results = out_dir / "results"
    if not results.is_dir():
        return 0
    changed = 0
    with session_factory(resolve_database_url(out_dir, database_url))() as db:
        for path in sorted(results.glob("*.json")):
            try:
                data = path.read_bytes()
                result = DocumentResult.model_validate_json(data)
            except (OSError, ValidationError, ValueError):
                # The file name is an id; its content is not logged (PHI).
                log.warning("review ingest: %s is not a readable result, skipped", path.name)
                continue
            if upsert(db, out_dir, result, hashlib.sha256(data).hexdigest()):
                changed += 1
        db.commit()
    return changed


def reviewed(doc: Document) -> bool:
    """A person has acted on it: its data is theirs now, not the pipeline's."""
    return bool(doc.decisions) or doc.status != DocStatus.OPEN or any(f.corrected for f in doc.fields)


def upsert(db: Session, out_dir: Path, result: DocumentResult, sha: str) -> bool:
    """Insert or refresh one document; False when unchanged or already reviewed."""
    doc = db.get(Document, result.document_id)
    if doc is not None and (doc.result_sha256 == sha or reviewed(doc)):
        return False
    if doc is None:
        doc = Document(id=result.document_id, status=DocStatus.OPEN)
        db.add(doc)
    else:
        # Old rows go first: (document_id, name) and (document_id, number) are unique.
        doc.pages.clear()
        doc.fields.clear()
        doc.findings.clear()
        db.flush()
    src = result.source
    doc.source_file, doc.sha256 = src.file, src.sha256
    doc.received_at, doc.channel, doc.sender_fax = src.received_at, str(src.channel), src.sender_fax
    doc.form_type, doc.form_type_confidence = str(result.form_type), result.form_type_confidence
    doc.validity, doc.route, doc.pipeline_route = str(result.validity), str(result.route), str(result.route)
    doc.review_reasons = list(result.review_reasons)
    doc.due_date = date.fromisoformat(result.due_date) if result.due_date else None
    doc.error = result.error
    doc.patient_match = result.patient_match.model_dump(mode="json") if result.patient_match else None
    doc.own_template = result.form_type == "third_party_authorization" and not any(
        f.code == "AUTH_PLAIN_LANGUAGE" for f in result.findings
    )
    doc.original = result.to_json_dict()
    doc.extra_reasons = None
    doc.result_sha256 = sha
    doc.pages = [_page(out_dir, result.document_id, p) for p in result.pages]
    doc.fields = [
        Field(name=name, value=fv.value, confidence=fv.confidence, page=fv.page, bbox=fv.bbox)
        for name, fv in result.fields.items()
    ]
    doc.findings = [_finding(i, f) for i, f in enumerate(result.findings)]
    return True


def _page(out_dir: Path, doc_id: str, p: PageInfo) -> Page:
    rel = f"pages/{doc_id}/page-{p.number}.png"
    width = height = None
    if (out_dir / rel).is_file():
        width, height = _png_size(out_dir / rel)
    return Page(number=p.number, role=str(p.role), rotation=p.rotation, skew_degrees=p.skew_degrees,
                ocr_confidence=p.ocr_confidence, image_path=rel if width else None,
                width=width, height=height)


def _png_size(path: Path) -> tuple[int | None, int | None]:
    """From the header alone: a page image is never decoded just to be listed."""
    from PIL import Image

    try:
        with Image.open(path) as im:
            return im.size
    except OSError:
        return None, None


def _finding(position: int, f: Any) -> Finding:
    return Finding(position=position, code=f.code, severity=str(f.severity), message=f.message,
                   citation=f.citation, field=f.field)


def to_result(doc: Document) -> DocumentResult:
    """The document as the desk sees it now, in the contract's shape (validated by the model)."""
    return DocumentResult(
        document_id=doc.id,
        source=Source(file=doc.source_file, sha256=doc.sha256, received_at=doc.received_at,
                      channel=doc.channel, sender_fax=doc.sender_fax),
        pages=[PageInfo(number=p.number, role=p.role, rotation=p.rotation,
                        skew_degrees=p.skew_degrees, ocr_confidence=p.ocr_confidence)
               for p in sorted(doc.pages, key=lambda p: p.number)],
        form_type=doc.form_type,
        form_type_confidence=doc.form_type_confidence,
        fields={f.name: FieldValue(value=f.value, confidence=f.confidence, page=f.page, bbox=f.bbox)
                for f in doc.fields},
        patient_match=PatientMatch(**doc.patient_match) if doc.patient_match else None,
        findings=[ResultFinding(code=f.code, severity=f.severity, message=f.message,
                                citation=f.citation, field=f.field) for f in doc.findings],
        validity=doc.validity,
        route=doc.route,
        review_reasons=list(doc.review_reasons),
        due_date=doc.due_date.isoformat() if doc.due_date else None,
        error=doc.error,
    )


def write_result(out_dir: Path, doc: Document) -> Path:
    """``out_dir/results/<id>.json`` replaced atomically (temp file in the same folder, rename)."""
    path = Path(out_dir) / "results" / f"{doc.id}.json"
    data = (json.dumps(to_result(doc).to_json_dict(), indent=2, ensure_ascii=False) + "\n").encode()
    atomic_write_bytes(path, data)
    doc.result_sha256 = hashlib.sha256(data).hexdigest()
    return path


def remove_result(out_dir: Path, doc_id: str) -> None:
    """A document merged into another no longer stands alone: its result goes, its row stays."""
    (Path(out_dir) / "results" / f"{doc_id}.json").unlink(missing_ok=True)


def documents_of_source(db: Session, sha256: str, file: str) -> list[Document]:
    return list(db.scalars(select(Document).where(Document.sha256 == sha256,
                                                  Document.source_file == file)))
