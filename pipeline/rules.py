"""The rules of rules.md, one small function per code, over a typed draft.

A rule function looks at the draft through a ``Ctx``, which records every
field the rule reads. That record is what makes the safety rules mechanical:
a finding is *firm* only when every field its rule read is confident or
firmly absent (rules.md §1), and every field any rule read that is present
but unsure becomes a ``REVIEW_LOW_CONFIDENCE`` finding. No rule can forget to
declare a field it depends on.

Rules never look at the wall clock: dates are judged against R, the calendar
date of ``source.received_at`` in its own UTC offset.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from rapidfuzz import fuzz

from pipeline.result import (
    FieldValue,
    Finding,
    FormType,
    MatchStatus,
    PageInfo,
    PageRole,
    PatientMatch,
    Severity,
    Source,
)
from pipeline.rule_table import RULES, RuleSpec

# --------------------------------------------------------------------------- input types


@dataclass(frozen=True)
class Thresholds:
    """What counts as *confident* (rules.md §1 defaults; to be confirmed)."""

    field: float = 0.85
    form_type: float = 0.90
    page: float = 0.70

    @classmethod
    def from_settings(cls, settings: Any) -> Thresholds:
        """Build from ``pipeline.settings.Settings`` (duck-typed to keep this module light)."""
        return cls(
            field=settings.field_threshold,
            form_type=settings.form_type_threshold,
            page=settings.page_threshold,
        )


@dataclass(frozen=True)
class PatientRecord:
    """The registry's record of a matched patient, for REVIEW_PATIENT_MISMATCH."""

    mrn: str
    name: str
    dob: str | None = None


class RevocationRegister(Protocol):
    """Answers "is a revocation of this authorization on file?" for AUTH_REVOKED.

    Returns True (revoked), False (none on file) or None (cannot tell, e.g.
    the patient is not matched): None makes the finding non-firm.
    """

    def __call__(
        self, mrn: str | None, recipient_name: str | None, received: dt.date | None
    ) -> bool | None: ...


@dataclass
class DocumentDraft:
    """Everything the rules read about one document, before the decision."""

    form_type: FormType
    form_type_confidence: float
    fields: dict[str, FieldValue]
    """Normal forms of forms.md; absent = not on the form."""
    pages: list[PageInfo]
    source: Source
    patient_match: PatientMatch | None = None
    own_template: bool = False
    """True for the provider's own forms: no AUTH_PLAIN_LANGUAGE note."""
    extra_reasons: list[str] | tuple[str, ...] = ()
    """Review reasons found outside the rules (duplicate, sidecar mismatch): force review."""
    matched_record: PatientRecord | None = None
    """The registry record behind a ``matched`` patient_match, when there is one."""
    seen_empty: frozenset[str] | None = None
    """Fields the reader looked for and found empty (label found, nothing written).

    A missing field is *firmly* absent only if it is in here: a field the reader
    simply did not find may still be on the page. None (the default) trusts the
    page confidence alone, as rules.md §1 words it.
    """


# --------------------------------------------------------------------------- field kinds

BOOL_FIELDS = frozenset({
    "signature_present", "minor_signature_present", "guardian_signature_present",
    "statement_revocation", "statement_conditioning", "statement_redisclosure",
})
DATE_FIELDS = frozenset({
    "patient_dob", "signature_date", "date_range_start", "date_range_end", "expiration_date",
    "minor_dob", "minor_signature_date", "guardian_signature_date", "record_date",
    "original_authorization_date", "effective_date",
})
RECORD_CATEGORIES = frozenset({
    "all_records", "progress_notes", "lab_results", "imaging", "medication_list",
    "immunizations", "discharge_summaries", "billing", "mental_health",
    "substance_use_treatment", "psychotherapy_notes", "dental", "hiv_std_genetic",
})
SUD_ELEMENTS = frozenset({
    "sud_description", "revocation_how", "tpo_consent", "tpo_redisclosure", "tpo_refusal",
    "counseling_notes", "proceedings", "intermediary",
})
LIST_FIELDS: dict[str, frozenset[str]] = {
    "records_requested": RECORD_CATEGORIES,
    "sud_consent_elements": SUD_ELEMENTS,
}
ENUM_FIELDS: dict[str, frozenset[str]] = {
    "delivery_format": frozenset({"paper", "electronic"}),
    "delivery_method": frozenset({"mail", "pickup", "email", "fax", "portal", "usb"}),
    "access_scope": frozenset({"full", "limited"}),
    "access_to": frozenset({"guardian", "minor", "both"}),
    "revokes": frozenset({"authorization", "portal_proxy", "minor_portal"}),
}
RECEIVED_AT = "source.received_at"
"""Pseudo-field: rules that use R read it, so an unreadable R makes them non-firm."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UNPARSED = object()


def parse_value(name: str, raw: Any) -> Any:
    """The usable value of a field, or ``_UNPARSED`` when it is not in its normal form.

    A value not in its normal form counts as not confident (rules.md §1 says
    so for dates; the same reasoning holds for every kind).
    """
    if name in BOOL_FIELDS:
        return raw if isinstance(raw, bool) else _UNPARSED
    if name in DATE_FIELDS:
        if not isinstance(raw, str) or not _ISO_DATE.match(raw):
            return _UNPARSED
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return _UNPARSED
    if name in LIST_FIELDS:
        if (not isinstance(raw, list) or not raw
                or not all(isinstance(x, str) and x in LIST_FIELDS[name] for x in raw)):
            return _UNPARSED
        return frozenset(raw)
    if name in ENUM_FIELDS:
        return raw if isinstance(raw, str) and raw in ENUM_FIELDS[name] else _UNPARSED
    if isinstance(raw, bool) or not isinstance(raw, str) or not raw.strip():
        return _UNPARSED
    return raw


def parse_received(received_at: str) -> dt.date | None:
    """R: the calendar date of ``received_at`` in its own offset (None if unreadable)."""
    try:
        return dt.datetime.fromisoformat(received_at.replace("Z", "+00:00")).date()
    except (ValueError, AttributeError):
        return None


# --------------------------------------------------------------------------- names


def _name_words(name: str) -> list[str]:
    """Lower-case words in written order, without punctuation or single-letter initials."""
    return [w for w in re.sub(r"[^\w\s]", " ", name.casefold()).split() if len(w) > 1]


def _name_tokens(name: str) -> list[str]:
    """``_name_words``, sorted: the order a name is written in does not matter."""
    return sorted(_name_words(name))


def same_name(a: str, b: str) -> bool:
    """Same person's name, ignoring case, punctuation and middle initials (rules.md §1)."""
    ta, tb = _name_tokens(a), _name_tokens(b)
    return bool(ta) and ta == tb


MISREAD_WORD = 70  # rapidfuzz ratio each word of two names keeps when only a misread parts them


def near_name(a: str, b: str) -> bool:
    """Two reads of one name that OCR may have parted ('Amber Cartoon', 'Amber Carlson'):
    as many words, in order, each alike. 'Jane Smith' and 'John Smith' are not near, nor
    are names that differ in a suffix ('Jr', 'Sr')."""
    wa, wb = _name_words(a), _name_words(b)
    return (bool(wa) and len(wa) == len(wb)
            and all(fuzz.ratio(x, y) >= MISREAD_WORD for x, y in zip(wa, wb)))


def similar_name(a: str, b: str) -> float:
    """0..1 fuzzy similarity of two names (registry checks, where spelling varies)."""
    return fuzz.token_sort_ratio(" ".join(_name_tokens(a)), " ".join(_name_tokens(b))) / 100.0


_PARENT_WORDS = re.compile(r"\b(parent|mother|father|mom|dad|stepparent|stepmother|stepfather)\b")
_OTHER_AUTHORITY = re.compile(r"guardian|attorney|poa|power|executor|administrator|conservator|"
                              r"court|estate|custod")


def is_parent_authority(text: str | None) -> bool:
    """The authority is being a parent, and nothing more (not guardian, POA...)."""
    if not text:
        return False
    low = text.casefold()
    return bool(_PARENT_WORDS.search(low)) and not _OTHER_AUTHORITY.search(low)


def is_parent_or_legal_guardian(text: str | None) -> bool:
    """Minor portal form: the relationships that need no AUTH_REP_VERIFY (rules.md §10)."""
    if not text:
        return False
    low = re.sub(r"[^\w\s]", " ", text.casefold()).strip()
    return is_parent_authority(low) or re.fullmatch(r"(legal guardian|parent( or)? legal guardian)",
                                                    " ".join(low.split())) is not None


_NONE_EVENT = re.compile(
    r"^(none|never|n ?a|not applicable|no expiration( date)?|no expiry|does not expire|"
    r"never expires|indefinite(ly)?|no end( date)?)$"
)


def is_none_event(text: str) -> bool:
    """An expiration "event" that is really no expiration at all ("none", "never")."""
    low = " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())
    return bool(_NONE_EVENT.match(low))


# --------------------------------------------------------------------------- context


@dataclass
class Hit:
    """One failure of a rule: a PHI-free message and, optionally, the field it is about.

    ``firm=False`` forces the finding non-firm when the rule could not decide
    (say, no usable date of birth); ``severity`` overrides the table's (only
    REVIEW_PATIENT_NOT_MATCHED uses it, for ``info`` when not checked).
    ``depends`` names the reads this failure rests on when the rule fails
    whatever its other reads say: of a rule whose every part must hold, the
    part found missing ("no access scope" fails PROXY_CORE whether the proxy's
    unsure name reads one way or another, or is not there at all). Empty: every
    field the rule read.
    """

    message: str
    field: str | None = None
    firm: bool | None = None
    severity: Severity | None = None
    depends: tuple[str, ...] = ()


@dataclass
class Checked:
    """A finding with what the decision needs but the JSON does not carry."""

    spec: RuleSpec
    finding: Finding
    firm: bool

    @property
    def severity(self) -> Severity:
        return Severity(self.finding.severity)

    @property
    def undecided(self) -> bool:
        """A warning† (leaves validity unknown)."""
        return self.spec.undecided and self.severity == Severity.WARNING


class Ctx:
    """The draft as rules see it: typed values, confidence and a log of reads."""

    def __init__(self, draft: DocumentDraft, thresholds: Thresholds,
                 revocations: RevocationRegister | None = None) -> None:
        self.draft = draft
        self.th = thresholds
        self.revocations = revocations
        self.type = FormType(draft.form_type)
        self.received = parse_received(draft.source.received_at)
        self.type_confident = draft.form_type_confidence >= thresholds.form_type
        form_pages = [p for p in draft.pages if p.role == PageRole.FORM]
        self.form_pages_confident = bool(form_pages) and all(
            p.ocr_confidence is not None and p.ocr_confidence >= thresholds.page
            for p in form_pages
        )
        self.values = {n: parse_value(n, fv.value) for n, fv in draft.fields.items()}
        self.reads: set[str] = set()
        self.all_reads: list[str] = []

    # -- reading
    def _read(self, name: str) -> None:
        self.reads.add(name)
        if name not in self.all_reads:
            self.all_reads.append(name)

    def has(self, name: str) -> bool:
        """Whether the field is on the form (whatever its confidence)."""
        self._read(name)
        return name in self.draft.fields

    def val(self, name: str) -> Any:
        """The usable value, or None when absent or not in its normal form."""
        self._read(name)
        v = self.values.get(name)
        return None if v is _UNPARSED else v

    def R(self) -> dt.date | None:  # noqa: N802 - the name rules.md uses
        """The date received; reading it makes the rule depend on it."""
        self._read(RECEIVED_AT)
        return self.received

    # -- confidence
    def present(self, name: str) -> bool:
        return name == RECEIVED_AT or name in self.draft.fields

    def confident(self, name: str) -> bool:
        """Present, in its normal form, and at or above the field threshold."""
        if name == RECEIVED_AT:
            return self.received is not None
        fv = self.draft.fields.get(name)
        return (fv is not None and self.values[name] is not _UNPARSED
                and fv.confidence >= self.th.field)

    def firmly_absent(self, name: str) -> bool:
        """Missing from a document whose form pages were all read with confidence
        (and, when the reader says where it looked, seen empty there)."""
        seen = self.draft.seen_empty
        return (not self.present(name) and self.form_pages_confident
                and (seen is None or name in seen))

    def sure(self, name: str) -> bool:
        return self.confident(name) or self.firmly_absent(name)

    # -- shared judgements
    @property
    def minor_form(self) -> bool:
        return self.type == FormType.MINOR_PORTAL_AUTHORIZATION

    def dob(self) -> dt.date | None:
        """Date of birth the age is taken from (minor form: ``minor_dob`` if present)."""
        if self.minor_form and self.has("minor_dob"):
            return self.val("minor_dob")
        return self.val("patient_dob")

    def age(self) -> int | None:
        """Age in whole years on R, or None when the date of birth or R is unusable."""
        dob, r = self.dob(), self.R()
        if dob is None or r is None:
            return None
        return r.year - dob.year - ((r.month, r.day) < (dob.month, dob.day))

    def representative(self) -> bool:
        """The signer is not the patient (rules.md §1); always so on the minor form."""
        if self.minor_form:
            return True
        if self.has("representative_authority"):
            return True
        signer, patient = self.val("signer_name"), self.val("patient_name")
        if not signer or not patient or same_name(signer, patient):
            return False
        # Two unsure reads a misread apart name one person: a reviewer sees both names
        # anyway, since an unsure rule field never routes auto.
        unsure = not (self.confident("signer_name") and self.confident("patient_name"))
        return not (unsure and near_name(signer, patient))

    def records(self) -> frozenset[str]:
        return self.val("records_requested") or frozenset()

    def sud_elements(self) -> frozenset[str]:
        return self.val("sud_consent_elements") or frozenset()

    def signature_date_fields(self) -> list[str]:
        """The general signature rules read the guardian's fields on the minor form."""
        if self.minor_form:
            return [n for n in ("guardian_signature_date", "signature_date") if self.has(n)]
        return ["signature_date"]

    def part2_applies(self) -> bool:
        return "substance_use_treatment" in self.records() or self.has("sud_consent_elements")

    def attachment_page(self) -> bool:
        return any(p.role == PageRole.ATTACHMENT for p in self.draft.pages)


# --------------------------------------------------------------------------- rule registry

RuleFn = Callable[[Ctx], "Hit | list[Hit] | None"]
RULE_FUNCS: dict[str, RuleFn] = {}


def rule(code: str) -> Callable[[RuleFn], RuleFn]:
    """Register the function that checks ``code`` (must be a code of the table)."""
    if code not in RULES:
        raise KeyError(f"{code} is not a rules.md code")

    def register(fn: RuleFn) -> RuleFn:
        RULE_FUNCS[code] = fn
        return fn

    return register


_PER_TYPE_SECTIONS = {
    "third_party_authorization": {FormType.THIRD_PARTY_AUTHORIZATION},
    "access_request": {FormType.ACCESS_REQUEST},
    "amendment_request": {FormType.AMENDMENT_REQUEST},
    "revocation": {FormType.REVOCATION},
    "portal_proxy_authorization": {FormType.PORTAL_PROXY_AUTHORIZATION},
    "minor_portal_authorization": {FormType.MINOR_PORTAL_AUTHORIZATION},
}
_EXPIRY_CODES = {"AUTH_CORE_EXPIRATION", "AUTH_EXPIRED", "AUTH_EXPIRY_EVENT"}
_PATIENT_CODES = {"REVIEW_PATIENT_NOT_MATCHED", "REVIEW_PATIENT_MISMATCH"}


def applies(spec: RuleSpec, c: Ctx) -> bool:
    """Which sections run for the form type (rules.md section headings)."""
    if spec.code in _PATIENT_CODES:
        return c.type != FormType.OTHER  # other: no rules run, no patient to match
    if spec.section == "data_quality":
        return True
    if c.type == FormType.OTHER:
        return False
    if spec.section == "general":
        return True
    if spec.code in _EXPIRY_CODES and c.type == FormType.PORTAL_PROXY_AUTHORIZATION:
        return True  # rules.md §9
    if spec.section == "part2":
        if c.type != FormType.THIRD_PARTY_AUTHORIZATION:
            return False
        # PART2_NOT_COVERED is about all_records *without* Part 2 elements.
        return spec.code == "PART2_NOT_COVERED" or c.part2_applies()
    if spec.section == "minor":
        return not c.minor_form
    return c.type in _PER_TYPE_SECTIONS[spec.section]


# --------------------------------------------------------------------------- 2. general


@rule("AUTH_PATIENT_NAME")
def auth_patient_name(c: Ctx) -> Hit | None:
    if c.has("patient_name") or (c.minor_form and c.has("minor_name")):
        return None
    return Hit("The patient's name is missing.", "patient_name")


@rule("AUTH_PATIENT_DOB")
def auth_patient_dob(c: Ctx) -> Hit | None:
    if c.has("patient_dob") or (c.minor_form and c.has("minor_dob")):
        return None
    return Hit("The patient's date of birth is missing.", "patient_dob")


@rule("AUTH_SIGNATURE_MISSING")
def auth_signature_missing(c: Ctx) -> Hit | None:
    names = ["signature_present"]
    if c.minor_form:
        names.insert(0, "guardian_signature_present")
    present = [n for n in names if c.has(n)]
    if present and all(c.val(n) is True for n in present):
        return None
    who = "the parent or guardian" if c.minor_form else "the patient or a representative"
    if not present:  # the signing line was not found: not read, not known to be unsigned
        return Hit(f"No signature by {who} was found: check that the form is signed.", names[-1])
    return Hit(f"The form is not signed by {who}.", present[0])


@rule("AUTH_SIGNATURE_DATE_MISSING")
def auth_signature_date_missing(c: Ctx) -> Hit | None:
    sig = "guardian_signature_present" if c.minor_form and c.has(
        "guardian_signature_present") else "signature_present"
    if not c.has(sig) or c.val(sig) is False:
        return None  # no signature (or none found) to date: AUTH_SIGNATURE_MISSING says so
    if any(c.has(n) for n in c.signature_date_fields()):
        return None
    name = "guardian_signature_date" if c.minor_form else "signature_date"
    return Hit("The signature is not dated.", name)


@rule("AUTH_SIGNED_AFTER_RECEIPT")
def auth_signed_after_receipt(c: Ctx) -> Hit | None:
    r = c.R()
    # every *_signature_date (rules.md §2): on the minor form the minor's too, which
    # MINOR_PORTAL_MINOR_SIGNATURE also reads
    extra = ["minor_signature_date"] if c.minor_form and c.has("minor_signature_date") else []
    for name in c.signature_date_fields() + extra:
        d = c.val(name)
        if d is not None and r is not None and d > r:  # one such date fails the rule, whatever the others read
            return Hit("The signature date is after the date received.", name, depends=(name, RECEIVED_AT))
    return None


@rule("AUTH_REP_AUTHORITY_MISSING")
def auth_rep_authority_missing(c: Ctx) -> Hit | None:
    if c.minor_form:
        return None  # the guardian's relationship is MINOR_PORTAL_GUARDIAN's to check
    if c.representative() and not c.has("representative_authority"):
        return Hit("The signer is not the patient and states no authority to act for the "
                   "patient.", "representative_authority")
    return None


@rule("AUTH_REP_PARENT_OF_ADULT")
def auth_rep_parent_of_adult(c: Ctx) -> Hit | None:
    if c.minor_form or not is_parent_authority(c.val("representative_authority")):
        return None
    age = c.age()
    if age is None:
        return Hit("A parent signed and the patient's age could not be established, so it is "
                   "not known whether the patient is an adult.", "patient_dob", firm=False)
    if age >= 18:
        return Hit('The signer\'s authority is "parent" but the patient is 18 or older.',
                   "representative_authority")
    return None


@rule("AUTH_REP_VERIFY")
def auth_rep_verify(c: Ctx) -> Hit | None:
    if not c.representative():
        return None
    if c.minor_form:
        authority = c.val("guardian_relationship") or c.val("representative_authority")
        if is_parent_or_legal_guardian(authority):
            return None
    else:
        authority = c.val("representative_authority")
        age = c.age()
        if is_parent_authority(authority) and age is not None and age < 18:
            return None
    if c.attachment_page():
        return Hit("A representative signed: check their authority against the attached "
                   "document.", "representative_authority")
    return Hit("A representative signed and no supporting document is attached: check their "
               "authority.", "representative_authority")


@rule("DATE_IMPLAUSIBLE")
def date_implausible(c: Ctx) -> Hit | None:
    r = c.R()
    dobs = {n: c.val(n) for n in ("patient_dob", "minor_dob") if c.has(n)}
    for name, d in dobs.items():
        if d is not None and (d.year < 1900 or (r is not None and d > r)):
            return Hit("A date of birth is before 1900 or after the date received.", name)
    births = [d for d in dobs.values() if d is not None]
    if not births:
        return None
    sig_fields = ["signature_date", "minor_signature_date", "guardian_signature_date"]
    for name in sig_fields:
        d = c.val(name) if c.has(name) else None
        if d is not None and d < min(births):
            return Hit("A signature is dated before the date of birth.", name)
    return None


@rule("DATE_RANGE_ORDER")
def date_range_order(c: Ctx) -> Hit | None:
    start, end, r = c.val("date_range_start"), c.val("date_range_end"), c.R()
    if start is not None and end is not None and start > end:
        return Hit("The date range starts after it ends.", "date_range_start")
    if start is not None and r is not None and start > r:
        return Hit("The date range starts after the date received.", "date_range_start")
    return None


# --------------------------------------------------------------------------- 3. third party


def _missing(c: Ctx, name: str, message: str) -> Hit | None:
    return None if c.has(name) else Hit(message, name)


@rule("AUTH_CORE_INFO")
def auth_core_info(c: Ctx) -> Hit | None:
    return _missing(c, "records_requested", "The information to be disclosed is not stated.")


@rule("AUTH_CORE_DISCLOSER")
def auth_core_discloser(c: Ctx) -> Hit | None:
    return _missing(c, "disclosing_party", "Who may disclose the information is not named.")


@rule("AUTH_CORE_RECIPIENT")
def auth_core_recipient(c: Ctx) -> Hit | None:
    return _missing(c, "recipient_name", "The recipient is not named.")


@rule("AUTH_RECIPIENT_CONTACT")
def auth_recipient_contact(c: Ctx) -> Hit | None:
    if c.has("recipient_address") or c.has("recipient_phone"):
        return None
    return Hit("No address, phone or fax is given for the recipient.", "recipient_address")


@rule("AUTH_CORE_PURPOSE")
def auth_core_purpose(c: Ctx) -> Hit | None:
    return _missing(c, "purpose", "The purpose of the disclosure is not stated.")


def _tpo(c: Ctx) -> bool:
    return "tpo_consent" in c.sud_elements()


@rule("AUTH_CORE_EXPIRATION")
def auth_core_expiration(c: Ctx) -> Hit | None:
    if c.has("expiration_date"):
        return None
    if c.has("expiration_event"):
        event = c.val("expiration_event")
        if event is not None and is_none_event(event) and not _tpo(c):
            return Hit('The expiration is given as "none", which is not allowed here.',
                       "expiration_event")
        return None
    return Hit("No expiration date or expiration event is given.", "expiration_date")


@rule("AUTH_EXPIRED")
def auth_expired(c: Ctx) -> Hit | None:
    d, r = c.val("expiration_date"), c.R()
    if d is not None and r is not None and d <= r:
        return Hit("The expiration date is not after the date received.", "expiration_date")
    return None


@rule("AUTH_EXPIRY_EVENT")
def auth_expiry_event(c: Ctx) -> Hit | None:
    if c.has("expiration_date") or not c.has("expiration_event"):
        return None
    event = c.val("expiration_event")
    if event is not None and is_none_event(event):
        return None  # no event to confirm: AUTH_CORE_EXPIRATION judges "none"
    return Hit("The authorization ends on an event rather than a date: confirm the event has "
               "not happened.", "expiration_event")


def _statement(c: Ctx, name: str, what: str) -> Hit | None:
    return None if c.val(name) is True else Hit(f"The form does not carry the {what}.", name)


@rule("AUTH_STMT_REVOCATION")
def auth_stmt_revocation(c: Ctx) -> Hit | None:
    return _statement(c, "statement_revocation", "statement of the right to revoke")


@rule("AUTH_STMT_CONDITIONING")
def auth_stmt_conditioning(c: Ctx) -> Hit | None:
    return _statement(c, "statement_conditioning", "statement on conditioning care or payment")


@rule("AUTH_STMT_REDISCLOSURE")
def auth_stmt_redisclosure(c: Ctx) -> Hit | None:
    return _statement(c, "statement_redisclosure", "warning about redisclosure")


@rule("AUTH_PSYCHOTHERAPY_COMPOUND")
def auth_psychotherapy_compound(c: Ctx) -> Hit | None:
    recs = c.records()
    if "psychotherapy_notes" in recs and len(recs) > 1:
        return Hit("Psychotherapy notes are requested together with other records.",
                   "records_requested")
    return None


@rule("AUTH_REVOKED")
def auth_revoked(c: Ctx) -> Hit | None:
    if c.revocations is None:
        return None  # no register configured: not checked (rules.md §3)
    pm = c.draft.patient_match
    mrn = pm.mrn if pm is not None and pm.status == MatchStatus.MATCHED else None
    answer = c.revocations(mrn, c.val("recipient_name"), c.R())
    if answer is True:
        return Hit("A revocation of this authorization is on file.", "recipient_name")
    if answer is None:
        return Hit("Whether this authorization was revoked could not be checked.",
                   "recipient_name", firm=False)
    return None


@rule("AUTH_PLAIN_LANGUAGE")
def auth_plain_language(c: Ctx) -> Hit | None:
    if c.draft.own_template:
        return None
    return Hit("The form is not the provider's own template: a reviewer judges whether it is "
               "written in plain language.")


# --------------------------------------------------------------------------- 4. Part 2


def _element_missing(c: Ctx, element: str, message: str) -> Hit | None:
    return None if element in c.sud_elements() else Hit(message, "sud_consent_elements")


@rule("PART2_DESCRIPTION")
def part2_description(c: Ctx) -> Hit | None:
    return _element_missing(c, "sud_description",
                            "The consent does not describe the substance-use information.")


@rule("PART2_REVOCATION")
def part2_revocation(c: Ctx) -> Hit | None:
    return _element_missing(c, "revocation_how",
                            "The consent does not state the right to revoke in writing and how.")


@rule("PART2_TPO")
def part2_tpo(c: Ctx) -> Hit | None:
    el = c.sud_elements()
    if "tpo_consent" in el and not {"tpo_redisclosure", "tpo_refusal"} <= el:
        return Hit("The treatment, payment and operations consent lacks the redisclosure or "
                   "refusal statement.", "sud_consent_elements")
    return None


@rule("PART2_INTERMEDIARY")
def part2_intermediary(c: Ctx) -> Hit | None:
    if "intermediary" in c.sud_elements():
        return Hit("The recipient is an intermediary: check how its participants are named.",
                   "sud_consent_elements")
    return None


@rule("PART2_COUNSELING_NOTES")
def part2_counseling_notes(c: Ctx) -> Hit | None:
    el = c.sud_elements()
    if "counseling_notes" in el and el & {"tpo_consent", "proceedings"}:
        return Hit("A counseling-notes consent is combined with another kind of consent.",
                   "sud_consent_elements")
    return None


@rule("PART2_PROCEEDINGS")
def part2_proceedings(c: Ctx) -> Hit | None:
    el = c.sud_elements()
    if "proceedings" in el and el & {"tpo_consent", "counseling_notes"}:
        return Hit("A legal-proceedings consent is combined with another kind of consent.",
                   "sud_consent_elements")
    return None


@rule("PART2_NOT_COVERED")
def part2_not_covered(c: Ctx) -> Hit | None:
    if "all_records" in c.records() and not c.has("sud_consent_elements"):
        return Hit("All records are requested without Part 2 consent elements: substance-use "
                   "treatment records are left out.", "records_requested")
    return None


@rule("PART2_NOTICE")
def part2_notice(c: Ctx) -> Hit | None:
    return Hit("Send each release with the 42 CFR 2.32 notice and a copy or explanation of the "
               "consent.")


# --------------------------------------------------------------------------- 5. minors

_SENSITIVE = frozenset({"mental_health", "psychotherapy_notes", "hiv_std_genetic", "all_records"})


@rule("MINOR_SUD_PARENT_ONLY")
def minor_sud_parent_only(c: Ctx) -> Hit | None:
    if "substance_use_treatment" not in c.records() or not c.representative():
        return None
    age = c.age()
    if age is None:
        return Hit("Substance-use records are requested by a representative and the patient's "
                   "age could not be established.", "patient_dob", firm=False)
    if age < 18:
        return Hit("Substance-use records of a minor are requested without the minor's own "
                   "signature.", "signer_name")
    return None


@rule("MINOR_SENSITIVE_PARENT")
def minor_sensitive_parent(c: Ctx) -> Hit | None:
    age = c.age()
    if age is None or not 12 <= age <= 17 or not c.representative():
        return None
    if c.records() & _SENSITIVE:
        return Hit("A parent asks for sensitive records of a minor aged 12 to 17.",
                   "records_requested")
    return None


@rule("MINOR_SELF_SIGNED")
def minor_self_signed(c: Ctx) -> Hit | None:
    age = c.age()
    if age is None or age >= 18 or c.representative():
        return None
    return Hit("A minor signed the form alone.", "signer_name")


# --------------------------------------------------------------------------- 6. access


def _directive(c: Ctx) -> bool:
    return c.has("recipient_name") or c.has("recipient_address")


@rule("ACCESS_DIRECTIVE_RECIPIENT")
def access_directive_recipient(c: Ctx) -> Hit | None:
    if not _directive(c):
        return None
    for name in ("recipient_name", "recipient_address"):
        if not c.has(name):
            return Hit("A copy is directed to a third party without the recipient's name or "
                       "address.", name)
    return None


@rule("ACCESS_DIRECTIVE_SCOPE")
def access_directive_scope(c: Ctx) -> Hit | None:
    if _directive(c) and c.val("delivery_format") != "electronic":
        return Hit("A copy that is not electronic is directed to a third party.",
                   "delivery_format")
    return None


@rule("ACCESS_DIRECTIVE_PART2")
def access_directive_part2(c: Ctx) -> Hit | None:
    if _directive(c) and "substance_use_treatment" in c.records():
        return Hit("Substance-use records are directed to a third party.", "records_requested")
    return None


@rule("ACCESS_PSYCHOTHERAPY_NOTES")
def access_psychotherapy_notes(c: Ctx) -> Hit | None:
    if "psychotherapy_notes" in c.records():
        return Hit("Psychotherapy notes are requested.", "records_requested")
    return None


@rule("ACCESS_RECORDS_MISSING")
def access_records_missing(c: Ctx) -> Hit | None:
    return _missing(c, "records_requested", "The request does not say which records are wanted.")


_PAPER_BAD = frozenset({"email", "portal", "usb"})


@rule("ACCESS_FORMAT")
def access_format(c: Ctx) -> Hit | None:
    fmt, method = c.val("delivery_format"), c.val("delivery_method")
    if fmt is None:
        return Hit("The format of the copy is not given.", "delivery_format")
    if method is None:
        return Hit("How to deliver the copy is not given.", "delivery_method")
    if (fmt == "paper" and method in _PAPER_BAD) or (fmt == "electronic" and method == "fax"):
        return Hit("The format and the delivery method do not fit together.", "delivery_method")
    return None


@rule("ACCESS_IDENTITY")
def access_identity(c: Ctx) -> Hit | None:
    # A portal login proves the patient, not a representative acting for them.
    if c.draft.source.channel == "portal" and not c.representative():
        return None
    pm = c.draft.patient_match
    if c.attachment_page() and pm is not None and pm.status == MatchStatus.MATCHED:
        return None
    return Hit("The requester's identity has not been verified.")


# --------------------------------------------------------------------------- 7. amendment


@rule("AMEND_WHAT")
def amend_what(c: Ctx) -> Hit | None:
    return _missing(c, "information_to_amend", "The information to amend is not identified.")


@rule("AMEND_CHANGE")
def amend_change(c: Ctx) -> Hit | None:
    return _missing(c, "requested_change", "The change requested is not stated.")


@rule("AMEND_REASON")
def amend_reason(c: Ctx) -> Hit | None:
    return _missing(c, "reason", "No reason for the amendment is given.")


@rule("AMEND_RECORD_DATE")
def amend_record_date(c: Ctx) -> Hit | None:
    if not c.has("record_date"):
        return Hit("The date of the record to amend is not given.", "record_date")
    d, r = c.val("record_date"), c.R()
    if d is not None and r is not None and d > r:
        return Hit("The date of the record to amend is after the date received.", "record_date")
    return None


# --------------------------------------------------------------------------- 8. revocation


@rule("REVOKE_TARGET")
def revoke_target(c: Ctx) -> Hit | None:
    if not c.has("revokes"):
        return Hit("The revocation does not say what it revokes.", "revokes")
    if not (c.has("revoked_party") or c.has("original_authorization_date")):
        return Hit("The revocation names neither the party nor the date of what it revokes.",
                   "revoked_party")
    return None


@rule("REVOKE_EFFECTIVE")
def revoke_effective(c: Ctx) -> Hit:
    d, r = c.val("effective_date"), c.R()
    if d is not None and r is not None and d > r:
        return Hit("The revocation takes effect on the later effective date on the form; "
                   "disclosures already made stand.", "effective_date")
    return Hit("The revocation takes effect on the date received; disclosures already made "
               "stand.")


# --------------------------------------------------------------------------- 9. portal proxy


@rule("PROXY_PATIENT_ADULT")
def proxy_patient_adult(c: Ctx) -> Hit | None:
    age = c.age()
    if age is None:
        return Hit("The patient's age could not be established.", "patient_dob")
    if age < 18:
        return Hit("The patient is under 18 on the date received.", "patient_dob")
    return None


@rule("PROXY_CORE")
def proxy_core(c: Ctx) -> Hit | None:
    if not c.has("proxy_name"):
        return Hit("The proxy is not named.", "proxy_name", depends=("proxy_name",))
    if not c.has("access_scope"):
        return Hit("The scope of proxy access is not stated.", "access_scope", depends=("access_scope",))
    return None


@rule("PROXY_CONTACT")
def proxy_contact(c: Ctx) -> Hit | None:
    if not c.has("proxy_email"):
        return Hit("The proxy's email is not given.", "proxy_email")
    if not c.has("proxy_relationship"):
        return Hit("The proxy's relationship to the patient is not given.",
                   "proxy_relationship")
    return None


# --------------------------------------------------------------------------- 10. minor portal


@rule("MINOR_PORTAL_AGE")
def minor_portal_age(c: Ctx) -> Hit | None:
    age = c.age()
    if age is None:
        return Hit("The minor's age could not be established.", "minor_dob")
    if not 12 <= age <= 17:
        return Hit("The minor is not aged 12 to 17 on the date received.", "minor_dob")
    return None


@rule("MINOR_PORTAL_MINOR_SIGNATURE")
def minor_portal_minor_signature(c: Ctx) -> Hit | None:
    # a signature unsure of being there fails the rule anyway if it is not: the later parts rest on their own
    if c.val("minor_signature_present") is not True:
        return Hit("The minor did not sign the form.", "minor_signature_present",
                   depends=("minor_signature_present",))
    if not c.has("minor_signature_date"):
        return Hit("The minor's signature is not dated.", "minor_signature_date",
                   depends=("minor_signature_date",))
    d, r = c.val("minor_signature_date"), c.R()
    if d is not None and r is not None and d > r:
        return Hit("The minor's signature date is after the date received.",
                   "minor_signature_date", depends=("minor_signature_date", RECEIVED_AT))
    return None


@rule("MINOR_PORTAL_GUARDIAN")
def minor_portal_guardian(c: Ctx) -> Hit | None:
    if not c.has("guardian_name"):
        return Hit("The parent or guardian is not named.", "guardian_name", depends=("guardian_name",))
    if not c.has("guardian_relationship"):
        return Hit("The guardian's relationship to the minor is not stated.",
                   "guardian_relationship", depends=("guardian_relationship",))
    return None


@rule("MINOR_PORTAL_ACCESS_TO")
def minor_portal_access_to(c: Ctx) -> Hit | None:
    return _missing(c, "access_to", "The form does not say who gets access.")


@rule("MINOR_PORTAL_IDENTITY")
def minor_portal_identity(c: Ctx) -> Hit | None:
    minor, patient = c.val("minor_name"), c.val("patient_name")
    if minor and patient and not same_name(minor, patient):
        return Hit("The minor's name differs from the patient's name on the form.", "minor_name")
    mdob, pdob = c.val("minor_dob"), c.val("patient_dob")
    if mdob and pdob and mdob != pdob:
        return Hit("The minor's date of birth differs from the patient's on the form.",
                   "minor_dob")
    return None


# --------------------------------------------------------------------------- 11. data quality


@rule("REVIEW_FORM_TYPE_UNSURE")
def review_form_type_unsure(c: Ctx) -> Hit | None:
    if c.type_confident:
        return None
    return Hit("The form type was not recognised with confidence.")


@rule("REVIEW_FORM_TYPE_OTHER")
def review_form_type_other(c: Ctx) -> Hit | None:
    if c.type != FormType.OTHER:
        return None
    return Hit("The document is not one of the recognised request forms; no rules were run.")


@rule("REVIEW_UNREADABLE_PAGE")
def review_unreadable_page(c: Ctx) -> list[Hit]:
    th = c.th.page
    form = [p for p in c.draft.pages if p.role == PageRole.FORM]
    if not form and c.type != FormType.OTHER:
        return [Hit("No page of the document was recognised as a form page.")]
    return [Hit(f"Form page {p.number} was not read with confidence.") for p in form
            if p.ocr_confidence is None or p.ocr_confidence < th]


@rule("REVIEW_PATIENT_NOT_MATCHED")
def review_patient_not_matched(c: Ctx) -> Hit | None:
    """No finding when ``patient_match`` is None.

    None means no registry is configured (result.schema.json: "when one is
    configured"): there was nothing to check, and an ``info`` on every
    document would only be noise. ``not_checked`` means a registry is
    configured but the lookup did not run: that is worth an ``info``.
    Identity is still guarded: ACCESS_IDENTITY needs a *matched* patient.
    """
    pm = c.draft.patient_match
    if c.type == FormType.OTHER or pm is None or pm.status == MatchStatus.MATCHED:
        return None
    if pm.status == MatchStatus.NOT_CHECKED:
        return Hit("The patient was not checked against the registry.", severity=Severity.INFO)
    if pm.status == MatchStatus.AMBIGUOUS:
        return Hit("The patient matches more than one registry record.")
    return Hit("The patient was not found in the registry.")


@rule("REVIEW_PATIENT_MISMATCH")
def review_patient_mismatch(c: Ctx) -> Hit | None:
    pm, rec = c.draft.patient_match, c.draft.matched_record
    if c.type == FormType.OTHER or pm is None or pm.status != MatchStatus.MATCHED or rec is None:
        return None
    name = c.val("patient_name")
    if name and similar_name(name, rec.name) < 0.85:
        return Hit("The matched record's name disagrees with the form.", "patient_name")
    dob = c.dob()
    if dob is not None and rec.dob and rec.dob != dob.isoformat():
        return Hit("The matched record's date of birth disagrees with the form.", "patient_dob")
    return None


def _low_confidence(c: Ctx) -> list[tuple[str, Hit]]:
    """REVIEW_LOW_CONFIDENCE: one per field a rule read that is present but unsure."""
    hits = []
    for name in c.all_reads:
        if c.present(name) and not c.confident(name):
            if name == RECEIVED_AT:
                msg = "The date received could not be read, so date rules could not be checked."
            elif c.values.get(name) is _UNPARSED:
                msg = "A field the rules depend on is not in a form that could be checked."
            else:
                msg = "A field the rules depend on was not read with confidence."
            hits.append((name, Hit(msg, name)))
    return hits


# --------------------------------------------------------------------------- engine

RULE_FUNCS["REVIEW_LOW_CONFIDENCE"] = lambda c: None  # computed last, from the reads


def _as_list(out: Hit | list[Hit] | None) -> list[Hit]:
    if out is None:
        return []
    return out if isinstance(out, list) else [out]


def _checked(spec: RuleSpec, hit: Hit, firm: bool) -> Checked:
    sev = hit.severity or spec.severity
    return Checked(spec, Finding(code=spec.code, severity=sev, message=hit.message,
                                 citation=spec.citation, field=hit.field), firm)


def evaluate(draft: DocumentDraft, thresholds: Thresholds | None = None,
             revocations: RevocationRegister | None = None) -> list[Checked]:
    """Run every rule that applies to the draft, in rules.md order.

    Returns findings with their firmness; ``pipeline.route`` turns them into
    validity and route.
    """
    c = Ctx(draft, thresholds or Thresholds(), revocations)
    out: list[Checked] = []
    for code, spec in RULES.items():
        c.reads = set()  # what decides applicability counts as read by the rule
        if not applies(spec, c):
            continue
        # A rule depends on every field its row lists, even when its logic
        # short-circuits: an unsure listed field must still stop ``auto``.
        for name in spec.fields:
            if name in draft.fields:
                c.has(name)
        hits = _as_list(RULE_FUNCS[code](c))
        out.extend(_checked(spec, h, _firm(c, h)) for h in hits)
    spec = RULES["REVIEW_LOW_CONFIDENCE"]
    out.extend(_checked(spec, h, True) for _, h in _low_confidence(c))
    return out


def _firm(c: Ctx, hit: Hit) -> bool:
    """rules.md §1: the form type is confident and every field the failure reads is confident or firmly
    absent (the fields it rests on, when the rule names them; otherwise all the rule read)."""
    reads = hit.depends or c.reads
    return c.type_confident and all(c.sure(n) for n in reads) and hit.firm is not False


def implemented_codes() -> Iterable[str]:
    """Codes with a rule function (tests compare this with rules.md)."""
    return RULE_FUNCS.keys()


__all__ = [
    "Checked", "Ctx", "DocumentDraft", "Hit", "PatientRecord", "RevocationRegister", "Thresholds",
    "evaluate", "implemented_codes", "near_name", "same_name", "similar_name", "RULE_FUNCS",
]
