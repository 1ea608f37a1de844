"""A question answered by ticking one of its printed answers when the label data lists none of them.

"Purpose of disclosure:  [ ] Legal proceedings  [x] Personal use  [ ] Second opinion": the purposes a form
offers are its own, so they cannot be listed as option wordings the way record kinds are. The printed answers
are found by their layout instead (short runs of confidently read words, parted by a box glyph, a written
blank's underscores or a wide gap, on the lines under the question), each answer's box is the ink left of its
words, and the one ticked gives the value: its own printed words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.marks import Geometry, box_fill, judge_fills, judge_group, mark_ink, mark_region
from pipeline.pages import BBox, Word


@dataclass(frozen=True)
class Answer:
    """One printed answer: its words' text and box, and the left edge its check box may reach."""

    text: str
    box: BBox
    left: float
    line_h: float
    conf: float


GLYPH = re.compile(r"^(?:[\[(]?[OoQD0C@©®xX]?[\])]?|[-_—–=~@©®|•■□☐☑☒✓✔\[\](){}]+)$")
"""A token that is a check box, a mark or a blank read as text: "O", "C)", "[]", "@", "_—", "___" (as is any
token of three letters or fewer read unsurely, not a short English word: "01", "OD", a ticked box's "M")."""
DASHES = ("-", "–", "—")
MARK_LETTERS = frozenset("OoDCQXxMWVvNUu")
"""Letters a box or a tick in it reads as however sure Tesseract is (a ticked box's "M" at 0.94); a heading's
"F" of "Section F" is a letter."""
GLYPH_CONF = 0.85
SHORT_WORDS = frozenset("a an and or of to the for my by at in on per new own use due".split())
"""Short words an answer may hold ("Continuity of care"), read unsurely on a fax but not glyphs."""
LEAD = re.compile(r"^[^A-Za-z0-9(\"']+")
"""Underscores or a glyph read onto an answer's first word ("___Legal")."""
TRAIL = re.compile(r"_{1,}$|[—–-]{2,}$")
"""The next answer's blank read onto a word's end ("provider__")."""
GAP = 1.2
"""Line heights of space that part two answers on a row."""
LINE_GAP = 2.5
"""Line heights of space between the question's rows: more ends its answers."""
MAX_LINES = 5
MAX_WORDS = 8
"""An answer is a few words; a run longer is a sentence, not an option."""
MIN_ANSWERS = 3
"""Fewer runs than this are more likely a written value parted by gaps than a row of printed answers."""
PRINT_CONF = 0.75
ANSWER_CONF = 0.5
"""Tesseract's mean confidence in the answers' words (and in each one's: a mark across one answer's first
letters lowers it): printed type, not a hand's."""
SURE_TICK = 0.9
CLEAR_TICK = 2.5
"""Ink (in^2 x 1000, as ``marks.judge_group``) the ticked answer's box holds over the fullest other box."""
WORD_INK = 9.0
"""More ink than this over the emptiest box is shading or a word, not a tick (``marks.group_cap``)."""
BOX_INK = 0.8
"""An empty box, blank or glyph holds at least this much ink (``marks.group_cap``)."""
BARE_INK = 0.5
"""Less ink than this before an answer: nothing is printed there to tick (a heading's first word)."""
LIST_CAP = 0.6
"""The value rests on the layout read as a list of answers: never sure."""


def answers(rows: list[list[Word]], first_after: float | None = None) -> list[Answer]:
    """The printed answers on ``rows`` (words left to right, top row first; on the first row only words right
    of ``first_after``), or none when the rows do not look like a list of answers."""
    out: list[Answer] = []
    for r, words in enumerate(rows):
        if r == 0 and first_after is not None:
            words = [w for w in words if w.x0 >= first_after]
        if not words:
            continue
        h = sorted(w.y1 - w.y0 for w in words)[len(words) // 2]
        row: list[list[tuple[Word, str, BBox, bool]]] = [[]]  # (word, its letters, their box, read alone)
        for k, w in enumerate(words):
            if k and w.x0 - words[k - 1].x1 > GAP * h:
                row.append([])
            text = w.text
            if text in DASHES:
                continue  # a dash between words ("Section F - Expiration"): punctuation, not a box
            x0 = w.x0
            lead = LEAD.match(text)
            if lead:
                # the blank's share of the word's box is its share of the letters, near enough
                x0 = w.x0 + (w.x1 - w.x0) * len(lead.group()) / len(text)
                text = text[len(lead.group()):]
            glyph = not text or _glyph(text, w.conf)
            if lead or glyph:
                row.append([])
            if glyph:
                continue
            trail = TRAIL.search(text)
            core = text[:trail.start()] if trail else text
            x1 = x0 + (w.x1 - x0) * len(core) / len(text)  # the letters' end, the blank cut off
            if core:
                row[-1].append((w, core, (x0, w.y0, x1, w.y1), core == w.text))
            if trail:
                row.append([])
        # the row's typical top and bottom: a mark run into a word ("_X") or a descender must not move one
        # answer's box region up or down against the others', whose ink it is judged by
        kept = [w for run in row for w, _, _, _ in run]
        if not kept:
            continue
        if r and any(run and run[-1][1].endswith(("?", ":")) for run in row):
            break  # the next question's prompt ("When does this authorization end?"): the answers ended
        top, foot = (sorted(v)[len(v) // 2] for v in ([w.y0 for w in kept], [w.y1 for w in kept]))
        left = 0.0
        for run in (part for part in row if part):
            out.append(_answer(run, left, h, top, foot))
            left = run[-1][2][2]
    if not _is_list(out):
        return []
    h = sorted(a.line_h for a in out)[len(out) // 2]  # one size for every answer's box region
    return [replace(a, line_h=h) for a in out]


def _glyph(text: str, conf: float) -> bool:
    if text in ("a", "A", "I", "&"):
        return False
    return bool(GLYPH.match(text)) or text in MARK_LETTERS or (len(text) <= 3 and conf < GLYPH_CONF
                                                         and text.lower().strip(".,:;") not in SHORT_WORDS)


def _answer(run: list[tuple[Word, str, BBox, bool]], left: float, h: float, top: float, foot: float) -> Answer:
    words = [w for w, _, _, _ in run]
    box = (run[0][2][0], top, run[-1][2][2], foot)
    text = " ".join(c for _, c, _, _ in run).strip().rstrip(":")
    # a word read with a blank's underscores run into it ("___Legal") gets a confidence for the whole
    # ("0.0") that says nothing of its letters
    alone = [w for w, _, _, whole in run if whole] or words
    return Answer(text, box, left, h, sum(w.conf for w in alone) / len(alone))


def _is_list(found: list[Answer]) -> bool:
    if len(found) < MIN_ANSWERS:
        return False
    if sum(a.conf for a in found) / len(found) < PRINT_CONF:
        return False
    for a in found:
        n = len(a.text.split())
        if n > MAX_WORDS or a.conf < ANSWER_CONF or sum(c.isalpha() for c in a.text) < 3:
            return False
        if sum(c.isdigit() for c in a.text) >= 2:
            return False  # a date or a number is a value written in, not a printed answer
    return True


def ticked(geo: Geometry, found: list[Answer]) -> tuple[str, float, BBox] | None:
    """The one ticked answer's (text, confidence, box of box and words), when every other is surely empty."""
    inks, fills = [], []
    for a in found:
        reg = mark_region(a.box, a.line_h, a.left)
        inks.append((a.text, mark_ink(geo, reg), reg))
        fills.append(box_fill(geo, reg))
    # uncapped: ``marks.group_cap`` wants a list's empty boxes alike, and a written blank's rule thins on one
    # row and not the next; the tests below stand in for it
    judged = judge_fills(inks, fills, geo.dpi) if None not in fills else judge_group(inks, geo.dpi, capped=False)
    chosen = [k for k, t in enumerate(judged) if t.ticked]
    if len(chosen) != 1 or judged[chosen[0]].confidence < SURE_TICK:
        return None
    k = chosen[0]
    # the others may differ among themselves (a blank's rule thinned on one row): the tick must stand clear
    # of every one of them
    empty = sorted(v for j, (_, v, _) in enumerate(inks) if j != k)
    if inks[k][1] - empty[-1] < CLEAR_TICK or inks[k][1] - empty[0] > WORD_INK:
        return None
    if empty[len(empty) // 2] < BOX_INK or empty[0] < BARE_INK:
        return None  # no glyph before most answers, or none before one: words in a line, not boxes to tick
    a, reg = found[k], inks[k][2]
    box = (float(min(reg[0], a.box[0])), float(min(reg[1], a.box[1])), float(a.box[2]), float(max(reg[3], a.box[3])))
    return a.text, LIST_CAP, box
