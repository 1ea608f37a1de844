"""Does the form carry the statements a valid authorization needs? Concept co-occurrence per sentence.

Rules need to know whether the printed form states the right to revoke, the
no-conditioning promise and the redisclosure warning (45 CFR 164.508(c)(2)),
and which Part 2 consent elements it has (rules.md section 4). Every issuer
words these differently, so fixed phrasings do not generalise. Instead each
statement is a few *concepts* (groups of stems: "revoke / cancel / withdraw",
"in writing / at any time / notice", "authorization / consent") that must all
occur close together in one sentence. Words match with a small edit distance,
so OCR noise ("revocat1on", "afect") still counts.

A false "present" hides a missing statement (an invalid authorization could
go through unreviewed), so only all concepts within one sentence is confident;
two adjacent sentences, or a sentence with a disqualifying cue ("unless
revoked", "revocation form"), is partial evidence and unsure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

# Concepts as data. Term syntax: words separated by spaces; "stem*" matches any word starting with the stem,
# "?" any one word;
# "=word" matches exactly (no edit distance: "consent" vs "content"). A statement is present when a hit of every
# group in "need" falls inside one sentence, within SPAN tokens, and no "not" cue is in that sentence.
CONCEPTS: dict[str, dict[str, dict[str, list[str]] | list[str]]] = {
    "statement_revocation": {
        "need": {
            "revoke": ["revok*", "revoc*", "cancel*", "withdraw*", "rescind*", "terminat*"],
            "manner": ["writ*", "at any time", "anytime", "notice", "notif*", "letter", "por escrito",
                       "en cualquier momento"],
            "what": ["authoriz*", "authoris*", "=consent", "permission", "this form", "this release",
                     "right to", "autoriza*", "consentimiento"],
        },
        "not": ["unless revok*", "unless sooner revok*", "unless earlier revok*", "unless previously revok*",
                "unless otherwise revok*", "revocation form", "form to revoke", "hereby revoke*", "hereby cancel*",
                "hereby withdraw*", "revoked party", "date revoked", "a menos que sea revoca*",
                # a Part 2 paragraph's own revocation covers the SUD consent, not this authorization
                "part 2", "=sud", "substance use disorder records"],
    },
    "statement_conditioning": {
        "need": {
            # "sign*" would take "significant"; "condition*" the medical "conditions"
            "sign": ["sign", "signs", "signing", "signed", "signature*", "refus*", "declin*", "on my authorization",
                     "upon my authorization", "on my providing", "upon my providing", "by authorizing",
                     "completion of this form", "firm*", "negar*"],
            # exact: an edit or two turns "conditioned" into the medical "conditions"
            "effect": ["=condition", "=conditioned", "=conditioning", "no conditions", "affect*", "not required",
                       "not have to", "need not", "no obligation",
                       "deny", "denied", "refuse treatment", "refuse to treat", "prevent*", "jeopardiz*",
                       "depend*", "in no way", "not be required", "optional", "restrict*",
                       "based on", "determination", "condicionar*", "condicionad*", "afectar*", "basar*", "supeditar*"],
            "benefit": ["treatment", "treat", "payment", "enrollment", "enrolment", "eligibility", "care",
                        "benefits", "services", "tratamiento", "pago", "beneficios", "atencion"],
        },
        "not": [],
    },
    "statement_redisclosure": {
        "need": {
            "again": ["redisclos*", "rediscl*", "further disclos*", "further releas*", "disclosed again",
                      "shared again", "released again", "share* ? again", "pass* it on", "rereleas*", "share my information with others",
                      "disclose my information to others", "redivulg*", "divulgada nuevamente",
                      "volver a divulgar*", "volver a ser divulgada", "nuevamente divulgada", "redivulgacion",
                      # 164.508(c)(2)(iii) also reads "once disclosed to someone not covered, it is no longer
                      # protected": the flow to a recipient without the word "again"
                      "recipient", "receiv*", "third party", "someone", "disclos*", "releas*", "divulg*", "revel*",
                      "recib*"],
            "unprotected": ["no longer protected", "no longer be protected", "no longer protect*", "not be protected", "not protected",
                            "no longer covered", "not be covered", "not covered", "lose* protection",
                            "lose* ? protection", "lose* ? ? protection", "lose* ? ? ? protection",
                            "losing ? protection", "lose* privacy", "no longer subject", "not be subject to",
                            "not required to comply", "no longer be kept", "ya no este protegid*",
                            "ya no estara protegid*", "no este protegid*", "no estar protegid*",
                            "no longer confidential", "no longer be confidential",
                            "dejar de estar protegid*", "deje de estar protegid*", "no estar obligad*"],
        },
        "not": [],
    },
}

SUD: dict[str, dict[str, dict[str, list[str]] | list[str]]] = {
    "sud_description": {
        "need": {
            "sud": ["substance use", "substance abuse", "alcohol", "drug abuse", "drug treatment",
                    "chemical dependency", "=sud", "part 2", "addiction"],
            "specific": ["specifically", "specific", "this includes", "such as", "assessment*", "toxicology",
                         "attendance", "treatment plan*", "prognos*", "information to be disclosed",
                         "records to be disclosed", "information to be released"],
            "act": ["authoriz*", "disclos*", "releas*", "=consent", "includ*"],
        },
        # a general form's "records may include ... drug abuse treatment" is a warning, not a description
        "not": ["may include", "may also include", "may contain", "not limited to", "if applicable", "if any",
                "may be included", "if they are"],
    },
    "revocation_how": {
        "need": {
            "revoke": ["revok*", "revoc*", "cancel*", "withdraw*"],
            "writing": ["writ*", "letter"],
            "how": ["send*", "submit*", "deliver*", "mail*", "notif*", "contact*", "present*", "address",
                    "privacy officer", "health information", "department", "office", "to the program"],
            "sud": ["substance use", "substance abuse", "alcohol", "drug", "=sud", "part 2", "program",
                    "chemical dependency"],
        },
        "not": ["unless revok*", "unless sooner revok*", "unless earlier revok*", "revocation form",
                "form to revoke", "hereby revoke*"],
    },
    "tpo_consent": {
        "need": {
            "consent": ["=consent", "authoriz*"],
            "tpo": ["=tpo", "health care operations", "healthcare operations"],
            "future": ["future"],
        },
        "not": ["refus*", "further disclos*", "redisclos*"],
    },
    "tpo_redisclosure": {
        "need": {
            "tpo": ["=tpo", "covered entity", "business associate", "health care operations",
                    "healthcare operations"],
            "again": ["further disclos*", "redisclos*", "rediscl*", "disclosed again"],
            "hipaa": ["hipaa"],
            "proceedings": ["proceeding*", "against me", "against the patient", "against you"],
        },
        "not": [],
    },
    "tpo_refusal": {
        "need": {
            "refuse": ["refus*", "declin*", "do not sign", "not to sign", "don't sign"],
            "tpo": ["=tpo", "health care operations", "healthcare operations"],
            "care": ["treatment", "care", "services", "treat"],
            "effect": ["affect*", "still", "condition*", "not be denied", "except", "continue"],
        },
        "not": [],
    },
    "counseling_notes": {
        "need": {
            "notes": ["counseling notes", "counselling notes"],
            "act": ["=consent", "authoriz*", "disclos*", "releas*"],
        },
        "not": ["not include", "excluding", "exclude*", "separate", "does not", "do not", "cannot", "may not"],
    },
    "proceedings": {
        "need": {
            "kind": ["civil", "criminal", "administrative", "legislative", "legal", "court"],
            "proceedings": ["proceeding*"],
            "consent": ["=consent", "authoriz*"],
            # the use of SUD records in proceedings ("legal proceedings" written as a purpose is not it)
            "sud": ["substance use", "substance abuse", "alcohol", "drug", "=sud", "part 2", "program"],
        },
        "not": ["except", "not be used", "never", "prohibit*", "may not", "cannot", "unless"],
    },
    "intermediary": {
        "need": {
            "hie": ["intermediary", "intermediaries", "health information exchange*", "=hie"],
            "act": ["recipient", "disclos*", "releas*", "=consent", "authoriz*", "share*"],
        },
        "not": ["not an intermediary", "not a health information exchange"],
    },
}

SPAN = 40
"""Most tokens one statement's concept hits may spread over in a sentence (tight co-occurrence)."""
WINDOW_SPAN = 60
"""The same over two adjacent sentences (partial evidence)."""

FULL, WINDOW, PARTIAL, ANCHOR, NONE = 100.0, 80.0, 60.0, 30.0, 0.0
"""Evidence scores: every concept in one sentence; across two sentences; a disqualified or incomplete
sentence (anchor concept and at least one more); the anchor concept alone; nothing."""


@dataclass(frozen=True)
class Match:
    key: str
    score: float
    present: bool
    confidence: float


class _Doc:
    """The page text as word tokens, each tagged with its sentence number."""

    def __init__(self, tokens: list[str], sentence: list[int]) -> None:
        self.tokens = tokens
        self.sentence = sentence
        self.joined: list[tuple[str, list[int]]] = []  # per sentence: words run together, char -> token
        for s in sorted(set(sentence)):
            idx = [i for i, x in enumerate(sentence) if x == s]
            self.joined.append(("".join(tokens[i] for i in idx), [i for i in idx for _ in tokens[i]]))
        self._by_len: dict[int, dict[str, list[int]]] = {}
        for i, t in enumerate(tokens):
            self._by_len.setdefault(len(t), {}).setdefault(t, []).append(i)
        self._seen: dict[str, set[int]] = {}

    def positions(self, pattern: str) -> set[int]:
        """Positions of tokens one pattern word matches (each distinct token of a plausible length tried once)."""
        if pattern == "?":
            return set(range(len(self.tokens)))
        if pattern not in self._seen:
            core = pattern.strip("=*")
            k = 0 if pattern.startswith("=") else _budget(len(core))
            hi = 999 if pattern.endswith("*") else len(core) + k
            self._seen[pattern] = {i for n, toks in self._by_len.items() if len(core) - k <= n <= hi
                                   for tok, ps in toks.items() if word_matches(pattern, tok) for i in ps}
        return set(self._seen[pattern])


_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
_BULLETS = "\u2022\u25cf\u25aa\u25e6\u25a0\u25a1\u2610\u2611\u2612\u2713\u2714\uf0b7\uf06f\u27a2"
_DIGIT_AS_LETTER = str.maketrans({"0": "o", "1": "l", "5": "s", "|": "l"})


def _clean(text: str) -> str:
    """Lower case ASCII, words broken over lines or by "re-" joined, so that sentences can be split."""
    for a, b in _LIGATURES.items():
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"([a-z])-[ \t]*\n\s*([a-z])", r"\1\2", text)  # revo-\ncation
    text = re.sub(r"\bre-\s*(?=[a-z])", "re", text)  # re-disclosed, re- disclosure
    return text


_SPLIT = re.compile(
    r"(?<=[.!?;:])\s+"  # end of sentence or clause
    r"|\n\s*\n"  # blank line
    r"|[" + _BULLETS + r"]"  # bullets and check boxes
    r"|\n\s*(?=(?:\d{1,2}|[a-h]|[ivx]{1,4})[.)]\s)"  # numbered item at a line start
    r"|\s(?=\(?(?:\d{1,2}|[a-h])\)\s)"  # inline item "a) ..." / "(2) ..."
)


def _token(w: str) -> str:
    """A word as OCR may have misread it: digits inside letters read back as letters."""
    if re.search(r"[a-z]", w):
        w = w.translate(_DIGIT_AS_LETTER)
    return w


def tokenize(text: str) -> _Doc:
    """Split the page text into sentences (across line breaks) and word tokens."""
    toks: list[str] = []
    sent: list[int] = []
    for i, s in enumerate(_SPLIT.split(_clean(text))):
        for w in re.findall(r"[a-z0-9|']+", s or ""):
            w = _token(w.strip("'"))
            if w:
                toks.append(w)
                sent.append(i)
    return _Doc(toks, sent)


def _budget(n: int) -> int:
    """Edit distance a word of n letters may carry and still count (short words must be exact)."""
    return 0 if n < 6 else 1 if n < 10 else 2


@lru_cache(maxsize=65536)
def word_matches(pattern: str, token: str) -> bool:
    """One pattern word against one token, tolerating OCR edits on longer words."""
    if pattern.startswith("="):
        return token == pattern[1:]
    if "rn" in token and word_matches(pattern, token.replace("rn", "m")):
        return True  # OCR reads "m" as "rn"
    if len(token) < 6 and "l" in token and token.replace("l", "i") == pattern:
        return True  # and "i" as "l", which no edit budget forgives on a short word
    if pattern.endswith("*"):
        stem = pattern[:-1]
        if token.startswith(stem):
            return True
        k = _budget(len(stem))
        if k == 0 or len(token) < len(stem) - 1:
            return False
        return any(Levenshtein.distance(stem, token[: len(stem) + d], score_cutoff=k) <= k for d in (-1, 0, 1))
    k = _budget(len(pattern))
    return token == pattern or (k > 0 and Levenshtein.distance(pattern, token, score_cutoff=k) <= k)


def term_hits(doc: _Doc, term: str) -> list[int]:
    """Token positions where a (possibly multi-word) term starts."""
    words = term.split()
    starts = doc.positions(words[0])
    for j, w in enumerate(words[1:], 1):
        starts &= {i - j for i in doc.positions(w)}
    starts = {i for i in starts if doc.sentence[i] == doc.sentence[i + len(words) - 1]}
    return sorted(starts | _run_together_hits(doc, words))


def _run_together_hits(doc: _Doc, words: list[str]) -> set[int]:
    """Where a term occurs with its spaces lost ("nolonger beprotected", "mayrevokethis"), as OCR merges words.

    Only terms long enough to be unambiguous (a multi-word phrase, or a word of 6+ letters) are looked for,
    with a tighter edit budget than words get (a short phrase run together is easy to fake).
    """
    core = "".join(w.strip("=*") for w in words)
    if any(w.startswith("=") or w == "?" for w in words) or len(core) < 6 or (len(words) == 1 and len(core) < 7):
        return set()
    k = 0 if len(words) == 1 or len(core) < 12 else 1 if len(core) < 18 else 2  # stricter than a word's
    out: set[int] = set()
    for text, owner in doc.joined:
        if len(text) < len(core) - k:
            continue
        if k == 0:
            out |= {owner[m.start()] for m in re.finditer(re.escape(core), text)}
            continue
        al = fuzz.partial_ratio_alignment(core, text, score_cutoff=80)
        if al is not None and any(Levenshtein.distance(core, text[al.dest_start:al.dest_end + d], score_cutoff=k) <= k
                                  for d in range(-k, k + 1)):
            out.add(owner[al.dest_start])
    return out


def group_hits(doc: _Doc, terms: list[str]) -> list[int]:
    """Token positions where any term of a concept group starts."""
    return sorted({i for t in terms for i in term_hits(doc, t)})


def _min_span(hits: dict[str, list[int]], lo: int, hi: int) -> int | None:
    """Fewest tokens covering one hit of every group inside [lo, hi), or None if some group has none there."""
    pts = sorted((p, g) for g, ps in hits.items() for p in ps if lo <= p < hi)
    need = len(hits)
    count: dict[str, int] = {}
    best: int | None = None
    j = 0
    for p, g in pts:
        count[g] = count.get(g, 0) + 1
        while len(count) == need:
            q, h = pts[j]
            width = p - q + 1
            best = width if best is None else min(best, width)
            count[h] -= 1
            if not count[h]:
                del count[h]
            j += 1
    return best


def _sentence_bounds(doc: _Doc) -> list[tuple[int, int]]:
    """[start, end) token range of each non-empty sentence, in order."""
    out: list[tuple[int, int]] = []
    for i, s in enumerate(doc.sentence):
        if out and doc.sentence[out[-1][0]] == s:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


def evidence(doc: _Doc, concept: dict, window: bool = True) -> float:
    """Strongest evidence for one statement: FULL, WINDOW (if allowed), PARTIAL, ANCHOR or NONE."""
    need: dict[str, list[str]] = concept["need"]
    hits = {g: group_hits(doc, terms) for g, terms in need.items()}
    anchor = next(iter(need))
    if not hits[anchor]:
        return NONE
    bad = set()
    for t in concept.get("not", []):
        bad |= {doc.sentence[i] for i in term_hits(doc, t)}
    bounds = _sentence_bounds(doc)
    best = ANCHOR
    for k, (lo, hi) in enumerate(bounds):
        here = {g: [p for p in ps if lo <= p < hi] for g, ps in hits.items()}
        if not here[anchor]:
            continue
        span = _min_span(hits, lo, hi)
        clean = doc.sentence[lo] not in bad
        if span is not None and span <= SPAN and clean:
            return FULL
        if sum(bool(v) for v in here.values()) >= 2 or span is not None:
            best = max(best, PARTIAL)
        for lo2, hi2 in bounds[max(k - 1, 0): k] + bounds[k + 1: k + 2]:
            a, b = min(lo, lo2), max(hi, hi2)
            w = _min_span(hits, a, b)
            if window and w is not None and w <= WINDOW_SPAN and clean \
                    and doc.sentence[lo2] not in bad:
                best = max(best, WINDOW)
    return best


def judge(key: str, score: float, ocr_ok: bool) -> Match:
    """Present only on all concepts in one or two sentences; anything partial is unsure either way."""
    if score >= FULL:
        return Match(key, score, True, 0.95)
    if score >= WINDOW:
        return Match(key, score, True, 0.8)
    if score >= PARTIAL:
        return Match(key, score, False, 0.55)
    # one concept alone ("sign" is on every form), or none: not found, which is weak evidence of absence
    return Match(key, score, False, ABSENT_CONF if ocr_ok else 0.5)


ABSENT_CONF = 0.6
"""How sure "the statement is not on the form" is. Below the routing threshold on purpose: on the
held-out half of real authorizations (``python -m bench.statements_real``) the concepts find the
revocation statement on 88 %, conditioning on 69 % and redisclosure on 63 % of forms that carry it,
so a statement not found is as likely worded in a way we have not seen as missing. The rule's
error finding is still written (the reviewer checks the form); it is not firm, so validity is
unknown rather than invalid."""


def find_statements(text: str, ocr_ok: bool = True) -> dict[str, Match]:
    """The three HIPAA statements (164.508(c)(2)) judged on the page text."""
    doc = tokenize(text)
    return {k: judge(k, evidence(doc, c), ocr_ok) for k, c in CONCEPTS.items()}


def find_sud_elements(text: str, ocr_ok: bool = True) -> dict[str, Match]:
    """Part 2 consent elements (rules.md section 4) the page text states.

    Only elements stated within one sentence count (the form must actually say them). A Part 2 form may
    state the right to revoke in general words: with an SUD description on the form, a general revocation
    statement that says how counts as ``revocation_how``, but only as unsure evidence.
    """
    doc = tokenize(text)
    out = {k: judge(k, evidence(doc, c, window=False), ocr_ok) for k, c in SUD.items()}
    if not out["sud_description"].present and evidence(doc, SUD_NOTICE, window=False) >= FULL:
        out["sud_description"] = Match("sud_description", FULL, True, 0.9)
    how = out["revocation_how"]
    if out["sud_description"].present and not how.present:
        rev = SUD["revocation_how"]
        need = {g: t for g, t in rev["need"].items() if g != "sud"}  # type: ignore[union-attr]
        if evidence(doc, {"need": need, "not": rev["not"]}) >= FULL:
            out["revocation_how"] = Match("revocation_how", WINDOW, True, 0.8)
        elif evidence(doc, {"need": {g: need[g] for g in ("revoke", "writing")}, "not": rev["not"]}) >= FULL:
            out["revocation_how"] = Match("revocation_how", WINDOW, True, 0.75)  # "in writing" is the how
    return out


SUD_NOTICE: dict = {
    "need": {
        "sud": ["substance use", "substance abuse", "alcohol", "drug treatment", "drug abuse", "chemical dependency",
                "=sud"],
        "records": ["record*", "information"],
        "act": ["disclos*", "releas*", "shar*", "=consent", "authoriz*", "protected"],
    },
    "not": SUD["sud_description"]["not"],
}
"""A Part 2 paragraph that names the SUD records this consent covers ("records of substance use disorder
treatment are disclosed under this consent ...", "Substance use treatment records are protected by 42 CFR
Part 2"): the form's description of the SUD information, with or without a "such as" list. The
2.32 notice to recipients names no substance ("records protected by ... (42 CFR part 2)")."""
