"""Every rules.md code: one failing and one passing case, severity and citation checked.

The tests also read shared/spec/rules.md (from ../shared/spec, or
$HIM_SPEC_DIR) and fail if a code there has no row in the rule table or no
rule function, or if a citation or severity drifts from the spec.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pipeline.result import FieldValue, FormType, PageInfo, PatientMatch, Source
from pipeline.route import Decision, DocumentDraft, PatientRecord, decide
from pipeline.rule_table import RULES
from pipeline.rules import RULE_FUNCS

RECEIVED = "2026-03-05T23:30:00-07:00"  # R = 2026-03-05 (UTC would already be the 6th)
DEL = object()

COMMON: dict[str, Any] = {
    "patient_name": "Ann Q. Lee", "patient_dob": "1980-01-02", "signature_present": True,
    "signature_date": "2026-03-01", "signer_name": "Ann Lee",
}
BASE: dict[str, dict[str, Any]] = {
    "third_party_authorization": {
        **COMMON, "disclosing_party": "Example Clinic", "recipient_name": "Example Law Office",
        "recipient_address": "1 Main Street, Town, CO 80000", "purpose": "Legal claim",
        "records_requested": ["lab_results"], "expiration_date": "2027-01-01",
        "statement_revocation": True, "statement_conditioning": True,
        "statement_redisclosure": True,
    },
    "access_request": {
        **COMMON, "records_requested": ["lab_results"], "delivery_format": "electronic",
        "delivery_method": "portal",
    },
    "portal_proxy_authorization": {
        **COMMON, "proxy_name": "Bo Lee", "proxy_relationship": "Spouse",
        "proxy_email": "bo@example.org", "access_scope": "full", "expiration_date": "2027-01-01",
    },
    "minor_portal_authorization": {
        "patient_name": "Kim Lee", "patient_dob": "2012-05-05", "minor_name": "Kim Lee",
        "minor_dob": "2012-05-05", "guardian_name": "Ann Lee", "guardian_relationship": "Mother",
        "access_to": "both", "minor_signature_present": True,
        "minor_signature_date": "2026-03-01", "guardian_signature_present": True,
        "guardian_signature_date": "2026-03-02", "signature_present": True,
        "signature_date": "2026-03-02",
    },
    "amendment_request": {
        **COMMON, "record_date": "2025-06-01", "information_to_amend": "Allergy list",
        "requested_change": "Remove penicillin", "reason": "Never allergic",
    },
    "revocation": {
        **COMMON, "revokes": "authorization", "revoked_party": "Example Law Office",
        "original_authorization_date": "2025-01-01",
    },
    "other": {},
}
CHANNEL = {"access_request": "portal"}  # the portal proves identity: a clean access baseline

SUD_OK = ["revocation_how", "sud_description"]
TPO_OK = ["revocation_how", "sud_description", "tpo_consent", "tpo_redisclosure", "tpo_refusal"]
REP = {"signer_name": "Bob Smith", "representative_authority": "Healthcare power of attorney"}
PARENT_OF_13 = {"patient_dob": "2012-05-05", "signer_name": "Bob Lee",
                "representative_authority": "Parent"}


def make_draft(form: str, changes: dict[str, Any] | None = None, *, conf: float = 0.99,
               form_conf: float = 0.97, channel: str | None = None,
               pages: list[PageInfo] | None = None, patient_match: PatientMatch | None = None,
               own_template: bool = True, matched_record: PatientRecord | None = None,
               extra_reasons: tuple[str, ...] = ()) -> DocumentDraft:
    """The clean baseline of ``form`` with ``changes`` (DEL removes a field)."""
    values = dict(BASE[form])
    for k, v in (changes or {}).items():
        if v is DEL:
            values.pop(k, None)
        else:
            values[k] = v
    fields = {k: v if isinstance(v, FieldValue) else FieldValue(value=v, confidence=conf, page=1)
              for k, v in values.items()}
    return DocumentDraft(
        form_type=FormType(form), form_type_confidence=form_conf, fields=fields,
        pages=pages or [PageInfo(number=1, role="form", ocr_confidence=0.93)],
        source=Source(file="FAX_0001.tif", sha256="a" * 64, received_at=RECEIVED,
                      channel=channel or CHANNEL.get(form, "fax")),
        patient_match=patient_match, own_template=own_template,
        matched_record=matched_record, extra_reasons=extra_reasons,
    )


def revoked_register(answer: bool | None):
    def register(mrn, recipient_name, received):
        return answer
    return register


@dataclass
class Case:
    code: str
    form: str
    changes: dict[str, Any] = field(default_factory=dict)
    fails: bool = True
    opts: dict[str, Any] = field(default_factory=dict)
    severity: str | None = None
    revocations: Any = None
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.code}-{'fail' if self.fails else 'pass'}-{self.note or self.form}"


def P(code: str, form: str, changes: dict[str, Any] | None = None, **kw: Any) -> Case:  # noqa: N802
    return Case(code, form, changes or {}, fails=False, **kw)


def F(code: str, form: str, changes: dict[str, Any] | None = None, **kw: Any) -> Case:  # noqa: N802
    return Case(code, form, changes or {}, fails=True, **kw)


TP, AR, PX, MP, AM, RV = ("third_party_authorization", "access_request",
                          "portal_proxy_authorization", "minor_portal_authorization",
                          "amendment_request", "revocation")
ATTACHED = [PageInfo(number=1, role="form", ocr_confidence=0.93),
            PageInfo(number=2, role="attachment", ocr_confidence=0.9)]
MATCHED = PatientMatch(mrn="100001", score=1.0, status="matched")

CASES: list[Case] = [
    # 2. general
    F("AUTH_PATIENT_NAME", TP, {"patient_name": DEL}), P("AUTH_PATIENT_NAME", TP),
    F("AUTH_PATIENT_DOB", AM, {"patient_dob": DEL}), P("AUTH_PATIENT_DOB", AM),
    F("AUTH_SIGNATURE_MISSING", TP, {"signature_present": False}),
    F("AUTH_SIGNATURE_MISSING", RV, {"signature_present": DEL}, note="absent"),
    F("AUTH_SIGNATURE_MISSING", MP, {"guardian_signature_present": False}, note="guardian"),
    P("AUTH_SIGNATURE_MISSING", TP), P("AUTH_SIGNATURE_MISSING", MP),
    F("AUTH_SIGNATURE_DATE_MISSING", TP, {"signature_date": DEL}),
    F("AUTH_SIGNATURE_DATE_MISSING", MP, {"signature_date": DEL,
                                          "guardian_signature_date": DEL}),
    P("AUTH_SIGNATURE_DATE_MISSING", TP),
    P("AUTH_SIGNATURE_DATE_MISSING", TP, {"signature_present": DEL, "signature_date": DEL},
      note="no signature found to date: AUTH_SIGNATURE_MISSING speaks"),
    F("AUTH_SIGNED_AFTER_RECEIPT", TP, {"signature_date": "2026-03-06"}, note="day-after-R"),
    F("AUTH_SIGNED_AFTER_RECEIPT", MP, {"guardian_signature_date": "2026-03-09",
                                        "signature_date": "2026-03-09"}),
    P("AUTH_SIGNED_AFTER_RECEIPT", TP, {"signature_date": "2026-03-05"}, note="on-R"),
    F("AUTH_SIGNED_AFTER_RECEIPT", MP, {"minor_signature_date": "2026-03-09"}, note="minor-date"),
    F("AUTH_REP_AUTHORITY_MISSING", TP, {"signer_name": "Bob Smith"}),
    P("AUTH_REP_AUTHORITY_MISSING", TP, REP),
    P("AUTH_REP_AUTHORITY_MISSING", TP, {"signer_name": "ann  LEE"}, note="same-name"),
    # An unsure read a misread away from the patient's name is the patient; a confident one,
    # or an unsure one with another first name or a suffix, is a representative.
    P("AUTH_REP_AUTHORITY_MISSING", TP, {"patient_name": "Amber Carlson",
      "signer_name": FieldValue(value="Amber Cartoon", confidence=0.6)}, note="misread-unsure"),
    F("AUTH_REP_AUTHORITY_MISSING", TP, {"patient_name": "Amber Carlson",
      "signer_name": "Amber Cartoon"}, note="misread-confident"),

    F("AUTH_REP_PARENT_OF_ADULT", AR, {"signer_name": "Bob Lee",
                                       "representative_authority": "Parent"}),
    P("AUTH_REP_PARENT_OF_ADULT", AR, PARENT_OF_13),
    F("AUTH_REP_VERIFY", AM, REP), F("AUTH_REP_VERIFY", MP, {"guardian_relationship":
                                                             "Grandmother (guardian)"}),
    P("AUTH_REP_VERIFY", AM, PARENT_OF_13), P("AUTH_REP_VERIFY", MP),
    F("AUTH_REP_VERIFY", AM, REP, opts={"pages": ATTACHED}, note="attached"),
    F("DATE_IMPLAUSIBLE", AM, {"patient_dob": "1890-01-01"}),
    F("DATE_IMPLAUSIBLE", AM, {"patient_dob": "2026-03-06"}, note="born-after-R"),
    F("DATE_IMPLAUSIBLE", AM, {"patient_dob": "2000-01-01", "signature_date": "1999-01-01"},
      note="signed-before-birth"),
    P("DATE_IMPLAUSIBLE", AM),
    F("DATE_RANGE_ORDER", AR, {"date_range_start": "2024-01-01", "date_range_end": "2023-01-01"}),
    F("DATE_RANGE_ORDER", TP, {"date_range_start": "2026-03-06"}, note="starts-after-R"),
    P("DATE_RANGE_ORDER", AR, {"date_range_start": "2023-01-01", "date_range_end": "2024-01-01"}),
    # 3. third party
    F("AUTH_CORE_INFO", TP, {"records_requested": DEL}), P("AUTH_CORE_INFO", TP),
    F("AUTH_CORE_DISCLOSER", TP, {"disclosing_party": DEL}), P("AUTH_CORE_DISCLOSER", TP),
    F("AUTH_CORE_RECIPIENT", TP, {"recipient_name": DEL}), P("AUTH_CORE_RECIPIENT", TP),
    F("AUTH_RECIPIENT_CONTACT", TP, {"recipient_address": DEL}),
    P("AUTH_RECIPIENT_CONTACT", TP, {"recipient_address": DEL, "recipient_phone": "3035550100"}),
    F("AUTH_CORE_PURPOSE", TP, {"purpose": DEL}), P("AUTH_CORE_PURPOSE", TP),
    F("AUTH_CORE_EXPIRATION", TP, {"expiration_date": DEL}),
    F("AUTH_CORE_EXPIRATION", TP, {"expiration_date": DEL, "expiration_event": "None"},
      note="none"),
    F("AUTH_CORE_EXPIRATION", PX, {"expiration_date": DEL}),
    P("AUTH_CORE_EXPIRATION", TP, {"expiration_date": DEL, "expiration_event": "none",
                                   "records_requested": ["substance_use_treatment"],
                                   "sud_consent_elements": TPO_OK}, note="tpo-none"),
    P("AUTH_CORE_EXPIRATION", TP, {"expiration_date": DEL, "expiration_event": "End of claim"},
      note="event"),
    F("AUTH_EXPIRED", TP, {"expiration_date": "2026-03-05"}, note="on-R"),
    F("AUTH_EXPIRED", PX, {"expiration_date": "2025-01-01"}),
    P("AUTH_EXPIRED", TP, {"expiration_date": "2026-03-06"}, note="day-after-R"),
    F("AUTH_EXPIRY_EVENT", TP, {"expiration_date": DEL, "expiration_event": "End of claim"}),
    F("AUTH_EXPIRY_EVENT", PX, {"expiration_date": DEL, "expiration_event": "Until revoked"}),
    P("AUTH_EXPIRY_EVENT", TP),
    F("AUTH_STMT_REVOCATION", TP, {"statement_revocation": False}),
    F("AUTH_STMT_REVOCATION", TP, {"statement_revocation": DEL}, note="absent"),
    P("AUTH_STMT_REVOCATION", TP),
    F("AUTH_STMT_CONDITIONING", TP, {"statement_conditioning": False}),
    P("AUTH_STMT_CONDITIONING", TP),
    F("AUTH_STMT_REDISCLOSURE", TP, {"statement_redisclosure": False}),
    P("AUTH_STMT_REDISCLOSURE", TP),
    F("AUTH_PSYCHOTHERAPY_COMPOUND", TP, {"records_requested": ["lab_results",
                                                                "psychotherapy_notes"]}),
    P("AUTH_PSYCHOTHERAPY_COMPOUND", TP, {"records_requested": ["psychotherapy_notes"]}),
    F("AUTH_REVOKED", TP, revocations=revoked_register(True)),
    P("AUTH_REVOKED", TP, revocations=revoked_register(False)),
    P("AUTH_REVOKED", TP, note="no-register"),
    F("AUTH_PLAIN_LANGUAGE", TP, opts={"own_template": False}),
    P("AUTH_PLAIN_LANGUAGE", TP),
    # 4. Part 2
    F("PART2_DESCRIPTION", TP, {"records_requested": ["substance_use_treatment"],
                                "sud_consent_elements": ["revocation_how"]}),
    F("PART2_DESCRIPTION", TP, {"records_requested": ["substance_use_treatment"]},
      note="no-elements"),
    P("PART2_DESCRIPTION", TP, {"records_requested": ["substance_use_treatment"],
                                "sud_consent_elements": SUD_OK}),
    F("PART2_REVOCATION", TP, {"sud_consent_elements": ["sud_description"]}),
    P("PART2_REVOCATION", TP, {"sud_consent_elements": SUD_OK}),
    F("PART2_TPO", TP, {"sud_consent_elements": SUD_OK + ["tpo_consent"]}),
    P("PART2_TPO", TP, {"sud_consent_elements": TPO_OK}),
    F("PART2_INTERMEDIARY", TP, {"sud_consent_elements": SUD_OK + ["intermediary"]}),
    P("PART2_INTERMEDIARY", TP, {"sud_consent_elements": SUD_OK}),
    F("PART2_COUNSELING_NOTES", TP, {"sud_consent_elements": TPO_OK + ["counseling_notes"]}),
    P("PART2_COUNSELING_NOTES", TP, {"sud_consent_elements": SUD_OK + ["counseling_notes"]}),
    F("PART2_PROCEEDINGS", TP, {"sud_consent_elements": TPO_OK + ["proceedings"]}),
    F("PART2_PROCEEDINGS", TP, {"sud_consent_elements": SUD_OK + ["counseling_notes",
                                                                  "proceedings"]},
      note="with-counseling"),
    P("PART2_PROCEEDINGS", TP, {"sud_consent_elements": SUD_OK + ["proceedings"]}),
    F("PART2_NOT_COVERED", TP, {"records_requested": ["all_records"]}),
    P("PART2_NOT_COVERED", TP, {"records_requested": ["all_records"],
                                "sud_consent_elements": SUD_OK}),
    F("PART2_NOTICE", TP, {"records_requested": ["substance_use_treatment"],
                           "sud_consent_elements": SUD_OK}),
    P("PART2_NOTICE", TP),
    P("PART2_NOTICE", AR, {"records_requested": ["substance_use_treatment"]},
      note="access-not-part2"),
    # 5. minors
    F("MINOR_SUD_PARENT_ONLY", TP, {**PARENT_OF_13, "records_requested":
                                    ["substance_use_treatment"], "sud_consent_elements": SUD_OK}),
    P("MINOR_SUD_PARENT_ONLY", TP, {"patient_dob": "2012-05-05", "records_requested":
                                    ["substance_use_treatment"], "sud_consent_elements": SUD_OK},
      note="minor-signed"),
    F("MINOR_SENSITIVE_PARENT", AR, {**PARENT_OF_13, "records_requested": ["mental_health"]}),
    P("MINOR_SENSITIVE_PARENT", AR, {**PARENT_OF_13, "records_requested": ["lab_results"]}),
    P("MINOR_SENSITIVE_PARENT", AR, {**PARENT_OF_13, "patient_dob": "2016-05-05",
                                     "records_requested": ["mental_health"]}, note="age-9"),
    F("MINOR_SELF_SIGNED", AM, {"patient_dob": "2012-05-05"}),
    P("MINOR_SELF_SIGNED", AM),
    P("MINOR_SELF_SIGNED", MP, note="minor-portal-excluded"),
    # 6. access
    F("ACCESS_DIRECTIVE_RECIPIENT", AR, {"recipient_name": "Example Law Office"}),
    P("ACCESS_DIRECTIVE_RECIPIENT", AR, {"recipient_name": "Example Law Office",
                                         "recipient_address": "1 Main Street, Town, CO 80000"}),
    F("ACCESS_DIRECTIVE_SCOPE", AR, {"recipient_name": "Example Law Office",
                                     "recipient_address": "1 Main Street, Town, CO 80000",
                                     "delivery_format": "paper", "delivery_method": "mail"}),
    P("ACCESS_DIRECTIVE_SCOPE", AR, {"recipient_name": "Example Law Office",
                                     "recipient_address": "1 Main Street, Town, CO 80000",
                                     "delivery_method": "email"}),
    F("ACCESS_DIRECTIVE_PART2", AR, {"recipient_name": "Example Law Office",
                                     "recipient_address": "1 Main Street, Town, CO 80000",
                                     "records_requested": ["substance_use_treatment"]}),
    P("ACCESS_DIRECTIVE_PART2", AR, {"records_requested": ["substance_use_treatment"]}),
    F("ACCESS_PSYCHOTHERAPY_NOTES", AR, {"records_requested": ["psychotherapy_notes"]}),
    P("ACCESS_PSYCHOTHERAPY_NOTES", AR),
    F("ACCESS_RECORDS_MISSING", AR, {"records_requested": DEL}), P("ACCESS_RECORDS_MISSING", AR),
    F("ACCESS_FORMAT", AR, {"delivery_format": "paper", "delivery_method": "email"}),
    F("ACCESS_FORMAT", AR, {"delivery_method": "fax"}, note="electronic-by-fax"),
    F("ACCESS_FORMAT", AR, {"delivery_method": DEL}, note="no-method"),
    P("ACCESS_FORMAT", AR, {"delivery_format": "paper", "delivery_method": "fax"}),
    F("ACCESS_IDENTITY", AR, opts={"channel": "fax"}),
    F("ACCESS_IDENTITY", AR, REP, note="portal-representative"),
    F("ACCESS_IDENTITY", AR, opts={"channel": "mail", "pages": ATTACHED}, note="unmatched"),
    P("ACCESS_IDENTITY", AR),
    P("ACCESS_IDENTITY", AR, opts={"channel": "fax", "pages": ATTACHED,
                                   "patient_match": MATCHED}, note="id-and-match"),
    # 7. amendment
    F("AMEND_WHAT", AM, {"information_to_amend": DEL}), P("AMEND_WHAT", AM),
    F("AMEND_CHANGE", AM, {"requested_change": DEL}), P("AMEND_CHANGE", AM),
    F("AMEND_REASON", AM, {"reason": DEL}), P("AMEND_REASON", AM),
    F("AMEND_RECORD_DATE", AM, {"record_date": DEL}),
    F("AMEND_RECORD_DATE", AM, {"record_date": "2026-03-06"}, note="after-R"),
    P("AMEND_RECORD_DATE", AM),
    # 8. revocation
    F("REVOKE_TARGET", RV, {"revoked_party": DEL, "original_authorization_date": DEL}),
    F("REVOKE_TARGET", RV, {"revokes": DEL}, note="no-revokes"),
    P("REVOKE_TARGET", RV, {"revoked_party": DEL}),
    F("REVOKE_EFFECTIVE", RV), F("REVOKE_EFFECTIVE", RV, {"effective_date": "2026-04-01"},
                                 note="later"),
    P("REVOKE_EFFECTIVE", AM, note="not-a-revocation"),
    # 9. portal proxy
    F("PROXY_PATIENT_ADULT", PX, {"patient_dob": "2010-01-01"}),
    F("PROXY_PATIENT_ADULT", PX, {"patient_dob": DEL}, note="no-dob"),
    P("PROXY_PATIENT_ADULT", PX, {"patient_dob": "2008-03-05"}, note="18-on-R"),
    F("PROXY_CORE", PX, {"access_scope": DEL}), F("PROXY_CORE", PX, {"proxy_name": DEL}),
    P("PROXY_CORE", PX),
    F("PROXY_CONTACT", PX, {"proxy_email": DEL}), P("PROXY_CONTACT", PX),
    # 10. minor portal
    F("MINOR_PORTAL_AGE", MP, {"minor_dob": "2008-03-05", "patient_dob": "2008-03-05"},
      note="18"),
    F("MINOR_PORTAL_AGE", MP, {"minor_dob": "2016-01-01", "patient_dob": "2016-01-01"},
      note="10"),
    P("MINOR_PORTAL_AGE", MP, {"minor_dob": "2014-03-05", "patient_dob": "2014-03-05"},
      note="12-on-R"),
    F("MINOR_PORTAL_MINOR_SIGNATURE", MP, {"minor_signature_present": False}),
    F("MINOR_PORTAL_MINOR_SIGNATURE", MP, {"minor_signature_date": DEL}, note="undated"),
    F("MINOR_PORTAL_MINOR_SIGNATURE", MP, {"minor_signature_date": "2026-03-06"}, note="late"),
    P("MINOR_PORTAL_MINOR_SIGNATURE", MP),
    F("MINOR_PORTAL_GUARDIAN", MP, {"guardian_relationship": DEL}),
    F("MINOR_PORTAL_GUARDIAN", MP, {"guardian_name": DEL}, note="no-name"),
    P("MINOR_PORTAL_GUARDIAN", MP),
    F("MINOR_PORTAL_ACCESS_TO", MP, {"access_to": DEL}), P("MINOR_PORTAL_ACCESS_TO", MP),
    F("MINOR_PORTAL_IDENTITY", MP, {"minor_name": "Pat Other"}),
    F("MINOR_PORTAL_IDENTITY", MP, {"minor_dob": "2012-05-06"}, note="dob"),
    P("MINOR_PORTAL_IDENTITY", MP, {"minor_name": "KIM  lee"}),
    # 11. data quality
    F("REVIEW_FORM_TYPE_UNSURE", AM, opts={"form_conf": 0.89}),
    P("REVIEW_FORM_TYPE_UNSURE", AM, opts={"form_conf": 0.90}),
    F("REVIEW_FORM_TYPE_OTHER", "other"), P("REVIEW_FORM_TYPE_OTHER", AM),
    F("REVIEW_LOW_CONFIDENCE", AM, {"reason": FieldValue(value="Never", confidence=0.84)}),
    F("REVIEW_LOW_CONFIDENCE", AM, {"signature_date": "03/01/2026"}, note="unparsable-date"),
    F("REVIEW_LOW_CONFIDENCE", AM, {"signature_present": "yes"}, note="not-a-boolean"),
    P("REVIEW_LOW_CONFIDENCE", AM, {"patient_email": FieldValue(value="a@b.org",
                                                                confidence=0.2)},
      note="field-no-rule-reads"),
    F("REVIEW_UNREADABLE_PAGE", AM, opts={"pages": [PageInfo(number=1, role="form",
                                                             ocr_confidence=0.69)]}),
    F("REVIEW_UNREADABLE_PAGE", AM, opts={"pages": [PageInfo(number=1, role="attachment",
                                                             ocr_confidence=0.9)]},
      note="no-form-page"),
    P("REVIEW_UNREADABLE_PAGE", AM, opts={"pages": [
        PageInfo(number=1, role="form", ocr_confidence=0.7),
        PageInfo(number=2, role="cover_sheet", ocr_confidence=0.1)]}),
    F("REVIEW_PATIENT_NOT_MATCHED", AM, opts={"patient_match": PatientMatch(status="not_found")}),
    F("REVIEW_PATIENT_NOT_MATCHED", AM, opts={"patient_match": PatientMatch(status="ambiguous")},
      note="ambiguous"),
    F("REVIEW_PATIENT_NOT_MATCHED", AM, severity="info", note="not-checked",
      opts={"patient_match": PatientMatch(status="not_checked")}),
    P("REVIEW_PATIENT_NOT_MATCHED", AM, opts={"patient_match": MATCHED}),
    P("REVIEW_PATIENT_NOT_MATCHED", AM, note="no-registry"),
    F("REVIEW_PATIENT_MISMATCH", AM, opts={
        "patient_match": MATCHED,
        "matched_record": PatientRecord("100001", "Ann Lee", "1980-01-03")}),
    F("REVIEW_PATIENT_MISMATCH", AM, note="name", opts={
        "patient_match": MATCHED,
        "matched_record": PatientRecord("100001", "Zed Quorum", "1980-01-02")}),
    P("REVIEW_PATIENT_MISMATCH", AM, opts={
        "patient_match": MATCHED,
        "matched_record": PatientRecord("100001", "Ann Lee", "1980-01-02")}),
]


def run(case: Case) -> Decision:
    opts = dict(case.opts)
    return decide(make_draft(case.form, case.changes, **opts), revocations=case.revocations)


class TestEveryCode:
    @pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
    def test_case(self, case: Case) -> None:
        """GIVEN a clean baseline with one change WHEN decided THEN the code fires or not."""
        dec = run(case)
        hits = [f for f in dec.findings if f.code == case.code]
        if not case.fails:
            assert not hits, [f.message for f in hits]
            return
        assert hits, f"{case.code} did not fire: {[f.code for f in dec.findings]}"
        spec = RULES[case.code]
        for f in hits:
            assert f.severity == (case.severity or spec.severity)
            assert f.citation == spec.citation
            assert f.message and f.message[0].isupper()
        if f.severity == "error":
            assert dec.validity == "invalid"
        if f.severity != "info":
            assert dec.route == "review"
            assert spec.reason in dec.review_reasons or case.code == "REVIEW_LOW_CONFIDENCE"

    @pytest.mark.parametrize("signer", ["Bob Lee", "Ann Lee Sr.", "Jane Smith"])
    def test_unsure_signer_with_another_name_is_a_representative(self, signer: str) -> None:
        """GIVEN an unsure signer whose name differs by more than a misread (first name,
        suffix) WHEN decided THEN the missing authority is still found, not firm."""
        patient = "John Smith" if signer == "Jane Smith" else "Ann Q. Lee"
        dec = decide(make_draft(TP, {"patient_name": patient,
                                     "signer_name": FieldValue(value=signer, confidence=0.6)}))
        assert "AUTH_REP_AUTHORITY_MISSING" in [f.code for f in dec.findings]
        assert dec.validity == "unknown" and dec.route == "review"

    def test_every_code_has_a_pass_and_a_fail_case(self) -> None:
        fail = {c.code for c in CASES if c.fails}
        ok = {c.code for c in CASES if not c.fails}
        assert set(RULES) - fail == set()
        assert set(RULES) - ok == set()

    @pytest.mark.parametrize("form", [f for f in BASE if f != "other"])
    def test_baselines_are_valid_and_auto(self, form: str) -> None:
        dec = decide(make_draft(form))
        assert dec.validity == "valid"
        assert dec.route == "auto", dec.review_reasons
        assert dec.review_reasons == []
        assert all(f.severity == "info" for f in dec.findings)


# --------------------------------------------------------------------------- the spec itself

SPEC_DIR = Path(os.environ.get("HIM_SPEC_DIR",
                               Path(__file__).resolve().parents[2] / "shared" / "spec"))
RULES_MD = SPEC_DIR / "rules.md"
if not RULES_MD.exists():  # a clone without ../shared: the copy of the contract kept beside the tests
    RULES_MD = Path(__file__).resolve().parent / "resources" / "rules.md"
_ROW = re.compile(r"^\| ([A-Z][A-Z0-9_]+) \|(.*)$")


def spec_rows() -> dict[str, list[str]]:
    if not RULES_MD.exists():
        pytest.skip(f"rules.md not found at {RULES_MD} (set HIM_SPEC_DIR)")
    rows = {}
    for line in RULES_MD.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if m:
            rows[m.group(1)] = [c.strip() for c in m.group(2).strip().strip("|").split("|")]
    return rows


def expand(short: str) -> str:
    """rules.md's short citation written out in full (its header paragraph)."""
    out = []
    for part in short.split("; "):
        part = part.replace("◊", "").strip()
        if part == "policy":
            out.append("provider policy")
        elif part.startswith("P2 "):
            out.append("42 CFR " + part[3:])
        elif re.match(r"^\d{3}\.\d", part):
            out.append("45 CFR " + part)
        else:
            out.append(part)
    return "; ".join(out)


class TestSpecConformance:
    def test_every_spec_code_is_implemented(self) -> None:
        codes = set(spec_rows())
        assert len(codes) >= 60
        assert codes - set(RULES) == set(), "codes in rules.md without a table row"
        assert codes - set(RULE_FUNCS) == set(), "codes in rules.md without a rule function"
        assert set(RULES) - codes == set(), "table rows that rules.md does not define"

    def test_severity_matches_spec(self) -> None:
        for code, cells in spec_rows().items():
            sev = cells[0]
            spec = RULES[code]
            assert spec.severity == sev.rstrip("†"), code
            assert spec.undecided == sev.endswith("†"), code

    def test_citations_match_spec_written_out(self) -> None:
        for code, cells in spec_rows().items():
            if len(cells) >= 4:
                assert RULES[code].citation == expand(cells[3]), code
            else:
                m = re.search(r"Cites (.+)\.$", cells[1])
                assert RULES[code].citation == (expand(m.group(1)) if m else None), code
            assert RULES[code].verified == ("◊" not in (cells[3] if len(cells) >= 4 else "")), code


class TestExplain:
    def test_explain_names_codes_citations_and_route(self) -> None:
        from pipeline.explain import explain
        from pipeline.result import DocumentResult

        d = make_draft("third_party_authorization", {"statement_redisclosure": False,
                                                     "expiration_date": DEL,
                                                     "expiration_event": "End of claim"})
        dec = decide(d)
        res = DocumentResult(document_id="doc-1", source=d.source, pages=d.pages,
                             form_type=d.form_type, form_type_confidence=d.form_type_confidence,
                             fields=d.fields, findings=dec.findings, validity=dec.validity,
                             route=dec.route, review_reasons=dec.review_reasons)
        text = explain(res.to_json_dict())
        assert "AUTH_STMT_REDISCLOSURE" in text and "45 CFR 164.508(c)(2)(iii)" in text
        assert "invalid" in text and "review: a person must look" in text
        assert "cannot decide" in text  # AUTH_EXPIRY_EVENT is a warning†
        assert "Ann" not in text and "2026-03-01" not in text  # no field values

    def test_explain_auto_and_quarantine(self) -> None:
        from pipeline.explain import explain

        assert "auto: the document is valid" in explain(
            {"route": "auto", "validity": "valid", "findings": []})
        assert "could not be processed (encrypted)" in explain(
            {"route": "quarantine", "validity": "unknown", "error": "encrypted", "findings": []})


class TestSeenEmpty:
    """A missing field is firmly absent only where the reader saw its place empty."""

    def draft(self, seen: frozenset[str] | None) -> DocumentDraft:
        d = make_draft("third_party_authorization", {"recipient_name": DEL})
        d.seen_empty = seen
        return d

    def test_missing_and_seen_empty_is_invalid(self) -> None:
        assert decide(self.draft(frozenset({"recipient_name"}))).validity == "invalid"

    def test_missing_but_not_looked_at_is_unknown_not_invalid(self) -> None:
        got = decide(self.draft(frozenset()))
        assert got.validity == "unknown" and got.route == "review"
        assert "AUTH_CORE_RECIPIENT" in {f.code for f in got.findings}

    def test_default_trusts_page_confidence(self) -> None:
        assert decide(self.draft(None)).validity == "invalid"


class TestFailureRestsOnItsOwnPart:
    """A rule whose every part must hold fails on a part found missing whatever its other, unsure parts read:
    the missing part alone decides whether the finding is firm."""

    def unsure(self, value: Any) -> FieldValue:
        return FieldValue(value=value, confidence=0.5, page=1)

    @pytest.mark.parametrize("form,changes,code", [
        (PX, {"proxy_name": "unsure", "access_scope": DEL}, "PROXY_CORE"),
        (MP, {"guardian_name": "unsure", "guardian_relationship": DEL}, "MINOR_PORTAL_GUARDIAN"),
        (MP, {"minor_signature_present": "unsure", "minor_signature_date": DEL}, "MINOR_PORTAL_MINOR_SIGNATURE"),
        (MP, {"minor_signature_present": "unsure", "minor_signature_date": "2026-06-30"},
         "MINOR_PORTAL_MINOR_SIGNATURE"),
        (TP, {"signature_present": "unsure", "signature_date": "2026-06-30"}, "AUTH_SIGNED_AFTER_RECEIPT"),
    ])
    def test_a_missing_part_makes_the_document_invalid_beside_an_unsure_one(self, form: str, changes: dict,
                                                                            code: str) -> None:
        values = {k: self.unsure(BASE[form][k]) if v == "unsure" else v for k, v in changes.items()}
        dec = decide(make_draft(form, values))
        assert code in {f.code for f in dec.findings}
        assert "REVIEW_LOW_CONFIDENCE" in {f.code for f in dec.findings}
        assert dec.validity == "invalid" and dec.route == "review"

    @pytest.mark.parametrize("form,changes,code", [
        (PX, {"proxy_name": "unsure", "access_scope": DEL}, "PROXY_CORE"),
        (TP, {"signature_date": "2026-06-30"}, "AUTH_SIGNED_AFTER_RECEIPT"),
    ])
    def test_the_part_itself_unsure_or_not_seen_empty_leaves_it_undecided(self, form: str, changes: dict,
                                                                         code: str) -> None:
        values = {k: self.unsure(BASE[form][k]) if v == "unsure" else v for k, v in changes.items()}
        d = make_draft(form, values)
        if "access_scope" in changes:
            d.seen_empty = frozenset()  # the scope's place was never seen empty: it may be there, unread
        else:
            d.fields["signature_date"] = self.unsure("2026-06-30")
        dec = decide(d)
        assert code in {f.code for f in dec.findings}
        assert dec.validity == "unknown" and dec.route == "review"
