"""What a page's title says it is: "Notice of Revocation", "Amendment Request".

The bag-of-words classifier weighs every word of a page alike, and a form of
a layout it never saw ("Notice of Revocation" on a page full of the same
patient, date and signature labels an authorization has) can read as the
commonest type. A form's title is the one line written to say what the form
is, and providers word it in few ways. This module finds the title lines
(large or capitalised print near the top, below the fax header) and matches
them against title patterns per form type, kept as data in
``titles.json``. ``classify`` treats a match as evidence with a likelihood
ratio measured on real forms (bench/titles.py), not as a verdict.
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from pipeline.pages import Page, Word

TITLE_ZONE = 0.45
"""Titles sit in the top part of a page; below this share of the height a large line is a section head."""
HEADER_ZONE = 0.025
"""The fax header line (sender, time, page count) sits in the top 2.5 %."""
LARGE = 1.2
"""A line this many times the page's median line height is display print."""
MAX_WORDS = 14
_NOT_TITLE = re.compile(r"^\W*(re|subject|regarding|fax|to|from|attn)\b", re.I)


@dataclass(frozen=True)
class TitleCue:
    form_type: str
    text: str
    """The title words that matched (no PHI: printed form wording)."""


@dataclass(frozen=True)
class _Pattern:
    form_type: str
    all_of: tuple[re.Pattern[str], ...]
    none_of: tuple[re.Pattern[str], ...]

    def matches(self, text: str) -> bool:
        return all(p.search(text) for p in self.all_of) and not any(p.search(text) for p in self.none_of)


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads((Path(__file__).with_name("titles.json")).read_text(encoding="utf-8"))


def likelihood_ratio(form_type: str) -> float:
    """How much a title naming ``form_type`` multiplies its odds (measured; see titles.json)."""
    return float(_data()["likelihood_ratios"].get(form_type, 1.0))


@lru_cache(maxsize=1)
def patterns() -> tuple[_Pattern, ...]:
    """Title patterns in order of precedence (the first that matches wins)."""
    out = []
    for p in _data()["patterns"]:
        out.append(_Pattern(p["form_type"],
                            tuple(re.compile(r, re.I) for r in p["all_of"]),
                            tuple(re.compile(r, re.I) for r in p.get("none_of", []))))
    return tuple(out)


def _lines(words: list[Word]) -> list[list[Word]]:
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        lines.setdefault(w.line_key, []).append(w)
    return sorted(lines.values(), key=lambda ln: min(w.y0 for w in ln))


def _height(line: list[Word]) -> float:
    hs = [w.y1 - w.y0 for w in line if any(c.isalpha() for c in w.text)]
    return statistics.median(hs) if hs else 0.0


def _is_caps(line: list[Word]) -> bool:
    letters = [c for w in line for c in w.text if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def title_lines(words: list[Word], height: float) -> list[str]:
    """Text of the lines that look like a title: large or capitalised print near the top."""
    lines = [ln for ln in _lines([w for w in words if w.conf >= 0.3]) if _height(ln) > 0]
    if not lines:
        return []
    body = statistics.median(_height(ln) for ln in lines)
    out = []
    for ln in lines:
        top = min(w.y0 for w in ln)
        if top < HEADER_ZONE * height or top > TITLE_ZONE * height or len(ln) > MAX_WORDS:
            continue
        text = " ".join(w.text for w in sorted(ln, key=lambda w: w.x0))
        if text.rstrip().endswith(":") or "__" in text:
            continue  # a field label or section label, not a title
        if _height(ln) >= LARGE * body or _is_caps(ln):
            out.append(text)
    return out


FUZZY = 80.0
_WORD = re.compile(r"[A-Za-z]{4,}")


def _mend(text: str) -> str:
    """OCR-broken title words read as the title word they are closest to ("Port" -> "portal")."""
    vocab = _data()["vocabulary"]["words"]

    def fix(m: re.Match[str]) -> str:
        word = m.group(0).lower()
        if word in vocab:
            return word
        best = process.extractOne(word, vocab, scorer=fuzz.ratio, score_cutoff=FUZZY)
        return best[0] if best else m.group(0)

    return _WORD.sub(fix, text)


def match_title(lines: list[str]) -> TitleCue | None:
    """The form type named by the topmost title line (alone, or with the next one: titles wrap).

    A subject line ("RE: Revocation of authorization") names what a letter or
    cover sheet is about, not what the page is.
    """
    for i, line in enumerate(lines):
        if _NOT_TITLE.match(line):
            continue
        for text in (_mend(line), _mend(" ".join(lines[i:i + 2]))):
            for pat in patterns():
                if pat.matches(text):
                    return TitleCue(pat.form_type, text)
    return None


def title_cue(page: Page) -> TitleCue | None:
    return match_title(title_lines(page.words, page.height))
