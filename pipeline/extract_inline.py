"""Values written inside sentences: "I authorize ⟨org⟩ to release ...", a revocation letter's body.

Letters and inline forms have no blanks to look in, so the page text is
searched with a few sentence patterns (the verbs that carry the value:
authorize, revoke, dated / signed on, effective, naming, no longer). A value
found this way is the printed or written text between the pattern's words;
its box is the union of the words it came from. Confidence stays below the
routing threshold unless a cross-check earns it (extract.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from pipeline import normalize as N
from pipeline.pages import Word

DIGIT = r"[\dOoIl|!SsBZ]"
"""A written digit as OCR may read it (a pen's 1 as "!" or "l", its 0 as "O", its 5 as "S", 8 as "B", 2 as
"Z"): the date normaliser mends these, less surely."""
DATE = (rf"({DIGIT}{{1,2}}\s?[/\-.]\s?{DIGIT}{{1,2}}\s?[/\-.]\s?{DIGIT}{{2,4}}|\d{{4}}-{DIGIT}{{2}}-{DIGIT}{{2}}|"
        r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|"
        r"\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{4})")


@dataclass(frozen=True)
class Hit:
    value: object
    confidence: float
    page: int
    bbox: list[float]


@dataclass
class DocText:
    """The form pages' words as one string, with each word's character span (to box a match)."""

    text: str
    spans: list[tuple[int, int, int, Word]]  # start, end, page number, word

    @classmethod
    def build(cls, pages: list[tuple[int, list[list[Word]]]]) -> "DocText":
        parts: list[str] = []
        spans: list[tuple[int, int, int, Word]] = []
        pos = 0
        for number, lines in pages:
            for ln in lines:
                for w in ln:
                    spans.append((pos, pos + len(w.text), number, w))
                    parts.append(w.text + " ")
                    pos += len(w.text) + 1
                parts.append("\n")
                pos += 1
        return cls("".join(parts), spans)

    def words(self, a: int, b: int) -> list[tuple[int, Word]]:
        return [(p, w) for s, e, p, w in self.spans if s < b and e > a]

    def hit(self, value: object, a: int, b: int, cap: float) -> Hit | None:
        ws = self.words(a, b)
        if not ws:
            return None
        page = ws[0][0]
        ws = [w for p, w in ws if p == page]
        conf = min(w.conf for w in ws)
        box = [float(min(w.x0 for w in ws)), float(min(w.y0 for w in ws)), float(max(w.x1 for w in ws)),
               float(max(w.y1 for w in ws))]
        return Hit(value, round(min(cap, 0.3 + 0.4 * conf), 3), page, box)


def _flat(t: str) -> str:
    return t.replace("\n", " ")


def disclosing_party(doc: DocText) -> Hit | None:
    """ "I (hereby) authorize ⟨party⟩ to release / to disclose / and its clinics ..." """
    verbs = r"(?:release|disclose|use|furnish|provide|send|share|exchange)\b"
    # "I" may come glued to the verb, or as a serif "T" ("Tauthorize Summit Valley ... to disclose", "T authorize
    # ...": a fax); a lone "T" word before "authorize" is no other word
    m = (re.search(r"(?:^|(?<=\s))(?:[I|l1],?\s+|T\s+(?=authori)|[I|l1T](?=authori)|[(\[]\s*)(?:hereby\s+)?(?:authori[sz]e|permit|allow)\s+(?:the\s+)?(.{3,80}?)\s+"
                   r"(?:and\s+its\b|to\s+" + verbs + ")", doc.text, re.I)
         # plain language: "I give ⟨party⟩ permission to share ...", "I give permission for ⟨party⟩ to release ..."
         or re.search(r"(?:^|(?<=\s))(?:[I|l1],?\s+|[(\[]\s*)(?:hereby\s+)?(?:give|grant)\s+(?:the\s+)?(.{3,80}?)\s+(?:my\s+)?"
                      r"permission\s+to\s+" + verbs, doc.text, re.I)
         or re.search(r"(?:^|(?<=\s))(?:[I|l1],?\s+|[(\[]\s*)(?:hereby\s+)?(?:give|grant)\s+(?:my\s+)?permission\s+(?:for|to)\s+"
                      r"(?:the\s+)?(.{3,80}?)\s+to\s+" + verbs, doc.text, re.I))
    if not m:
        return None
    raw = m.group(1)
    if re.match(r"(?:the\s+)?(?:use|release|disclosure|my|you|this)\b", raw, re.I) or "_" in raw:
        return None
    n = N.name(raw)
    if not n.ok or len(raw.split()) > 9:
        return None
    return doc.hit(n.value, m.start(1), m.end(1), 0.7)


def revokes(doc: DocText, phrases: dict[str, list[str]]) -> Hit | None:
    """What is revoked: the words after "revoke the" / "revocation of the", matched to the revokes_text phrases."""
    for m in re.finditer(r"(?:re|\b)vo(?:ke|king|cation\s+of)\s+(?:the|my|this)\s+(.{3,70})", _flat(doc.text), re.I):
        tail = m.group(1).lower()
        best: tuple[float, str, str] = (0.0, "", "")
        for code, ps in phrases.items():
            for p in ps:
                s = fuzz.ratio(p.lower(), tail[:len(p)])
                if s > best[0] or (s == best[0] and len(p) > len(best[2])):
                    best = (s, code, p)
        if best[0] >= 88:
            return doc.hit(best[1], m.start(1), m.start(1) + len(best[2]), 0.7)
    return None


def _date_after(doc: DocText, pattern: str, kind: N.DateKind, received_at: dt.datetime) -> Hit | None:
    for m in re.finditer(pattern + r"\s+" + DATE, _flat(doc.text), re.I):
        n = N.date(m.group(1), kind, received_at)
        if n.ok:
            return doc.hit(n.value, m.start(1), m.end(1), 0.7 * n.quality)
    return None


def original_date(doc: DocText, received_at: dt.datetime) -> Hit | None:
    # a pen's speck between the words reads as a stop ("signed. on 2024-09-22")
    return _date_after(doc, r"\b(?:dated|signed[.,]?\s+on|signed|dated[.,]?\s+on)", "past", received_at)


def effective_date(doc: DocText, received_at: dt.datetime) -> Hit | None:
    return (_date_after(doc, r"\beffective(?:\s+as\s+of|\s+on)?", "any", received_at)
            or _date_after(doc, r"\b(?:information|records?)\s+after", "any", received_at))


def revoked_party(doc: DocText) -> Hit | None:
    t = _flat(doc.text)
    pats = [r"naming\s+(.{3,60}?)\s+(?:that|which|who|,|\.)",
            r"\brelease\s+of\s+(?:my\s+)?(?:health\s+)?(?:records|information)\s+(?:of\s+.{3,60}?\s+)?to\s+(.{3,60}?)\s*\.",
            r"(?:^|\.\s+)([A-Z][^.]{2,60}?)\s+(?:should|may|can|will)\s+no\s+longer\s+(?:receive|have|access)"]
    for p in pats:
        m = re.search(p, t)
        if m:
            raw = m.group(1)
            n = N.name(raw)
            if n.ok and len(raw.split()) <= 8 and not re.search(r"\d", raw):
                return doc.hit(n.value, m.start(1), m.end(1), 0.6)
    return None


def signer_in_text(doc: DocText) -> Hit | None:
    """ "I, ⟨name⟩, am writing ..." """
    m = re.search(r"\bI,\s+([A-Z][A-Za-z.'\- ]{3,50}?),\s+(?:am|the|hereby|do)\b", doc.text)
    if not m:
        return None
    n = N.name(m.group(1))
    return doc.hit(n.value, m.start(1), m.end(1), 0.7) if n.ok else None


def dob_in_text(doc: DocText, received_at: dt.datetime) -> Hit | None:
    return _date_after(doc, r"\b(?:date\s+of\s+birth(?:\s+is)?|DOB:?|born\s+on|birth\s+date(?:\s+is)?)", "dob",
                       received_at)


def mrn_in_text(doc: DocText) -> Hit | None:
    m = re.search(r"\b(?:medical\s+record\s+(?:number|no\.?|#)|MRN|chart\s+(?:number|#))\s*(?:is|:|#)?\s*"
                  r"([A-Z]{0,3}[\-#]?\d[\d\-]{3,14})\b", _flat(doc.text), re.I)
    if not m:
        return None
    return doc.hit(m.group(1).replace("#", ""), m.start(1), m.end(1), 0.7)


def phone_in_text(doc: DocText) -> Hit | None:
    m = re.search(r"\b(?:phone|telephone|cell)(?:\s+number)?(?:\s+is|:)?\s+(\(?\d{3}\)?[\s.\-]?\d{3}[\s.\-]?\d{4})\b",
                  _flat(doc.text), re.I)
    if not m:
        return None
    n = N.phone(m.group(1))
    return doc.hit(n.value, m.start(1), m.end(1), 0.7 * n.quality) if n.ok else None


# ---------------------------------------------------------------- letters

def _line_text(ln: list[Word]) -> str:
    return " ".join(w.text for w in ln)


def _box(ws: list[Word]) -> list[float]:
    return [float(min(w.x0 for w in ws)), float(min(w.y0 for w in ws)), float(max(w.x1 for w in ws)),
            float(max(w.y1 for w in ws))]


def _looks_name(t: str) -> bool:
    ws = t.split()
    return 2 <= len(ws) <= 5 and not re.search(r"\d|@|:", t) and all(w[0].isupper() for w in ws if w[0].isalpha())


def letter_head(number: int, lines: list[list[Word]], received_at: dt.datetime) -> dict[str, Hit]:
    """A letter's sender block: name, then address lines, then the letter's date (the signature date)."""
    out: dict[str, Hit] = {}
    if not lines or not _looks_name(_line_text(lines[0])):
        return out
    first = lines[0]
    out["patient_name"] = Hit(N.name(_line_text(first)).value, round(min(0.7, 0.3 + 0.4 * min(w.conf for w in first)), 3),
                              number, _box(first))
    addr: list[list[Word]] = []
    for ln in lines[1:4]:
        t = _line_text(ln)
        d = re.fullmatch(DATE, t.strip(" .,"), re.I)
        if d:
            n = N.date(t, "signature", received_at)
            if n.ok:
                out["signature_date"] = Hit(n.value, round(0.7 * n.quality, 3), number, _box(ln))
            break
        if re.search(r"\d", t) and len(addr) < 2:
            addr.append(ln)
    if addr:
        n = N.address([_line_text(a) for a in addr])
        if n.ok:
            ws = [w for a in addr for w in a]
            out["patient_address"] = Hit(n.value, round(min(0.6, 0.6 * n.quality), 3), number, _box(ws))
    return out


def letter_signer(number: int, lines: list[list[Word]], closing_y: float) -> dict[str, Hit]:
    """The printed name under the closing ("Sincerely,"), and a line of authority under it when there is one."""
    out: dict[str, Hit] = {}
    below = [ln for ln in lines if min(w.y0 for w in ln) > closing_y]
    for i, ln in enumerate(below[:4]):
        t = _line_text(ln)
        if _looks_name(t) and min(w.conf for w in ln) >= 0.5:
            out["signer_name"] = Hit(N.name(t).value, round(min(0.7, 0.3 + 0.4 * min(w.conf for w in ln)), 3),
                                     number, _box(ln))
            if i + 1 < len(below):
                nxt = below[i + 1]
                nt = N.free_text(_line_text(nxt))
                if nt.ok and min(w.conf for w in nxt) >= 0.5 and len(nxt) <= 8:
                    out["representative_authority"] = Hit(nt.value, 0.5, number, _box(nxt))
            break
    return out
