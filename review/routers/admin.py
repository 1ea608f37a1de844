"""Admin pages: users and the audit log. Reviewers get 403 (role check at the router)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlalchemy import select

from review.audit import record
from review.deps import AdminUser, SessionDep, client_addr, csrf_protect, require_admin
from review.models import AuditLog, User

router = APIRouter(prefix="/admin", tags=["admin"],
                   dependencies=[Depends(require_admin), Depends(csrf_protect)])
api = APIRouter(prefix="/api/admin", tags=["admin"],
                dependencies=[Depends(require_admin), Depends(csrf_protect)])


class UserOut(BaseModel):
    id: int
    username: str
    role: str
    active: bool
    created_at: datetime


class AuditOut(BaseModel):
    id: int
    at: datetime
    user_id: int | None
    username: str | None
    action: str
    document_id: str | None
    detail: str | None
    remote_addr: str | None


def _audit_rows(db: SessionDep, document_id: str | None, limit: int) -> list[AuditLog]:
    stmt = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
    if document_id:
        stmt = stmt.where(AuditLog.document_id == document_id)
    return list(db.scalars(stmt))


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, db: SessionDep, user: AdminUser) -> Response:
    users = list(db.scalars(select(User).order_by(User.username)))
    record(db, user, "view_users", remote_addr=client_addr(request))
    db.commit()
    return request.app.state.templates.TemplateResponse(
        request, "admin_users.html", {"user": user, "users": users})


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, db: SessionDep, user: AdminUser,
               document_id: str | None = None,
               limit: int = Query(default=300, ge=1, le=5000)) -> Response:
    rows = _audit_rows(db, document_id, limit)
    record(db, user, "view_audit", document_id, remote_addr=client_addr(request))
    db.commit()
    return request.app.state.templates.TemplateResponse(
        request, "admin_audit.html", {"user": user, "rows": rows, "document_id": document_id})


@api.get("/users", response_model=list[UserOut])
def users_api(request: Request, db: SessionDep, user: AdminUser) -> list[UserOut]:
    record(db, user, "view_users", remote_addr=client_addr(request))
    db.commit()
    return [UserOut.model_validate(u, from_attributes=True)
            for u in db.scalars(select(User).order_by(User.username))]


@api.get("/audit", response_model=list[AuditOut])
def audit_api(request: Request, db: SessionDep, user: AdminUser, document_id: str | None = None,
              limit: int = Query(default=300, ge=1, le=5000)) -> list[AuditOut]:
    rows = _audit_rows(db, document_id, limit)
    record(db, user, "view_audit", document_id, remote_addr=client_addr(request))
    db.commit()
    return [AuditOut.model_validate(r, from_attributes=True) for r in rows]
