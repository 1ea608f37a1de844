"""What forms.md says each form type carries, and how a reviewer's typing becomes a value.

The document view lists every field of the form type, present or not, so a
reviewer can fill in one the extractor missed; an edit is normalised the way
forms.md normalises extracted values, so the rules read both alike.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

COMMON = (
    "patient_name", "patient_dob", "mrn", "patient_phone", "patient_email", "patient_address",
    "signature_present", "signature_date", "signer_name", "representative_authority",
)

PER_TYPE: dict[str, tuple[str, ...]] = {
    "access_request": (
        "records_requested", "date_range_start", "date_range_end", "delivery_format",
        "delivery_method", "recipient_name", "recipient_address",
    ),
    "third_party_authorization": (
        "disclosing_party", "recipient_name", "recipient_address", "recipient_phone", "purpose",
        "records_requested", "date_range_start", "date_range_end", "expiration_date",
        "expiration_event", "statement_revocation", "statement_conditioning",
        "statement_redisclosure", "sud_consent_elements",
    ),
    "portal_proxy_authorization": (
        "proxy_name", "proxy_relationship", "proxy_email", "proxy_phone", "access_scope",
        "expiration_date", "expiration_event",
    ),
    "minor_portal_authorization": (
        "minor_name", "minor_dob", "guardian_name", "guardian_relationship", "access_to",
        "minor_signature_present", "minor_signature_date", "guardian_signature_present",
        "guardian_signature_date",
    ),
    "amendment_request": ("record_date", "information_to_amend", "requested_change", "reason"),
    "revocation": ("revokes", "original_authorization_date", "revoked_party", "effective_date"),
    "other": (),
}

FORM_TYPES = tuple(PER_TYPE)

CATEGORIES = (
    "all_records", "progress_notes", "lab_results", "imaging", "medication_list",
    "immunizations", "discharge_summaries", "billing", "mental_health",
    "substance_use_treatment", "psychotherapy_notes", "dental", "hiv_std_genetic",
)
SUD_ELEMENTS = (
    "counseling_notes", "intermediary", "proceedings", "revocation_how", "sud_description",
    "tpo_consent", "tpo_redisclosure", "tpo_refusal",
)
CHOICES: dict[str, tuple[str, ...]] = {
    "delivery_format": ("paper", "electronic"),
    "delivery_method": ("mail", "pickup", "email", "fax", "portal", "usb"),
    "access_scope": ("full", "limited"),
    "access_to": ("guardian", "minor", "both"),
    "revokes": ("authorization", "portal_proxy", "minor_portal"),
}
LISTS: dict[str, tuple[str, ...]] = {
    "records_requested": CATEGORIES,
    "sud_consent_elements": SUD_ELEMENTS,
}

REJECT_REASONS: dict[str, str] = {
    "invalid_authorization": "Invalid authorization",
    "identity_not_verified": "Identity not verified",
    "incomplete_form": "Incomplete form",
    "duplicate": "Duplicate",
    "other": "Other",
}


def fields_of(form_type: str) -> tuple[str, ...]:
    """Every field a form type can carry, in the order forms.md lists them."""
    if form_type == "other":
        return ()
    return COMMON + PER_TYPE.get(form_type, ())


def kind(name: str) -> str:
    """bool, date, list, choice, phone, email or text, from the field's name."""
    if name.endswith("_present") or name.startswith("statement_"):
        return "bool"
    if name in LISTS:
        return "list"
    if name in CHOICES:
        return "choice"
    if name.endswith(("_date", "_dob")) or name.startswith("date_range_"):
        return "date"
    if name.endswith("_phone"):
        return "phone"
    if name.endswith("_email"):
        return "email"
    return "text"


class ValueError_(ValueError):
    """An edit that cannot be a value of that field (the message says what is expected)."""


def parse(name: str, raw: str | list[str] | None) -> Any | None:
    """A reviewer's input as a normalised value; None means the field is absent."""
    k = kind(name)
    if k == "list":
        items = raw if isinstance(raw, list) else re.split(r"[,\s]+", raw or "")
        values = sorted({i.strip() for i in items if i and i.strip()})
        bad = [v for v in values if v not in LISTS[name]]
        if bad:
            raise ValueError_(f"{name}: unknown code(s) {', '.join(bad)}")
        return values or None
    text = " ".join(str(raw or "").split())
    if not text:
        return None
    if k == "bool":
        if text.lower() in ("true", "yes", "1", "on"):
            return True
        if text.lower() in ("false", "no", "0", "off"):
            return False
        raise ValueError_(f"{name}: true or false")
    if k == "choice":
        if text not in CHOICES[name]:
            raise ValueError_(f"{name}: one of {', '.join(CHOICES[name])}")
        return text
    if k == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError_(f"{name}: a date as YYYY-MM-DD") from None
    if k == "phone":
        digits = re.sub(r"\D", "", text)
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        if len(digits) != 10:
            raise ValueError_(f"{name}: 10 digits")
        return digits
    if k == "email":
        if "@" not in text:
            raise ValueError_(f"{name}: an email address")
        return text.lower()
    return text.rstrip(".,;:") if name.endswith("_name") else text


def display(value: Any) -> str:
    """A stored value as the text put back in the input box."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
