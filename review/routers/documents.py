"""One document: the view, its page images, field corrections (htmx and JSON).

Every view of a document or of a page image is an audit row: those are the
disclosures 164.312(b) asks to be able to examine.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from review import actions, forms
from review.audit import record
from review.deps import CurrentUser, SessionDep, client_addr, csrf_protect
from review.models import Document, DocStatus
from review.queries import neighbours
from review.recheck import RulesUnavailable
from review.store import documents_of_source

router = APIRouter(tags=["documents"], dependencies=[Depends(csrf_protect)])
api = APIRouter(prefix="/api", tags=["documents"], dependencies=[Depends(csrf_protect)])


def get_document(db: Session, doc_id: str) -> Document:
    doc = db.get(Document, doc_id)
    if doc is None:
        raise HTTPException(status_code=404, detail="No such document.")
    return doc


def field_rows(doc: Document) -> list[dict[str, Any]]:
    """Every field the form type can carry (missing ones too, so they can be filled in)."""
    have = doc.field_map()
    names = list(forms.fields_of(doc.form_type)) + [n for n in have if n not in
                                                     forms.fields_of(doc.form_type)]
    flagged: dict[str, list[str]] = {}
    for f in doc.findings:
        if f.field:
            flagged.setdefault(f.field, []).append(f.severity)
    threshold = 0.85
    rows = []
    for name in names:
        f = have.get(name)
        rows.append({
            "name": name, "kind": forms.kind(name), "field": f,
            "text": forms.display(f.value if f else None),
            "choices": forms.CHOICES.get(name) or forms.LISTS.get(name),
            "unsure": bool(f and f.confidence < threshold and not f.corrected),
            "flag": "error" if "error" in flagged.get(name, []) else
                    ("warning" if flagged.get(name) else None),
        })
    return rows


def page_views(doc: Document) -> list[dict[str, Any]]:
    """Each page with the boxes of the fields read on it (in the stored image's pixels)."""
    views = []
    for p in sorted(doc.pages, key=lambda p: p.number):
        boxes = [
            {"name": f.name, "x": f.bbox[0], "y": f.bbox[1],
             "w": max(f.bbox[2] - f.bbox[0], 1), "h": max(f.bbox[3] - f.bbox[1], 1)}
            for f in doc.fields if f.page == p.number and f.bbox
        ]
        views.append({"page": p, "boxes": boxes})
    return views


def doc_context(db: Session, doc: Document, user: Any, **extra: Any) -> dict[str, Any]:
    prev_id, next_id = neighbours(db, doc.id)
    siblings = [d for d in documents_of_source(db, doc.sha256, doc.source_file)
                if d.id != doc.id and d.status in DocStatus.ACTIVE]
    return {"user": user, "doc": doc, "rows": field_rows(doc), "pages": page_views(doc),
            "prev_id": prev_id, "next_id": next_id, "siblings": siblings,
            "active": doc.status in DocStatus.ACTIVE and doc.pipeline_route != "quarantine",
            **extra}


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, db: SessionDep, user: CurrentUser) -> Response:
    doc = get_document(db, doc_id)
    record(db, user, "view_document", doc.id, remote_addr=client_addr(request))
    db.commit()
    return request.app.state.templates.TemplateResponse(
        request, "document.html", doc_context(db, doc, user))


@router.get("/documents/{doc_id}/pages/{number}.png")
def page_image(request: Request, doc_id: str, number: int, db: SessionDep,
               user: CurrentUser) -> Response:
    doc = get_document(db, doc_id)
    page = next((p for p in doc.pages if p.number == number), None)
    if page is None or not page.image_path:
        raise HTTPException(status_code=404, detail="No stored image for that page.")
    out_dir = request.app.state.out_dir
    path = (out_dir / page.image_path).resolve()
    if out_dir not in path.parents or not path.is_file():
        raise HTTPException(status_code=404, detail="No stored image for that page.")
    record(db, user, "view_page", doc.id, f"page={number}", client_addr(request))
    db.commit()
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "private, no-store"})


def _fragment(request: Request, name: str, ctx: dict[str, Any], status: int = 200,
              headers: dict[str, str] | None = None) -> Response:
    return request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status,
                                                        headers=headers)


def flash(request: Request, message: str, status: int) -> Response:
    """An error shown in the page's message area, whatever element asked."""
    return _fragment(request, "_flash.html", {"message": message, "status": status}, status,
                     {"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"})


@router.post("/documents/{doc_id}/fields/{name}", response_class=HTMLResponse)
def correct_field_htmx(request: Request, doc_id: str, name: str, db: SessionDep,
                       user: CurrentUser, version: Annotated[int, Form()],
                       value: Annotated[str, Form()] = "") -> Response:
    """htmx: save one field, answer with the re-checked findings panel (+ new version)."""
    doc = get_document(db, doc_id)
    try:
        actions.correct_field(db, request.app.state.out_dir, doc, user, name, value, version,
                              client_addr(request))
    except actions.Conflict as exc:
        db.rollback()
        return flash(request, str(exc), 409)
    except (actions.Refused, RulesUnavailable) as exc:
        db.rollback()
        return flash(request, str(exc), 422)
    db.commit()
    ctx = doc_context(db, doc, user, saved=name)
    return _fragment(request, "_panel.html", ctx)


@contextmanager
def api_errors(db: Session) -> Iterator[None]:
    """A stale version is a 409, a refused change (or rules that cannot run) a 422; both roll back."""
    try:
        yield
    except actions.Conflict as exc:
        db.rollback()
        raise HTTPException(status_code=409, detail=str(exc)) from None
    except (actions.Refused, RulesUnavailable) as exc:
        db.rollback()
        raise HTTPException(status_code=422, detail=str(exc)) from None


class FieldOut(BaseModel):
    value: Any
    confidence: float
    page: int | None
    bbox: list[float] | None
    corrected: bool


class FindingOut(BaseModel):
    code: str
    severity: str
    message: str
    citation: str | None
    field: str | None


class DocumentOut(BaseModel):
    document_id: str
    version: int
    status: str
    form_type: str
    form_type_confidence: float
    channel: str
    received_at: str
    due_date: str | None
    validity: str
    route: str
    review_reasons: list[str]
    pages: list[int]
    fields: dict[str, FieldOut]
    findings: list[FindingOut]


class FieldIn(BaseModel):
    value: str | list[str] | None
    version: int


def document_out(doc: Document) -> DocumentOut:
    return DocumentOut(
        document_id=doc.id, version=doc.version, status=doc.status, form_type=doc.form_type,
        form_type_confidence=doc.form_type_confidence, channel=doc.channel,
        received_at=doc.received_at, due_date=doc.due_date.isoformat() if doc.due_date else None,
        validity=doc.validity, route=doc.route, review_reasons=list(doc.review_reasons),
        pages=[p.number for p in sorted(doc.pages, key=lambda p: p.number)],
        fields={f.name: FieldOut(value=f.value, confidence=f.confidence, page=f.page, bbox=f.bbox,
                                 corrected=f.corrected) for f in doc.fields},
        findings=[FindingOut(code=f.code, severity=f.severity, message=f.message,
                             citation=f.citation, field=f.field) for f in doc.findings],
    )


@api.get("/documents/{doc_id}", response_model=DocumentOut)
def document_api(request: Request, doc_id: str, db: SessionDep, user: CurrentUser) -> DocumentOut:
    doc = get_document(db, doc_id)
    record(db, user, "view_document", doc.id, remote_addr=client_addr(request))
    db.commit()
    return document_out(doc)


@api.put("/documents/{doc_id}/fields/{name}", response_model=DocumentOut)
def correct_field_api(request: Request, doc_id: str, name: str, body: FieldIn, db: SessionDep,
                      user: CurrentUser) -> DocumentOut:
    doc = get_document(db, doc_id)
    with api_errors(db):
        actions.correct_field(db, request.app.state.out_dir, doc, user, name, body.value,
                              body.version, client_addr(request))
    db.commit()
    return document_out(doc)
