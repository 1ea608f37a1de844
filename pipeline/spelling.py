"""Mend OCR slips in free text against an English word list.

Tesseract misreads single letters of handwriting ("DIAQNOS(S", "Erzor",
"Phacwacy"), so a reason or purpose is rarely read exactly even when every
word is almost right. A word that is not English and lies one or two edits
from exactly one best English word (SymSpell, over its bundled frequency
list of 82,765 words) is replaced by it, in the same letter case. Only free
text goes through here: names, emails and numbers are not words.

A mended value is never surer than the read it came from: the caller lowers
its quality by ``MENDED_QUALITY`` for each word changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from symspellpy import SymSpell, Verbosity

MENDED_QUALITY = 0.9
"""Quality factor per mended word (free text is below the routing threshold whatever it reads)."""
MIN_COUNT = 50_000
"""A word this rare in the list is no better a reading than the OCR's own."""
CONFUSIONS = (("l", "t"), ("rn", "m"), ("vv", "w"), ("c", "e"), ("1", "l"), ("0", "o"), ("5", "s"))
"""Misreadings of one letter for another, tried on every occurrence at once when plain edits find nothing."""
_TOKEN = re.compile(r"\S+")
_EDGE = re.compile(r"^([\"'(\[]*)(.*?)([\"').,;:!?\]]*)$")


@dataclass(frozen=True)
class Mended:
    text: str
    changed: int


@lru_cache(maxsize=1)
def _speller() -> SymSpell:
    sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    if not sym.load_dictionary(str(path), term_index=0, count_index=1):
        raise RuntimeError("symspellpy's English frequency list is missing")
    return sym


def known(word: str) -> bool:
    """An English word of SymSpell's frequency list (lower case)."""
    return word in _speller().words


def neighbours(word: str, max_edits: int, limit: int) -> list[str]:
    """English words within ``max_edits`` of ``word`` (lower case), commonest first, at most ``limit``."""
    hits = _speller().lookup(word, Verbosity.ALL, max_edit_distance=max_edits, include_unknown=False)
    hits = sorted((h for h in hits if h.term != word), key=lambda h: (h.distance, -h.count))
    return [h.term for h in hits[:limit]]


def _same_case(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def mend_word(token: str) -> str | None:
    """The English word ``token`` was meant to be, or None when it is a word already or not clearly one."""
    lead, core, trail = _EDGE.match(token).groups()  # type: ignore[union-attr]
    low = core.lower()
    if _glued_i(low):
        return lead + "I " + core[1:] + trail
    letters = sum(c.isalpha() for c in low)
    if len(low) < 4 or letters < len(low) - 2 or sum(c.isdigit() for c in low) > 1 or known(low):
        return None  # short words, numbers, codes and words that are words stay as read
    if "-" in low or "'" in low or "@" in low or "/" in low:
        return None
    limit = 1 if len(low) <= 5 else 2
    good = _candidates(low, limit)
    for a, b in CONFUSIONS:  # a letter Tesseract keeps misreading the same way ("lrealmenl": treatment)
        if not good and a in low:
            good = _candidates(low.replace(a, b), 1)
    if not good:
        return None
    best = max(good, key=lambda s: s.count)
    rivals = [s for s in good if s is not best and s.count * 4 > best.count]
    if rivals:
        return None  # two words as near and about as common ("UST": list, just, must): no telling which
    return lead + _same_case(core, best.term) + trail


def _candidates(low: str, limit: int) -> list:
    found = _speller().lookup(low, Verbosity.CLOSEST, max_edit_distance=limit, transfer_casing=False)
    return [s for s in found if s.count >= MIN_COUNT and len(s.term) >= 3]


def _glued_i(low: str) -> bool:
    """"lmoved", "lhave": a pronoun "I" read as "l" and run into the next word, which is a word on its own while
    the whole is none."""
    rest = low[1:]
    return low[:1] in ("l", "i") and len(rest) >= 3 and rest.isalpha() and not known(low) \
        and _speller().words.get(rest, 0) >= MIN_COUNT


def mend(text: str) -> Mended:
    """``text`` with each clearly misread word replaced by its English word."""
    changed = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal changed
        out = mend_word(m.group(0))
        if out is None:
            return m.group(0)
        changed += 1
        return out

    out = _TOKEN.sub(sub, text)
    pronoun = _ONE_AS_I.sub("I", out)
    return Mended(pronoun, changed + (pronoun != out))


_AFTER_I = (r"(?:[a-z]{2,}ed|am|was|have|had|do|did|don't|didn't|never|will|would|can|could|need|want|quit|"
            r"smoke|take|took|went|live|got|saw|think|believe)\b")
_ONE_AS_I = re.compile(rf"^[1l|](?= +{_AFTER_I})")
"""A sentence opening with "1" or "l" before a verb: the pronoun "I" as OCR reads a typed or written capital
("1 moved last year"); "1 tablet daily" is a number."""


def pronoun_lost(value: str, other: str) -> bool:
    """Whether ``other`` is ``value`` opening with the pronoun "I" (or a stroke read for it) that ``value``
    lost: a crop cut at a typed capital I, a bare bar, taken for a wall ("was never prescribed" beside "I was
    never prescribed"), or a reader that dropped a pen's lone stroke."""
    head, _, rest = other.partition(" ")
    return head in ("I", "1", "l", "L", "|") and rest.casefold() == value.casefold() \
        and re.match(_AFTER_I, value) is not None
