"""Workforce accounts, created from the command line (``him-intake users create``)."""

from __future__ import annotations

import re

from sqlalchemy import select

from review.audit import record
from review.db import session_factory
from review.models import User
from review.security import hash_password

ROLES = ("reviewer", "admin")
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,80}$")


class UserError(ValueError):
    """A user cannot be created as asked (the message says why)."""


def create_user(db_url: str, username: str, password: str, role: str) -> int:
    """Create a user (or reset an existing one's password and role); returns the user id.

    Resetting rather than failing lets an admin recover a locked-out account
    with the same command. Passwords shorter than 12 characters are refused.
    """
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if not _USERNAME.match(username):
        raise UserError("username: 2-80 letters, digits or . _ @ -")
    if len(password) < 12:
        raise UserError("password: at least 12 characters")
    with session_factory(db_url)() as db:
        user = db.scalar(select(User).where(User.username == username))
        action = "user_update" if user else "user_create"
        if user is None:
            user = User(username=username, role=role, password_hash=hash_password(password))
            db.add(user)
        else:
            user.role, user.password_hash, user.active = role, hash_password(password), True
        db.flush()
        record(db, None, action, detail=f"user_id={user.id} role={role}", username="cli")
        db.commit()
        return user.id
