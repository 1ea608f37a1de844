"""What a reviewer can do to a document: correct, approve, reject, reclassify, split, merge, ask.

Every action checks the version the reviewer saw (optimistic locking), is
recorded as a ``Decision`` (who, when, what) and as an audit row (ids only),
re-runs the rules where the data changed, and rewrites the result JSON. The
database flush comes before the JSON write, so a lost race never reaches the
file; the commit is the caller's.
"""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from review import forms, store
from review.audit import record
from review.models import Decision, Document, DocStatus, Field, Page, User
from review.recheck import recheck


class Conflict(Exception):
    """Someone else changed the document since it was loaded (HTTP 409)."""


class Refused(Exception):
    """The action does not make sense for this document as it stands (HTTP 422)."""


F = TypeVar("F", bound=Callable[..., Any])


def _locked(fn: F) -> F:
    """Any flush that finds the row's version moved on (autoflush included) is a Conflict."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except StaleDataError as exc:
            raise Conflict("This document was changed by someone else at the same moment. "
                           "Reload it and try again.") from exc

    return wrapper  # type: ignore[return-value]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def check_version(doc: Document, version: int | None) -> None:
    if version is None or int(version) != doc.version:
        raise Conflict(
            "This document was changed by someone else since you opened it. "
            "Reload it to see their changes, then make yours again."
        )


def check_active(doc: Document) -> None:
    if doc.status not in DocStatus.ACTIVE:
        raise Refused(f"This document is already {doc.status.replace('_', ' ')}.")
    if doc.pipeline_route == "quarantine":
        raise Refused("A quarantined file has no data to review: re-process it once fixed.")


def _finish(db: Session, doc: Document, user: User, action: str, *, reason: str | None = None,
            note: str | None = None, detail: dict[str, Any] | None = None,
            audit_detail: str | None = None, remote_addr: str | None = None) -> Decision:
    """Record the act, bump the version (flush: a concurrent change fails here)."""
    doc.updated_at = _now()
    decision = Decision(document=doc, user_id=user.id, action=action, reason=reason, note=note,
                        detail=detail)
    db.add(decision)
    record(db, user, action, doc.id, audit_detail, remote_addr)
    try:
        db.flush()
    except StaleDataError as exc:
        raise Conflict("This document was changed by someone else at the same moment. "
                       "Reload it and try again.") from exc
    return decision


def _json_route(doc: Document, rules_route: str) -> str:
    """Until a person approves, the result stays ``review``; approved, it says what the rules say."""
    return rules_route if doc.status == DocStatus.APPROVED else "review"


@_locked
def correct_field(db: Session, out_dir: Path, doc: Document, user: User, name: str,
                  raw: str | list[str] | None, version: int | None,
                  remote_addr: str | None = None) -> Any:
    """Set (or clear) one field as the reviewer read it; confidence 1.0; rules re-run."""
    check_version(doc, version)
    check_active(doc)
    if name not in forms.fields_of(doc.form_type) and name not in doc.field_map():
        raise Refused(f"{name} is not a field of this form type.")
    try:
        value = forms.parse(name, raw)
    except forms.ValueError_ as exc:
        raise Refused(str(exc)) from None
    field = doc.field_map().get(name)
    if value is None:
        if field is not None:
            if not field.corrected:
                field.original_value = field.value
            doc.fields.remove(field)
    elif field is None:
        doc.fields.append(Field(name=name, value=value, confidence=1.0, corrected=True))
    else:
        if not field.corrected:
            field.original_value = field.value
        field.value, field.confidence, field.corrected = value, 1.0, True
    decision = recheck(doc)
    doc.route = _json_route(doc, str(_v(decision.route)))
    _finish(db, doc, user, "correct_field", detail={"field": name},
            audit_detail=f"field={name}", remote_addr=remote_addr)
    store.write_result(out_dir, doc)
    return decision


@_locked
def approve(db: Session, out_dir: Path, doc: Document, user: User, version: int | None,
            remote_addr: str | None = None) -> None:
    """Release. Refused while the rules still find the authorization invalid."""
    check_version(doc, version)
    check_active(doc)
    decision = recheck(doc)
    if doc.validity == "invalid":
        raise Refused("The rules still find errors: correct the fields, or reject the document.")
    doc.status = DocStatus.APPROVED
    doc.route = _json_route(doc, str(_v(decision.route)))
    _finish(db, doc, user, "approve", remote_addr=remote_addr)
    store.write_result(out_dir, doc)


@_locked
def reject(db: Session, out_dir: Path, doc: Document, user: User, version: int | None,
           reason: str, note: str | None = None, remote_addr: str | None = None) -> None:
    check_version(doc, version)
    check_active(doc)
    if reason not in forms.REJECT_REASONS:
        raise Refused("Choose a reason for the rejection.")
    doc.status = DocStatus.REJECTED
    doc.route = "review"
    _finish(db, doc, user, "reject", reason=reason, note=(note or "").strip() or None,
            audit_detail=f"reason={reason}", remote_addr=remote_addr)
    store.write_result(out_dir, doc)


@_locked
def request_info(db: Session, doc: Document, user: User, version: int | None,
                 note: str | None = None, remote_addr: str | None = None) -> None:
    """The document waits for the requester; it stays in the queue, marked."""
    check_version(doc, version)
    check_active(doc)
    doc.status = DocStatus.INFO_REQUESTED
    _finish(db, doc, user, "request_info", note=(note or "").strip() or None,
            remote_addr=remote_addr)


@_locked
def reclassify(db: Session, out_dir: Path, doc: Document, user: User, version: int | None,
               form_type: str, remote_addr: str | None = None) -> None:
    """A person names the form type (confidence 1.0); fields the new type lacks are dropped."""
    check_version(doc, version)
    check_active(doc)
    if form_type not in forms.FORM_TYPES:
        raise Refused("Unknown form type.")
    before = doc.form_type
    doc.form_type, doc.form_type_confidence = form_type, 1.0
    keep = set(forms.fields_of(form_type))
    doc.fields = [f for f in doc.fields if f.name in keep]
    decision = recheck(doc)
    doc.route = _json_route(doc, str(_v(decision.route)))
    _finish(db, doc, user, "reclassify", detail={"from": before, "to": form_type},
            audit_detail=f"from={before} to={form_type}", remote_addr=remote_addr)
    store.write_result(out_dir, doc)


def _split_id(doc_id: str, first_page: int) -> str:
    """The pipeline's own id scheme (``<file part>-pNNN``): re-processing a file agrees with it."""
    m = re.match(r"^(.*)-p\d{3,}$", doc_id)
    return f"{m.group(1) if m else doc_id}-p{first_page:03d}"


def _copy_image(out_dir: Path, page: Page, new_doc_id: str) -> None:
    """Copy, never move: the other document's folder is the pipeline's, untouched."""
    if not page.image_path:
        return
    src = out_dir / page.image_path
    rel = f"pages/{new_doc_id}/page-{page.number}.png"
    if src.is_file():
        (out_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, out_dir / rel)
        page.image_path = rel


@_locked
def split(db: Session, out_dir: Path, doc: Document, user: User, version: int | None,
          page_numbers: list[int], form_type: str, remote_addr: str | None = None) -> Document:
    """Move some pages (and the fields read on them) into a new document of ``form_type``."""
    check_version(doc, version)
    check_active(doc)
    numbers = sorted(set(page_numbers))
    own = {p.number for p in doc.pages}
    if not numbers or not set(numbers) <= own or set(numbers) == own:
        raise Refused("Choose some of this document's pages, not all of them.")
    if min(own) in numbers:
        raise Refused("The first page stays with this document (its id comes from it): "
                      "split off the later pages instead.")
    if form_type not in forms.FORM_TYPES:
        raise Refused("Unknown form type.")
    new_id = _split_id(doc.id, numbers[0])
    if db.get(Document, new_id) is not None:
        raise Conflict("A document with those pages already exists; merge instead.")
    if doc.extra_reasons is None:
        recheck(doc)
    moved_pages = [p for p in doc.pages if p.number in numbers]
    moved_fields = [f for f in doc.fields if f.page in numbers]
    new = Document(
        id=new_id, source_file=doc.source_file, sha256=doc.sha256, received_at=doc.received_at,
        channel=doc.channel, sender_fax=doc.sender_fax, form_type=form_type,
        form_type_confidence=1.0, validity="unknown", route="review", pipeline_route="review",
        review_reasons=[], patient_match=doc.patient_match, own_template=doc.own_template,
        extra_reasons=list(doc.extra_reasons or []), original={}, result_sha256="",
        status=DocStatus.OPEN,
    )
    db.add(new)
    keep = set(forms.fields_of(form_type))
    with db.no_autoflush:  # a page in flight between two documents is not an orphan
        new.pages, new.fields = [], []
        for p in moved_pages:
            doc.pages.remove(p)
            new.pages.append(p)
            _copy_image(out_dir, p, new_id)
        for f in moved_fields:
            doc.fields.remove(f)
            if f.name in keep:
                new.fields.append(f)
    for d in (doc, new):
        d.route = _json_route(d, str(_v(recheck(d).route)))
    new.original = store.to_result(new).to_json_dict()
    pages_txt = ",".join(str(n) for n in numbers)
    _finish(db, doc, user, "split", detail={"pages": numbers, "new_document": new_id},
            audit_detail=f"pages={pages_txt} new={new_id}", remote_addr=remote_addr)
    _finish(db, new, user, "split_from", detail={"from": doc.id, "pages": numbers},
            audit_detail=f"from={doc.id} pages={pages_txt}", remote_addr=remote_addr)
    store.write_result(out_dir, doc)
    store.write_result(out_dir, new)
    return new


@_locked
def merge(db: Session, out_dir: Path, doc: Document, user: User, version: int | None,
          other_id: str, remote_addr: str | None = None) -> None:
    """Take another document of the same file into this one (pages, and fields this one lacks)."""
    check_version(doc, version)
    check_active(doc)
    other = db.get(Document, other_id)
    if other is None or other.id == doc.id or (other.sha256, other.source_file) != (
            doc.sha256, doc.source_file):
        raise Refused("Only another document of the same file can be merged in.")
    check_active(other)
    have = doc.field_map()
    with db.no_autoflush:
        for p in list(other.pages):
            other.pages.remove(p)
            doc.pages.append(p)
            _copy_image(out_dir, p, doc.id)
        for f in list(other.fields):
            other.fields.remove(f)
            if f.name not in have and f.name in forms.fields_of(doc.form_type):
                doc.fields.append(f)
    other.status, other.merged_into = DocStatus.MERGED, doc.id
    other.findings = []
    doc.route = _json_route(doc, str(_v(recheck(doc).route)))
    _finish(db, other, user, "merged_into", detail={"into": doc.id},
            audit_detail=f"into={doc.id}", remote_addr=remote_addr)
    _finish(db, doc, user, "merge", detail={"from": other.id},
            audit_detail=f"from={other.id}", remote_addr=remote_addr)
    store.write_result(out_dir, doc)
    store.remove_result(out_dir, other.id)


def _v(x: Any) -> Any:
    return getattr(x, "value", x)
