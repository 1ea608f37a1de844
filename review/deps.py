"""Request dependencies: database session, current user, admin role, CSRF check.

Sessions are server-side: the cookie carries a random token signed with
itsdangerous; the database keeps only its hash, the user and the session's
CSRF token. A session idle past ``session_idle_minutes`` is ended.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from review.models import User, UserSession
from review.security import same, token_hash

SESSION_COOKIE = "him_session"
LOGIN_CSRF_COOKIE = "him_login_csrf"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class NotAuthenticated(Exception):
    """No valid session: HTML gets a redirect to the login page, the API a 401."""


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as db:
        yield db


SessionDep = Annotated[Session, Depends(get_db)]


def signer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.secret_key, salt="him-review-session")


def _aware(t: datetime) -> datetime:
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def current_user(request: Request, db: SessionDep) -> User:
    settings = request.app.state.settings
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        raise NotAuthenticated
    try:
        token = signer(request).loads(raw, max_age=settings.session_max_hours * 3600)
    except BadSignature:
        raise NotAuthenticated from None
    sess = db.scalar(select(UserSession).where(UserSession.token_sha256 == token_hash(token)))
    now = datetime.now(timezone.utc)
    if sess is None or not sess.user.active:
        raise NotAuthenticated
    if now - _aware(sess.last_seen) > timedelta(minutes=settings.session_idle_minutes):
        db.delete(sess)
        db.commit()
        raise NotAuthenticated
    if now - _aware(sess.last_seen) > timedelta(seconds=30):
        sess.last_seen = now
        db.commit()
    request.state.user = sess.user
    request.state.csrf_token = sess.csrf_token
    return sess.user


CurrentUser = Annotated[User, Depends(current_user)]


def require_admin(user: CurrentUser) -> User:
    if user.role != "admin":
        raise HTTPException(status_code=403, detail="Admins only.")
    return user


AdminUser = Annotated[User, Depends(require_admin)]


async def csrf_protect(request: Request, user: CurrentUser) -> None:
    """Every state-changing request carries the session's token (header or form field)."""
    if request.method not in UNSAFE:
        return
    sent = request.headers.get("x-csrf-token")
    if not sent and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get("csrf_token")  # type: ignore[assignment]
    if not same(sent, request.state.csrf_token):
        raise HTTPException(status_code=403, detail="Missing or wrong CSRF token: reload the page.")


def client_addr(request: Request) -> str | None:
    return request.client.host if request.client else None
