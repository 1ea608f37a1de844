"""The audit trail (45 CFR 164.312(b)): who did what to which document, and when.

Only ids and action names go in: never a field value, a patient name or a
free-text note, so the log itself holds no PHI and can be kept and shipped
under looser controls than the records.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from review.models import AuditLog, User


def record(
    db: Session,
    user: User | None,
    action: str,
    document_id: str | None = None,
    detail: str | None = None,
    remote_addr: str | None = None,
    username: str | None = None,
) -> None:
    """Add one row to the session; it commits with the change it describes."""
    db.add(
        AuditLog(
            user_id=user.id if user else None,
            username=user.username if user else username,
            action=action,
            document_id=document_id,
            detail=(detail or None) and detail[:300],
            remote_addr=remote_addr,
        )
    )
