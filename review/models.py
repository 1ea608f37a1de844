"""Database tables of the reviewer's desk (SQLAlchemy 2, declarative).

The result JSON files stay the contract; these tables are what the app reads
and where reviewers' work lives (decisions, corrections, who did what). The
schema itself is created by the Alembic migrations in ``review/migrations``;
keep the two in step.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class DocStatus:
    """Where a document stands at the desk (the route stays the pipeline's word)."""

    OPEN = "open"
    INFO_REQUESTED = "info_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    MERGED = "merged"

    ACTIVE = (OPEN, INFO_REQUESTED)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    source_file: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    received_at: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(20), index=True)
    sender_fax: Mapped[str | None] = mapped_column(String(40))
    form_type: Mapped[str] = mapped_column(String(40), index=True)
    form_type_confidence: Mapped[float] = mapped_column(Float)
    validity: Mapped[str] = mapped_column(String(20))
    route: Mapped[str] = mapped_column(String(20), index=True)
    """The route as last decided by the rules (what the result JSON says)."""
    pipeline_route: Mapped[str] = mapped_column(String(20), index=True)
    """The route the pipeline gave: ``review`` documents make the queue."""
    review_reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    error: Mapped[str | None] = mapped_column(Text)
    patient_match: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    own_template: Mapped[bool] = mapped_column(Boolean, default=False)
    extra_reasons: Mapped[list[Any] | None] = mapped_column(JSON)
    """Reasons the pipeline gave that no rule gives (duplicate, sidecar...): kept on re-runs.
    None until first worked out (it takes the rules engine)."""
    original: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The pipeline's result as ingested, kept for comparison and re-runs."""
    result_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default=DocStatus.OPEN, index=True)
    merged_into: Mapped[str | None] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    pages: Mapped[list[Page]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Page.number"
    )
    fields: Mapped[list[Field]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Field.id"
    )
    findings: Mapped[list[Finding]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Finding.position"
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="document", order_by="Decision.id"
    )

    # Optimistic locking: every UPDATE carries ``WHERE version = <loaded>``.
    __mapper_args__ = {"version_id_col": version}

    def field_map(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}


class Page(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(20))
    rotation: Mapped[int | None] = mapped_column(Integer)
    skew_degrees: Mapped[float | None] = mapped_column(Float)
    ocr_confidence: Mapped[float | None] = mapped_column(Float)
    image_path: Mapped[str | None] = mapped_column(String(500))
    """Relative to the output folder (``pages/<id>/page-N.png``); None if not stored."""
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[Document] = relationship(back_populates="pages")


class Field(Base):
    __tablename__ = "fields"
    __table_args__ = (UniqueConstraint("document_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    value: Mapped[Any] = mapped_column(JSON)
    confidence: Mapped[float] = mapped_column(Float)
    page: Mapped[int | None] = mapped_column(Integer)
    bbox: Mapped[list[Any] | None] = mapped_column(JSON)
    corrected: Mapped[bool] = mapped_column(Boolean, default=False)
    original_value: Mapped[Any | None] = mapped_column(JSON)

    document: Mapped[Document] = relationship(back_populates="fields")


class Finding(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    citation: Mapped[str | None] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(String(80))

    document: Mapped[Document] = relationship(back_populates="findings")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UserSession(Base):
    """Server-side session: the cookie holds only a signed random token; its hash is here."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship()


class Decision(Base):
    """A reviewer's act on a document: corrections included, so ingest knows not to overwrite."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    document: Mapped[Document] = relationship(back_populates="decisions")
    user: Mapped[User] = relationship()


class AuditLog(Base):
    """Append-only (triggers in the migration refuse UPDATE/DELETE). Ids only, never PHI."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str | None] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40), index=True)
    document_id: Mapped[str | None] = mapped_column(String(80), index=True)
    detail: Mapped[str | None] = mapped_column(String(300))
    remote_addr: Mapped[str | None] = mapped_column(String(64))


@event.listens_for(AuditLog, "before_update")
@event.listens_for(AuditLog, "before_delete")
def _audit_is_append_only(mapper: Any, connection: Any, target: AuditLog) -> None:
    """Second guard beside the database triggers: the ORM never edits a log row."""
    raise PermissionError("audit_log is append-only")
