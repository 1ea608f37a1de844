"""Expected findings, validity and route of a synthetic document, from its truth fields.

This applies shared/spec/rules.md to values we know exactly (every field is
"confident"), with no patient registry and no revocation register. Infos
kept: PART2_NOT_COVERED and REVOKE_EFFECTIVE. It is the truth generator's
reading of the rules, not the pipeline's rules engine: keep them separate so
one checks the other.
"""

from __future__ import annotations

import datetime as dt
import re

UNDECIDABLE = {"DATE_IMPLAUSIBLE", "DATE_RANGE_ORDER", "AUTH_EXPIRY_EVENT", "REVIEW_FORM_TYPE_UNSURE",
               "REVIEW_FORM_TYPE_OTHER", "REVIEW_LOW_CONFIDENCE", "REVIEW_UNREADABLE_PAGE", "REVIEW_PATIENT_MISMATCH"}
PARENT_WORDS = ("parent", "mother", "father")
SENSITIVE = {"mental_health", "psychotherapy_notes", "hiv_std_genetic", "all_records"}


def _d(v) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        return None


def _age(dob: dt.date, R: dt.date) -> int:
    return R.year - dob.year - ((R.month, R.day) < (dob.month, dob.day))


def _name_key(s: str) -> str:
    parts = re.sub(r"[^\w\s]", " ", s.lower()).split()
    return " ".join(p for p in parts if len(p) > 1)


def is_parent(authority: str | None) -> bool:
    a = (authority or "").lower()
    return any(w in a for w in PARENT_WORDS) and "grand" not in a and "step" not in a


def judge(form_type: str, fields: dict, received_at: dt.datetime, channel: str = "unknown",
          page_roles: list[str] | None = None) -> dict:
    """{"expected_findings": {code: severity}, "expected_errors": [...], "validity", "expected_route"}."""
    f = fields
    R = received_at.date()
    out: dict[str, str] = {}

    def add(code: str, sev: str) -> None:
        if out.get(code) != "error":
            out[code] = sev

    if form_type == "other":
        add("REVIEW_FORM_TYPE_OTHER", "warning")
        return _finish(out)

    minor_form = form_type == "minor_portal_authorization"
    dob = _d(f.get("minor_dob") if minor_form and "minor_dob" in f else f.get("patient_dob", ""))
    age = _age(dob, R) if dob else None
    recs = set(f.get("records_requested") or [])
    elements = set(f.get("sud_consent_elements") or [])

    # ---- general
    if "patient_name" not in f:
        add("AUTH_PATIENT_NAME", "error")
    if "patient_dob" not in f:
        add("AUTH_PATIENT_DOB", "warning")
    sig_key = "guardian_signature" if minor_form else "signature"
    if not f.get(f"{sig_key}_present", False):
        add("AUTH_SIGNATURE_MISSING", "error")
    sigs = [("guardian_signature", "minor_signature")] if minor_form else [("signature",)]
    for who in sigs[0]:
        if f.get(f"{who}_present") and f"{who}_date" not in f:
            add("AUTH_SIGNATURE_DATE_MISSING", "error")
    dates = [_d(f[k]) for k in ("signature_date", "minor_signature_date", "guardian_signature_date") if k in f]
    if any(d and d > R for d in dates):
        add("AUTH_SIGNED_AFTER_RECEIPT", "error")
    authority = f.get("representative_authority")
    signer = f.get("signer_name")
    rep = bool(authority) or (signer is not None and "patient_name" in f
                              and _name_key(signer) != _name_key(f["patient_name"]))
    if not minor_form and rep:
        if not authority:
            add("AUTH_REP_AUTHORITY_MISSING", "error")
        if authority and is_parent(authority) and age is not None and age >= 18:
            add("AUTH_REP_PARENT_OF_ADULT", "error")
        if not (is_parent(authority) and age is not None and age < 18):
            add("AUTH_REP_VERIFY", "warning")
    if dob and not (dt.date(1900, 1, 1) <= dob <= R) or any(d and dob and d < dob for d in dates):
        add("DATE_IMPLAUSIBLE", "warning")
    rs, re_ = _d(f.get("date_range_start", "")), _d(f.get("date_range_end", ""))
    if rs and ((re_ and rs > re_) or rs > R):
        add("DATE_RANGE_ORDER", "warning")

    # ---- expiration (third party and proxy)
    if form_type in ("third_party_authorization", "portal_proxy_authorization"):
        exp_d, exp_e = _d(f.get("expiration_date", "")), f.get("expiration_event")
        tpo = "tpo_consent" in elements
        if not exp_d and (not exp_e or (str(exp_e).strip().lower() == "none" and not tpo)):
            add("AUTH_CORE_EXPIRATION", "error")
        if exp_d and exp_d <= R:
            add("AUTH_EXPIRED", "error")
        if not exp_d and exp_e and str(exp_e).strip().lower() != "none":
            add("AUTH_EXPIRY_EVENT", "warning")

    # ---- minors (not the minor portal form)
    if not minor_form and age is not None and age < 18:
        parent_signed = rep and is_parent(authority)
        if parent_signed and "substance_use_treatment" in recs:
            add("MINOR_SUD_PARENT_ONLY", "error")
        if parent_signed and 12 <= age <= 17 and recs & SENSITIVE:
            add("MINOR_SENSITIVE_PARENT", "warning")
        if not rep:
            add("MINOR_SELF_SIGNED", "warning")

    if form_type == "third_party_authorization":
        for key, code in (("records_requested", "AUTH_CORE_INFO"), ("disclosing_party", "AUTH_CORE_DISCLOSER"),
                          ("recipient_name", "AUTH_CORE_RECIPIENT"), ("purpose", "AUTH_CORE_PURPOSE")):
            if key not in f:
                add(code, "error")
        if "recipient_address" not in f and "recipient_phone" not in f:
            add("AUTH_RECIPIENT_CONTACT", "warning")
        for s in ("revocation", "conditioning", "redisclosure"):
            if not f.get(f"statement_{s}", False):
                add(f"AUTH_STMT_{s.upper()}", "error")
        if "psychotherapy_notes" in recs and len(recs) > 1:
            add("AUTH_PSYCHOTHERAPY_COMPOUND", "error")
        if "substance_use_treatment" in recs or elements:
            if "sud_description" not in elements:
                add("PART2_DESCRIPTION", "error")
            if "revocation_how" not in elements:
                add("PART2_REVOCATION", "error")
            if "tpo_consent" in elements and not {"tpo_redisclosure", "tpo_refusal"} <= elements:
                add("PART2_TPO", "error")
            if "intermediary" in elements:
                add("PART2_INTERMEDIARY", "warning")
            if "proceedings" in elements and elements & {"tpo_consent", "counseling_notes"}:
                add("PART2_PROCEEDINGS", "error")
        if "all_records" in recs and not elements:
            add("PART2_NOT_COVERED", "info")

    elif form_type == "access_request":
        directive = "recipient_name" in f or "recipient_address" in f
        if directive and not ("recipient_name" in f and "recipient_address" in f):
            add("ACCESS_DIRECTIVE_RECIPIENT", "error")
        if directive and f.get("delivery_format") == "paper":
            add("ACCESS_DIRECTIVE_SCOPE", "warning")
        if directive and "substance_use_treatment" in recs:
            add("ACCESS_DIRECTIVE_PART2", "warning")
        if "psychotherapy_notes" in recs:
            add("ACCESS_PSYCHOTHERAPY_NOTES", "warning")
        if not recs:
            add("ACCESS_RECORDS_MISSING", "warning")
        fmt, meth = f.get("delivery_format"), f.get("delivery_method")
        if not fmt or not meth or (fmt == "paper" and meth in ("email", "portal", "usb")) or \
                (fmt == "electronic" and meth == "fax"):
            add("ACCESS_FORMAT", "warning")
        if channel != "portal" or rep:  # the portal vouches for the account holder only
            add("ACCESS_IDENTITY", "warning")

    elif form_type == "amendment_request":
        for key, code in (("information_to_amend", "AMEND_WHAT"), ("requested_change", "AMEND_CHANGE"),
                          ("reason", "AMEND_REASON")):
            if key not in f:
                add(code, "error")
        rd = _d(f.get("record_date", ""))
        if not rd or rd > R:
            add("AMEND_RECORD_DATE", "warning")

    elif form_type == "revocation":
        if "revokes" not in f or ("revoked_party" not in f and "original_authorization_date" not in f):
            add("REVOKE_TARGET", "warning")
        add("REVOKE_EFFECTIVE", "info")

    elif form_type == "portal_proxy_authorization":
        if age is not None and age < 18:
            add("PROXY_PATIENT_ADULT", "error")
        if "proxy_name" not in f or "access_scope" not in f:
            add("PROXY_CORE", "error")
        if "proxy_email" not in f or "proxy_relationship" not in f:
            add("PROXY_CONTACT", "warning")

    elif form_type == "minor_portal_authorization":
        if age is None or not 12 <= age <= 17:
            add("MINOR_PORTAL_AGE", "error")
        md = _d(f.get("minor_signature_date", ""))
        if not f.get("minor_signature_present") or not md or md > R:
            add("MINOR_PORTAL_MINOR_SIGNATURE", "error")
        rel = f.get("guardian_relationship")
        if "guardian_name" not in f or not rel:
            add("MINOR_PORTAL_GUARDIAN", "error")
        elif not (is_parent(rel) or rel.strip().lower() == "legal guardian"):
            add("AUTH_REP_VERIFY", "warning")
        if "access_to" not in f:
            add("MINOR_PORTAL_ACCESS_TO", "error")
        if f.get("minor_name", f.get("patient_name")) != f.get("patient_name") or \
                f.get("minor_dob", f.get("patient_dob")) != f.get("patient_dob"):
            add("MINOR_PORTAL_IDENTITY", "warning")
    return _finish(out)


def _finish(out: dict[str, str]) -> dict:
    errors = sorted(c for c, s in out.items() if s == "error")
    if errors:
        validity = "invalid"
    elif any(c in UNDECIDABLE for c in out) or "REVIEW_FORM_TYPE_OTHER" in out:
        validity = "unknown"
    else:
        validity = "valid"
    blocking = any(s in ("error", "warning") for s in out.values())
    return {"expected_findings": dict(sorted(out.items())), "expected_errors": errors, "validity": validity,
            "expected_route": "auto" if validity == "valid" and not blocking else "review"}
