"""Does the form carry the statements a valid authorization needs? Fuzzy paragraph match.

Rules need to know whether the printed form states the right to revoke, the
no-conditioning promise and the redisclosure warning (45 CFR 164.508(c)(2)),
and which Part 2 consent elements it has (rules.md section 4). Wording varies
by issuer, so each statement has several phrasings (taken from how real
forms say it); the page text is matched with rapidfuzz ``partial_ratio``
sentence by sentence, which tolerates OCR errors and line breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

STATEMENTS: dict[str, list[str]] = {
    "statement_revocation": [
        "I understand that I may revoke this authorization at any time by giving written notice",
        "you may cancel (revoke) this authorization at any time. your revocation must be in writing",
        "this authorization may be revoked in writing at any time, except where disclosures have already been made",
        "I have the right to revoke this authorization by sending a signed, written revocation",
        "I may revoke this authorization at any time by notifying",
        "I understand that I have the right to revoke this authorization, in writing, at any time",
        "you may revoke this authorization at any time by submitting a written request",
        "this authorization may be revoked at any time by written notice",
    ],
    "statement_conditioning": [
        "my treatment, payment, enrollment in a health plan, or eligibility for benefits will not be conditioned on whether I sign",
        "we will not refuse to treat you, or deny payment, enrollment or eligibility, if you do not sign",
        "I am not required to sign this authorization to receive care",
        "treatment, payment, enrollment or eligibility for benefits cannot be conditioned on my signing this authorization",
        "will not condition treatment, payment, enrollment or eligibility for benefits on whether I sign",
        "I understand that I do not have to sign this authorization in order to receive treatment",
        "refusal to sign this authorization will not affect my ability to obtain treatment",
    ],
    "statement_redisclosure": [
        "information disclosed under this authorization may be redisclosed by the recipient and may no longer be protected",
        "once released, the information may be shared again by the person or organization receiving it and may no longer be protected",
        "information released to a recipient that is not covered by HIPAA may be redisclosed and may lose its federal privacy protection",
        "the recipient may further disclose the information, and it may then no longer be protected",
        "information used or disclosed pursuant to this authorization may be subject to redisclosure by the recipient and no longer be protected",
        "may be re-disclosed by the recipient and no longer protected by federal privacy regulations",
    ],
}

SUD_ELEMENTS: dict[str, list[str]] = {
    "sud_description": [
        "this includes diagnosis, treatment, medications and progress in the substance use disorder program",
        "I specifically authorize disclosure of my alcohol and drug treatment records",
        "substance use disorder records: if checked above, this includes diagnosis, treatment",
        "the substance use disorder information to be disclosed is",
    ],
    "revocation_how": [
        "I may revoke this consent in writing at any time by sending a signed letter to the program",
        "to revoke consent for substance use disorder records, submit a written, signed revocation",
        "I may revoke this consent at any time in writing",
    ],
    "tpo_consent": [
        "I consent to the use and disclosure of my SUD records for all future treatment, payment and health care operations",
        "for all future treatment, payment and health care operations (TPO)",
    ],
    "tpo_redisclosure": [
        "records disclosed for TPO to a HIPAA covered entity or business associate may be further disclosed under HIPAA",
        "may be further disclosed under HIPAA, except for uses in civil, criminal, administrative or legislative proceedings",
    ],
    "tpo_refusal": [
        "if I refuse to sign this TPO consent, I will still receive treatment",
        "refusing does not affect my care, except where the consent is needed for payment",
    ],
    "counseling_notes": [
        "I consent to the use and disclosure of my SUD counseling notes",
        "this consent is for SUD counseling notes only",
    ],
    "proceedings": [
        "I consent to the use of my SUD records in civil, criminal, administrative or legislative proceedings",
        "this consent authorizes use or disclosure of my records in a legal proceeding against me",
    ],
    "intermediary": [
        "the recipient is a health information exchange or other intermediary",
        "disclosure to an intermediary such as a health information exchange",
    ],
}

PRESENT = 88.0
"""partial_ratio at or above which a statement is judged present (scores measured on synth forms)."""
ABSENT = 72.0
"""At or below this the statement is judged absent; in between, unsure."""


@dataclass(frozen=True)
class Match:
    key: str
    score: float
    present: bool
    confidence: float


def _norm(s: str) -> str:
    s = s.lower().replace("\u2019", "'")
    s = re.sub(r"[^a-z0-9' ]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def best_score(text: str, phrasings: list[str]) -> float:
    """Best partial_ratio of any phrasing against the (normalised) page text."""
    t = _norm(text)
    if not t:
        return 0.0
    return max(fuzz.partial_ratio(_norm(p), t) for p in phrasings)


def judge(key: str, score: float, ocr_ok: bool) -> Match:
    """Present / absent with a confidence; an absent verdict on a poorly read page is unsure."""
    if score >= PRESENT:
        return Match(key, score, True, 0.97 if score >= 92 else 0.9)
    if score <= ABSENT:
        return Match(key, score, False, 0.93 if ocr_ok else 0.6)
    return Match(key, score, score >= (PRESENT + ABSENT) / 2, 0.5)


def find_statements(text: str, ocr_ok: bool = True) -> dict[str, Match]:
    return {k: judge(k, best_score(text, ph), ocr_ok) for k, ph in STATEMENTS.items()}


def find_sud_elements(text: str, ocr_ok: bool = True) -> dict[str, Match]:
    return {k: judge(k, best_score(text, ph), ocr_ok) for k, ph in SUD_ELEMENTS.items()}
