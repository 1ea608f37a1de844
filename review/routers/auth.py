"""Login and logout. The login form has its own CSRF token (signed cookie + form field)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from pydantic import BaseModel
from sqlalchemy import delete, select

from review.audit import record
from review.deps import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    CurrentUser,
    SessionDep,
    client_addr,
    csrf_protect,
    signer,
)
from review.models import User, UserSession
from review.security import DUMMY_HASH, new_token, same, token_hash, verify_password

router = APIRouter(tags=["auth"])
api = APIRouter(prefix="/api", tags=["auth"])


class Me(BaseModel):
    """Who is logged in, and the CSRF token an API client sends as ``X-CSRF-Token``."""

    username: str
    role: str
    csrf_token: str


@api.get("/me", response_model=Me)
def me(request: Request, user: CurrentUser) -> Me:
    return Me(username=user.username, role=user.role, csrf_token=request.state.csrf_token)


def _login_signer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.secret_key, salt="him-review-login")


def _safe_next(target: str | None) -> str:
    """Only a local path: never an open redirect."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/queue"


def _login_page(request: Request, error: str | None = None, status: int = 200) -> Response:
    token = new_token()
    resp = request.app.state.templates.TemplateResponse(
        request, "login.html",
        {"login_csrf": token, "error": error, "next": _safe_next(request.query_params.get("next"))},
        status_code=status,
    )
    resp.set_cookie(LOGIN_CSRF_COOKIE, _login_signer(request).dumps(token), httponly=True,
                    samesite="strict", secure=request.app.state.settings.cookie_secure,
                    max_age=3600)
    return resp


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/login")
def login(request: Request, db: SessionDep, username: Annotated[str, Form()],
          password: Annotated[str, Form()], csrf_token: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "/queue") -> Response:
    try:
        expected = _login_signer(request).loads(request.cookies.get(LOGIN_CSRF_COOKIE, ""),
                                                max_age=3600)
    except BadSignature:
        expected = None
    if not same(csrf_token, expected):
        raise HTTPException(status_code=403, detail="Missing or wrong CSRF token: reload the page.")
    user = db.scalar(select(User).where(User.username == username))
    ok = verify_password(password, user.password_hash if user else DUMMY_HASH)
    if user is None or not ok or not user.active:
        # Who tried is an account name, not PHI; the password is never kept.
        record(db, user, "login_failed", remote_addr=client_addr(request),
               detail=None if user else "unknown user")
        db.commit()
        return _login_page(request, "Wrong username or password.", status=401)
    token = new_token()
    db.add(UserSession(token_sha256=token_hash(token), user_id=user.id, csrf_token=new_token()))
    record(db, user, "login", remote_addr=client_addr(request))
    db.commit()
    resp = RedirectResponse(_safe_next(next), status_code=303)
    resp.set_cookie(SESSION_COOKIE, signer(request).dumps(token), httponly=True, samesite="lax",
                    secure=request.app.state.settings.cookie_secure)
    resp.delete_cookie(LOGIN_CSRF_COOKIE)
    return resp


@router.post("/logout")
async def logout(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    await csrf_protect(request, user)
    token = signer(request).loads(request.cookies[SESSION_COOKIE])
    db.execute(delete(UserSession).where(UserSession.token_sha256 == token_hash(token)))
    record(db, user, "logout", remote_addr=client_addr(request))
    db.commit()
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE)
    return resp
