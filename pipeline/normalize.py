"""Turn what was read in a field into the normal form of forms.md, or say why it could not.

Every normaliser returns a ``Norm``: the value (``None`` on failure) and a
``quality`` in 0..1 that the extractor multiplies into the field's
confidence. A value that only parses after guessing (an OCR'd ``O`` read as
``0``, a two-digit year, a phone with a missing digit) gets a lower quality,
so the document goes to a person rather than carrying a confident wrong value.
Failure reasons are fixed strings: no field text is ever put in them (PHI).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

import dateparser
import phonenumbers
from rapidfuzz import fuzz, process

from pipeline import spelling

DateKind = Literal["dob", "signature", "past", "future", "any"]


@dataclass(frozen=True)
class Norm:
    value: str | None
    quality: float  # 0..1; 0 when value is None
    reason: str = ""  # fixed text, never field content

    @property
    def ok(self) -> bool:
        return self.value is not None


def fail(reason: str) -> Norm:
    return Norm(None, 0.0, reason)


_SPACES = re.compile(r"\s+")
_TRAIL = " \t.,;:|_-~'\"`"


def clean_text(s: str) -> str:
    """Single spaces, no stray underscores/pipes from the blank's line, no trailing punctuation."""
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("_", " ").replace("|", " ").replace("\u2014", "-").replace("\u2013", "-")
    s = _SPACES.sub(" ", s).strip()
    return s.strip(_TRAIL).lstrip(".,;:)").strip()


_SECTION_HEADING = re.compile(r"\s*(?:SECTION|Section|PART|Part)\s+(?:[A-Z]|\d{1,2})(?:\s*[-.:)–]|\s+[A-Z]{3,}\b|\s*$)")
"""A form's section heading ("SECTION E - PURPOSE", "Part 2:") read in place of a value: a sure read of print
on the line above a caption; no value is written so."""
_FORM_WORDS = frozenset(
    "health information patient name names date birth signature records record medical authorization release "
    "section phone address email relationship guardian parent legal print printed representative minor proxy "
    "request form please required of the to and or for by if any this your my".split()
)
"""Words of a form's printed text; a "name" made only of them is the form talking, not a value."""


_WORD_DOT = re.compile(r"\b([A-Za-z][A-Za-z']{2,})\.(?=\s)")
_ABBREVIATIONS = frozenset("mrs sr jr dr st mr ms inc ltd co corp assn dept univ esq".split())
"""A dot after a whole word inside a name is a speck OCR read ("SHAUN. O'BRIEN"), unless it is one of these."""


def name(s: str) -> Norm:
    """Person or organisation name as written: single spaces, no trailing punctuation."""
    v = clean_text(s)
    v, label = _LABEL_LEFT.subn("", v)  # "name, Jeffrey C. Martinez": the end of the printed label read with it
    v, cents = re.subn(r"(?<![A-Za-z])¢(?![A-Za-z])", "C", v)  # "DONALD ¢ KLEIN": a C with the pen's flick
    v = re.sub(r"\s+([,.])", r"\1", v)
    v = re.sub(r"(?<=\s)([A-Z])[,]?(?=\s)", r"\1.", v)  # a middle initial is written "W." (OCR loses the dot)
    v, lower_initial = re.subn(r"(?<=\s)([a-z]),(?=\s)", lambda m: m.group(1).upper() + ".", v)  # "William e, Garcia"
    v, amp = _AMPERSAND_AS_8.subn(" & ", v)  # "Behavioral 8. Family Medicine": an ampersand read as an 8
    v, spaced = _SPACED_HYPHEN.subn("-", v)  # "Hamilton - Cabrera": a pen's hyphen read apart from its words
    v, apart = _SPACED_APOSTROPHE.subn(r"\1'", v)  # "D' Amico"
    v, edges = _WORD_EDGE_JUNK.subn("", v)  # "Alex- M. Kelly", "OLSON-ROBERT<": a hyphen joins, marks are noise
    edges += spaced + apart
    v, stray = _TRAILING_DIGITS.subn("", v)  # "PAMELA G. ROSARIO 8": a speck or the rule's end read after the name
    edges += stray
    # "Omalley": the apostrophe OCR and pens lose. Not a mend that lowers the quality: reads are compared
    # without apostrophes anyway, so this changes only how the agreed name is spelled.
    v = _APOSTROPHE_NAME.sub(lambda m: _with_apostrophe(m, v), v)
    v, comma = _INITIAL_COMMA.subn(r"\1 \2 \3", v)
    v = _WORD_DOT.sub(lambda m: m.group(0) if m.group(1).lower() in _ABBREVIATIONS else m.group(1), v)
    letters = sum(c.isalpha() for c in v)
    if letters < 2:
        return fail("no name")
    if _SECTION_HEADING.match(v):
        return fail("a section heading")
    odd = sum(not (c.isalnum() or c in " .,'&-/()") for c in v)
    digits = sum(c.isdigit() for c in v)
    q = 1.0 - min(0.6, 0.2 * odd + 0.1 * digits)
    if amp or label or edges or comma or cents or lower_initial:
        q = min(q, MENDED_NAME_QUALITY)  # mended, so never sure from agreement alone
    words = re.findall(r"[a-z]+", v.lower())
    if words and all(w in _FORM_WORDS for w in words):
        q = min(q, 0.5)  # "Health Information", "Patient Name": printed form text read as the value
    if any(w[:1].isupper() for w in v.split()):
        fixed = _I_READ_AS_L.sub(lambda m: "I" + m.group(0)[1:] if _i_not_l(m.group(0)) else m.group(0), v)
        if fixed != v:  # in a capitalised name, "lan" is "Ian": the two letters are one glyph in many hands
            v, q = fixed, min(q, MENDED_NAME_QUALITY)
    cased = _case_of_the_rest(v)
    if cased != v:
        v, q = cased, min(q, MENDED_NAME_QUALITY)
    return Norm(v, q)


_SPACED_HYPHEN = re.compile(r"(?<=[A-Za-z]{2})(?:\s+-\s*|\s*-\s+)(?=[A-Z][A-Za-z])")
"""A hyphen with a space beside it between two words of a name: a surname of two joined ("Hamilton -Cabrera");
no name is written with a free-standing dash. Before the next word's initial ("Alex- M. Kelly") it is noise."""
_SPACED_APOSTROPHE = re.compile(r"(?<![A-Za-z])([ODLodl])\s*['’`]\s+(?=[A-Z])")
"""An O', D' or L' read apart from the rest of its surname ("D' Amico", "O' Brien")."""
_TRAILING_DIGITS = re.compile(r"(?<=[A-Za-z.])(?:\s+\d{1,2})+\s*$")
"""One or two digits standing apart after a name's last word: no name ends so (a suite or unit number is an
address's, not a name's)."""
_WORD_EDGE_JUNK = re.compile(r"(?<=[A-Za-z])(?:-|[<>!~^*=\\§\[\]{}|:;'`‘’]+)(?=\s|$)|(?:(?<=\s)|^)(?:-|[<>!~^*=\\§\[\]{}|:;'`‘’]+)(?=[A-Za-z])")
APOSTROPHE_SURNAMES = (
    "O'Brien O'Bryant O'Boyle O'Callaghan O'Connell O'Connor O'Donnell O'Donovan O'Dwyer O'Flaherty O'Gorman "
    "O'Grady O'Halloran O'Hara O'Hare O'Keefe O'Keeffe O'Kelly O'Leary O'Loughlin O'Mahony O'Malley O'Mara "
    "O'Meara O'Neal O'Neil O'Neill O'Quinn O'Reilly O'Riley O'Rourke O'Shea O'Sullivan O'Toole "
    "D'Agostino D'Alessandro D'Ambrosio D'Amato D'Amico D'Andrea D'Angelo D'Antonio D'Aquino D'Arcy D'Onofrio "
    "D'Souza"
).split()
"""Common US surnames written with an apostrophe. Census lists, OCR and most handwriting reads drop it
("Omalley"); these are put back. Odell, common as written, is left out."""
_APOSTROPHE_BY_KEY = {n.replace("'", "").lower(): n for n in APOSTROPHE_SURNAMES}
_APOSTROPHE_NAME = re.compile(r"\b(?:" + "|".join(sorted(_APOSTROPHE_BY_KEY, key=len, reverse=True)) + r")\b", re.I)


_INITIAL_COMMA = re.compile(r"^([A-Za-z'-]{2,}),\s*([A-Z]\.)\s+([A-Za-z'-]{2,})$")
"""'Nicholas, A. Jackson': nobody writes a comma between a given name and a middle initial; a pen's speck."""
_PARTICLES = frozenset("de da del della der di du la le van von y of and the for & dr mr mrs ms".split())


def _case_of_the_rest(v: str) -> str:
    """A word read in another case than the rest of the name takes theirs: block capitals with a word read
    "Of" or "caRR" (c, o, p, s, v, w, x, z are one shape in both cases), or capitalised words with one read
    "james". Particles ("van", "of") stay as written in capitalised names."""
    v = _GLUED_INITIAL.sub(r"\1. ", v)  # "D.caRR": an initial's point, then the next word
    words = v.split(" ")
    alpha = [w for w in words if sum(c.isalpha() for c in w) >= 2]
    if len(alpha) < 2:
        return v
    letters = [c for c in v if c.isalpha()]
    if sum(c.isupper() for c in letters) >= CASE_MAJORITY * len(letters):
        return " ".join(w.upper() for w in words)
    titled = [w for w in alpha if w.lower() not in _PARTICLES]
    low = [w for w in titled if w[0].islower()]
    if len(low) == 1 and len(titled) >= 2 and words[0] is low[0]:  # the given name ("Smith law Group" stays)
        return " ".join(w[0].upper() + w[1:] if w is low[0] else w for w in words)
    return v


CASE_MAJORITY = 0.75
"""Share of a name's letters in capitals above which it was written in block capitals."""
_GLUED_INITIAL = re.compile(r"(?<![A-Za-z])([A-Z])\.(?=[A-Za-z]{2,})")


def _with_apostrophe(m: re.Match, whole: str) -> str:
    """The listed spelling, in the case the word was written in ("OMALLEY" -> "O'MALLEY"); a first word is a
    given name unless the name is written "Last, First" ("Oneal Jones" stays)."""
    word, listed = m.group(0), _APOSTROPHE_BY_KEY[m.group(0).lower()]
    if m.start() == 0 and "," not in whole and " " in whole.strip():
        return word
    if word.isupper():
        return listed.upper()
    return listed.lower() if word.islower() else listed


_LABEL_LEFT = re.compile(r"^(?:(?:print(?:ed)?|patient'?s?|full|legal)\s+)?name\s*[:,;.]\s*(?=[A-Za-z])", re.I)
_AMPERSAND_AS_8 = re.compile(r"(?<=[A-Za-z]{2})\s+8[.,]?\s+(?=[A-Z][a-z])")
_I_READ_AS_L = re.compile(r"(?<![\w'-])l[a-z]+\b")


def _i_not_l(word: str) -> bool:
    """"lan" is "Ian", "lrene" "Irene"; "law", "la" and "lake" are words as they are."""
    return not spelling.known(word) and spelling.known("i" + word[1:])


MENDED_NAME_QUALITY = 0.9
"""Below the 0.95 that agreeing reads need to make a name sure. A name the normaliser mended ("lan" to
"Ian", "8." to "&", a label's end left out) is never trusted: every reader makes the same "l" of an "I"
(a dev scan's "lan J. Moore" for "Ian J. Moore" was read so by all three)."""


_OPEN_SQUARE = re.compile(r"[\[{](?=[^()\[\]{}]*\))")
_CLOSE_SQUARE = re.compile(r"(?<=\()([^()\[\]{}]*)[\]}]")


def _paired_brackets(v: str) -> str:
    """"(GUARDIAN]": a pen's round bracket read square at one end; the other end says which it is."""
    return _CLOSE_SQUARE.sub(r"\1)", _OPEN_SQUARE.sub("(", v))


def free_text(s: str, mend: bool = True) -> Norm:
    """Purpose, reason, change...: as written, single spaces; clear OCR slips in English words mended."""
    v = _paired_brackets(clean_text(s))
    if sum(c.isalpha() for c in v) < 2:
        return fail("no text")
    if _SECTION_HEADING.match(v):
        return fail("a section heading")
    m = spelling.mend(v) if mend else spelling.Mended(v, 0)
    odd = sum(not (c.isalnum() or c in " .,'&-/()%#:;") for c in m.text)
    return Norm(m.text, max(0.4, (1.0 - 0.15 * odd) * spelling.MENDED_QUALITY ** m.changed))


# ---------------------------------------------------------------- record numbers

_GLUED_WORD = re.compile(r"(?<=\d)[A-Z][a-z]{2,}.*$")
MRN_MIN_DIGITS = 4
MRN_DIGIT_SHARE = 0.6
"""Tokens this much digits are groups of one number written apart."""


def mrn(s: str) -> Norm:
    """A medical record number as written, from what OCR made of it.

    Digit groups written apart are one number ("2562 9320"); a printed word run onto it is cut off
    ("71323260Last4ofSSN"); letters OCR makes of digits inside a number are read back as digits
    ("88lbobb53"), but a letter prefix ("A12345") is part of the number. Each repair lowers the quality.
    """
    toks = re.findall(r"[A-Za-z0-9\-]+", s)
    if not toks:
        return fail("no mrn")
    numeric = [t for t in toks if sum(c.isdigit() for c in t) >= MRN_DIGIT_SHARE * len(t)]
    t = "".join(numeric) if numeric else max(toks, key=lambda x: sum(c.isdigit() for c in x))
    q = 1.0 if len(toks) == 1 else 0.9
    cut = _GLUED_WORD.sub("", t).strip("-")
    if cut != t:
        t, q = cut, min(q, 0.9)
    if sum(c.isdigit() for c in t) < MRN_MIN_DIGITS:
        return fail("no mrn")
    m = re.fullmatch(r"([A-Za-z]{0,3}-?)(\d.*)", t)
    if m and any(c.isalpha() for c in m.group(2)):
        body = m.group(2).translate(_DIGITISH)
        if re.fullmatch(r"[\d\-]+", body):
            t, q = m.group(1) + body, min(q, 0.8)
    return Norm(t, q)


# ---------------------------------------------------------------- dates

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_DIGITISH = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "i": "1", "|": "1",
                           "!": "1", "]": "1", "[": "1", "L": "1", "S": "5", "s": "5", "B": "8", "Z": "2",
                           "z": "2", "g": "9", "q": "9", "G": "6", "b": "6", "T": "7", "A": "4", "?": "7"})
_NUMERIC = re.compile(r"^(\d{1,4})\s*[/\-.,]\s*(\d{1,2})\s*[/\-.,]\s*(\d{2,4})$")


def _century(yy: int, kind: DateKind, ref: dt.date) -> int:
    """A two-digit year's century: a DOB is in the past, other dates near ``ref``."""
    if kind == "dob":
        y = 2000 + yy
        return y if y <= ref.year else 1900 + yy
    cands = [1900 + yy, 2000 + yy, 2100 + yy]
    return min(cands, key=lambda y: abs(y - ref.year))


def _plausible(d: dt.date, kind: DateKind, ref: dt.date) -> float:
    """How believable a date is for its kind, 0..1 (cross-check against received_at)."""
    if d.year < 1900 or d.year > ref.year + 30:
        return 0.0
    if kind == "dob":
        return 1.0 if d <= ref else 0.2
    if kind == "signature":
        days = (ref - d).days
        if -1 <= days <= 120:
            return 1.0
        if -30 <= days <= 400:
            return 0.6  # after receipt or old: possible (a rule catches it) but check it
        return 0.3
    if kind == "past":
        return 1.0 if d <= ref + dt.timedelta(days=1) else 0.6
    if kind == "future":
        return 1.0 if d >= ref - dt.timedelta(days=400) else 0.6
    return 1.0 if abs((d - ref).days) < 365 * 40 else 0.5


def _numeric(s: str, kind: DateKind, ref: dt.date) -> tuple[dt.date | None, float]:
    m = _NUMERIC.match(s)
    if not m:
        return None, 0.0
    a, b, c = m.group(1), m.group(2), m.group(3)
    q = 1.0
    try:
        if len(a) == 4:  # ISO y-m-d
            return dt.date(int(a), int(b), int(c)), q
        mo, d, y = int(a), int(b), int(c)
        if len(c) == 2:
            y = _century(y, kind, ref)
            q = 0.97
        elif len(c) == 3:
            return None, 0.0
        if mo > 12 and d <= 12:  # day first (rare in the US): accept, but not confidently
            mo, d = d, mo
            q *= 0.6
        return dt.date(y, mo, d), q
    except ValueError:
        return None, 0.0


def date(s: str, kind: DateKind, received_at: dt.datetime | dt.date) -> Norm:
    """An ISO date from the many ways people write one; two-digit years judged against received_at."""
    ref = received_at.date() if isinstance(received_at, dt.datetime) else received_at
    raw = clean_text(s)
    if not raw:
        return fail("empty")
    t = raw.replace(" / ", "/").replace(" /", "/").replace("/ ", "/")
    t = re.sub(r"\s*([/\-])\s*", r"\1", t)
    d, q = _numeric(t, kind, ref)
    if d is None and not re.search(r"[A-Za-z]{3}", t.translate(_DIGITISH)):
        fixed = t.translate(_DIGITISH)
        d, q = _numeric(fixed, kind, ref)
        q *= 0.7  # digits guessed from letters
    if d is None and len(re.sub(r"\D", "", t)) in (6, 8) and re.fullmatch(r"[\d\s]+", t):
        digits = re.sub(r"\D", "", t)  # 07112001 / 071101
        d, q = _numeric(f"{digits[:2]}/{digits[2:4]}/{digits[4:]}", kind, ref)
        q *= 0.7
    if d is None:
        d, q = _worded(t, kind, ref)
    if d is None:
        return fail("unparsed date")
    p = _plausible(d, kind, ref)
    if p == 0.0:
        return fail("implausible date")
    return Norm(d.isoformat(), round(q * p, 3))


def _month(token: str) -> tuple[str | None, float]:
    """The month a word names, and how sure: OCR turns a written J into I ("IAN") or O into 0.

    A word one letter away from exactly one month's abbreviation is read as it,
    less surely; two months that near ("JUI": Jun or Jul) is no month.
    """
    head = token[:3].lower().replace("0", "o").replace("5", "s")
    if head in _MONTHS:
        return head, 1.0
    near = [m for m in _MONTHS if len(head) == 3 and sum(a != b for a, b in zip(head, m)) == 1]
    return (near[0], 0.8) if len(near) == 1 else (None, 0.0)


def _truncated_year(t: str, kind: DateKind, ref: dt.date) -> str:
    """A year cut short at the edge of a blank ("Jan 14, 202") is completed to the nearest year that fits.

    Only for dates written near the day the request came (signatures, recent
    events); the caller marks the result unsure.
    """
    m = re.search(r"\b(\d{3})\s*$", t)
    if not m or kind not in ("signature", "past", "any") or not m.group(1).startswith(("19", "20")):
        return t
    years = [y for y in range(int(m.group(1)) * 10, int(m.group(1)) * 10 + 10) if y <= ref.year]
    if not years:
        return t
    return t[:m.start(1)] + str(max(years))


def _worded(t: str, kind: DateKind, ref: dt.date) -> tuple[dt.date | None, float]:
    """Month-name dates ("Jan. 26, 2026", "11 Jul 2001") through dateparser, checked by hand."""
    m = next((x for x in re.finditer(r"[A-Za-z0][A-Za-z0-9]{2,8}\.?", t) if re.search(r"[A-Za-z]", x.group(0))), None)
    if not m:
        return None, 0.0
    month, sure = _month(m.group(0).rstrip("."))
    if month is None:
        return None, 0.0
    before, after = t[:m.start()].strip(), t[m.end():].strip()
    mended = _truncated_year(after, kind, ref)
    if mended != after:
        sure *= 0.6
    t = " ".join(x for x in (before, month, mended) if x)
    nums = re.findall(r"\d+", t)
    settings = {"PREFER_DATES_FROM": "past" if kind in ("dob", "signature", "past") else "current_period",
                "RELATIVE_BASE": dt.datetime(ref.year, ref.month, ref.day), "STRICT_PARSING": True,
                "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "MDY"}
    try:
        parsed = dateparser.parse(t, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on garbage
        parsed = None
    if parsed is None:
        return None, 0.0
    d = parsed.date()
    years = [n for n in nums if len(n) == 4]
    q = (1.0 if years else 0.85) * sure
    if len(nums) != 2:
        q *= 0.8
    if years and int(years[0]) != d.year:
        return None, 0.0
    if not years:
        two = [n for n in nums if len(n) == 2 and int(n) != d.day]
        if two:
            d = d.replace(year=_century(int(two[-1]), kind, ref))
    return d, q


# ---------------------------------------------------------------- phone, email, address

_PAREN_AS_ONE = re.compile(r"\(\s*(\d{3})\s*[1lI|\]]\s*(\d{3})")


def phone(s: str) -> Norm:
    """Ten digits of a US number; a leading 1 / +1 is dropped."""
    t = s.translate(str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8"}))
    digits = re.sub(r"\D", "", t)
    guessed = digits != re.sub(r"\D", "", s)
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    if len(digits) != 10:
        closed = _PAREN_AS_ONE.sub(r"(\1) \2", s)  # "(614l803-8902": the area code's ")" read as a one
        if closed == s:
            return fail("not ten digits")
        n = phone(closed)
        return Norm(n.value, n.quality * 0.8) if n.ok else n
    q = 0.8 if guessed else 1.0
    if digits[0] in "01" or digits[3] in "01":
        q *= 0.5  # not a valid NANP area code / exchange
    try:
        ok = phonenumbers.is_possible_number(phonenumbers.parse(digits, "US"))
    except phonenumbers.NumberParseException:
        ok = False
    if not ok:
        q *= 0.5
    return Norm(digits, q)


_STOP_BY_UNDERSCORE = re.compile(r"\._|_\.")
STOP_BY_UNDERSCORE_QUALITY = 0.9
"""A stop next to an underscore is legal in an address but people do not write one; the handwriting reader
makes one of an underscore's ink ("charles._smith"): read as the underscore, never sure."""
_EMAIL = re.compile(r"^[a-z0-9][a-z0-9._%+\-]*@[a-z0-9\-]+(\.[a-z0-9\-]+)*\.[a-z]{2,}$")
_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "comcast.net", "hotmail.com",
            "proton.me", "msn.com")


def email(s: str) -> Norm:
    """Lower case, no spaces; a known mail domain raises confidence."""
    t = s.strip().lower().replace(" ", "").replace(",", ".").replace("(at)", "@").replace("[at]", "@")
    t = t.strip(_TRAIL)
    if t.count("@") != 1:
        return fail("no single @")
    if not _EMAIL.match(t):
        return fail("not an email")
    local, dom = t.split("@", 1)
    q_mend = 1.0
    if _STOP_BY_UNDERSCORE.search(local):  # "keith._payne": a pen's underscore read with a stop beside it
        local, q_mend = _STOP_BY_UNDERSCORE.sub("_", local), STOP_BY_UNDERSCORE_QUALITY
        t = f"{local}@{dom}"
    if dom not in _DOMAINS:
        near = process.extractOne(dom, _DOMAINS, scorer=fuzz.ratio, score_cutoff=85)
        if near is not None:  # "hotmal.com": OCR dropped a letter of a common mail domain
            return Norm(f"{local}@{near[0]}", min(0.8, q_mend))
    q = 1.0 if dom in _DOMAINS or dom.endswith((".org", ".gov", ".edu", ".com", ".net")) else 0.7
    return Norm(t, min(q, q_mend))


def _pen_commas(text: str) -> str:
    """"Apt. 363., Jasonberg.,": a pen's comma read twice (an abbreviation's point, "St., Logan", stays)."""
    return re.sub(r"(?<=\d)[.:;]+(?=\s*,)|(?<=[A-Za-z]{5})[.:;]+(?=\s*,)", "", text)


def address(parts: list[str] | str) -> Norm:
    """One line, parts joined with ", ": street, city, ST zip (commas put back where OCR lost them)."""
    text = ", ".join(clean_text(p) for p in ([parts] if isinstance(parts, str) else parts) if clean_text(p))
    if sum(c.isalpha() for c in text) < 3:
        return fail("no address")
    text = _pen_commas(text)
    text = re.sub(r"(?<=[A-Za-z]{3}):(?=\s)", ",", text)  # "Davis Ports: North Randybury": a comma read as ":"
    text = re.sub(r"\s*,\s*", ", ", text)
    text = re.sub(r"(,\s*)+", ", ", text)
    q = 1.0
    tagged, kind = _tag(text)
    if tagged and kind == "Street Address" and {"PlaceName", "StateName", "ZipCode"} <= set(tagged):
        street = " ".join(v for k, v in tagged.items() if k not in ("PlaceName", "StateName", "ZipCode"))
        out = f"{street}, {tagged['PlaceName']}, {tagged['StateName']} {tagged['ZipCode']}"
        if re.sub(r"[\s,]", "", out) == re.sub(r"[\s,]", "", text):
            if f"{street}, " not in text and _DIRECTION.search(f"{street}, {tagged['PlaceName']}"):
                q = DIRECTION_GUESSED  # no comma was written where "Light North Donaldville" splits
            text = _pen_commas(out)  # "Apt. 363. Jasonberg": the point was the comma usaddress puts back
        else:
            q = 0.7
    else:
        q = 0.6
    if not re.search(r"\b\d{5}(-\d{4})?$", text):
        q *= 0.6
    return Norm(text.strip(_TRAIL), q)


_DIRECTION = re.compile(
    r"\b(?:north|south|east|west|n|s|e|w)\.?, |, (?:north|south|east|west|new|lake|port|fort|mount)\b", re.I)
DIRECTION_GUESSED = 0.8
"""An address whose street and town no comma parted, and where a word of direction could end the one or begin
the other: usaddress's split is a guess ("Griffin Light North, Donaldville" for "Griffin Light, North
Donaldville" on a dev form), so never sure."""


def _tag(text: str) -> tuple[dict, str]:
    """usaddress's parts of an address, reading the writer's commas ("Griffin Light, North Donaldville": the
    town is North Donaldville) and, if that fails, the words alone."""
    import usaddress

    for t in (text, text.replace(",", " ")):
        try:
            return usaddress.tag(t)
        except Exception:  # usaddress raises RepeatedLabelError on odd strings
            continue
    return {}, ""


def zip_ok(s: str) -> bool:
    return bool(re.search(r"\b[A-Z]{2},? \d{5}(-\d{4})?$", s))
