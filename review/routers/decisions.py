"""Decisions on a document: approve, reject, request information, reclassify, split, merge.

HTML forms post here and are redirected (to the next document in the queue
after approve/reject, back to the document otherwise); the JSON API takes
the same actions under ``/api``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from review import actions
from review.deps import CurrentUser, SessionDep, client_addr, csrf_protect
from review.models import Document, User
from review.queries import neighbours
from review.recheck import RulesUnavailable
from review.routers.documents import DocumentOut, api_errors, doc_context, document_out, get_document

router = APIRouter(tags=["decisions"], dependencies=[Depends(csrf_protect)])
api = APIRouter(prefix="/api", tags=["decisions"], dependencies=[Depends(csrf_protect)])

Version = Annotated[int, Form()]


def _run(request: Request, db: SessionDep, doc: Document, user: User,
         act: Callable[[], object], then: str) -> Response:
    """Apply an action; a conflict or refusal re-renders the document with the message."""
    try:
        act()
    except (actions.Conflict, actions.Refused, RulesUnavailable) as exc:
        db.rollback()
        status = 409 if isinstance(exc, actions.Conflict) else 422
        db.refresh(doc)
        return request.app.state.templates.TemplateResponse(
            request, "document.html", doc_context(db, doc, user, error=str(exc)),
            status_code=status)
    db.commit()
    return RedirectResponse(then, status_code=303)


def _next_url(db: SessionDep, doc_id: str) -> str:
    _prev, nxt = neighbours(db, doc_id)
    return f"/documents/{nxt}" if nxt else "/queue"


@router.post("/documents/{doc_id}/approve")
def approve(request: Request, doc_id: str, db: SessionDep, user: CurrentUser,
            version: Version) -> Response:
    doc = get_document(db, doc_id)
    nxt = _next_url(db, doc_id)
    return _run(request, db, doc, user, lambda: actions.approve(
        db, request.app.state.out_dir, doc, user, version, client_addr(request)), nxt)


@router.post("/documents/{doc_id}/reject")
def reject(request: Request, doc_id: str, db: SessionDep, user: CurrentUser, version: Version,
           reason: Annotated[str, Form()] = "", note: Annotated[str, Form()] = "") -> Response:
    doc = get_document(db, doc_id)
    nxt = _next_url(db, doc_id)
    return _run(request, db, doc, user, lambda: actions.reject(
        db, request.app.state.out_dir, doc, user, version, reason, note, client_addr(request)), nxt)


@router.post("/documents/{doc_id}/request-info")
def request_info(request: Request, doc_id: str, db: SessionDep, user: CurrentUser,
                 version: Version, note: Annotated[str, Form()] = "") -> Response:
    doc = get_document(db, doc_id)
    return _run(request, db, doc, user, lambda: actions.request_info(
        db, doc, user, version, note, client_addr(request)), f"/documents/{doc_id}")


@router.post("/documents/{doc_id}/reclassify")
def reclassify(request: Request, doc_id: str, db: SessionDep, user: CurrentUser,
               version: Version, form_type: Annotated[str, Form()]) -> Response:
    doc = get_document(db, doc_id)
    return _run(request, db, doc, user, lambda: actions.reclassify(
        db, request.app.state.out_dir, doc, user, version, form_type, client_addr(request)),
        f"/documents/{doc_id}")


@router.post("/documents/{doc_id}/split")
def split(request: Request, doc_id: str, db: SessionDep, user: CurrentUser, version: Version,
          form_type: Annotated[str, Form()],
          pages: Annotated[list[int] | None, Form()] = None) -> Response:
    doc = get_document(db, doc_id)
    return _run(request, db, doc, user, lambda: actions.split(
        db, request.app.state.out_dir, doc, user, version, pages or [], form_type,
        client_addr(request)), f"/documents/{doc_id}")


@router.post("/documents/{doc_id}/merge")
def merge(request: Request, doc_id: str, db: SessionDep, user: CurrentUser, version: Version,
          other: Annotated[str, Form()]) -> Response:
    doc = get_document(db, doc_id)
    return _run(request, db, doc, user, lambda: actions.merge(
        db, request.app.state.out_dir, doc, user, version, other, client_addr(request)),
        f"/documents/{doc_id}")


class DecisionIn(BaseModel):
    action: Literal["approve", "reject", "request_info", "reclassify"]
    version: int
    reason: str | None = None
    note: str | None = None
    form_type: str | None = None


@api.post("/documents/{doc_id}/decisions", response_model=DocumentOut)
def decide_api(request: Request, doc_id: str, body: DecisionIn, db: SessionDep,
               user: CurrentUser) -> DocumentOut:
    doc = get_document(db, doc_id)
    out, addr = request.app.state.out_dir, client_addr(request)
    with api_errors(db):
        if body.action == "approve":
            actions.approve(db, out, doc, user, body.version, addr)
        elif body.action == "reject":
            actions.reject(db, out, doc, user, body.version, body.reason or "", body.note, addr)
        elif body.action == "request_info":
            actions.request_info(db, doc, user, body.version, body.note, addr)
        else:
            actions.reclassify(db, out, doc, user, body.version, body.form_type or "", addr)
    db.commit()
    return document_out(doc)
