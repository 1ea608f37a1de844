"""Validity, route, review reasons and due date (rules.md §12-13).

``decide`` is the only place a route is chosen. It never returns ``auto``
while anything is recorded against the document: an error or warning
finding, an unsure form type, or an outside review reason. Quarantine
results are built by the writer, not here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pipeline.result import Finding, FormType, Route, Severity, Validity
from pipeline.rule_table import ORDER
from pipeline.rules import (
    Checked,
    DocumentDraft,
    PatientRecord,
    RevocationRegister,
    Thresholds,
    evaluate,
    parse_received,
)

DUE_DAYS = {FormType.ACCESS_REQUEST: 30, FormType.AMENDMENT_REQUEST: 60}
"""164.524(b)(2)(i) and 164.526(b)(2)(i); one extension is a person's call, never ours."""

FALLBACK_REASON = "A person must check this document."


@dataclass
class Decision:
    """What the rules decided for one document."""

    findings: list[Finding]
    validity: Validity
    route: Route
    review_reasons: list[str]
    due_date: str | None
    checked: list[Checked] = field(default_factory=list, repr=False)
    """The findings with their firmness, for tests and ``explain``."""


def due_date(form_type: FormType | str, received_at: str) -> str | None:
    """R + 30 days for access, R + 60 for amendment, whatever the route."""
    days = DUE_DAYS.get(FormType(form_type))
    r = parse_received(received_at)
    if days is None or r is None:
        return None
    return (r + dt.timedelta(days=days)).isoformat()


def validity_of(form_type: FormType | str, checked: list[Checked]) -> Validity:
    """rules.md §13.2: firm error → invalid; doubt → unknown; else valid."""
    errors = [c for c in checked if c.severity == Severity.ERROR]
    if any(c.firm for c in errors):
        return Validity.INVALID
    if errors or any(c.undecided for c in checked) or FormType(form_type) == FormType.OTHER:
        return Validity.UNKNOWN
    return Validity.VALID


def _sort_key(c: Checked) -> tuple[int, int]:
    return c.spec.rank, ORDER[c.spec.code]


def reasons_of(checked: list[Checked], extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """One plain sentence per error or warning code, most severe first, then ``extra``."""
    out: list[str] = []
    seen: set[str] = set()
    for c in sorted(checked, key=_sort_key):
        code = c.spec.code
        if c.severity == Severity.INFO or code in seen:
            continue
        seen.add(code)
        if code == "REVIEW_LOW_CONFIDENCE":
            names = sorted({x.finding.field or "" for x in checked if x.spec.code == code})
            out.append("Check these fields against the page, they were not read with "
                       f"confidence: {', '.join(names)}.")
        else:
            out.append(c.spec.reason)
    out.extend(r for r in extra if r not in out)
    return out


def decide(draft: DocumentDraft, thresholds: Thresholds = Thresholds(), *,
           revocations: RevocationRegister | None = None) -> Decision:
    """Run the rules and choose validity, route, reasons and due date (rules.md §13).

    ``revocations`` is the optional revocation register for AUTH_REVOKED;
    without one that rule is not checked.
    """
    checked = sorted(evaluate(draft, thresholds, revocations), key=_sort_key)
    validity = validity_of(draft.form_type, checked)
    blocking = any(c.severity in (Severity.ERROR, Severity.WARNING) for c in checked)
    form_type = FormType(draft.form_type)
    auto = (
        validity == Validity.VALID
        and form_type != FormType.OTHER
        and draft.form_type_confidence >= thresholds.form_type
        and not blocking
        and not draft.extra_reasons
    )
    route = Route.AUTO if auto else Route.REVIEW
    reasons = [] if auto else reasons_of(checked, list(draft.extra_reasons))
    if route == Route.REVIEW and not reasons:
        reasons = [FALLBACK_REASON]
    return Decision(
        findings=[c.finding for c in checked],
        validity=validity,
        route=route,
        review_reasons=reasons,
        due_date=due_date(form_type, draft.source.received_at),
        checked=checked,
    )


__all__ = [
    "Decision", "DocumentDraft", "PatientRecord", "RevocationRegister", "Thresholds",
    "decide", "due_date", "reasons_of", "validity_of",
]
