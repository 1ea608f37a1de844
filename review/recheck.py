"""Re-run the pipeline's rules on a document as the reviewer has corrected it.

The desk writes no rule of its own: it calls ``pipeline.route.decide``, the
same function the pipeline routes with, imported lazily so the app starts
(and ingests) even where the rules engine cannot be imported.
"""

from __future__ import annotations

from typing import Any

from pipeline.result import FieldValue, PageInfo, PatientMatch, Source
from review.models import Document, Finding


class RulesUnavailable(RuntimeError):
    """``pipeline.route.decide`` cannot be imported: corrections cannot be checked."""


def _engine() -> tuple[Any, Any]:
    try:
        from pipeline import route
    except ImportError as exc:  # pragma: no cover - depends on the pipeline's state
        raise RulesUnavailable("the rules engine (pipeline.route) is not available") from exc
    draft_cls = getattr(route, "DocumentDraft", None)
    if draft_cls is None:
        from pipeline.rules import DocumentDraft as draft_cls  # type: ignore[no-redef]
    return route.decide, draft_cls


def _draft(draft_cls: Any, *, form_type: str, form_type_confidence: float,
           fields: dict[str, FieldValue], pages: list[PageInfo], source: Source,
           patient_match: dict[str, Any] | None, own_template: bool,
           extra_reasons: list[str]) -> Any:
    return draft_cls(
        form_type=form_type,
        form_type_confidence=form_type_confidence,
        fields=fields,
        pages=pages,
        source=source,
        patient_match=PatientMatch(**patient_match) if patient_match else None,
        own_template=own_template,
        extra_reasons=list(extra_reasons),
    )


def extra_reasons(doc: Document) -> list[str]:
    """Reasons the pipeline gave that its rules do not (duplicate, sidecar...): kept across re-runs.

    Found by deciding the pipeline's own original draft without extras and
    keeping what the original result said beyond that.
    """
    decide, draft_cls = _engine()
    o = doc.original
    decision = decide(_draft(
        draft_cls,
        form_type=o["form_type"], form_type_confidence=o["form_type_confidence"],
        fields={k: FieldValue(**v) for k, v in o.get("fields", {}).items()},
        pages=[PageInfo(**p) for p in o.get("pages", [])], source=Source(**o["source"]),
        patient_match=o.get("patient_match"), own_template=doc.own_template, extra_reasons=[],
    ))
    ruled = set(decision.review_reasons)
    return [r for r in o.get("review_reasons", []) if r not in ruled]


def recheck(doc: Document) -> Any:
    """Decide ``doc`` as it stands now and store findings, validity, reasons and due date on it.

    Returns the rules engine's Decision (its ``route`` is what the rules
    would do; the caller decides what the result JSON says).
    """
    decide, draft_cls = _engine()
    if doc.extra_reasons is None:
        doc.extra_reasons = extra_reasons(doc)
    decision = decide(_draft(
        draft_cls,
        form_type=doc.form_type, form_type_confidence=doc.form_type_confidence,
        fields={f.name: FieldValue(value=f.value, confidence=f.confidence, page=f.page, bbox=f.bbox)
                for f in doc.fields},
        pages=[PageInfo(number=p.number, role=p.role, rotation=p.rotation,
                        skew_degrees=p.skew_degrees, ocr_confidence=p.ocr_confidence)
               for p in doc.pages],
        source=Source(file=doc.source_file, sha256=doc.sha256, received_at=doc.received_at,
                      channel=doc.channel, sender_fax=doc.sender_fax),
        patient_match=doc.patient_match, own_template=doc.own_template,
        extra_reasons=doc.extra_reasons or [],
    ))
    doc.findings = [
        Finding(position=i, code=f.code, severity=str(_val(f.severity)), message=f.message,
                citation=f.citation, field=f.field)
        for i, f in enumerate(decision.findings)
    ]
    doc.validity = str(_val(decision.validity))
    doc.review_reasons = list(decision.review_reasons)
    due = decision.due_date
    if due is not None and not hasattr(due, "isoformat"):
        from datetime import date

        due = date.fromisoformat(str(due))
    doc.due_date = due
    return decision


def _val(x: Any) -> Any:
    return getattr(x, "value", x)
