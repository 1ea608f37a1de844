"""The review queue and the quarantine list (HTML), and the queue as JSON."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from review.audit import record
from review.deps import CurrentUser, SessionDep, client_addr, csrf_protect
from review.queries import QueueFilter, quarantine, reason_key, review_queue

router = APIRouter(tags=["queue"], dependencies=[Depends(csrf_protect)])
api = APIRouter(prefix="/api", tags=["queue"], dependencies=[Depends(csrf_protect)])


class QueueItem(BaseModel):
    """No field values here: the queue shows what a document is, not what it says."""

    document_id: str
    form_type: str
    channel: str
    received_at: str
    due_date: str | None
    status: str
    review_reasons: list[str]
    version: int


class QueueOut(BaseModel):
    total: int
    items: list[QueueItem]
    by_form_type: dict[str, int]
    by_channel: dict[str, int]
    by_reason: dict[str, dict[str, Any]]


def _filter(form_type: str | None, reason: str | None, channel: str | None) -> QueueFilter:
    return QueueFilter(form_type=form_type or None, reason=reason or None, channel=channel or None)


@router.get("/queue", response_class=HTMLResponse)
def queue_page(request: Request, db: SessionDep, user: CurrentUser,
               form_type: Annotated[str | None, Query()] = None,
               reason: Annotated[str | None, Query()] = None,
               channel: Annotated[str | None, Query()] = None) -> Response:
    flt = _filter(form_type, reason, channel)
    q = review_queue(db, flt)
    record(db, user, "view_queue", remote_addr=client_addr(request))
    db.commit()
    return request.app.state.templates.TemplateResponse(
        request, "queue.html",
        {"user": user, "q": q, "flt": flt, "reason_key": reason_key,
         "quarantined": len(quarantine(db))},
    )


@router.get("/quarantine", response_class=HTMLResponse)
def quarantine_page(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    items = quarantine(db)
    record(db, user, "view_quarantine", remote_addr=client_addr(request))
    db.commit()
    return request.app.state.templates.TemplateResponse(
        request, "quarantine.html", {"user": user, "items": items})


@api.get("/queue", response_model=QueueOut)
def queue_api(request: Request, db: SessionDep, user: CurrentUser,
              form_type: str | None = None, reason: str | None = None,
              channel: str | None = None) -> QueueOut:
    q = review_queue(db, _filter(form_type, reason, channel))
    record(db, user, "view_queue", remote_addr=client_addr(request))
    db.commit()
    return QueueOut(
        total=q.total,
        items=[QueueItem(document_id=d.id, form_type=d.form_type, channel=d.channel,
                         received_at=d.received_at,
                         due_date=d.due_date.isoformat() if d.due_date else None,
                         status=d.status, review_reasons=d.review_reasons, version=d.version)
               for d in q.items],
        by_form_type=dict(q.by_form_type), by_channel=dict(q.by_channel),
        by_reason={k: {"reason": r, "count": n} for k, (r, n) in q.by_reason.items()},
    )
