"""Planted violations: names, the rule code each should trigger, and where it applies.

Callers may name a violation by kind ("signature_missing") or by the rule
code it plants ("AUTH_SIGNATURE_MISSING"); ``resolve`` maps either to kinds.
"""

from __future__ import annotations

ALL = ("access_request", "third_party_authorization", "portal_proxy_authorization",
       "minor_portal_authorization", "amendment_request", "revocation")
AUTH_LIKE = ("third_party_authorization", "portal_proxy_authorization")

# kind -> (rule code, form types it applies to, needs a trustworthy received_at)
KINDS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "signature_missing": ("AUTH_SIGNATURE_MISSING", ALL, False),
    "signature_date_missing": ("AUTH_SIGNATURE_DATE_MISSING", ALL, False),
    "signature_date_after_received": ("AUTH_SIGNED_AFTER_RECEIPT", ALL, True),
    "patient_name_missing": ("AUTH_PATIENT_NAME", ALL, False),
    "rep_authority_missing": ("AUTH_REP_AUTHORITY_MISSING",
                              ("access_request", "third_party_authorization", "amendment_request", "revocation"), False),
    "parent_of_adult": ("AUTH_REP_PARENT_OF_ADULT",
                        ("access_request", "third_party_authorization", "amendment_request"), True),
    "expired": ("AUTH_EXPIRED", AUTH_LIKE, True),
    "expiration_missing": ("AUTH_CORE_EXPIRATION", AUTH_LIKE, False),
    "statement_revocation_missing": ("AUTH_STMT_REVOCATION", ("third_party_authorization",), False),
    "statement_conditioning_missing": ("AUTH_STMT_CONDITIONING", ("third_party_authorization",), False),
    "statement_redisclosure_missing": ("AUTH_STMT_REDISCLOSURE", ("third_party_authorization",), False),
    "psychotherapy_compounded": ("AUTH_PSYCHOTHERAPY_COMPOUND", ("third_party_authorization",), False),
    "recipient_missing": ("AUTH_CORE_RECIPIENT", ("third_party_authorization",), False),
    "purpose_missing": ("AUTH_CORE_PURPOSE", ("third_party_authorization",), False),
    "records_missing": ("AUTH_CORE_INFO", ("third_party_authorization",), False),
    "part2_description_missing": ("PART2_DESCRIPTION", ("third_party_authorization",), False),
    "part2_tpo_incomplete": ("PART2_TPO", ("third_party_authorization",), False),
    "minor_sud_parent_only": ("MINOR_SUD_PARENT_ONLY", ("third_party_authorization",), True),
    "directive_address_missing": ("ACCESS_DIRECTIVE_RECIPIENT", ("access_request",), False),
    "proxy_scope_missing": ("PROXY_CORE", ("portal_proxy_authorization",), False),
    "proxy_name_missing": ("PROXY_CORE", ("portal_proxy_authorization",), False),
    "proxy_patient_minor": ("PROXY_PATIENT_ADULT", ("portal_proxy_authorization",), True),
    "minor_too_old": ("MINOR_PORTAL_AGE", ("minor_portal_authorization",), True),
    "minor_too_young": ("MINOR_PORTAL_AGE", ("minor_portal_authorization",), True),
    "minor_signature_missing": ("MINOR_PORTAL_MINOR_SIGNATURE", ("minor_portal_authorization",), False),
    "guardian_missing": ("MINOR_PORTAL_GUARDIAN", ("minor_portal_authorization",), False),
    "access_to_missing": ("MINOR_PORTAL_ACCESS_TO", ("minor_portal_authorization",), False),
    "amend_what_missing": ("AMEND_WHAT", ("amendment_request",), False),
    "amend_change_missing": ("AMEND_CHANGE", ("amendment_request",), False),
    "amend_reason_missing": ("AMEND_REASON", ("amendment_request",), False),
}

CODE_TO_KINDS: dict[str, list[str]] = {}
for _k, (_c, _, _) in KINDS.items():
    CODE_TO_KINDS.setdefault(_c, []).append(_k)


def resolve(names: list[str] | tuple[str, ...]) -> list[str]:
    """Kinds for a mix of kinds and rule codes (a code picks its first kind)."""
    out: list[str] = []
    for n in names:
        if n in KINDS:
            out.append(n)
        elif n in CODE_TO_KINDS:
            out.append(CODE_TO_KINDS[n][0])
        else:
            raise KeyError(f"unknown violation {n!r}; kinds: {sorted(KINDS)}; codes: {sorted(CODE_TO_KINDS)}")
    return list(dict.fromkeys(out))


def applicable(form_type: str, *, dates_trusted: bool = True) -> list[str]:
    """Kinds that can be planted on ``form_type`` (date kinds only when received_at is trustworthy)."""
    return [k for k, (_, fts, needs_date) in KINDS.items() if form_type in fts and (dates_trusted or not needs_date)]


def code_of(kind: str) -> str:
    return KINDS[kind][0]
