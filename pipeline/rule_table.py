"""Every rule code of rules.md as data: severity, requirement, fields, full citation.

Kept apart from the rule logic (``pipeline.rules``) so the contract can be
read, diffed against rules.md and tested without running a rule. Citations
are written out in full ("45 CFR 164.508(c)(1)(iii)"); the ◊ of rules.md
(not fully verified) is kept as ``verified=False`` rather than in the text,
so ``explain`` can say it in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.result import Severity


@dataclass(frozen=True)
class RuleSpec:
    """One row of a rules.md table.

    ``undecided`` marks the ``warning†`` rules: written ``warning`` in the
    JSON, but they leave validity ``unknown`` because the rule cannot decide.
    ``reason`` is the one plain sentence a reviewer acts on (no PHI).
    """

    code: str
    severity: Severity
    section: str
    requirement: str
    fields: tuple[str, ...]
    citation: str | None
    reason: str
    undecided: bool = False
    verified: bool = True

    @property
    def rank(self) -> int:
        """Sort key, most severe first: error, warning†, warning, info."""
        if self.severity == Severity.ERROR:
            return 0
        if self.severity == Severity.WARNING:
            return 1 if self.undecided else 2
        return 3


E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO

_ROWS: list[RuleSpec] = [
    # 2. General (every type except other)
    RuleSpec("AUTH_PATIENT_NAME", E, "general", "The patient is named.",
             ("patient_name",),
             "45 CFR 164.514(h)(1); 42 CFR 2.31(a)(1)",
             "The patient is not named on the form: the request cannot be acted on as it stands."),
    RuleSpec("AUTH_PATIENT_DOB", W, "general", "A date of birth is given.",
             ("patient_dob",), "45 CFR 164.514(h)(1)",
             "No date of birth is given: confirm who the patient is another way."),
    RuleSpec("AUTH_SIGNATURE_MISSING", E, "general",
             "Signed by the patient or a representative (minor form: the guardian).",
             ("signature_present", "guardian_signature_present"),
             "45 CFR 164.508(c)(1)(vi), (b)(5); 45 CFR 164.524(c)(3)(ii); provider policy",
             "The form is not signed: it is not valid until it is signed."),
    RuleSpec("AUTH_SIGNATURE_DATE_MISSING", E, "general", "Every signature is dated.",
             ("signature_date", "guardian_signature_date"),
             "45 CFR 164.508(c)(1)(vi); 42 CFR 2.31(a)(9)",
             "A signature is not dated: ask for a dated signature.", verified=False),
    RuleSpec("AUTH_SIGNED_AFTER_RECEIPT", E, "general", "No signature date is after R.",
             ("signature_date", "guardian_signature_date"),
             "45 CFR 164.508(b)(2)(v); provider policy",
             "A signature date is after the date the form was received: treat the form as "
             "false or misdated."),
    RuleSpec("AUTH_REP_AUTHORITY_MISSING", E, "general",
             "A representative's authority is stated.",
             ("representative_authority", "signer_name"),
             "45 CFR 164.508(c)(1)(vi); 45 CFR 164.502(g)",
             "Someone other than the patient signed without stating their authority to act "
             "for the patient."),
    RuleSpec("AUTH_REP_PARENT_OF_ADULT", E, "general",
             'Authority "parent" is not enough once the patient is 18 or older.',
             ("representative_authority", "patient_dob"),
             "45 CFR 164.502(g)(2)-(3)",
             "A parent signed for a patient who is an adult: a parent is not an adult "
             "patient's representative without other authority."),
    RuleSpec("AUTH_REP_VERIFY", W, "general",
             "A person checks any representative other than a minor's parent, against a "
             "document on an attachment page.",
             ("representative_authority", "pages[].role"),
             "45 CFR 164.514(h)(1); 45 CFR 164.502(g)",
             "A representative signed: check their authority against the attached document "
             "(power of attorney, guardianship, letters of administration)."),
    RuleSpec("DATE_IMPLAUSIBLE", W, "general",
             "The date of birth is between 1900 and R. No signature is dated before the date "
             "of birth.", ("patient_dob", "minor_dob", "signature_date"), "provider policy",
             "A date is implausible (date of birth out of range, or a signature dated before "
             "birth): check the dates on the form.", undecided=True),
    RuleSpec("DATE_RANGE_ORDER", W, "general",
             "The range start is not after the range end, nor after R.",
             ("date_range_start", "date_range_end"), "45 CFR 164.508(c)(1)(i)",
             "The date range of the records is out of order or starts after the date "
             "received: check which records are meant.", undecided=True),
    # 3. third_party_authorization
    RuleSpec("AUTH_CORE_INFO", E, "third_party_authorization",
             "Says what information is covered.", ("records_requested",),
             "45 CFR 164.508(c)(1)(i)",
             "The authorization does not say what information may be disclosed."),
    RuleSpec("AUTH_CORE_DISCLOSER", E, "third_party_authorization", "Names who may disclose.",
             ("disclosing_party",), "45 CFR 164.508(c)(1)(ii); 42 CFR 2.31(a)(2)",
             "The authorization does not name who may disclose the information."),
    RuleSpec("AUTH_CORE_RECIPIENT", E, "third_party_authorization",
             "Names the recipient (a person, organisation or class).", ("recipient_name",),
             "45 CFR 164.508(c)(1)(iii); 42 CFR 2.31(a)(4)(i)",
             "The authorization does not name the recipient."),
    RuleSpec("AUTH_RECIPIENT_CONTACT", W, "third_party_authorization",
             "Gives an address, phone or fax to send to.",
             ("recipient_address", "recipient_phone"), "provider policy",
             "No address, phone or fax is given for the recipient: find out where to send "
             "the records."),
    RuleSpec("AUTH_CORE_PURPOSE", E, "third_party_authorization",
             'States each purpose ("at the request of the individual" is enough).',
             ("purpose",), "45 CFR 164.508(c)(1)(iv); 42 CFR 2.31(a)(5)",
             "The authorization does not state the purpose of the disclosure.",
             verified=False),
    RuleSpec("AUTH_CORE_EXPIRATION", E, "third_party_authorization",
             'Gives an expiration date, or an event tied to the patient or purpose ("none" '
             "fails, except under PART2_TPO).", ("expiration_date", "expiration_event"),
             "45 CFR 164.508(c)(1)(v); 42 CFR 2.31(a)(7)",
             "The authorization has no expiration date or expiration event.", verified=False),
    RuleSpec("AUTH_EXPIRED", E, "third_party_authorization",
             "Not expired: expiration_date is after R.", ("expiration_date",),
             "45 CFR 164.508(b)(2)(i); 42 CFR 2.31(c)",
             "The authorization had expired when it was received.", verified=False),
    RuleSpec("AUTH_EXPIRY_EVENT", W, "third_party_authorization",
             "With only an event, a person confirms it has not happened.",
             ("expiration_event",), "45 CFR 164.508(b)(2)(i)",
             "The authorization expires on an event, not a date: confirm the event has not "
             "happened yet.", undecided=True),
    RuleSpec("AUTH_STMT_REVOCATION", E, "third_party_authorization",
             "States the right to revoke in writing, with the exceptions and how (or refers to "
             "the privacy notice).", ("statement_revocation",), "45 CFR 164.508(c)(2)(i)",
             "The form lacks the statement of the right to revoke."),
    RuleSpec("AUTH_STMT_CONDITIONING", E, "third_party_authorization",
             "States whether care, payment, enrollment or eligibility may be conditioned on "
             "signing.", ("statement_conditioning",),
             "45 CFR 164.508(c)(2)(ii), (b)(4), (b)(2)(iv)",
             "The form lacks the statement on conditioning care or payment on signing."),
    RuleSpec("AUTH_STMT_REDISCLOSURE", E, "third_party_authorization",
             "Warns that the recipient may redisclose, and protection may then be lost.",
             ("statement_redisclosure",), "45 CFR 164.508(c)(2)(iii)",
             "The form lacks the warning that the recipient may redisclose the information."),
    RuleSpec("AUTH_PSYCHOTHERAPY_COMPOUND", E, "third_party_authorization",
             "If psychotherapy_notes is requested, no other category is.",
             ("records_requested",), "45 CFR 164.508(a)(2), (b)(3)(ii), (b)(2)(iv)",
             "Psychotherapy notes are combined with other records on one authorization: they "
             "need an authorization of their own."),
    RuleSpec("AUTH_REVOKED", E, "third_party_authorization",
             "No revocation of this authorization is on file (checked only when a register "
             "is configured).", ("patient_match", "recipient_name"),
             "45 CFR 164.508(b)(2)(iii); 42 CFR 2.31(c)",
             "A revocation of this authorization is on file: do not disclose.",
             verified=False),
    RuleSpec("AUTH_PLAIN_LANGUAGE", N, "third_party_authorization",
             "Not machine-checked. Emitted for forms that are not the provider's own template, "
             "so a reviewer judges.", (), "45 CFR 164.508(c)(3)",
             "The form is not the provider's own template: judge whether it is in plain "
             "language."),
    # 4. Part 2 consent
    RuleSpec("PART2_DESCRIPTION", E, "part2",
             "Describes the SUD information specifically and meaningfully.",
             ("sud_consent_elements",), "42 CFR 2.31(a)(3)",
             "The Part 2 consent does not describe the substance-use information to disclose."),
    RuleSpec("PART2_REVOCATION", E, "part2", "States the right to revoke in writing, and how.",
             ("sud_consent_elements",), "42 CFR 2.31(a)(6)",
             "The Part 2 consent does not state the right to revoke in writing and how.",
             verified=False),
    RuleSpec("PART2_TPO", E, "part2",
             "A TPO consent carries tpo_redisclosure and tpo_refusal.",
             ("sud_consent_elements",),
             "42 CFR 2.31(a)(4)(i), (a)(4)(iii), (a)(7), (a)(10)",
             "The Part 2 consent for treatment, payment and operations lacks the required "
             "redisclosure or refusal statement.", verified=False),
    RuleSpec("PART2_INTERMEDIARY", W, "part2",
             "A person checks that the intermediary's participants are named, or designated "
             "only as the patient's treating providers.", ("sud_consent_elements",),
             "42 CFR 2.31(a)(4)(ii)",
             "The Part 2 recipient is an intermediary: check its participants are named or are "
             "only the patient's treating providers."),
    RuleSpec("PART2_COUNSELING_NOTES", E, "part2",
             "A counseling-notes consent is combined only with other counseling-notes "
             "consents.", ("sud_consent_elements",), "42 CFR 2.31(b)",
             "A consent for SUD counseling notes is combined with another kind of consent.",
             verified=False),
    RuleSpec("PART2_PROCEEDINGS", E, "part2",
             "A proceedings consent stands alone: no tpo_consent or counseling_notes beside "
             "it.", ("sud_consent_elements",), "42 CFR 2.31(d)",
             "A consent for use in legal proceedings is combined with another kind of consent.",
             verified=False),
    RuleSpec("PART2_NOT_COVERED", N, "part2",
             "all_records without Part 2 elements means SUD records are left out.",
             ("records_requested",), "42 CFR 2.31(a)",
             "All records are requested without a Part 2 consent: leave out substance-use "
             "treatment records."),
    RuleSpec("PART2_NOTICE", N, "part2",
             "Each release goes out with the 2.32 notice and a copy or explanation of the "
             "consent.", (), "42 CFR 2.32",
             "Send the 42 CFR 2.32 notice and a copy or explanation of the consent with each "
             "release.", verified=False),
    # 5. Minors
    RuleSpec("MINOR_SUD_PARENT_ONLY", E, "minor",
             "SUD records of a minor need the minor's own signed consent; a parent's alone "
             "fails.", ("records_requested", "patient_dob", "signer_name"),
             "42 CFR 2.14(b); CRS 13-22-102",
             "Substance-use records of a minor are requested without the minor's own signed "
             "consent.", verified=False),
    RuleSpec("MINOR_SENSITIVE_PARENT", W, "minor",
             "A parent of a 12-17 year old asks for mental_health, psychotherapy_notes, "
             "hiv_std_genetic or all_records: a person withholds records of care the minor "
             "consented to alone.", ("records_requested", "patient_dob"),
             "45 CFR 164.502(g)(3)(i); CRS 12-245-203.5, 27-65-104, 25-4-409",
             "A parent asks for sensitive records of a minor aged 12-17: withhold records of "
             "care the minor consented to alone."),
    RuleSpec("MINOR_SELF_SIGNED", W, "minor",
             "A minor signed alone: valid only for care the minor could consent to alone.",
             ("patient_dob", "signer_name"), "45 CFR 164.502(g)(3)(i); CRS 13-22-103",
             "A minor signed alone: release only records of care the minor could consent to "
             "alone."),
    # 6. access_request
    RuleSpec("ACCESS_DIRECTIVE_RECIPIENT", E, "access_request",
             "A copy directed to a third party names the recipient and where to send it (and "
             "is signed).", ("recipient_name", "recipient_address"),
             "45 CFR 164.524(c)(3)(ii)",
             "A copy is directed to a third party without both the recipient's name and where "
             "to send it."),
    RuleSpec("ACCESS_DIRECTIVE_SCOPE", W, "access_request",
             "A person decides on a directive for a paper copy.",
             ("delivery_format", "recipient_name"),
             "45 CFR 164.524(c)(3)(ii); Ciox Health v. Azar (D.D.C. 2020)",
             "A paper copy is directed to a third party: decide whether to treat it as an "
             "access directive or ask for an authorization.", verified=False),
    RuleSpec("ACCESS_DIRECTIVE_PART2", W, "access_request",
             "For a directive that includes SUD records, a person checks whether Part 2 "
             "consent is needed.", ("records_requested", "recipient_name"), "42 CFR 2.31",
             "Substance-use records are directed to a third party: check whether a Part 2 "
             "consent is needed.", verified=False),
    RuleSpec("ACCESS_PSYCHOTHERAPY_NOTES", W, "access_request",
             "Psychotherapy notes are outside the right of access; handle that part "
             "separately.", ("records_requested",), "45 CFR 164.524(a)(1)(i)",
             "Psychotherapy notes are requested: they are outside the right of access, handle "
             "that part separately."),
    RuleSpec("ACCESS_RECORDS_MISSING", W, "access_request", "Says which records are wanted.",
             ("records_requested",), "provider policy",
             "The request does not say which records are wanted: ask the patient."),
    RuleSpec("ACCESS_FORMAT", W, "access_request",
             "Format and method are given and fit together (not paper by email, portal or "
             "usb; not electronic by fax).", ("delivery_format", "delivery_method"),
             "45 CFR 164.524(c)(2)",
             "The format or delivery method is missing or they do not fit together: confirm "
             "how to send the copy."),
    RuleSpec("ACCESS_IDENTITY", W, "access_request",
             "A person verifies identity unless the request came through the portal, or has "
             "an ID attachment and a matched patient.",
             ("source.channel", "pages[].role", "patient_match"), "45 CFR 164.514(h)(1)",
             "Verify the identity of the person making the request."),
    # 7. amendment_request
    RuleSpec("AMEND_WHAT", E, "amendment_request", "Identifies the information to amend.",
             ("information_to_amend",), "45 CFR 164.526(a)(1), (b)(1)",
             "The request does not identify the information to amend."),
    RuleSpec("AMEND_CHANGE", E, "amendment_request", "States the change requested.",
             ("requested_change",), "45 CFR 164.526(b)(1)",
             "The request does not state the change wanted."),
    RuleSpec("AMEND_REASON", E, "amendment_request",
             "Gives a reason (the form asks for one in advance, as allowed).", ("reason",),
             "45 CFR 164.526(b)(1)", "The request gives no reason for the amendment."),
    RuleSpec("AMEND_RECORD_DATE", W, "amendment_request",
             "record_date is given and not after R.", ("record_date",), "provider policy",
             "The date of the record to amend is missing or after the date received: find "
             "the entry meant."),
    # 8. revocation
    RuleSpec("REVOKE_TARGET", W, "revocation",
             "Says what is revoked: revokes, plus revoked_party or "
             "original_authorization_date.",
             ("revokes", "revoked_party", "original_authorization_date"),
             "45 CFR 164.508(b)(5); provider policy",
             "The revocation does not say clearly which authorization or access it ends: "
             "find it before acting."),
    RuleSpec("REVOKE_EFFECTIVE", N, "revocation",
             "Takes effect on R, or on a later effective_date. Disclosures already made in "
             "reliance stand.", ("effective_date",), "45 CFR 164.508(b)(5)(i); 42 CFR 2.31(a)(6)",
             "Stop disclosures from the effective date; disclosures already made stand.",
             verified=False),
    # 9. portal_proxy_authorization
    RuleSpec("PROXY_PATIENT_ADULT", E, "portal_proxy_authorization",
             "The patient is 18 or older on R.", ("patient_dob",),
             "provider policy; 45 CFR 164.502(g)(3)",
             "The patient is not shown to be 18 or older: an adult proxy form does not apply."),
    RuleSpec("PROXY_CORE", E, "portal_proxy_authorization",
             "Names the proxy and states the access scope.", ("proxy_name", "access_scope"),
             "45 CFR 164.508(c)(1)(i), (iii)",
             "The proxy is not named or the access scope is not stated."),
    RuleSpec("PROXY_CONTACT", W, "portal_proxy_authorization",
             "Gives the proxy's email and relationship.", ("proxy_email", "proxy_relationship"),
             "provider policy",
             "The proxy's email or relationship is missing: get it before setting up access."),
    # 10. minor_portal_authorization
    RuleSpec("MINOR_PORTAL_AGE", E, "minor_portal_authorization", "The minor is 12-17 on R.",
             ("minor_dob",), "provider policy; CRS 12-245-203.5",
             "The patient is not shown to be aged 12-17: the minor portal form does not apply."),
    RuleSpec("MINOR_PORTAL_MINOR_SIGNATURE", E, "minor_portal_authorization",
             "The minor signed and dated the form, no later than R.",
             ("minor_signature_present", "minor_signature_date"),
             "provider policy; 45 CFR 164.502(g)(3)(i)",
             "The minor's own signature is missing, undated or dated after the date received."),
    RuleSpec("MINOR_PORTAL_GUARDIAN", E, "minor_portal_authorization",
             "Names the guardian and relationship (other than parent or legal guardian: also "
             "AUTH_REP_VERIFY).", ("guardian_name", "guardian_relationship"),
             "45 CFR 164.508(c)(1)(vi); 45 CFR 164.502(g)(3)",
             "The parent or guardian, or their relationship to the minor, is not stated."),
    RuleSpec("MINOR_PORTAL_ACCESS_TO", E, "minor_portal_authorization",
             "States who gets access.", ("access_to",), "45 CFR 164.508(c)(1)(iii)",
             "The form does not say who gets portal access."),
    RuleSpec("MINOR_PORTAL_IDENTITY", W, "minor_portal_authorization",
             "The minor's name and date of birth agree with the patient fields.",
             ("minor_name", "minor_dob"), "45 CFR 164.514(h)(1)",
             "The minor's name or date of birth disagrees with the patient's on the form: "
             "check who the patient is."),
    # 11. Data quality
    RuleSpec("REVIEW_FORM_TYPE_UNSURE", W, "data_quality", "The form type is not confident.",
             ("form_type_confidence",), None,
             "The form type was not recognised with confidence: confirm what kind of form "
             "this is.", undecided=True),
    RuleSpec("REVIEW_FORM_TYPE_OTHER", W, "data_quality",
             "The form type is other: no rules run.", ("form_type",), None,
             "This is not one of the request forms handled automatically: a person decides "
             "what to do with it.", undecided=True),
    RuleSpec("REVIEW_LOW_CONFIDENCE", W, "data_quality",
             "A field a rule reads is present but not confident (one finding per field, "
             "field set).", ("any",), None,
             "Some fields the rules depend on were not read with confidence: check them "
             "against the page.", undecided=True),
    RuleSpec("REVIEW_UNREADABLE_PAGE", W, "data_quality",
             "A form page is below the page threshold.", ("pages[].ocr_confidence",), None,
             "A form page could not be read well: read it yourself.", undecided=True),
    RuleSpec("REVIEW_PATIENT_NOT_MATCHED", W, "data_quality",
             "The patient match is not_found or ambiguous (info when not_checked).",
             ("patient_match",), "45 CFR 164.514(h)(1)",
             "The patient could not be matched to one patient record: find the right record."),
    RuleSpec("REVIEW_PATIENT_MISMATCH", W, "data_quality",
             "The matched record's name or date of birth disagrees with the form.",
             ("patient_match", "patient_dob"), "45 CFR 164.508(b)(2)(v)",
             "The matched patient record's name or date of birth disagrees with the form: "
             "check it is the same person.", undecided=True),
]

RULES: dict[str, RuleSpec] = {r.code: r for r in _ROWS}
"""Every rule code, in rules.md order (which is also the tie-break order of reasons)."""

ORDER: dict[str, int] = {code: i for i, code in enumerate(RULES)}
