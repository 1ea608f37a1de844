"""The one unforgivable mistake: ``auto`` on a document that is not valid.

Hypothesis generates drafts of every form type with any mix of present,
missing, malformed and unsure fields, unsure pages and form types; ``auto``
must never follow from anything uncertain or failing. The fixed tests pin
down validity (§13), firmness, R and due dates (§12) and review reasons.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from pipeline.result import FieldValue, FormType, PageInfo, PatientMatch, Source
from pipeline.route import DocumentDraft, Thresholds, decide, due_date
from pipeline.rule_table import RULES
from tests.test_rules import BASE, DEL, make_draft

TH = Thresholds()

COMMON = ["patient_name", "patient_dob", "signature_present", "signature_date", "signer_name",
          "representative_authority"]
CONTACT = ["mrn", "patient_phone", "patient_email", "patient_address"]
DEPENDS: dict[str, list[str]] = {
    "access_request": ["records_requested", "date_range_start", "date_range_end",
                       "delivery_format", "delivery_method", "recipient_name",
                       "recipient_address"],
    "third_party_authorization": ["disclosing_party", "recipient_name", "recipient_address",
                                  "recipient_phone", "purpose", "records_requested",
                                  "date_range_start", "date_range_end", "expiration_date",
                                  "expiration_event", "statement_revocation",
                                  "statement_conditioning", "statement_redisclosure",
                                  "sud_consent_elements"],
    "portal_proxy_authorization": ["proxy_name", "proxy_relationship", "proxy_email",
                                   "access_scope", "expiration_date", "expiration_event"],
    "minor_portal_authorization": ["minor_name", "minor_dob", "guardian_name",
                                   "guardian_relationship", "access_to",
                                   "minor_signature_present", "minor_signature_date",
                                   "guardian_signature_present", "guardian_signature_date"],
    "amendment_request": ["record_date", "information_to_amend", "requested_change", "reason"],
    "revocation": ["revokes", "original_authorization_date", "revoked_party", "effective_date"],
}
"""forms.md fields a rule depends on, per type (contact details and proxy_phone are not)."""

BOOLS = {"signature_present", "statement_revocation", "statement_conditioning",
         "statement_redisclosure", "minor_signature_present", "guardian_signature_present"}
DATES = {"patient_dob", "signature_date", "date_range_start", "date_range_end",
         "expiration_date", "minor_dob", "minor_signature_date", "guardian_signature_date",
         "record_date", "original_authorization_date", "effective_date"}
ENUMS = {"delivery_format": ["paper", "electronic"],
         "delivery_method": ["mail", "pickup", "email", "fax", "portal", "usb"],
         "access_scope": ["full", "limited"], "access_to": ["guardian", "minor", "both"],
         "revokes": ["authorization", "portal_proxy", "minor_portal"]}
CATS = ["all_records", "lab_results", "mental_health", "substance_use_treatment",
        "psychotherapy_notes", "hiv_std_genetic"]
ELEMENTS = ["sud_description", "revocation_how", "tpo_consent", "tpo_redisclosure",
            "tpo_refusal", "counseling_notes", "proceedings", "intermediary"]
NAMES = ["Zed Quorum", "Ann Q. Lee", "Ann Lee", "Bob Smith", "Kim Lee"]


def value_for(name: str) -> st.SearchStrategy:
    """Mostly well-formed values, sometimes malformed ones (which count as unsure)."""
    junk = st.sampled_from(["", "??", "13/45/2026", True, ["x"]])
    if name in BOOLS:
        good: st.SearchStrategy = st.booleans()
    elif name in DATES:
        good = st.dates(dt.date(1890, 1, 1), dt.date(2028, 12, 31)).map(dt.date.isoformat)
    elif name in ENUMS:
        good = st.sampled_from(ENUMS[name])
    elif name == "records_requested":
        good = st.lists(st.sampled_from(CATS), min_size=1, max_size=3, unique=True).map(sorted)
    elif name == "sud_consent_elements":
        good = st.lists(st.sampled_from(ELEMENTS), min_size=1, max_size=5, unique=True).map(sorted)
    elif name == "representative_authority":
        good = st.sampled_from(["Parent", "Legal guardian", "Healthcare power of attorney"])
    elif name == "expiration_event":
        good = st.sampled_from(["none", "End of claim", "Until revoked"])
    elif name.endswith("name"):
        good = st.sampled_from(NAMES)
    else:
        good = st.sampled_from(["Some text", "Grandmother (guardian)", "Mother", "x@y.org"])
    return st.one_of(good, good, good, junk)


CONFIDENCE = st.one_of(st.just(0.99), st.just(0.85), st.just(0.849),
                       st.floats(0, 1, allow_nan=False))


@st.composite
def drafts(draw: st.DrawFn) -> DocumentDraft:
    form = draw(st.sampled_from(list(FormType)))
    names = COMMON + CONTACT + DEPENDS.get(form.value, [])
    fields = {}
    for name in names:
        if draw(st.integers(0, 4)) == 0:
            continue  # absent
        fields[name] = FieldValue(value=draw(value_for(name)), confidence=draw(CONFIDENCE))
    n_pages = draw(st.integers(0, 3))
    pages = [PageInfo(number=i + 1,
                      role=draw(st.sampled_from(["form", "form", "attachment", "cover_sheet",
                                                 "blank"])),
                      ocr_confidence=draw(st.one_of(st.none(), st.floats(0, 1))))
             for i in range(n_pages)]
    received = draw(st.sampled_from(["2026-03-05T23:30:00-07:00", "2026-01-01T00:10:00+14:00",
                                     "2026-06-30T12:00:00Z", "not a date"]))
    match = draw(st.one_of(st.none(), st.builds(PatientMatch, status=st.sampled_from(
        ["matched", "ambiguous", "not_found", "not_checked"]))))
    return DocumentDraft(
        form_type=form, form_type_confidence=draw(st.floats(0, 1)), fields=fields, pages=pages,
        source=Source(file="F.tif", sha256="b" * 64, received_at=received,
                      channel=draw(st.sampled_from(["fax", "mail", "email", "portal",
                                                    "unknown"]))),
        patient_match=match, own_template=draw(st.booleans()),
        extra_reasons=draw(st.sampled_from([(), ("The same file arrived before.",)])),
    )


@st.composite
def perturbed(draw: st.DrawFn) -> DocumentDraft:
    """A clean, auto-able baseline with a few things made worse: auto stays reachable."""
    form = draw(st.sampled_from([f for f in BASE if f != "other"]))
    changes: dict = {}
    for name in BASE[form]:
        what = draw(st.sampled_from(["keep"] * 12 + ["drop", "unsure", "malform", "flip"]))
        if what == "drop":
            changes[name] = DEL
        elif what == "unsure":
            changes[name] = FieldValue(value=BASE[form][name],
                                       confidence=draw(st.floats(0, 0.8499)))
        elif what == "malform":
            changes[name] = draw(st.sampled_from(["", "??", "2026-02-30", ["x"]]))
        elif what == "flip":
            changes[name] = draw(value_for(name))
    page_conf = draw(st.sampled_from([0.93, 0.93, 0.93, 0.7, 0.69, None]))
    pages = [PageInfo(number=1, role="form", ocr_confidence=page_conf)]
    if draw(st.booleans()):
        pages.append(PageInfo(number=2, role=draw(st.sampled_from(["form", "attachment"])),
                              ocr_confidence=draw(st.sampled_from([0.9, 0.5]))))
    return make_draft(form, changes, pages=pages,
                      form_conf=draw(st.sampled_from([0.97, 0.97, 0.9, 0.8999])),
                      channel=draw(st.sampled_from(["portal", "fax", None])))


def unsure(f: FieldValue) -> bool:
    return f.confidence < TH.field


class TestNeverUnsafeAuto:
    @settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(drafts(), perturbed()))
    def test_auto_only_when_everything_is_sure_and_valid(self, d: DocumentDraft) -> None:
        dec = decide(d)
        if dec.route != "auto":
            assert dec.review_reasons, "review needs at least one reason"
            return
        assert dec.validity == "valid"
        assert d.form_type != "other" and d.form_type_confidence >= TH.form_type
        assert not any(f.severity in ("error", "warning") for f in dec.findings)
        assert not d.extra_reasons and dec.review_reasons == []
        form_pages = [p for p in d.pages if p.role == "form"]
        assert form_pages and all(p.ocr_confidence is not None and p.ocr_confidence >= TH.page
                                  for p in form_pages)
        for name in COMMON + DEPENDS[d.form_type]:
            if name in d.fields:
                assert not unsure(d.fields[name]), f"auto with unsure {name}"
        assert d.source.received_at != "not a date"

    @settings(max_examples=200, deadline=None)
    @given(drafts())
    def test_validity_follows_findings(self, d: DocumentDraft) -> None:
        dec = decide(d)
        errors = [f for f in dec.findings if f.severity == "error"]
        undecided = [f for f in dec.findings
                     if f.severity == "warning" and RULES[f.code].undecided]
        if dec.validity == "invalid":
            assert errors
        if dec.validity == "valid":
            assert not errors and not undecided and d.form_type != "other"
        if d.form_type == "other":
            assert dec.validity == "unknown"
            assert {f.code for f in dec.findings} <= {
                "REVIEW_FORM_TYPE_OTHER", "REVIEW_FORM_TYPE_UNSURE", "REVIEW_UNREADABLE_PAGE"}

    @settings(max_examples=150, deadline=None)
    @given(drafts())
    def test_findings_match_the_table_and_carry_no_phi(self, d: DocumentDraft) -> None:
        dec = decide(d)
        values = " ".join(str(f.value) for f in d.fields.values())
        phi = {n for n in NAMES if n in values} | set(re.findall(r"\d{4}-\d{2}-\d{2}", values))
        for f in dec.findings:
            spec = RULES[f.code]
            assert f.citation == spec.citation
            assert f.severity == spec.severity or (f.code == "REVIEW_PATIENT_NOT_MATCHED"
                                                   and f.severity == "info")
            for text in phi:
                assert text not in f.message, (f.code, "message leaks a field value")
        for reason in dec.review_reasons:
            if reason not in d.extra_reasons:
                assert not any(text in reason for text in phi)


    def test_auto_is_reachable_from_perturbed_drafts(self) -> None:
        """The safety property above is not vacuous: some perturbed drafts do go auto."""
        d = find(perturbed(), lambda d: decide(d).route == "auto" and len(d.fields) > 3,
                 settings=settings(max_examples=500, database=None))
        assert decide(d).validity == "valid"


class TestFirmness:
    def test_firm_error_is_invalid(self) -> None:
        dec = decide(make_draft("amendment_request", {"reason": DEL}))
        assert (dec.validity, dec.route) == ("invalid", "review")

    def test_missing_field_on_unreadable_page_is_unknown_not_invalid(self) -> None:
        """GIVEN a missing field and a form page below 0.70 THEN it may be there: unknown."""
        d = make_draft("amendment_request", {"reason": DEL},
                       pages=[PageInfo(number=1, role="form", ocr_confidence=0.5)])
        dec = decide(d)
        assert dec.validity == "unknown" and dec.route == "review"
        assert {"AMEND_REASON", "REVIEW_UNREADABLE_PAGE"} <= {f.code for f in dec.findings}

    def test_unsure_field_behind_an_error_makes_it_non_firm(self) -> None:
        d = make_draft("third_party_authorization",
                       {"statement_revocation": FieldValue(value=False, confidence=0.6)})
        dec = decide(d)
        assert dec.validity == "unknown"
        assert [f.field for f in dec.findings if f.code == "REVIEW_LOW_CONFIDENCE"] == [
            "statement_revocation"]

    def test_unsure_form_type_makes_every_error_non_firm(self) -> None:
        dec = decide(make_draft("amendment_request", {"reason": DEL}, form_conf=0.5))
        assert dec.validity == "unknown"

    def test_unsure_field_that_passes_still_blocks_auto(self) -> None:
        d = make_draft("amendment_request", {"reason": FieldValue(value="ok", confidence=0.5)})
        dec = decide(d)
        assert dec.route == "review" and dec.validity == "unknown"

    def test_warning_alone_keeps_valid_but_reviews(self) -> None:
        dec = decide(make_draft("access_request", channel="fax"))
        assert (dec.validity, dec.route) == ("valid", "review")

    def test_extra_reasons_force_review_and_are_listed_last(self) -> None:
        dec = decide(make_draft("amendment_request", extra_reasons=("Duplicate of FAX_1.tif.",)))
        assert dec.route == "review" and dec.validity == "valid"
        assert dec.review_reasons == ["Duplicate of FAX_1.tif."]

    def test_unreadable_received_at_blocks_auto(self) -> None:
        d = make_draft("amendment_request")
        d.source = Source(file="x", sha256="c" * 64, received_at="yesterday", channel="fax")
        dec = decide(d)
        assert dec.route == "review" and dec.validity == "unknown" and dec.due_date is None
        assert any(f.field == "source.received_at" for f in dec.findings)


class TestDatesAndReasons:
    def test_r_is_the_local_date_of_received_at(self) -> None:
        """23:30 at -07:00 is the next day in UTC; R is still the 5th."""
        ok = decide(make_draft("amendment_request", {"signature_date": "2026-03-05"}))
        late = decide(make_draft("amendment_request", {"signature_date": "2026-03-06"}))
        assert "AUTH_SIGNED_AFTER_RECEIPT" not in {f.code for f in ok.findings}
        assert "AUTH_SIGNED_AFTER_RECEIPT" in {f.code for f in late.findings}

    def test_due_dates(self) -> None:
        assert decide(make_draft("access_request")).due_date == "2026-04-04"
        assert decide(make_draft("amendment_request")).due_date == "2026-05-04"
        assert decide(make_draft("third_party_authorization")).due_date is None
        assert due_date("access_request", "2026-12-20T08:00:00+00:00") == "2027-01-19"
        # set whatever the route
        assert decide(make_draft("access_request", {"signature_present": False})).due_date

    def test_reasons_most_severe_first_one_per_code(self) -> None:
        d = make_draft("third_party_authorization", {
            "recipient_address": DEL, "statement_revocation": False,
            "expiration_date": DEL, "expiration_event": "End of claim",
            "purpose": FieldValue(value="Claim", confidence=0.5),
            "disclosing_party": FieldValue(value="Clinic", confidence=0.4)})
        dec = decide(d)
        reasons = dec.review_reasons
        assert reasons[0] == RULES["AUTH_STMT_REVOCATION"].reason
        lows = [r for r in reasons if r.startswith("Check these fields")]
        assert len(lows) == 1 and "disclosing_party, purpose" in lows[0]
        assert reasons.index(RULES["AUTH_EXPIRY_EVENT"].reason) < reasons.index(
            RULES["AUTH_RECIPIENT_CONTACT"].reason)
        assert len(reasons) == len(set(reasons))

    def test_revocation_register_unsure_is_unknown(self) -> None:
        dec = decide(make_draft("third_party_authorization"),
                     revocations=lambda mrn, name, r: None)
        assert dec.validity == "unknown" and dec.route == "review"
