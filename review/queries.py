"""Read side: the review queue (with counts) and the quarantine list.

Filters travel in URLs, so a reason is named by a short hash of its sentence
rather than the sentence: URLs (and so any server log) carry only ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from review.models import Document, DocStatus


def reason_key(reason: str) -> str:
    return hashlib.sha256(reason.encode("utf-8")).hexdigest()[:10]


@dataclass
class QueueFilter:
    form_type: str | None = None
    reason: str | None = None
    channel: str | None = None


@dataclass
class Queue:
    items: list[Document]
    total: int
    by_form_type: Counter[str] = field(default_factory=Counter)
    by_channel: Counter[str] = field(default_factory=Counter)
    by_reason: dict[str, tuple[str, int]] = field(default_factory=dict)
    """reason key → (sentence, count)."""


def review_queue(db: Session, flt: QueueFilter) -> Queue:
    """Documents waiting for a person, oldest due date first (none last), then oldest arrival.

    Counts are over the whole queue (not the filtered view), so a reviewer
    sees what the other filters would give.
    """
    rows = list(db.scalars(
        select(Document).where(Document.pipeline_route == "review",
                               Document.status.in_(DocStatus.ACTIVE))
    ))
    rows.sort(key=lambda d: (d.due_date is None, d.due_date or 0, d.received_at, d.id))
    q = Queue(items=[], total=len(rows))
    for d in rows:
        q.by_form_type[d.form_type] += 1
        q.by_channel[d.channel] += 1
        for r in dict.fromkeys(d.review_reasons):
            k = reason_key(r)
            q.by_reason[k] = (r, q.by_reason.get(k, (r, 0))[1] + 1)
        if flt.form_type and d.form_type != flt.form_type:
            continue
        if flt.channel and d.channel != flt.channel:
            continue
        if flt.reason and flt.reason not in {reason_key(r) for r in d.review_reasons}:
            continue
        q.items.append(d)
    return q


def quarantine(db: Session) -> list[Document]:
    return list(db.scalars(
        select(Document).where(Document.pipeline_route == "quarantine")
        .order_by(Document.received_at.desc(), Document.id)
    ))


def neighbours(db: Session, doc_id: str) -> tuple[str | None, str | None]:
    """Previous and next document in the (unfiltered) queue, for j/k on the document view."""
    ids = [d.id for d in review_queue(db, QueueFilter()).items]
    if doc_id not in ids:
        return None, ids[0] if ids else None
    i = ids.index(doc_id)
    return (ids[i - 1] if i > 0 else None), (ids[i + 1] if i + 1 < len(ids) else None)
