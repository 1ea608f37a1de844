"""Read a form's fields: labels found by fuzzy match, values read where the layout puts them.

Layouts differ by issuer (a box with a small label on top, a value written
on a line above its label, ``Label: ____``, a label cell beside a value
cell), so nothing here knows a form. Labels and their synonyms are data
(``labels.json``); where a label's value sits is decided from the page's
ruled lines (``marks.Geometry``); each value region is OCR'd again on its
own (lines removed, upscaled, single line, whitelist), because a full-page
pass misses many handwritten words. Check boxes and signatures are ink, not
words (``marks``); statements are fuzzy paragraph matches (``statements``).

Confidence is built so that >= 0.85 means "right at least 99% of the time"
(measured on held-out synth issuers, see tests/test_extract_eval.py): two
independent reads that agree, a normaliser that parsed cleanly, and a
plausible date; otherwise it stays below the routing threshold.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from pipeline import caption_read as CR
from pipeline import normalize as N
from pipeline import extract_inline as I
from pipeline import label_concepts as LC
from pipeline import statements as S
from pipeline.extract_ocr import RegionOCR
from pipeline import hand_lexicon, hand_read, option_list, spelling
from pipeline.marks import Geometry, box_fill, judge_fills, judge_group, mark_ink, mark_region, signature_ink
from pipeline.pages import BBox, Page, Word
from pipeline.result import FieldValue

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

COMMON = ["patient_name", "patient_dob", "mrn", "patient_phone", "patient_email", "patient_address",
          "signature_present", "signature_date", "signer_name", "representative_authority"]
FIELDS: dict[str, list[str]] = {
    "access_request": COMMON + ["records_requested", "date_range_start", "date_range_end", "delivery_format",
                                "delivery_method", "recipient_name", "recipient_address"],
    "third_party_authorization": COMMON + [
        "disclosing_party", "recipient_name", "recipient_address", "recipient_phone", "purpose",
        "records_requested", "date_range_start", "date_range_end", "expiration_date", "expiration_event",
        "statement_revocation", "statement_conditioning", "statement_redisclosure", "sud_consent_elements"],
    "portal_proxy_authorization": COMMON + ["proxy_name", "proxy_relationship", "proxy_email", "proxy_phone",
                                            "access_scope", "expiration_date", "expiration_event"],
    "minor_portal_authorization": COMMON + ["minor_name", "minor_dob", "guardian_name", "guardian_relationship",
                                            "access_to", "minor_signature_present", "minor_signature_date",
                                            "guardian_signature_present", "guardian_signature_date"],
    "amendment_request": COMMON + ["record_date", "information_to_amend", "requested_change", "reason"],
    "revocation": COMMON + ["revokes", "original_authorization_date", "revoked_party", "effective_date"],
}
MULTI = {"records_requested"}
CONTEXT_OF_FIELD = {"patient": "patient", "recipient": "recipient", "proxy": "proxy", "minor": "minor",
                    "guardian": "guardian", "signer": "signer", "representative": "signer",
                    "disclosing": "discloser"}


@lru_cache(maxsize=1)
def label_data() -> dict:
    return json.loads((Path(__file__).with_name("labels.json")).read_text())


_ABBREVIATION = re.compile(r"(?<![a-z0-9])(?:[a-z0-9]\.){2,}[a-z0-9]?(?![a-z0-9])")
_LOOKALIKE = str.maketrans("01568", "olsbb")


def _norm(s: str) -> str:
    s = s.lower().replace("\u2019", "'").replace("\u2018", "'").replace("e-mail", "email")
    s = re.sub(r"(?<=[a-z])[!|]", "l", s)  # OCR's "l" after a letter: "Ema!", "Emai|"
    s = _ABBREVIATION.sub(lambda m: m.group(0).translate(_LOOKALIKE) if re.search("[a-z]", m.group(0))
                          else m.group(0), s)  # "D.0.8." is "D.O.B.": no label holds a digit between stops
    for _ in range(3):  # an abbreviation's dots, some lost to a fax: "D.O.B.", "D.OB", "S.S.N." are one word
        s = re.sub(r"(?<![a-z])([a-z]{1,2})\.(?=[a-z]{1,2}(?![a-z]))", r"\1", s)
    s = re.sub(r"[^a-z0-9#']+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


@dataclass(frozen=True)
class Syn:
    text: str  # normalised
    kind: str  # field | generic | context | sig | date | option | closing
    key: str  # field name / generic role / context / sig field / option group
    code: str = ""  # option code


@lru_cache(maxsize=1)
def synonyms() -> list[Syn]:
    d = label_data()
    out: list[Syn] = []
    for f, spec in d["fields"].items():
        out += [Syn(_norm(x), "field", f) for x in spec["labels"]]
    for role, spec in d["generic"].items():
        out += [Syn(_norm(x), "generic", role) for x in spec["labels"]]
    for ctx, xs in d["contexts"].items():
        out += [Syn(_norm(x), "context", ctx) for x in xs]
    for f, xs in d["signatures"].items():
        out += [Syn(_norm(x), "sig", f) for x in xs]
    out += [Syn(_norm(x), "date", "date") for x in d["dates"]]
    out += [Syn(_norm(x), "closing", "closing") for x in d["closings"]]
    for g, opts in d["options"].items():
        for code, xs in opts.items():
            out += [Syn(_norm(x), "option", g, code) for x in xs]
    seen: set[tuple] = set()
    uniq = []
    for s in out:
        k = (s.text, s.kind, s.key, s.code)
        if s.text and k not in seen:
            seen.add(k)
            uniq.append(s)
    return uniq


# ---------------------------------------------------------------- page model

def _words_height(words: list[Word]) -> float:
    """The middle height of the words' boxes: their type's size, whatever stands beside them on the line."""
    hs = sorted(w.y1 - w.y0 for w in words)
    return float(hs[len(hs) // 2])


@dataclass
class Line:
    words: list[Word]
    idx: list[int]  # indices into page.words

    @property
    def box(self) -> BBox:
        return _union([w.bbox for w in self.words])

    @property
    def height(self) -> float:
        return _words_height(self.words) if self.words else 20.0


@dataclass
class Label:
    syn: Syn
    page_i: int
    line_i: int
    start: int
    end: int  # exclusive, positions in line
    box: BBox
    score: float
    field: str = ""  # resolved field (for field / generic labels)
    context: str = ""
    n_chars: int = 0
    via: str = "listed"  # "listed": a labels.json wording matched; "concept": its stems did (label_concepts)
    alt: Label | None = None  # a concept reading of the same words, for when the listed field is not on this form


@dataclass
class PageCtx:
    page: Page
    lines: list[Line]
    geo: Geometry
    labels: list[Label] = field(default_factory=list)
    label_words: set[int] = field(default_factory=set)  # page.words indices inside labels
    isolated_label_words: set[int] = field(default_factory=set)  # ... of labels that start a run of words
    wrapped: set[int] = field(default_factory=set)  # id() of labels whose wording runs on to the next line
    captions: dict[tuple[int, ...], CR.Caption | None] = field(default_factory=dict)  # band -> its caption read

    @property
    def text(self) -> str:
        return "\n".join(" ".join(w.text for w in ln.words) for ln in self.lines)

    def label_boxes(self) -> list[BBox]:
        """Boxes of the printed label words: ink there is the form's, not a value's."""
        return [self.page.words[i].bbox for i in self.label_words]


def _union(boxes: list) -> BBox:
    boxes = [b for b in boxes if b is not None]
    if not boxes:
        return (0.0, 0.0, 0.0, 0.0)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def page_lines(page: Page) -> list[Line]:
    """OCR lines, words left to right (Tesseract's line keys)."""
    groups: dict[tuple, list[int]] = {}
    for i, w in enumerate(page.words):
        groups.setdefault(w.line_key, []).append(i)
    lines = []
    for idx in groups.values():
        idx.sort(key=lambda i: page.words[i].x0)
        lines.append(Line([page.words[i] for i in idx], idx))
    lines.sort(key=lambda ln: (ln.box[1], ln.box[0]))
    return lines


# ---------------------------------------------------------------- labels

KIND_RANK = {"sig": 0, "field": 1, "generic": 2, "date": 3, "option": 4, "closing": 5, "context": 6}
HEADER_FRACTION = 0.12


def _header_bottom(ctx: PageCtx, labels: list[Label] | None = None) -> float:
    """Where a first page's letterhead ends: HEADER_FRACTION of the page, or, when the sheet starts lower in
    the image (a phone photo with the table above it), LETTERHEAD of the page below its first printed words;
    not when those words are a field's label (``labels``): a form with no letterhead text starts with one."""
    h = ctx.page.height
    tops = [w.y0 for w in ctx.page.words if w.conf >= 0.6 and sum(c.isalpha() for c in w.text) >= 3]
    first = min(tops, default=0.0)
    if any(lab.box[1] <= first + 0.2 * ctx.geo.dpi for lab in labels or []):
        return HEADER_FRACTION * h
    return max(HEADER_FRACTION * h, first + LETTERHEAD * h)


LETTERHEAD = 0.09
"""Share of the page an issuer's letterhead takes below its first printed line (HEADER_FRACTION less a top
margin of about a third of an inch)."""
CONCEPT_RANK = 92.0  # a concept label outranks the shorter listed words inside it ("Date" in "Date originally signed")
LISTED_WINS = 88.0  # ... but yields to a listed field or signature wording matched this well over half its words


def _min_score(n_chars: int) -> float:
    if n_chars <= 5:
        return 100.0
    if n_chars <= 9:
        return 88.0
    return 85.0


_GLYPH_SLIPS = (("h", "li"), ("m", "rn"), ("d", "cl"), ("w", "vv"), ("rn", "m"), ("li", "h"),
                ("t", "l"), ("l", "t"), ("i", "l"), ("l", "i"), ("c", "e"), ("e", "c"), ("n", "u"), ("u", "n"))
"""Letters OCR runs together or splits ("Chent" for "Client", "Narne" for "Name"), and the thin letters and
round ones it takes for each other ("Emait" for "Email", "Cmail" for "Email", "Piease")."""
SLIP_COST = 3.0
"""Score points a label matched through one glyph slip gives up to the same words read right."""


def _matches(phrase: str, texts: list[str]) -> list[tuple[str, float, int]]:
    """Listed wordings near ``phrase``: by edit ratio, and with one glyph slip undone when nothing is near."""
    cut = min(_min_score(len(phrase)), 85.0)
    found = process.extract(phrase, texts, scorer=fuzz.ratio, limit=4, score_cutoff=cut)
    if found and found[0][1] >= 95 or len(phrase) < 6 or phrase.count(" ") > 2:
        return found  # (a slip in a short word makes another word; long wordings match by ratio)
    best: dict[int, tuple[str, float, int]] = {k: (st, sc, k) for st, sc, k in found}
    for a, b in _GLYPH_SLIPS:
        start = phrase.find(a)
        while start >= 0:
            variant = phrase[:start] + b + phrase[start + len(a):]
            for st, sc, k in process.extract(variant, texts, scorer=fuzz.ratio, limit=2, score_cutoff=95):
                if sc - SLIP_COST > best.get(k, ("", 0.0, k))[1]:
                    best[k] = (st, sc - SLIP_COST, k)
            start = phrase.find(a, start + 1)
    return sorted(best.values(), key=lambda m: -m[1])[:4]


def find_labels(ctx: PageCtx, page_i: int) -> list[Label]:
    """Fuzzy-match every synonym over word n-grams of each line; keep the best non-overlapping ones."""
    syns = synonyms()
    texts = [s.text for s in syns]
    cands: list[Label] = []
    for li, ln in enumerate(ctx.lines):
        toks = [_norm(w.text) for w in ln.words]
        n = len(toks)
        for i in range(n):
            if not toks[i]:
                continue
            phrase = ""
            for j in range(i, min(n, i + 9)):
                if j > i and ln.words[j].x0 - ln.words[j - 1].x1 > 1.6 * ln.height:
                    break  # a label never spans the gap between two cells or blanks
                if not toks[j]:
                    continue  # a rule read as "|" is not part of a label (its box would swallow the value)
                phrase = (phrase + " " + toks[j]).strip()
                for st, score, k in _matches(phrase, texts):
                    if score < _min_score(min(len(st), len(phrase))):
                        continue
                    if syns[k].kind == "sig" and "sign" not in phrase:
                        continue  # a signature line says so
                    box = _union([w.bbox for w in ln.words[i:j + 1]])
                    cands.append(Label(syns[k], page_i, li, i, j + 1, box, float(score), n_chars=len(phrase)))
    concepts = concept_labels(ctx, page_i)
    cands += [c for c in concepts if not _listed_covers(cands, c)]
    cands = [c for c in cands if not _date_of(ctx, c)]
    cands += caption_labels(ctx, page_i, cands)
    # prose lines: a label inside a sentence counts only when a blank (ruled line) follows it or it ends with ':'
    body_h = _body_height(ctx)
    head = _header_bottom(ctx, [c for c in cands if c.syn.kind in ("field", "generic")])
    keep: list[Label] = []
    for c in cands:
        if c.syn.kind in ("field", "generic", "sig", "date") and (c.box[3] - c.box[1]) > 1.6 * body_h \
                and len(c.syn.text) > 3 and ctx.lines[c.line_i].height > 1.35 * body_h \
                and _ink_height(ctx, c.box) > 1.6 * body_h:
            continue  # title or heading type, not a field label
        ln = ctx.lines[c.line_i]
        chunk = _chunk_len(ln, c.start)
        if c.syn.kind == "context" and chunk > 7:
            continue  # a section cue is a heading, not a word in a sentence
        if c.syn.kind in ("generic", "field") and page_i == 0 and c.box[3] < head:
            continue  # the issuer's letterhead ("Phone (970) 555-0110") is not the patient's
        if c.syn.kind in ("field", "generic") and c.start > 0 and c.syn.key != "date_range_end" \
                and c.via != "caption":  # (a caption's place under its rule or atop its cell vouches for it)
            prev = ln.words[c.start - 1]
            if prev.text.isalpha() and prev.text.islower() and ln.words[c.start].x0 - prev.x1 < 1.0 * ln.height \
                    and not _blank_after(ctx, c.box, ln.height):
                continue  # "... to Parent/Guardian or Minor ...": a phrase in a sentence
        if chunk >= 8 and c.syn.kind in ("field", "generic", "sig", "date"):
            last = ln.words[c.end - 1].text
            if not (last.endswith(":") or _blank_after(ctx, c.box, ln.height)):
                continue
        keep.append(c)
    keep = _options_among_options(keep)
    keep = _whole_captions_first(ctx, keep)
    # exact matches first: a fuzzy match over two neighbouring labels must not swallow both
    keep.sort(key=lambda c: (-(((CONCEPT_RANK if c.via == "concept" else c.score) / 100.0) ** 8) * (c.n_chars + 4),
                             KIND_RANK[c.syn.kind], c.box[1]))
    used: set[tuple[int, int]] = set()
    chosen: list[Label] = []
    for c in keep:
        pos = {(c.line_i, p) for p in range(c.start, c.end)}
        if pos & used:
            continue
        used |= pos
        chosen.append(c)
    ids = {id(c) for c in chosen}
    _attach_alternatives(chosen, [c for c in concepts if id(c) not in ids])
    for c in chosen:
        _swallow_parenthetical(ctx, c)
        _swallow_continuation(ctx, c, used)
        _swallow_possessive(ctx, c, used)
    chosen.sort(key=lambda c: (c.box[1], c.box[0]))
    chosen = [c for c in chosen if not _connector_alone(ctx, c, chosen) and not _on_blank_before(ctx, c, chosen)]
    chosen = [_signer_by_pixels(ctx, page_i, c) or c if c.syn.kind == "sig" and c.syn.text == "signature" else c
              for c in chosen]
    return _drop_values_read_as_labels(ctx, chosen)


def _on_blank_before(ctx: PageCtx, c: Label, labels: list[Label]) -> bool:
    """Label words standing on the rule drawn for the label before them on their line are written in that blank
    ("Information you want amended: Address in my chart is outdated"): a form prints its next label beside the
    blank, never on it, and leaves the rule's gap under it ("from ____ to ____", the two rules joined across the
    gap as a fax's broken pieces are). (A rule running from the line's start under every label is a table's.)"""
    if c.syn.kind not in ("field", "generic") or c.via == "caption":
        return False
    before = [o for o in labels if o is not c and o.line_i == c.line_i and o.box[2] <= c.box[0]
              and o.syn.kind in ("field", "generic")]
    if not before:
        return False
    end = max(o.box[2] for o in before)
    h = ctx.lines[c.line_i].height
    return _on_rule(ctx, c, end - h)


def _on_rule(ctx: PageCtx, c: Label, start: float = 0.0) -> bool:
    """Whether ``c``'s words stand on a rule that starts before them (from ``start`` on) and runs on past them,
    its own pieces under them. (Measured from the line's foot: a short word's own foot may stand higher.)"""
    ln = ctx.lines[c.line_i]
    x0, y0, x1, y1 = c.box
    return any(_ruled_under(ctx.geo, s.y, x0, x1) >= RULED_UNDER
               for s in _rules_across(ctx, (x0, y0, x1, max(y1, ln.box[3])), ln.height, start))


RULED_UNDER = 0.9
"""Share of a span that the rule's own pieces must run under for words there to stand on it (a fax's breaks in
a rule are small; a printed connector's gap is its whole width)."""


def _ruled_under(geo, y: float, x0: float, x1: float) -> float:
    """Share of ``x0..x1`` that a rule's pieces at height ``y`` run under."""
    spans = sorted((max(x0, s.x0), min(x1, s.x1)) for s in geo.segments
                   if abs(s.y - y) <= 4 and s.x1 > x0 and s.x0 < x1)
    covered, reach = 0.0, x0
    for a, b in spans:
        if b > reach:
            covered += b - max(a, reach)
            reach = b
    return covered / max(1.0, x1 - x0)


SIGNER_REACH = (0.8, 1.5)
"""Inches left and right of a bare "Signature" that the rest of its caption may run, OCR having lost it."""


def _signer_by_pixels(ctx: PageCtx, page_i: int, c: Label) -> Label | None:
    """A bare "Signature" that is only the word OCR kept of a longer caption ("Minor's Signature", "Signature of
    Parent/Guardian" on a fax): whose signature it is, named by the caption's pixels, with the bare reading kept
    for a form that has no such signer. None when no print runs on beside it or the pixels name no other signer."""
    dpi, h = ctx.geo.dpi, c.box[3] - c.box[1]
    x0, y0, x1, y1 = c.box
    region = (int(max(0, x0 - SIGNER_REACH[0] * dpi)), int(y0 - 0.15 * h),
              int(min(ctx.page.width, x1 + SIGNER_REACH[1] * dpi)), int(y1 + 0.15 * h))
    for left in (region[0], int(x0 - 0.3 * h)):  # (a print run further left may end before the word)
        band = CR.caption_band(ctx.page.image, ctx.page.dpi, (left, *region[1:]))
        if band is not None and band[0] <= x0 + h and band[2] >= x1 - h:  # (OCR's box may pad the word's ink)
            break
    else:
        return None
    if x0 - band[0] < h and band[2] - x1 < h:
        return None  # no unread print beside the word
    k = _wording_of_pixels(ctx, band)
    syns = synonyms()
    if k is None or syns[k].kind != "sig" or syns[k].key == c.syn.key:
        return None
    box = _union([c.box, tuple(float(v) for v in band)])
    return Label(syns[k], page_i, c.line_i, c.start, c.end, box, CAPTION_MIN, n_chars=len(syns[k].text),
                 via="caption", alt=c)


def _connector_alone(ctx: PageCtx, c: Label, labels: list[Label]) -> bool:
    """A range's one-word end label ("to", "through") standing on a blank, with no range start before it on its
    line, is a word of a sentence written there ("Update to my current address"), not a label that ends it. (Off
    a blank it may be a printed label's word: "Description of authority to act".)"""
    if c.syn.key != "date_range_end" or c.via != "listed" or " " in c.syn.text.strip():
        return False
    return not _has_range_start(ctx, c, labels) and _on_rule(ctx, c)


def _date_of(ctx: PageCtx, c: Label) -> bool:
    """A signing date's caption ("Date") that goes on, as one run of words, with "of" or to a word ending in a
    colon: another date's label OCR garbled the rest of ("Date of Birth:" read "Date of" or "Date at Bith:"),
    left to be read whole (``_blank_labels``)."""
    ln = ctx.lines[c.line_i]
    if c.syn.kind != "date" or ln.words[c.end - 1].text.endswith(":"):
        return False
    run = []
    for k in range(c.end, min(len(ln.words), c.end + BLANK_LABEL_WORDS - 1)):
        if ln.words[k].x0 - ln.words[k - 1].x1 > 0.6 * ln.height or not ln.words[k].text.rstrip(":").isalpha():
            break
        run.append(ln.words[k].text)
    if any("sign" in _norm(t) for t in run):
        return False  # ("Date of signing": a signing date's caption no wording lists)
    return bool(run) and (_norm(run[0]) == "of" or any(t.endswith(":") for t in run))


CAPTION_MIN = 72.0
CAPTION_MARGIN = 6.0
"""A cell's caption is read as a field's wording from this edit ratio up, when no other field's wording comes
within the margin. Below the listed bar (85-88): a caption in 6-point type a standard-mode fax halved comes back
"Name gf Pater!" or "Tune of birth" (76 and 85 to the wordings). Only where the layout says a caption stands."""
CAPTION_TOP = 0.45
"""A caption starts in the top part of its cell: this share of the cell's height."""
CAPTION_CAP = 0.6
"""A value found through a caption matched below the listed bar is never sure: the field may be the wrong one."""


def caption_labels(ctx: PageCtx, page_i: int, found: list[Label]) -> list[Label]:
    """Labels for the captions of closed cells, and of rules with their caption printed under them, that no
    wording matched at the usual bar.

    A box's first words, at its top left, are its caption, as are the words set close under a rule's start: the
    layout vouches that they name a field, so a looser match names which. The nearest wording must be a field's
    (or a generic one's) and clearly nearer than any other field's; failing that, the caption's pixels are asked
    (``_caption_read``)."""
    geo = ctx.geo
    taken = [c.box for c in found if c.syn.kind != "option"]
    out: list[Label] = []
    for li, ln in enumerate(ctx.lines):
        cells = [geo.cell_at((w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2) for w in ln.words]
        for i, (w, cell) in enumerate(zip(ln.words, cells)):
            if cell is None or (i > 0 and cells[i - 1] == cell):
                continue
            if w.y0 - cell[1] > CAPTION_TOP * (cell[3] - cell[1]):
                continue
            if any(_inside_any([cell], b) for b in taken):
                continue  # the cell's caption was matched already
            end = i
            while end < len(ln.words) and cells[end] == cell:
                end += 1
            lab = _caption_label(ctx, page_i, li, i, end, cell)
            if lab is not None:
                out.append(lab)
    out += _unread_cell_captions(ctx, page_i, taken + [c.box for c in out])
    blanks = _blanks(geo)
    out += _rule_captions(ctx, page_i, taken + [c.box for c in out], blanks)
    return out + _blank_labels(ctx, page_i, taken + [c.box for c in out], blanks)


def _caption_label(ctx: PageCtx, page_i: int, li: int, i: int, end: int, region: tuple[int, int, int, int]
                   ) -> Label | None:
    """The label words ``i..end`` of line ``li`` make as the caption of ``region`` (a cell, or the space under
    a rule): matched loosely, or failing that by the line readers' pixels; None when neither names a field."""
    ln = ctx.lines[li]
    band = CR.caption_band(ctx.page.image, ctx.page.dpi, region)
    best = _loose_match(ln, i, end) or _caption_read(ctx, band, ln.words[i:end], i)
    if best is None:
        return None
    sc, k, j, text = best
    while band is not None and j + 1 < end and ln.words[j + 1].x0 < band[2] \
            and band[1] <= (ln.words[j + 1].y0 + ln.words[j + 1].y1) / 2 <= band[3]:
        j += 1  # the caption's garbled rest ("Tune of birth Gam fue /yyyy}"): print, not the value
    box = _union([x.bbox for x in ln.words[i:j + 1]])
    return Label(synonyms()[k], page_i, li, i, j + 1, box, float(sc), n_chars=len(text), via="caption")


def _unread_cell_captions(ctx: PageCtx, page_i: int, taken: list[BBox]) -> list[Label]:
    """Cells whose caption the page pass read no word of ("DOB" in 7-point type, its value in the next cell),
    named by the caption's pixels as a rule's unread caption is: the first line of ink at a cell's top left."""
    out: list[Label] = []
    for cell in ctx.geo.cells():
        band = CR.caption_band(ctx.page.image, ctx.page.dpi, cell)
        if band is None or band[1] - cell[1] > CAPTION_TOP * (cell[3] - cell[1]):
            continue
        if any(_inside_any([band], b) or _inside_any([b], band) for b in taken):
            continue  # (a label found elsewhere in the cell is a cell inside it whose wall a fax broke)
        lab = _unread_caption(ctx, page_i, band, cell[0])
        if lab is not None:
            out.append(lab)
            taken = taken + [lab.box]
    return out


RULE_CAPTION_GAP = 0.07
"""Inches from a rule down to the top of a caption printed under it ("Patient's Legal Name" under the blank it
names); a line of print below a blank stands further off."""


def _rule_captions(ctx: PageCtx, page_i: int, taken: list[BBox], blanks: list) -> list[Label]:
    """Captions set close under the start of a rule (of ``blanks``, the page's), in open page space: the rule
    above is their blank."""
    geo = ctx.geo
    out: list[Label] = []
    for s in blanks:
        if s.x1 - s.x0 < 0.5 * geo.dpi or geo.cell_at(s.x0 + 5, s.y + 5) is not None:
            continue
        under = (s.x0, s.y + 2, s.x1, int(s.y + 0.25 * geo.dpi))
        if any(_inside_any([under], b) for b in taken):
            continue
        seen = False
        for li, ln in enumerate(ctx.lines):
            idx = [n for n, w in enumerate(ln.words) if s.x0 - 4 <= w.x0 and (w.x0 + w.x1) / 2 <= s.x1
                   and 0 <= w.y0 - s.y <= RULE_CAPTION_GAP * geo.dpi]
            if not idx or ln.words[idx[0]].x0 - s.x0 > 0.15 * geo.dpi:
                continue
            seen = True
            i, end = idx[0], idx[0] + 1
            while end < len(ln.words) and end in idx:
                end += 1
            lab = _caption_label(ctx, page_i, li, i, end, under)
            if lab is not None:
                out.append(lab)
                taken = taken + [lab.box]
            break
        if not seen:
            lab = _unread_caption(ctx, page_i, CR.caption_band(ctx.page.image, ctx.page.dpi, under), s.x0)
            if lab is None:  # a caption longer than its rule (the rest of a broken signing line is apart)
                wider = (under[0], under[1], int(min(under[2] + CAPTION_OVERRUN * geo.dpi, ctx.page.width)), under[3])
                band = CR.caption_band(ctx.page.image, ctx.page.dpi, wider)
                if band is not None and band[2] > under[2] and not any(_inside_any([band], b) for b in taken):
                    lab = _unread_caption(ctx, page_i, band, s.x0)
            if lab is not None:
                out.append(lab)
                taken = taken + [lab.box]
    return out


CAPTION_OVERRUN = 1.5
"""Inches past its rule's end that a caption under it may run on ("Signature of Patient (or Personal
Representative)" under the first piece of a signing line a fax broke)."""
UNREAD_CAPTION_KEY = 90_000
"""Line keys of the words that stand for captions read from their pixels alone (apart from the page's and the
re-read cells')."""


def _unread_caption(ctx: PageCtx, page_i: int, band: tuple[int, int, int, int] | None, start: float
                    ) -> Label | None:
    """A caption the page pass read no label in (``band``, as ``caption_read.caption_band`` found it: no word,
    or words no wording matched), named by its pixels when its print starts at the blank's start. A word
    standing for it joins this page's lines, so the label has words like any other."""
    syns = synonyms()
    if band is None or band[0] - start > 0.15 * ctx.geo.dpi:
        return None
    # words the page pass made of it matched no wording (a found label's region is never asked): they may
    # second the pixels' reading
    ocr = _norm(" ".join(w.text for w in ctx.page.words if _inside_any([band], w.bbox)))
    k = _wording_of_pixels(ctx, band, ocr)
    if k is None:
        return None
    box = tuple(float(v) for v in band)
    word = Word(syns[k].text, 0.0, box, line_key=(UNREAD_CAPTION_KEY + len(ctx.lines), 1, 1))
    ctx.page.words.append(word)
    ctx.lines.append(Line([word], [len(ctx.page.words) - 1]))
    return Label(syns[k], page_i, len(ctx.lines) - 1, 0, 1, box, CAPTION_MIN, n_chars=len(syns[k].text),
                 via="caption")


BLANK_LABEL_GAP = 0.25
"""Inches from a label's last word to the start of the blank drawn after it ("Client ID: ______")."""
BLANK_LABEL_WORDS = 4


def _blank_labels(ctx: PageCtx, page_i: int, taken: list[BBox], blanks: list) -> list[Label]:
    """The words printed just before a drawn blank, on its baseline, that no wording matched at the usual bar
    ("Chent i:" for "Client ID:", "E-maih" for "E-mail" on a standard-mode fax): the layout vouches that they
    name the blank, so they are matched loosely or by their pixels, as a cell's caption is."""
    geo = ctx.geo
    dpi = geo.dpi
    out: list[Label] = []
    for s in blanks:
        if s.x1 - s.x0 < 0.5 * dpi or geo.cell_at(s.x0 + 5, s.y - 5) is not None:
            continue
        for li, ln in enumerate(ctx.lines):
            before = [n for n, w in enumerate(ln.words) if w.x0 < s.x0 and w.x1 <= s.x0 + 0.1 * dpi
                      and s.x0 - w.x1 <= BLANK_LABEL_GAP * dpi and abs(w.y1 - s.y) <= 0.1 * dpi]
            if not before:
                # the label's last word OCR lost ("Date of Birth:" read "Date of"): print fills the gap to the blank
                near = [n for n, w in enumerate(ln.words) if w.x1 < s.x0 and s.x0 - w.x1 <= UNREAD_WORD_GAP * dpi
                        and abs(w.y1 - s.y) <= 0.1 * dpi]
                if near and _printed_gap(ctx, ln.words[near[-1]], s.x0):
                    lab = _label_before(ctx, page_i, li, near[-1] + 1, taken, reach=s.x0)
                    if lab is not None:
                        out.append(lab)
                        taken = taken + [lab.box]
                    break
                continue
            # the last word may be the value's first, written where the fax lost the blank's first piece: the
            # label then ends a gap before it
            last = before[-1]
            ends = [last + 1] + ([last] if last > 0
                                 and ln.words[last].x0 - ln.words[last - 1].x1 <= BLANK_LABEL_GAP * dpi else [])
            for end in ends:
                lab = _label_before(ctx, page_i, li, end, taken)
                if lab is not None:
                    out.append(lab)
                    taken = taken + [lab.box]
                if lab is not None or _run_taken(ctx, li, end, taken):
                    break
            break
    return out


def _run_before(ctx: PageCtx, li: int, end: int) -> tuple[int, BBox]:
    """The run of words ending at ``end`` on line ``li`` that may be a blank's label: its start and box."""
    ln = ctx.lines[li]
    i = end - 1
    while i > 0 and end - i < BLANK_LABEL_WORDS and ln.words[i].x0 - ln.words[i - 1].x1 <= 0.6 * ln.height:
        i -= 1
    return i, _union([w.bbox for w in ln.words[i:end]])


def _run_taken(ctx: PageCtx, li: int, end: int, taken: list[BBox]) -> bool:
    box = _run_before(ctx, li, end)[1]
    return any(_inside_any([box], b) or _inside_any([b], box) for b in taken)


def _label_before(ctx: PageCtx, page_i: int, li: int, end: int, taken: list[BBox], reach: float = 0.0
                  ) -> Label | None:
    """The label the run of words ending at ``end`` on line ``li`` makes (``_blank_labels``), if any; ``reach``:
    its print goes on, unread, to there (the label then covers it)."""
    if _run_taken(ctx, li, end, taken):
        return None
    i, box = _run_before(ctx, li, end)
    region = (int(box[0]) - 2, int(box[1]) - 2, int(max(box[2], reach - 3)) + 2, int(box[3]) + 2)
    lab = _caption_label(ctx, page_i, li, i, end, region)
    if lab is not None and reach > lab.box[2]:
        lab.box = (lab.box[0], lab.box[1], float(reach - 3), lab.box[3])
    return lab


UNREAD_WORD_GAP = 0.6
"""Inches from a label's last read word to its blank when OCR lost the label's last word between them."""


def _printed_gap(ctx: PageCtx, w: Word, x1: float) -> bool:
    """Whether print as tall as ``w``'s stands between it and ``x1``: a word OCR read nothing of."""
    h = w.y1 - w.y0
    _, ink, tallest = ctx.geo.ink_extent((int(w.x1) + 3, int(w.y0), int(x1) - 3, int(w.y1)))
    return ink is not None and tallest >= 0.5 * h and ink[2] - ink[0] >= 1.5 * h


def _loose_match(ln: Line, i: int, end: int) -> tuple[float, int, int, str] | None:
    """The field wording nearest the caption's first words ``i..end``, when at least CAPTION_MIN and clearly
    nearer than any other field's: (score, wording, last word's position, phrase)."""
    syns = synonyms()
    texts = [s.text for s in syns]
    best: tuple[float, int, int, str] | None = None
    phrase = ""
    for j in range(i, min(end, i + 6)):
        phrase = (phrase + " " + _norm(ln.words[j].text)).strip()
        if len(phrase) < 5:
            continue  # ("Send" is 73 from "send to": too short to tell a garbled caption from a word)
        near = [(sc, k) for _, sc, k in process.extract(phrase, texts, scorer=fuzz.ratio, limit=10)
                if syns[k].kind in ("field", "generic")]
        if not near:
            continue
        sc, k = near[0]
        rival = max((s2 for s2, k2 in near[1:] if syns[k2].key != syns[k].key), default=0.0)
        if sc >= CAPTION_MIN and sc - rival >= CAPTION_MARGIN and (best is None or sc > best[0]):
            best = (sc, k, j, phrase)
    return best


def _caption_read(ctx: PageCtx, band: tuple[int, int, int, int] | None, words: list[Word], i: int
                  ) -> tuple[float, int, int, str] | None:
    """The listed wording the readers' pixels say a caption's ``band`` (``caption_read.caption_band``: the first
    line of a cell or of the space under a rule) is, when the words OCR made of it match none: (score, wording,
    last word's position, wording)."""
    syns = synonyms()
    inside = [] if band is None else [n for n, w in enumerate(words) if band[1] <= (w.y0 + w.y1) / 2 <= band[3]]
    if band is None or not inside:
        return None
    k = _wording_of_pixels(ctx, band, _norm(" ".join(words[n].text for n in inside)))
    if k is None:
        return None
    return CAPTION_MIN, k, i + inside[-1], syns[k].text


def _wording_of_pixels(ctx: PageCtx, band: tuple[int, int, int, int], ocr: str = "") -> int | None:
    """The field's, generic or signing date's listed wording the line readers say ``band`` spells, clearly
    (``caption_read``); or less clearly when OCR's words there (``ocr``, normalised) are that wording but for
    one letter ("Nane"): two readers that fail differently agreeing."""
    syns = synonyms()
    wordings = _caption_wordings()
    key = tuple(int(v) for v in band)
    if key not in ctx.captions:
        ctx.captions[key] = CR.read_caption(ctx.page.image, ctx.page.dpi, band, tuple(syns[k].text for k in wordings),
                                            tuple(syns[k].key for k in wordings))
    c = ctx.captions[key]
    if c is None:
        return None
    near = bool(ocr) and Levenshtein.distance(ocr, syns[wordings[c.index]].text) <= 1
    if not (CR.accepted(c) or (near and CR.seconded(c))):
        return None
    k = wordings[c.index]
    return k if syns[k].kind in ("field", "generic", "date", "sig") else None


@lru_cache(maxsize=1)
def _caption_wordings() -> tuple[int, ...]:
    """One synonym per listed wording, a field's or generic one's before any other kind's of the same words."""
    first: dict[str, int] = {}
    for k, s in enumerate(synonyms()):
        if s.text not in first or (s.kind in ("field", "generic")
                                   and synonyms()[first[s.text]].kind not in ("field", "generic")):
            first[s.text] = k
    return tuple(sorted(first.values()))


WHOLE_CAPTION_WORDS = 3
"""Longest run of words standing apart that is taken for one caption."""


def _whole_captions_first(ctx: PageCtx, cands: list[Label]) -> list[Label]:
    """A short run of words standing apart (a cell's caption, "Patient ROB"; or a run's start that ends with a
    colon) that a listed field wording matches whole is that field's label, however loosely: labels inside it
    matched more closely ("Patient") are dropped, since the run is one caption and OCR garbled a word of it
    ("DOB" read "ROB"). A run a concept names whole ("Proxy cell:": a role and a kind of value) is that label
    over a section word inside it ("Proxy"), though not over a listed field wording inside it."""
    whole = []
    for c in cands:
        n = c.end - c.start
        if c.syn.kind not in ("field", "generic", "sig", "date") or c.via not in ("listed", "concept") \
                or not 2 <= n <= WHOLE_CAPTION_WORDS:
            continue
        ln = ctx.lines[c.line_i]
        lo, hi = _chunk_span(ln, c.start)
        ends = c.end == hi or ln.words[c.end - 1].text.endswith(":")  # (a typed value may follow in the run)
        if lo == c.start and ends and len(c.syn.text.split()) == n:
            whole.append(c)  # (word for word: "[bes Record Number" is no garbled "Record Number")
    drop = {id(o) for w in whole for o in cands if o.line_i == w.line_i and w.start <= o.start and o.end <= w.end
            and o.end - o.start < w.end - w.start
            and (w.via == "listed" or o.syn.kind in ("context", "option"))}
    return [c for c in cands if id(c) not in drop]


def _options_among_options(cands: list[Label]) -> list[Label]:
    """A word that reads as both a field label and an option is the option when two other options of the
    same question stand on its row or the next ("Mail  Pick up  Email": the "Email" beside "Pick up" is a
    delivery method, not the patient's e-mail label)."""
    opts = [c for c in cands if c.syn.kind == "option"]
    drop = set()
    for c in cands:
        if c.syn.kind not in ("field", "generic"):
            continue
        same = [o for o in opts if (o.line_i, o.start, o.end) == (c.line_i, c.start, c.end)]
        h = max(c.box[3] - c.box[1], 1.0)
        cy = (c.box[1] + c.box[3]) / 2
        for o in same:
            near = {n.syn.code for n in opts if n.syn.key == o.syn.key and n.syn.code != o.syn.code
                    and abs((n.box[1] + n.box[3]) / 2 - cy) <= 2.5 * h and (n.line_i, n.start) != (c.line_i, c.start)}
            if len(near) >= 2:
                drop.add(id(c))
    return [c for c in cands if id(c) not in drop]


def _drop_values_read_as_labels(ctx: PageCtx, labels: list[Label]) -> list[Label]:
    """A concept label inside another label's drawn blank is that label's value ("Change to never smoker")."""
    ctx.labels = labels  # value_region stops at the next label
    regions = []
    for o in labels:
        if o.syn.kind in ("field", "generic"):
            reg = value_region(ctx, o, "text")
            if reg is not None and reg[1] in FIRM_LAYOUTS:
                regions.append((o, reg[0]))
    keep = []
    for c in labels:
        cx, cy = (c.box[0] + c.box[2]) / 2, (c.box[1] + c.box[3]) / 2
        if c.via == "concept" and any(o is not c and x0 <= cx <= x1 and y0 <= cy <= y1
                                      for o, (x0, y0, x1, y1) in regions):
            continue
        keep.append(c)
    return keep


def _body_height(ctx: PageCtx) -> float:
    """Median height of the page's body words (titles and headings are taller)."""
    heights = sorted(w.y1 - w.y0 for w in ctx.page.words if w.text.isalpha() and len(w.text) >= 3)
    return heights[len(heights) // 2] if heights else 30


def _ink_height(ctx: PageCtx, box: BBox) -> float:
    """Height of the printed glyphs in ``box``, ruled lines left out.

    Tesseract often stretches a caption's box down to the blank it sits on ("E-mail: ____" came back
    44 px tall among 19 px words), which made a plain caption look like a heading.
    """
    rows = _printed_rows(ctx, box)
    return float(rows[-1] - rows[0] + 1) if len(rows) else float(box[3] - box[1])


def _printed_rows(ctx: PageCtx, box: BBox) -> np.ndarray:
    """Offsets from ``box``'s top of its rows holding print (two inked pixels or more), ruled lines left out."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    ink = (ctx.page.image[y0:y1, x0:x1] < 128) & (ctx.geo.h[y0:y1, x0:x1] == 0)
    return np.nonzero(ink.sum(axis=1) >= 2)[0]


def _glyph_rows(ctx: PageCtx, box: BBox) -> tuple[float, float]:
    """Top and bottom of ``box`` as its printed glyphs have them, when OCR's box is far taller (a re-read band's
    words come back padded: a dev fax's "Recipient" 39 px tall over 17 px of glyphs, its top across the rule
    above, so the value written on that rule was looked for under the caption instead)."""
    y0, y1 = int(round(box[1])), int(round(box[3]))
    rows = _printed_rows(ctx, box)
    if not len(rows):
        return float(y0), float(y1)
    runs = np.split(rows, np.nonzero(np.diff(rows) > 2)[0] + 1)  # the line of glyphs, not a rule's stubs by it
    run = max(runs, key=len)  # (a dotted rule's row may hold more ink than a short caption: it is flatter)
    if y1 - y0 <= PADDED_BOX * (run[-1] - run[0] + 1):
        return float(y0), float(y1)
    return float(y0 + run[0] - 1), float(y0 + run[-1] + 2)


PADDED_BOX = 1.6
"""A label's box this many times taller than its glyphs was padded (or stretched to a rule) by OCR."""


def _label_height(ctx: PageCtx, lab: Label) -> float:
    """The type size around a label: its line's height, unless a tall handwritten value on the same line
    set that (then the label's own glyphs, with room for descenders). A line height of 57 px beside a 20 px
    caption had put the region's top across the rule of the row above."""
    h = ctx.lines[lab.line_i].height
    glyphs = _ink_height(ctx, lab.box)
    return LABEL_HEIGHT_ROOM * glyphs if h > TALL_LINE * glyphs else h


LABEL_HEIGHT_ROOM = 1.3
"""A printed line's word boxes run about 1.1-1.3 times a caption's glyph height (descenders, punctuation)."""
TALL_LINE = 1.6
"""A line this many times taller than its label's glyphs got its height from something else on it."""


def _swallow_parenthetical(ctx: PageCtx, lab: Label) -> None:
    """A "(print)" or "(mm/dd/yyyy)" right after a label is part of it, not the value."""
    if lab.syn.kind not in ("field", "generic", "sig", "date"):
        return
    ln = ctx.lines[lab.line_i]
    k = lab.end
    if k >= len(ln.words) or not ln.words[k].text.startswith("(") or ln.words[k].x0 - ln.words[k - 1].x1 > ln.height \
            or ln.words[k - 1].text.endswith(":"):
        return  # after "Label:" comes the value, and "(312)" is its area code
    for e in range(k, min(len(ln.words), k + 4)):
        if any(ch.isdigit() for ch in ln.words[e].text):
            return
        if ln.words[e].text.rstrip(":").endswith(")"):
            lab.end = e + 1
            lab.box = _union([lab.box] + [w.bbox for w in ln.words[k:e + 1]])
            return


CONTINUATION_WORDS = 6


POSSESSIVES = frozenset({"their", "your", "his", "her", "its", "my", "our"})


def _swallow_possessive(ctx: PageCtx, lab: Label, used: set[tuple[int, int]]) -> None:
    """ "Their phone:", "Your e-mail:": the pronoun before a label is part of it, not the end of the value
    written before it on the line ("Johnson-Davis Benefits  Their phone: ...")."""
    if lab.syn.kind not in ("field", "generic") or lab.start == 0:
        return
    ln = ctx.lines[lab.line_i]
    k = lab.start - 1
    w = ln.words[k]
    if (lab.line_i, k) in used or w.text.lower() not in POSSESSIVES or w.conf < 0.6 \
            or ln.words[lab.start].x0 - w.x1 > 0.8 * ln.height:
        return
    used.add((lab.line_i, k))
    lab.box = _union([w.bbox, lab.box])
    lab.start = k


def _swallow_continuation(ctx: PageCtx, lab: Label, used: set[tuple[int, int]]) -> None:
    """The printed rest of a prompt is part of it: "Information you believe is incorrect | or incomplete".

    A listed wording may match only the start of a longer printed question; the rest of it (lower-case print,
    set as closely as the label's own words, up to its ':' or '?') must not be read as the value.
    """
    if lab.syn.kind not in ("field", "generic") or lab.via != "listed":
        return
    ln = ctx.lines[lab.line_i]
    h = ln.height
    if ln.words[lab.end - 1].text.endswith((":", "?")) or (lab.start > 0 and ln.words[lab.start].x0
                                                            - ln.words[lab.start - 1].x1 < 1.0 * h):
        return  # a label that ends the prompt, or words inside a sentence ("Wrong date of birth on ...")
    own_h = sorted(w.y1 - w.y0 for w in ln.words[lab.start:lab.end])[(lab.end - lab.start) // 2]
    end = lab.end
    for k in range(lab.end, min(len(ln.words), lab.end + CONTINUATION_WORDS)):
        w = ln.words[k]
        word = w.text.rstrip(":?.,")
        # (a word with a tail below the line, "incomplete", stands taller than the label's words by its tail)
        slack = 0.5 if any(c in "gjpqy" for c in word) else 0.35
        # (print Tesseract is unsure of must still be an English word: "of" for "or" on a fax, 0.78)
        if (lab.line_i, k) in used or w.x0 - ln.words[k - 1].x1 > 0.8 * h \
                or (w.conf < 0.85 and not spelling.known(word)) \
                or not word.isalpha() or not word.islower() or abs((w.y1 - w.y0) - own_h) > slack * own_h:
            break
        end = k + 1
        if w.text.endswith((":", "?")):
            break
    else:
        if end < len(ln.words) and end - lab.end == CONTINUATION_WORDS:
            return  # a sentence runs on: the label is a phrase inside it, leave it as it is
    if end > lab.end:
        used |= {(lab.line_i, k) for k in range(lab.end, end)}
        lab.box = _union([lab.box] + [w.bbox for w in ln.words[lab.end:end]])
        lab.end = end


def _attach_alternatives(chosen: list[Label], concepts: list[Label]) -> None:
    """Keep a field concept that lost to an overlapping listed label as that label's alternative reading."""
    for c in sorted(concepts, key=lambda c: c.end - c.start):
        if c.syn.kind != "field":
            continue
        for o in chosen:
            if o.line_i == c.line_i and o.via == "listed" and min(o.end, c.end) > max(o.start, c.start):
                o.alt = c


@lru_cache(maxsize=1)
def concept_tables() -> LC.Tables:
    return LC.build_tables(label_data())


def concept_labels(ctx: PageCtx, page_i: int) -> list[Label]:
    """Labels no wording lists, recognised by their stems: one per run of closely spaced printed words.

    A run is a label when it ends with ':' or '?', or sits where the form puts
    labels (before a blank, under a rule, at the top of a box); a short run
    alone on its line that names a role is a section heading.
    """
    t = concept_tables()
    out: list[Label] = []
    body_h = _body_height(ctx)
    top = HEADER_FRACTION * ctx.page.height if page_i == 0 else 0.0
    for li, ln in enumerate(ctx.lines):
        if ln.box[3] < top:
            continue  # the letterhead, not a label or a section
        runs = _runs(ln)
        for i, j in runs:
            j = _label_end(ln, i, j)
            words = ln.words[i:j]
            if j - i > LC.MAX_LABEL_WORDS or not (_printed_words(words) or _printed_but_one(words)):
                continue
            if _words_height(words) > 1.35 * body_h:
                continue  # a title, not a label (the line may stand taller only for the pen's value beside it)
            text = _norm(" ".join(w.text for w in words))
            box = _union([w.bbox for w in words])
            c = LC.match_label(t, text) if _label_like(ctx, ln, words, box) else None
            if c is None and len(runs) == 1 and j - i <= LC.MAX_HEADING_WORDS:
                c = LC.match_heading(t, text)
            if c is not None:
                out.append(Label(Syn(text, c.kind, c.key), page_i, li, i, j, box, c.score, n_chars=len(text),
                                 via="concept"))
    return out


def _printed_but_one(words: list[Word]) -> bool:
    """Printed label words but one, which Tesseract garbled past reading ("Date originally ugned", "ugned" at
    0.0): a caption still, when the others are read surely and the one is letters (a pen's value holds digits
    or sits apart from its caption)."""
    low = [w for w in words if w.conf < 0.5]
    rest = [w for w in words if w.conf >= 0.5]
    return (len(words) >= 3 and len(low) == 1 and low[0].text.isalpha() and len(low[0].text) >= 3
            and _printed_words(rest))


def _runs(ln: Line) -> list[tuple[int, int]]:
    """Runs of closely spaced words of a line, as [start, end) positions (a row of boxes gives several)."""
    out: list[tuple[int, int]] = []
    start = 0
    for k in range(1, len(ln.words) + 1):
        if k == len(ln.words) or ln.words[k].x0 - ln.words[k - 1].x1 > 1.2 * ln.height:
            out.append((start, k))
            start = k
    return out


def _label_end(ln: Line, i: int, j: int) -> int:
    """A label ends at its first ':' or '?' (what follows on the run is the value)."""
    for k in range(i, j):
        if ln.words[k].text.endswith((":", "?")):
            return k + 1
    return j


def _printed_words(words: list[Word]) -> bool:
    """Printed label words: read confidently, no numbers or '@' (those are values; one digit may be a misread i)."""
    if not words or sum(w.conf for w in words) / len(words) < 0.75:
        return False
    return not any("@" in w.text or sum(ch.isdigit() for ch in w.text) >= 2 for w in words)


def _label_like(ctx: PageCtx, ln: Line, words: list[Word], box: BBox) -> bool:
    """Where a form prints a label: ending ':' / '?', before a blank, just under a rule, or atop a box."""
    h = ln.height
    if words[-1].text.endswith((":", "?")) or _blank_after(ctx, box, h):
        return True
    x0, y0, x1, _ = box
    if any(y0 - 0.9 * h <= s.y <= y0 + 0.2 * h and s.x0 <= x0 + 0.3 * (x1 - x0) and s.x1 >= x0 + 0.5 * (x1 - x0)
           for s in ctx.geo.segments):
        return True
    cell = ctx.geo.cell_at((x0 + x1) / 2, (box[1] + box[3]) / 2)
    return cell is not None and y0 - cell[1] <= 0.07 * ctx.geo.dpi and x0 - cell[0] <= 0.15 * ctx.geo.dpi


def _listed_covers(cands: list[Label], c: Label) -> bool:
    """A listed field, signature or check-box wording matched well over at least half of the concept label's words."""
    for o in cands:
        if o.line_i != c.line_i or o.syn.kind not in ("field", "sig", "option") or o.score < LISTED_WINS:
            continue
        shared = min(o.end, c.end) - max(o.start, c.start)
        if shared > 0 and 2 * shared >= c.end - c.start:
            return True
    return False


def _chunk_len(ln: Line, pos: int) -> int:
    """Words in the run of closely spaced words around ``pos`` (labels of a row of boxes are separate runs)."""
    lo, hi = _chunk_span(ln, pos)
    return hi - lo


def _chunk_span(ln: Line, pos: int) -> tuple[int, int]:
    """(first, one past the last) position of the run of closely spaced words around ``pos``."""
    h = ln.height
    lo = pos
    while lo > 0 and ln.words[lo].x0 - ln.words[lo - 1].x1 < 1.2 * h:
        lo -= 1
    hi = pos
    while hi + 1 < len(ln.words) and ln.words[hi + 1].x0 - ln.words[hi].x1 < 1.2 * h:
        hi += 1
    return lo, hi + 1


def _blank_after(ctx: PageCtx, box: BBox, h: float) -> bool:
    for s in ctx.geo.segments:
        if box[2] - 0.5 * h <= s.x0 <= box[2] + 1.5 * h and box[1] <= s.y <= box[3] + 0.8 * h and s.x1 - s.x0 > 2 * h:
            return True
    return False


def resolve_fields(ctxs: list[PageCtx], allowed: set[str]) -> None:
    """Give generic labels ("Phone", "Address") their field from the section they sit in."""
    gen = label_data()["generic"]
    context = "patient"
    for ctx in ctxs:
        ctx.labels = [_reading_for_form(lab, allowed) for lab in ctx.labels]
        unit = ctx.geo.dpi * 0.1
        for lab in sorted(ctx.labels, key=lambda l: (round(l.box[1] / unit), l.box[0])):
            k = lab.syn
            if k.kind == "context":
                context = k.key
            elif k.kind == "sig":
                context = "signer"
            elif k.kind == "field":
                lab.field = k.key
                pre = k.key.split("_")[0]
                if pre in CONTEXT_OF_FIELD and k.key not in ("patient_dob",):
                    context = CONTEXT_OF_FIELD[pre]
                if k.key == "signer_name":
                    context = "signer"
            elif k.kind == "generic":
                lab.context = context
                lab.field = _generic_field(gen[k.key]["fields"], context)
                if lab.field == "minor_dob" and "minor_dob" not in allowed:
                    lab.field = "patient_dob"
            if lab.field and lab.field not in allowed and lab.field != "signer_name":
                lab.field = ""


def _reading_for_form(lab: Label, allowed: set[str]) -> Label:
    """A listed label of a field this form type lacks yields to its concept reading of a field it has
    ("Person / organization named" is the recipient on an authorization, the revoked party on a revocation), and a
    signer named by pixels that the form lacks to the bare "Signature" it was read over (``_signer_by_pixels``)."""
    alt = lab.alt
    if lab.syn.kind in ("field", "sig") and lab.syn.key not in allowed and alt is not None and alt.syn.key in allowed:
        return alt
    return lab


def _generic_field(fields: dict[str, str], context: str) -> str:
    """The field a generic label has in ``context``; outside a known section it is the patient's."""
    return fields.get(context, fields.get("patient", ""))


# ---------------------------------------------------------------- value regions

def _only_label_ink(ctx: PageCtx, cell: tuple) -> bool:
    """The cell holds no ink but its printed label's: nothing was written in it."""
    return ctx.geo.ink_extent(cell, ctx.label_boxes())[0] < (ctx.geo.dpi / 300) ** 2 * 150


def _rest_of_row(ctx: PageCtx, lab: Label, cell: tuple, h: float) -> tuple[int, int, int, int]:
    """The row right of a label cell that holds only its label, up to the next cell found on the row or the
    next label: the value cell whose walls a fax broke (a standard-mode fax loses a thin rule's rows). Not a
    drawn blank as far as the reader knows, so nothing found there is firmly empty. ``h``: the label's height."""
    geo = ctx.geo
    x0, y0, x1, y1 = cell
    cy = (y0 + y1) / 2
    ends = [c[0] for c in geo.cells() if c[0] > x1 and c[1] < cy < c[3]]
    stop = _next_label_x(ctx, lab, h)
    if stop is not None:
        ends.append(int(stop - 0.05 * geo.dpi))
    right = min(ends, default=int(ctx.page.width - 0.4 * geo.dpi))
    return int(x1 + 4), int(y0), int(right - 4), int(y1)


def value_region(ctx: PageCtx, lab: Label, kind: str, skip_over: bool = False
                 ) -> tuple[tuple[int, int, int, int], str] | None:
    """Where the value of ``lab`` is written, and how that was decided (``skip_over``: not on a line above it)."""
    geo = ctx.geo
    x0, _, x1, _ = lab.box
    y0, y1 = _glyph_rows(ctx, lab.box)
    h = max(_label_height(ctx, lab), 12.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    cell = geo.cell_at(cx, cy)
    if cell is not None:
        # a label cell: the label reaches its right side, or, set on two lines, fills it alone
        if cell[2] - x1 < 0.3 * geo.dpi or id(lab) in ctx.wrapped and _only_label_ink(ctx, cell):
            for dx in (8, 14, 22, 0.06 * geo.dpi):  # past the rule, which a fax thickens
                nxt = geo.cell_at(cell[2] + dx, cy)
                if nxt is not None and nxt[0] > cell[0]:
                    return nxt, "grid"
            if _only_label_ink(ctx, cell):
                return _rest_of_row(ctx, lab, cell, h), "row_rest"
            return cell, "label_cell"  # no value cell found: the label's own cell proves nothing when empty
        return _after_wall(geo, cell, lab.box), "cell"
    # a ruled line just above the label, spanning it: value written on that line
    limit = None
    over = x0 + 0.3 * (x1 - x0)  # a rule over the caption's start; failing one, a piece starting a fax's gap after
    for s in [] if skip_over else sorted(geo.segments, key=lambda s: s.x0 > over):
        if not y0 - max(0.9 * h, 0.08 * geo.dpi) <= s.y <= y0 + 0.2 * h:  # (a caption in small type: a few px)
            continue
        sx1 = s.x1
        if (s.x1 - s.x0 < SIG_MIN_WIDTH * geo.dpi or kind == "sig" or s.x0 > over) and s.x0 >= x0 - 0.3 * geo.dpi:
            # a piece of a rule a fax broke, starting at the caption: the rule goes on to the next caption (a
            # signing line however long its first piece: a signature is wide, and its ink past the piece counts)
            if limit is None:
                stop = _next_label_x(ctx, lab, h)
                limit = stop if stop is not None else ctx.page.width - 0.4 * geo.dpi
            sx1 = _rule_end(geo, s, limit)
        # (the rule's piece over the caption's start may be lost under the value's ink: the next piece, a fax's
        # gap away, starts it)
        if s.x0 <= max(over, x0 + RULE_GAP * geo.dpi) and sx1 >= x0 + 0.5 * (x1 - x0):
            if kind != "sig" and geo.cell_at(cx, s.y - 0.1 * geo.dpi) is not None:
                continue  # the bottom border of the row of cells above: their values, not this label's
            boxed = _box_below(geo, lab, s)
            if boxed is not None:  # the label heads a box whose walls a fax broke: the value is inside it
                return boxed, "cell"
            top = s.y - 0.27 * geo.dpi
            # (a whole rule is not joined on: the date's rule often starts a few pixels after the signature's)
            # (reaching back to the caption's start over a lost piece; not a signing line's: an "X" printed
            # before its rule is no signature)
            left = int(x0) if kind != "sig" and s.x0 - x0 > LOST_PIECE * geo.dpi else s.x0
            return (left, int(top), int(sx1), int(s.y + 3)), "over_line"
    stop = _next_label_x(ctx, lab, h)
    right_edge = stop if stop is not None else ctx.page.width - 0.4 * geo.dpi
    for s in geo.segments:  # "Label: ______" (a rule level with the label's top is a box's border)
        if x1 - 0.5 * h <= s.x0 <= x1 + 1.5 * h and (y0 + y1) / 2 <= s.y <= y1 + 0.9 * h:
            end = _rule_end(geo, s, right_edge)
            reg = (int(x1 + 2), int(y0 - 0.7 * h), int(min(end + 0.02 * geo.dpi, right_edge)), int(s.y + 4))
            return (reg[0], reg[1], _overrun(geo, reg, right_edge), reg[3]), "blank"
    if kind != "sig" and not _words_right_of(ctx, lab, right_edge):
        for s in _blanks(geo):  # a question, and the answer on the rule under it
            # (its pieces joined: a standard-mode fax breaks a rule into many, and may drop its first piece; but
            # parted where a blank's caption starts: blanks side by side under a heading are not one answer)
            if y1 + 0.5 * h <= s.y <= y1 + 3.2 * h and s.x0 <= x0 + max(h, RULE_GAP * geo.dpi) and s.x1 >= x1:
                return (int(min(s.x0, x0)), int(y1 + 2), int(s.x1), int(s.y + 4)), "below_line"
    if right_edge - x1 > 0.4 * geo.dpi:
        return (int(x1 + 2), int(y0 - 0.5 * h), int(right_edge), int(y1 + 0.4 * h)), "right"
    return (int(x0), int(y1 + 2), int(x0 + 3 * geo.dpi), int(y1 + 2.2 * h)), "below"


def _overrun(geo, region: tuple[int, int, int, int], limit: float) -> int:
    """The right edge of ``region`` moved on over writing that runs past the blank's end: a name longer than
    its rule, or a rule a fax broke under the value's last word. Only writing that reaches the blank's end
    (OVERRUN_REACH) runs on, up to ``limit`` (the next label), over gaps narrower than OVERRUN_GAP, and for
    OVERRUN_MOST at most (further, it is the print of the sentence the blank stands in)."""
    x0, y0, x1, y1 = region
    dpi = geo.dpi
    stop = int(min(limit, geo.img.shape[1]))
    if stop <= x1 or y1 <= y0:
        return x1
    a = max(0, x0)
    rows = slice(max(0, y0), max(0, y1 - 4 - int(0.04 * dpi)))  # (above the rule, and its remnants a fax left)
    cols = ((geo.img[rows, a:stop] < 128) & (geo.h[rows, a:stop] == 0)).sum(axis=0) >= 2
    inside, past = cols[:x1 - a], cols[x1 - a:]
    if not inside.any():
        return x1
    last = int(np.nonzero(inside)[0][-1]) - len(inside)  # the last inked column, counted from the region's end
    if -last > OVERRUN_REACH * dpi:
        return x1  # the writing stops short of the blank's end: what follows is the form's print
    end = x1
    for i, inked in enumerate(past):
        if i - last > OVERRUN_GAP * dpi:
            break  # blank paper this wide, inked column or not beyond it
        if inked:
            last, end = i, x1 + i + 1
    if end - x1 > OVERRUN_MOST * dpi:
        return x1  # print running on along the line (the sentence the blank stands in), not a word or two
    return int(end)


OVERRUN_GAP = 0.2
"""Inches: a pen's gap between words is narrower; blank paper this wide ends the writing."""
OVERRUN_MOST = 1.5
"""Inches: writing runs on past its blank by a word or two; ink running on further is the line's print."""
OVERRUN_REACH = 0.05
"""Inches: writing that runs past its blank reaches the blank's end (a sentence's print after an inline blank
starts past writing that stopped short of it)."""
LOST_PIECE = 0.05
"""Inches: a rule starting this far or more right of its caption's start lost its first piece (a caption
set a little left of its rule is print's own alignment)."""
RULE_GAP = 0.26
"""Inches: a fax drops pixels out of a thin rule, breaking one blank into pieces (gaps of 0.01-0.16 in measured
on our faxed pages, up to 0.24 on a dev fax); pieces closer than this, with no label between them, are one blank."""


def _after_wall(geo, cell: tuple[int, int, int, int], box: BBox) -> tuple[int, int, int, int]:
    """``cell`` from the last wall standing left of the label ``box`` (from its top to WALL_BELOW under it):
    cells a fax joined through gaps in their rules are still parted by their walls, and a value is never
    left of its label (the telephone's cell before the e-mail's). Walls right of the label are kept inside:
    its value may be in the cell after its own. A pen's upright stroke stands in the writing's row, not
    beside the caption too."""
    x0, y0, x1, y1 = cell
    top, bottom = box[1], min(y1 - 2, box[3] + WALL_BELOW * geo.dpi)
    left = [x for x in range(x0 + 6, int(box[0]) - 3, 2) if _wall(geo, x, top, bottom)]
    return max(left, default=x0), y0, x1, y1


WALL_BELOW = 0.2
"""Inches under a caption that a wall beside it runs on: a cell's wall, not a letter written in the row below."""


def _rule_end(geo, s, limit: float) -> float:
    """Where the blank that starts with segment ``s`` really ends: its broken-off pieces on the same row join it,
    up to ``limit`` (the next label on the line)."""
    end = s.x1
    for o in sorted((o for o in geo.segments if abs(o.y - s.y) <= 3 and o.x0 > s.x0), key=lambda o: o.x0):
        if o.x0 >= limit or (o.x0 - end > RULE_GAP * geo.dpi and not _inked_gap(geo, s.y, end, o.x0)):
            break
        if o.x0 - end > CAPTION_SPLIT * geo.dpi and _caption_starts(geo, s.y, end, o.x0) is not None:
            break
        end = max(end, o.x1)
    return end


CAPTION_SPLIT = 0.05
"""Inches: a gap in a rule at least this wide may part two blanks side by side, each captioned under its start."""
CAPTION_BAND = (0.02, 0.1)
"""Inches under a rule where the caption printed beneath it stands (top and bottom of its band)."""
CAPTION_INK = 0.3
"""Share of inked columns over the caption's first 0.12 in: print, not a speck or a pen's descender."""
CAPTION_BLANK = 0.1
"""Inches of blank under a rule before a caption starts: more than the gap between a caption's words."""


def _caption_starts(geo, y: float, gap_x0: float, x: float) -> int | None:
    """The column where small print starts under the rule near the gap ``gap_x0..x``, after a stretch of
    blank: the next blank's caption (OCR may not have read it, so the pixels are asked; a fax often drops the
    new rule's first pixels, so the caption may start inside the gap). A fax's break inside one blank has
    either its caption running on under the gap, its words closer than CAPTION_BLANK, or nothing starting
    there."""
    dpi = geo.dpi
    top, bottom = int(y + CAPTION_BAND[0] * dpi) + 2, int(y + CAPTION_BAND[1] * dpi)
    a = max(0, int(gap_x0 - CAPTION_BLANK * dpi))
    run_in = int(0.12 * dpi)
    cols = (geo.img[top:bottom, a:int(x + 0.1 * dpi) + run_in] < 128).sum(axis=0) >= 2
    blank = 0
    for i, inked in enumerate(cols):
        if not inked:
            blank += 1
            continue
        if blank >= CAPTION_BLANK * dpi and gap_x0 <= a + i <= x + 0.1 * dpi \
                and float(cols[i:i + run_in].mean()) >= CAPTION_INK:
            return a + i
        blank = 0
    return None


INKED_GAP = 0.6
"""Share of a wider gap's columns with ink on the rule's row (two pixels either side) that makes it part of the
rule: a pen's strokes crossing a faxed rule break the ruled run there, but the row stays inked."""


def _inked_gap(geo, y: float, x0: float, x1: float) -> bool:
    """Whether the rule's row is inked across most of ``x0..x1`` (up to twice the plain gap)."""
    if x1 - x0 > 2 * RULE_GAP * geo.dpi:
        return False
    yi = int(round(y))
    band = geo.img[max(0, yi - 2):yi + 3, int(x0):int(x1)] < 128
    return band.size > 0 and float(band.any(axis=0).mean()) >= INKED_GAP


def _wall(geo, x: float, y0: float, y1: float) -> bool:
    """A vertical ruled line at column ``x`` (give or take a few pixels) covering most of rows y0..y1."""
    xa, xb = max(0, int(x) - 4), int(x) + 5
    band = geo.v[max(0, int(y0)):max(0, int(y1)), xa:xb]
    if band.size > 0 and float((band.max(axis=1) > 0).mean()) >= 0.7:
        return True
    # a short wall a fax broke into dashes has no run long enough to be a ruled line: its ink, three columns wide
    ink = geo.img[max(0, int(y0)):max(0, int(y1)), xa:xb] < 128
    if ink.shape[0] < 4 or ink.shape[1] < 3:
        return False
    cols = np.stack([ink[:, i:i + 3].any(axis=1) for i in range(ink.shape[1] - 2)])
    return float(cols.mean(axis=1).max()) >= 0.8


def _box_below(geo, lab: Label, top) -> tuple[int, int, int, int] | None:
    """The box a label heads, when the rule over it is the box's top and not a line to write on.

    A label printed just under a rule is either a caption (the value was written on the rule above) or
    the heading of a box (the value is below it, inside). Only a box has walls: vertical rules left and
    right of the label running from the top rule down to a bottom rule under the label (a section's
    border beside a caption has no partner on the right)."""
    x0, y0, x1, y1 = lab.box
    dpi = geo.dpi
    walls = [x for x in range(int(x0 - 0.2 * dpi), int(x0) - 1, 2) if _wall(geo, x, top.y + 2, y1 + 0.08 * dpi)]
    if not walls:
        return None
    left = walls[-1]
    bottoms = [s for s in _joined_rows(geo, y1 + 0.12 * dpi, top.y + 1.2 * dpi)
               if s.x0 <= x0 + 0.1 * dpi and s.x1 >= x1]
    if not bottoms:
        return None
    bottom = min(bottoms, key=lambda s: s.y)
    # a fax breaks long rules into pieces: the box runs as far as its top and bottom rules' pieces do
    far = max(s.x1 for s in geo.segments if abs(s.y - top.y) <= 4 or abs(s.y - bottom.y) <= 4)
    for x in range(int(x1 + 0.1 * dpi), int(far) + 6, 3):
        if _wall(geo, x, y1 + 2, bottom.y - 2):  # closed on the right too: a box, not a caption under a rule
            return int(left + 3), int(top.y + 3), int(x - 3), int(bottom.y - 2)
    return None


def _rule_rows(segments: list) -> list[list]:
    """Ruled-line pieces grouped by row: a row's pieces may lie a pixel or two above or below one another."""
    rows: list[list] = []
    for s in sorted(segments, key=lambda s: s.y):
        if rows and s.y - rows[-1][-1].y <= 3:
            rows[-1].append(s)
        else:
            rows.append([s])
    return rows


def _blanks(geo) -> list:
    """The page's rules with the pieces a fax broke each blank into joined again (gaps up to RULE_GAP
    inches), parted where the next blank's caption starts under a gap (``_caption_starts``)."""
    out: list = []
    for row in _rule_rows(geo.segments):
        y = int(np.median([s.y for s in row]))
        cur = None
        for s in sorted(row, key=lambda s: s.x0):
            gap = s.x0 - cur.x1 if cur is not None else 0
            start = _caption_starts(geo, y, cur.x1, s.x0) if cur is not None and gap > CAPTION_SPLIT * geo.dpi \
                else None
            if cur is not None and gap <= RULE_GAP * geo.dpi and start is None:
                cur = type(s)(cur.x0, max(cur.x1, s.x1), y)
                continue
            if cur is not None:
                out.append(cur)
            cur = type(s)(min(s.x0, start if start is not None else s.x0), s.x1, y)  # from where its caption starts
        out.append(cur)
    return out


def _joined_rows(geo, y0: float, y1: float) -> list:
    """The ruled lines between rows y0 and y1, each row's pieces a fax broke apart joined again (gaps up to
    RULE_GAP inches)."""
    rows = _rule_rows([s for s in geo.segments if y0 - 3 <= s.y <= y1 + 3])
    out = []
    for row in (r for r in rows if any(y0 <= s.y <= y1 for s in r)):
        cur = None
        for s in sorted(row, key=lambda s: s.x0):
            if cur is not None and s.x0 - cur.x1 <= RULE_GAP * geo.dpi:
                cur = type(s)(cur.x0, max(cur.x1, s.x1), cur.y)
                continue
            if cur is not None:
                out.append(cur)
            cur = s
        out.append(cur)
    return out


def _words_right_of(ctx: PageCtx, lab: Label, right_edge: float) -> bool:
    """Anything written on the label's own line after it (an inline value); not the top of a word written on the
    line below that reaches up into the label's row (its overlap is a sliver of either's height)."""
    x0, y0, x1, y1 = lab.box
    return any(w.x0 > x1 + 4 and w.x1 <= right_edge + 4
               and min(w.y1, y1) - max(w.y0, y0) > ROW_SHARE * min(w.y1 - w.y0, y1 - y0) for w in ctx.page.words)


ROW_SHARE = 0.4
"""Share of the lower of two heights that a word and a label must overlap by to stand on one line."""


def _next_label_x(ctx: PageCtx, lab: Label, h: float) -> float | None:
    xs = [o.box[0] for o in ctx.labels if o is not lab and o.box[0] > lab.box[2]
          and min(o.box[3], lab.box[3]) - max(o.box[1], lab.box[1]) > 0.3 * h and not _written_on_blank(ctx, o, h)]
    return min(xs) - 6 if xs else None


def _written_on_blank(ctx: PageCtx, o: Label, h: float) -> bool:
    """An option's words standing on a rule that starts before them and runs on past them: written into a blank
    ("Describe the information: Medication list ..."), not the form's next label."""
    return o.syn.kind == "option" and bool(_rules_across(ctx, o.box, h))


def _rules_across(ctx: PageCtx, box: BBox, h: float, start: float = -np.inf) -> list:
    """Rules at the foot of ``box`` (words ``h`` high) that start before it (from ``start`` on) and run on past it."""
    x0, _, x1, y1 = box
    return [s for s in _joined_rows(ctx.geo, y1 - 0.6 * h, y1 + 0.8 * h) if start <= s.x0 < x0 - 4 and s.x1 > x1]


# ---------------------------------------------------------------- reading values

KIND_OF: dict[str, str] = {}
TRACE: list | None = None  # set to a list to record each read's signals (calibration, tests/test_extract_eval.py)


def field_kind(f: str) -> str:
    if not KIND_OF:
        for k, spec in label_data()["fields"].items():
            KIND_OF[k] = spec["kind"]
    return KIND_OF.get(f, "text")


@dataclass
class Read:
    value: object
    confidence: float
    page: int
    bbox: list[float]
    source: str = ""
    by_hand: bool = False  # value or confidence came from the handwriting reader: not independent of another such read
    capped: bool = False  # kept unsure for how it was found (a loosely read caption, a list's spelling): never sure


def _words_in(ctx: PageCtx, region, exclude: set[int]) -> list[tuple[int, Word]]:
    x0, y0, x1, y1 = region
    out = []
    for i, w in enumerate(ctx.page.words):
        if i in exclude:
            continue
        cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
        if x0 <= cx <= x1 and y0 <= cy <= y1:
            out.append((i, w))
    return out


def _join(words: list[Word]) -> str:
    """The words in reading order: rows, top to bottom, each left to right.

    A row is a chain of words each level with the one before it, so a pen's line that climbs or falls across
    a wide box stays one row, however far its last word stands from its first."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.x0):
        level = [(_level(r[-1], w), k) for k, r in enumerate(rows) if r[-1].x0 < w.x0]
        share, k = max(level, default=(0.0, -1))
        if share >= ROW_LEVEL:
            rows[k].append(w)
        else:
            rows.append([w])
    rows.sort(key=lambda r: sum((w.y0 + w.y1) / 2 for w in r) / len(r))
    return " ".join(" ".join(w.text for w in r) for r in rows)


def _level(a: Word, b: Word) -> float:
    """The share of the shorter word's height that the two words share."""
    shared = min(a.y1, b.y1) - max(a.y0, b.y0)
    return shared / max(1.0, min(a.y1 - a.y0, b.y1 - b.y0))


ROW_LEVEL = 0.4
"""Two words sharing this much of the shorter's height are on one row (words of the row below share none)."""


def normalise(kind: str, text: str, received_at: dt.datetime, f: str = "") -> N.Norm:
    if kind in ("dob", "past", "future", "any", "signature"):
        dk = {"dob": "dob", "past": "past", "future": "future", "any": "any", "signature": "signature"}[kind]
        return N.date(text, dk, received_at)  # type: ignore[arg-type]
    if kind == "phone":
        return N.phone(text)
    if kind == "email":
        return N.email(text)
    if kind == "address":
        return N.address(text)
    if kind == "name":
        return N.name(text)
    if kind == "line":
        return N.free_text(text, mend=False)  # a street or a town is not English words
    if kind == "mrn":
        return N.mrn(text)
    return N.free_text(text)


@dataclass
class Env:
    """What one extraction shares: the batched region reader and the fields whose blank was seen empty."""

    ocr: RegionOCR = field(default_factory=RegionOCR)
    seen_empty: set[str] = field(default_factory=set)


FIRM_LAYOUTS = ("cell", "grid", "blank", "over_line")  # a blank the form drew: empty there means not filled


def read_value(ctx: PageCtx, lab: Label, kind: str, received_at: dt.datetime, env: Env,
               reread: bool = True, seen_as: str = "") -> Read | None:
    """The value beside ``lab``; a line above the label that holds nothing may be a box edge, so look right too."""
    reg = value_region(ctx, lab, kind)
    if reg is None:
        return None
    empty: list[bool] = []
    r = _read_region(ctx, lab, kind, received_at, env, reg, reread, empty)
    if r is None and reg[1] == "over_line":
        alt = value_region(ctx, lab, kind, skip_over=True)
        if alt is not None:
            r = _read_region(ctx, lab, kind, received_at, env, alt, reread, empty)
    if r is None and empty and all(empty) and lab.via != "caption":  # (a loose caption may name the wrong field)
        env.seen_empty.add(seen_as or lab.field)
    if r is not None and lab.via == "caption":
        r.confidence, r.capped = min(r.confidence, CAPTION_CAP), True
    return r


def _read_region(ctx: PageCtx, lab: Label, kind: str, received_at: dt.datetime, env: Env, reg: tuple,
                 reread: bool, empty: list[bool]) -> Read | None:
    """Read one candidate region; ``empty`` gets whether it was firmly empty (a drawn blank with no ink)."""
    region, how = reg
    geo = ctx.geo
    own = set(ctx.lines[lab.line_i].idx[lab.start:lab.end])
    label_boxes = [ctx.page.words[i].bbox for i in own | ctx.isolated_label_words]
    # words of other labels inside the region are printed text, not the value
    around = _words_in(ctx, region, own)
    if how in ("cell", "label_cell"):
        # in the label's own cell, words on its row before it are the rest of its caption ("Patient" misread
        # beside "Name"), never the value: left out, and their ink with them
        before = {i for i, w in around if _before_on_row(w, lab.box)}
        if before:  # (the whole row before it: a garbled word's specks lie outside its box)
            b = _union([lab.box] + [ctx.page.words[i].bbox for i in before])
            label_boxes = label_boxes + [(region[0], b[1], lab.box[0] - 1, min(b[3], lab.box[3] + 6))]
        around = [(i, w) for i, w in around if i not in before]
    inside = [(i, w) for i, w in around if i not in ctx.isolated_label_words]
    # a blank inside a sentence ("expires on ____ or upon ...") is on the sentence's OCR line, but its ink is the value
    prose = set() if how == "blank" else _prose_words(ctx, region, inside)
    kept = [w for i, w in inside if i not in prose]
    if kind == "text":
        kept = _bars_as_i(kept)
    words = _one_read_per_ink([w for w in kept if not _is_filler(w.text)])
    if how in ("cell", "grid", "label_cell"):  # inside a cell, the value is below or right of the label
        words = [w for w in words if w.y0 >= lab.box[1] - 4 or w.x0 >= lab.box[2]]
    label_boxes = label_boxes + [ctx.page.words[i].bbox for i in prose]
    # printed words of other labels, or of a sentence, left out of the value: it may have lost words with them
    printed_inside = bool(prose) or any(i in ctx.label_words for i, _ in around)
    n_ink, ink, tallest = geo.ink_extent(region, label_boxes)
    least = (geo.dpi / 300) ** 2 * 150
    if ink is None or n_ink < least:
        empty.append(how in FIRM_LAYOUTS and n_ink < (geo.dpi / 300) ** 2 * 40 and not words and not prose)
        return None
    if tallest <= REMNANT_HEIGHT * geo.dpi:
        # only a rule's remnants, as flat as the rule: a dashed blank left empty, which the readers would spell as
        # letters; not firmly empty either (the rule's row hides a pen's flat strokes)
        empty.append(False)
        return None
    empty.append(False)
    text1 = _join(words)
    conf1 = min((w.conf for w in words), default=0.0)
    norm1 = normalise(kind, text1, received_at) if text1 else N.fail("empty")
    text2, conf2 = "", 0.0
    norm2 = N.fail("skipped")
    if reread:
        crop_region = _crop_of(ink)
        crop = geo.clean_crop(crop_region, label_boxes)
        text2, conf2 = env.ocr.read(ctx.page.number, crop_region, crop, geo.dpi, _charset(kind),
                                    _lexicon(lab.field, kind))
        norm2 = normalise(kind, text2, received_at) if text2 else N.fail("empty")
        if not norm2.ok and kind in ("dob", "past", "future", "any", "signature"):
            t3, c3 = env.ocr.read(ctx.page.number, crop_region, crop, geo.dpi, "phone")  # digits-only retry
            n3 = normalise(kind, t3, received_at)
            if n3.ok:
                text2, conf2, norm2 = t3, c3 * 0.9, n3
    text3, conf3, norm3 = "", 0.0, N.fail("skipped")
    if reread and not ctx.page.text_layer:  # a text layer is exact: no pen to read
        text3, conf3, norm3 = _hand(env, ctx.page.number, crop_region, lambda t: normalise(kind, t, received_at))
    if not norm1.ok and not norm2.ok and not norm3.ok:
        return None
    conf = _confidence(kind, norm1, conf1, norm2, conf2, how)
    if ctx.page.text_layer and lab.via == "listed" and not printed_inside:
        conf = max(conf, _text_layer_confidence(kind, norm1, conf1, norm2, conf2, how))
    if TRACE is not None and not env.ocr.collecting:
        TRACE.append((lab.field, kind, norm1.value, norm2.value, conf1, conf2, norm1.quality, norm2.quality, how,
                      norm3.value, conf3, norm3.quality))
    value = norm1.value if norm1.ok and (not norm2.ok or conf1 >= conf2 or norm1.value == norm2.value) else norm2.value
    if kind in ("text", "line") and norm1.ok and norm2.ok and norm1.value != norm2.value:
        value = norm2.value if conf2 > conf1 else norm1.value
    by_hand = False
    if norm3.ok:
        before = (value, conf)
        value, conf = _with_hand(kind, how, value, conf, (norm1, conf1), (norm2, conf2), (norm3, conf3),
                                 whole=not _runs_on(ctx, region, ink), field_name=lab.field)
        by_hand = (value, conf) != before
    if kind == "text" and isinstance(value, str) and any(
            n.ok and spelling.pronoun_lost(value, str(n.value)) for n in (norm1, norm2, norm3)):
        value = f"I {value}"
    mended = False
    if reread and not by_hand and not ctx.page.text_layer and isinstance(value, str):
        read = value
        both = norm1.ok and norm2.ok and norm1.value == norm2.value == value  # Tesseract's two reads agreeing
        value, conf = _mended(env, ctx.page.number, crop_region, kind, lab.field, value, conf, received_at, both)
        mended = value != read  # a spelling no reader wrote: never sure
    if reread and not ctx.page.text_layer and isinstance(value, str) and conf < SURE:
        borrowed = _borrowed(kind, lab.field, value, [n.value for n in (norm1, norm2, norm3) if n.ok], received_at)
        if borrowed is not None:
            value, conf, mended = borrowed, min(conf, LEXICON_MEND_CAP), True
    bbox = [float(v) for v in ink]
    return Read(value, conf, ctx.page.number, bbox, how, by_hand, capped=mended)


def _before_on_row(w: Word, box: BBox) -> bool:
    """``w`` ends before the label's box starts, on the label's row."""
    return w.x1 <= box[0] + 2 and box[1] <= (w.y0 + w.y1) / 2 <= box[3]


REMNANT_HEIGHT = 0.03
"""Inches: pieces of ink none taller than this are what is left of a rule (a fax's dashes, stepping down a
skewed row), never a written value (a pen's smallest letters stand 0.06 in or more)."""


def _crop_of(ink) -> tuple:
    """The crop a value's ink box is re-read from (a few pixels of margin all round); every reader of a region
    and every later look-up of its reads spell it so."""
    return ink[0] - 6, ink[1] - 6, ink[2] + 6, ink[3] + 6


LEXICON_MEND_CAP = 0.6
"""A Tesseract read the name lists mended is a value no reader wrote: never sure."""


def _mended(env: Env, page: int, region, kind: str, field: str, value: str, conf: float,
            received_at: dt.datetime, agreed: bool = False) -> tuple[str, float]:
    """A Tesseract read of a name, organisation, address or e-mail, spelled as the lists allow when the networks,
    scoring the same one-line crop, find that spelling nearly as likely as Tesseract's ("ZAGHARY" ->
    "ZACHARY"); unchanged when the crop holds more than one line or the mended value does not normalise.
    ``agreed``: the page read and the re-read both spelt ``value``; a hyphen they agree on is not made an
    underscore, nor the reverse (``_dash_for_underscore``)."""
    lex = _lexicon(field, kind)
    logps = env.ocr.line_logps(page, region)
    if not lex or not logps or len(logps) != 1:
        return value, conf
    fixed = hand_lexicon.correct(value, logps[0], hand_read.charset(), lex)
    if fixed == value or agreed and _dash_for_underscore(value, fixed):
        return value, conf
    n = normalise(kind, fixed, received_at)
    return (n.value, min(conf, LEXICON_MEND_CAP)) if n.ok else (value, conf)


def _dash_for_underscore(a: str, b: str) -> bool:
    """Two spellings that differ only in hyphens read as underscores or back. Where the stroke sits against the
    letters' baseline tells them apart: Tesseract reads that off the line, the networks, scoring a crop cut
    and scaled to its ink, do not ("richardson-wood.a68", typed and read so twice, was respelt with "_")."""
    return len(a) == len(b) and a != b and all(x == y or {x, y} == {"-", "_"} for x, y in zip(a, b))


SURE = 0.85
"""The routing threshold (``Settings.field_threshold``): a value at or above it is left as its readers agreed."""


def _borrowed(kind: str, field: str, value: str, reads: list, received_at: dt.datetime) -> str | None:
    """An unsure name, address or e-mail (the words before its @) with each word no list holds spelt as the
    listed word another reader of the ink wrote a letter or two away (``hand_lexicon.borrow_listed``),
    normalised; None when nothing changes.
    Measured on three synthetic splits (mixed and standard fax modes, capitals): 44 such words were wrong
    and the other reader's word right, none was right as read."""
    lex = _lexicon(field, kind)
    if lex == "email":  # the words of the part before the @ are most often its owner's names ("michael.fisher")
        local, at, domain = value.partition("@")
        others = [str(r).partition("@")[0] for r in reads]
        fixed = hand_lexicon.borrow_listed(local, others, "name") + at + domain
    elif lex in ("name", "org", "address"):
        fixed = hand_lexicon.borrow_listed(value, [str(r) for r in reads], lex)
    else:
        return None
    if fixed == value:
        return None
    n = normalise(kind, fixed, received_at)
    return n.value if n.ok else None


def _hand(env: Env, page: int, region, norm) -> tuple[str, float, N.Norm]:
    """The handwriting reader's read of a region, normalised; when it does not normalise, the read of its
    other network that does (never sure: the two disagreed)."""
    reads = [(text, conf, norm(text) if text else N.fail("empty"))
             for text, conf in env.ocr.hand_candidates(page, region)]
    return next((r for r in reads if r[2].ok), reads[0])


def _runs_on(ctx: PageCtx, region, ink) -> bool:
    """The value's ink reaches the region's right edge and goes on past it: what was read may be its start only
    (every reader of the region then agrees on "Dennis" for "Dennis J. Martinez")."""
    geo = ctx.geo
    if ink[2] < region[2] - 0.03 * geo.dpi:
        return False
    beyond = (region[2], region[1], int(region[2] + 0.2 * geo.dpi), region[3])
    n, _ = geo.ink_box(beyond, ctx.label_boxes())
    return n >= (geo.dpi / 300) ** 2 * 40


PERSON_NAMES = ("patient_name", "signer_name", "guardian_name", "minor_name", "proxy_name")
"""Fields that hold a person's name, which the hand reader may mend from the name lists (``hand_lexicon``);
a recipient or a provider is often an organisation, whose words may also be English ("org")."""


def _lexicon(field: str, kind: str) -> str:
    """The lists the hand reader may mend a value's read from (``hand_lexicon``), if any."""
    if field in PERSON_NAMES:
        return "name"
    if kind == "name":  # a recipient, a provider: an organisation's words or a person's name
        return "org"
    if kind == "line" and field.endswith("_address"):  # a street, or a "City, State ZIP" blank
        return "address"
    if kind in DATE_KINDS:  # a month's name
        return "date"
    if field == "purpose":
        return "purpose"
    if field in RELATION_FIELDS:
        return "relation"
    if field in FIRST_PERSON_FIELDS:
        return "prose"
    return kind if kind in ("address", "email") else ""


FIRST_PERSON_FIELDS = ("information_to_amend", "requested_change", "reason", "expiration_event")
"""Free text a patient writes about themselves ("Note says I refused...", "I was never prescribed..."), where
a lone "I" is often read as another stroke ("J", "T", "V", "l")."""


DATE_KINDS = ("dob", "past", "future", "any", "signature")


def _charset(kind: str) -> str:
    return kind if kind in ("phone", "mrn") else "any"


def _prose_words(ctx: PageCtx, region, inside: list[tuple[int, Word]]) -> set[int]:
    """Words in the region that belong to a printed sentence running outside it (a title, an instruction)."""
    x0, y0, x1, y1 = region
    keys = {w.line_key for _, w in inside}
    out: set[int] = set()
    gap = PROSE_GAP * ctx.geo.dpi
    for key in keys:
        line = sorted((w for w in ctx.page.words if w.line_key == key), key=lambda w: w.x0)
        within = [j for j, w in enumerate(line) if x0 <= (w.x0 + w.x1) / 2 <= x1 and y0 <= (w.y0 + w.y1) / 2 <= y1]
        if not within:
            continue
        # the sentence's words run on from the region word by word; another blank's value sits a gap away
        a, b = min(within), max(within)
        while a > 0 and line[a].x0 - line[a - 1].x1 < gap:
            a -= 1
        while b < len(line) - 1 and line[b + 1].x0 - line[b].x1 < gap:
            b += 1
        run = {id(w) for w in line[a:b + 1]}
        outside = [w for i, w in enumerate(ctx.page.words) if w.line_key == key and i not in ctx.label_words
                   and id(w) in run and not (x0 <= (w.x0 + w.x1) / 2 <= x1 and y0 <= (w.y0 + w.y1) / 2 <= y1)
                   and w.text.isalpha() and w.conf >= 0.8]
        if len(outside) >= 3:
            out |= {i for i, w in inside if w.line_key == key}
    return out


PROSE_GAP = 0.3
"""Inches: words of one sentence are a space apart; two values on one OCR line, a blank's width."""


def _one_read_per_ink(words: list[Word], share: float = 0.6) -> list[Word]:
    """Tesseract sometimes reads the same ink twice, on two of its lines ("Grant Grant"): keep the surer read."""
    kept: list[Word] = []
    for w in sorted(words, key=lambda w: -w.conf):
        area = max(1.0, (w.x1 - w.x0) * (w.y1 - w.y0))
        if any(max(0.0, min(w.x1, o.x1) - max(w.x0, o.x0)) * max(0.0, min(w.y1, o.y1) - max(w.y0, o.y0))
               >= share * min(area, max(1.0, (o.x1 - o.x0) * (o.y1 - o.y0))) for o in kept):
            continue
        kept.append(w)
    return [w for w in words if any(w is k for k in kept)]


def _bars_as_i(words: list[Word]) -> list[Word]:
    """Tesseract reads a typed capital "I" as "|", a filler it would drop: "| was never prescribed" is "I was
    never prescribed". A bar no taller than the line's letters, a word space before a lower-case word, is the
    pronoun; a box's wall runs taller."""
    out = list(words)
    for k, w in enumerate(out):
        if w.text != "|":
            continue
        right = [o for o in out if o.line_key == w.line_key and o.x0 > w.x1]
        if not right:
            continue
        o = min(right, key=lambda o: o.x0)  # the next word on its line
        if o.text[:1].islower() and o.text.isalpha() and o.x0 - w.x1 <= 0.8 * (o.y1 - o.y0) \
                and w.y1 - w.y0 <= 1.3 * (o.y1 - o.y0):
            out[k] = replace(w, text="I")
    return out


def _is_filler(t: str) -> bool:
    return bool(re.fullmatch(r"[_\-.:|/\\,~—–]+", t))


# Measured on synth forms of 8 issuers (tests/test_extract_eval.py, calibration notes in the report):
# precision of values where the page read and the region re-read agree, by kind of value.
# Dates, phones and record numbers that agree with word confidence >= 0.9 were right 100% (n=30/30, 7/7,
# 14/14); names ~95%, free text ~80%, addresses ~55%, so those stay below the routing threshold (0.85).
AGREE_CONF = {"date": (0.93, 0.8), "phone": (0.92, 0.8), "mrn": (0.9, 0.75), "email": (0.8, 0.75),
              "name": (0.8, 0.75), "text": (0.75, 0.65), "address": (0.7, 0.6)}
RIGHT_CAP = 0.5  # a value read to the right of a label with no ruled blank: often a sentence (12% right)


def _group(kind: str) -> str:
    if kind == "line":
        return "text"
    return "date" if kind in ("dob", "past", "future", "any", "signature") else kind


def _lone_conf(quality: float, conf: float) -> float:
    """A value no other read agrees with: at most 0.7, however sure its one reader was."""
    return min(0.7, 0.3 + 0.3 * quality * conf)


def _confidence(kind: str, n1: N.Norm, c1: float, n2: N.Norm, c2: float, how: str = "") -> float:
    """Two reads that agree after normalising are strong evidence for dates and digits only (see AGREE_CONF)."""
    if n1.ok and n2.ok and n1.value == n2.value:
        q = min(n1.quality, n2.quality)
        hi, lo = AGREE_CONF.get(_group(kind), (0.7, 0.6))
        conf = (hi if min(c1, c2) >= 0.9 else lo) * (1.0 if q >= 0.95 else q * 0.85)
    else:
        best = n1 if n1.ok and (not n2.ok or c1 >= c2) else n2
        c = c1 if best is n1 else c2
        conf = _lone_conf(best.quality, c)
    if how == "right":
        conf = min(conf, RIGHT_CAP)
    return round(conf, 3)


HAND_SURE = 0.9
HAND_PAIR_CAP = 0.8
"""Below the routing threshold: an agreement the handwriting reader is part of is not yet proven sure."""
HAND_ALONE = {"date": 0.0, "phone": 0.0, "mrn": 0.6, "email": 0.0, "name": 0.6, "address": 0.0, "text": 0.6}
"""When no two reads agree, the handwriting reader's value is taken over Tesseract's when it is at least
this sure of it, by kind. Measured on two
calibration splits of training issuers (``python -m bench.hand_calib``, seeds 8000 and 9000): with no
agreement, the hand read at 0.9 or more was right 38/39 dates, 14/14 phones, 25/27 names, 12/14 emails,
where Tesseract's best read was right 1 of the same; at 0.6-0.9, 4/4 dates, 5/11 names, 5/6 e-mails and
6/8 addresses against Tesseract's 0/4, 2/9, 0/6 and 0/9. Below 0.6, on three splits (seeds 9000; 9700 in
held-out hands; 8600 standard-mode faxes), the hand read was still right more often for dates (4/7 against
0/7), phones (3/5 against 0/5), e-mails (4/21 against 2/21) and addresses (5/33 against 1/33), so for them
it is taken however unsure; not for names (15/120 against 16/120) or numbers (1/5 against 1/5). Free text
(a purpose, a reason, a relationship, a street or town line), where neither reader is often right alone: at
0.6 or more the hand read was right 33/132 on the three splits, Tesseract's best 21/132; below, 9/85
against 8/85. Never confident from this alone (see below)."""

THREE_AGREE_CONF = {"date": 0.93, "phone": 0.92, "mrn": 0.9, "name": 0.9, "email": 0.9}
"""The page read, the region re-read and a sure handwriting read giving the same value in a blank the form
drew: two engines and two crops agreeing. On two calibration splits of training issuers (``python -m
bench.hand_calib``, seeds 8000 and 9000), whatever Tesseract's word confidence: dates 70/70, phones 39/39,
numbers 13/13, names 90/90 right (a name read right of a label with no blank: 0/4). E-mails, 8/8 there, were
16/16 on the three splits of THREE_HAND_MIN: 24 of 24. Free text (16/39) and addresses (8/9) stay as the
Tesseract reads made them."""


RELATION_FIELDS = ("guardian_relationship", "proxy_relationship", "representative_authority")
RELATION_CONF = 0.9
"""Who a person is to the patient ("Mother", "Legal guardian", "Executor of estate"): a word or a few, from a
short list people choose from, unlike the free text whose three reads agreeing was right 16/39. The page
read, the re-read and the handwriting reader spelling it alike in a blank the form drew were right 74 of 74
on three calibration splits of training issuers (seeds 9000, 9700, 8600; ``python -m bench.hand_calib``),
however sure the handwriting reader was."""

HAND_DATE_SURE = 0.95
HAND_DATE_CONF = 0.88
"""A date the handwriting reader is this sure of (both networks and their stretched reads spelling it alike),
in a blank the form drew and holding all of the value's ink, is confident whatever Tesseract made of it. On
three calibration splits of training issuers (``python -m bench.hand_calib --cache ...``: seeds 9000; 9700
in the four held-out hands; 8600, standard-mode faxes in held-out hands) such reads were right 348 of 348,
153 of them where Tesseract's two reads did not both agree with it (none, one, or another date)."""


def _sure_hand_date(kind: str, how: str, n3: N.Norm, c3: float, whole: bool) -> bool:
    return _group(kind) == "date" and whole and how in FIRM_LAYOUTS and c3 >= HAND_DATE_SURE and n3.quality >= 0.95


HAND_OVER_PAIR = ("date", "phone", "mrn", "email", "name")
"""Kinds whose sure handwriting read is taken over the two Tesseract reads agreeing on another value, unless
Tesseract was sure of every word (PRINT_TESS_MIN: typed print, its home ground): the page read and the
re-read see the same ink and share a misreading ("2026-09-02" for a written "05"). On three calibration
splits of training issuers (``python -m bench.hand_calib``, seeds 9000; 9700 in held-out hands; 8600
standard-mode faxes), the sure hand read was right 6/6 dates, 4/4 phones, 3/3 e-mails, 1/1 number and 4/5
names where the pair was right 0, 0, 0, 0 and 2/5. Never sure: they disagree (HAND_PAIR_CAP)."""

PRINT_TESS_MIN = 0.85
PRINT_HAND_MIN = 0.5
"""A value typed into the blank: both Tesseract reads sure of every word, and the handwriting reader (trained
on pen, less sure of print) spelling it the same. On two calibration splits of training issuers
(``python -m bench.hand_calib``), three reads agreeing in a drawn blank with the hand read unsure were right
35/35 names and 10/10 dates."""

THREE_HAND_MIN = {"phone": 0.5, "mrn": 0.5, "name": 0.5}
"""The page read, the region re-read and the handwriting reader spelling a phone, number or name alike, in a blank
the form drew, are sure with the handwriting reader this sure or more (not HAND_SURE); a name, only when every word
of it is a name many people bear (``hand_lexicon.commonly_borne``). Three reads of two engines on two crops landing
on one value. With the handwriting reader at 0.5-0.9, on a fresh split in the held-out hands (``python -m
tests.test_extract_eval --n 10 --seed 9100 --hand-fonts held-out``), the 72 standard-mode documents of seeds 8800
and 8900 (Measuring) and the seed-9700 calibration split: phones 10/10, numbers 1/1, such names 43/43 right; the
one wrong three-way name, a relationship ("Stepfather") written where the guardian's name was looked for, is no
listed name. On two further fresh splits (seed 9300; seed 9500 written plainly and in block capitals) names
30/30, phones 2/2, numbers 2/2. Not dates: 31 of 32 over those splits, a guardian's "09/07" read "09/01" by all
three (seed 9500 in capitals) -- a signing date is what the signed-after-receipt rule reads. The risk for names
is one a letter from another common one: with a further-tuned Debian-hands network (not shipped) "Carey Gould"
for "Corey Gould", the hand reader at 0.6, went through on the standard-mode split."""


def _agree_key(kind: str, v: object) -> object:
    """What two reads of a name or text must share to agree: the letters, not their case or apostrophes (the
    hand reader writes "Shaun Obrien" for the capitals "SHAUN O'BRIEN"; score.py compares case-blind too)."""
    if _group(kind) in ("name", "text", "address") and isinstance(v, str):
        return v.replace("'", "").casefold()
    return v


def _inside_of(part: object, whole: object) -> bool:
    """Whether ``part``'s words are a run of ``whole``'s, and fewer."""
    if not isinstance(part, str) or not isinstance(whole, str):
        return False
    p, w = part.split(), whole.split()
    return 0 < len(p) < len(w) and any(w[i:i + len(p)] == p for i in range(len(w) - len(p) + 1))


def _with_hand(kind: str, how: str, value: object, conf: float, r1: tuple, r2: tuple, r3: tuple,
               whole: bool = True, field_name: str = "") -> tuple:
    """Fold the handwriting reader's read into the Tesseract verdict: agreement raises confidence, a sure
    hand read wins over two reads that disagree, and nothing from it alone is confident but a date it is all
    but certain of (HAND_DATE_SURE). ``whole``: the region holds all of the value's ink (readers of a cut-off
    value agree on its start). ``field_name``: a relationship's three reads agreeing count (RELATION_FIELDS)."""
    n3, c3 = r3
    key3 = _agree_key(kind, n3.value)
    agreeing = [(n, c) for n, c in (r1, r2) if n.ok and _agree_key(kind, n.value) == key3]
    agrees = [c for _, c in agreeing]
    verdict_agrees = value is not None and _agree_key(kind, value) == key3
    if agrees and c3 < HAND_SURE and value is not None and not verdict_agrees:
        if _group(kind) in ("name", "text", "address") and _inside_of(_agree_key(kind, value), key3):
            return agreeing[0][0].value, conf  # the verdict is a piece of what both others read: it lost words
        if _group(kind) == "text":
            return value, conf  # an unsure hand read siding with one Tesseract read does not overturn free text
        # otherwise two readers agreeing outvote the surer third, unsure. Three calibration splits (bench.hand_calib,
        # seeds 9000; 9700 in held-out hands; 8600 standard mode; rows "hand agrees with 1|2 (unsure), the other
        # surer"): names, e-mails, phones, numbers, dates and addresses, the pair right 27/30, the other read 2/30
        # (names with the page read: 12/13 against 0/13). Free text: 5/12 against 2/12, too few to move it.
    crop_only = len(agreeing) == 1 and agreeing[0][0] is r2[0] and r1[0].ok
    if crop_only and _group(kind) == "name" and value is not None and not verdict_agrees:
        # the hand reader and the re-read see the same cleaned crop and can share its misreading ("Gercia" for
        # "Garcia" on a real Iowa form, where the page read was right): for a name, they do not overturn it
        return value, conf
    if agrees:
        # the value as Tesseract spelled it: its letter case and apostrophes follow the ink, the hand reader's don't
        shown = value if verdict_agrees else agreeing[0][0].value
        if len(agrees) == 2:  # all three say the same: as sure as the two Tesseract reads made it, or more
            g = _group(kind)
            three = THREE_AGREE_CONF.get(g, 0.0)
            if g == "email":  # measured with a sure handwriting read only
                sure = c3 >= HAND_SURE
            else:
                common = g != "name" or hand_lexicon.commonly_borne(str(shown))
                sure = (c3 >= HAND_SURE or c3 >= PRINT_HAND_MIN and min(r1[1], r2[1]) >= PRINT_TESS_MIN
                        or c3 >= THREE_HAND_MIN.get(g, 2.0) and common)
            if field_name in RELATION_FIELDS:
                three, sure = RELATION_CONF, True
            if whole and how in FIRM_LAYOUTS and sure and min(n3.quality, r1[0].quality, r2[0].quality) >= 0.95:
                conf = max(conf, three)
            return shown, conf
        hi, lo = AGREE_CONF.get(_group(kind), (0.7, 0.6))  # as two Tesseract reads agreeing, then capped
        q = min(n3.quality, 1.0)
        c = (hi if c3 >= HAND_SURE and max(agrees) >= 0.6 else lo) * (1.0 if q >= 0.95 else q * 0.85)
        # one Tesseract read and the hand read agreeing was right 11/11 on dates in calibration, but on dev a
        # date misread the same way by both went through confidently: it helps choose, and is sure only where
        # the hand read alone would be (a date it is all but certain of, HAND_DATE_SURE)
        c = min(c, HAND_PAIR_CAP, RIGHT_CAP if how == "right" else 1.0)
        if _sure_hand_date(kind, how, n3, c3, whole):
            c = max(c, HAND_DATE_CONF)
        return shown, round(max(c, conf if verdict_agrees else 0.0), 3)
    n1, c1 = r1
    n2, c2 = r2
    alone = HAND_ALONE.get(_group(kind), 2.0)
    if n1.ok and n2.ok and n1.value == n2.value:
        if c3 >= HAND_SURE and _group(kind) in HAND_OVER_PAIR and min(c1, c2) < PRINT_TESS_MIN \
                and n3.quality >= 0.95:
            return n3.value, round(min(conf, HAND_PAIR_CAP, _lone_conf(1.0, c3)), 3)
        return value, (min(conf, HAND_PAIR_CAP) if c3 >= HAND_SURE else conf)
    plausible = [n for n in (n1, n2) if n.ok and n.quality >= 0.95]
    if c3 < alone and (plausible or ((n1.ok or n2.ok) and n3.quality < 0.95)):
        return value, conf  # an unsure hand read gives way, unless only it is well-formed (a phone's area code)
    if _sure_hand_date(kind, how, n3, c3, whole):
        return n3.value, HAND_DATE_CONF
    return n3.value, round(min(_lone_conf(n3.quality, c3), RIGHT_CAP if how == "right" else 1.0), 3)


TEXT_LAYER_CONF = 0.9
TEXT_LAYER_LAYOUTS = FIRM_LAYOUTS + ("below_line",)
TEXT_LAYER_REREAD_CONF = 0.7
"""The re-read only has to agree: its words may be less sure than the text layer's own."""


def _text_layer_confidence(kind: str, n1: N.Norm, c1: float, n2: N.Norm, c2: float, how: str) -> float:
    """A born-digital page's text is exact, so a name or text read from it is as sure as a date: when it
    fills a blank the form drew for a listed label, with no other printed words left out of it, and the
    re-read of the rendered region says the same. A date, phone or number the re-read reproduces digit for
    digit is confirmed however unsure Tesseract was of its glyphs (a "/" read at 0.0 in "09/21/2021")."""
    if how not in TEXT_LAYER_LAYOUTS or not (n1.ok and n2.ok and n1.value == n2.value):
        return 0.0
    need = 0.0 if _group(kind) in STRUCTURED_KINDS else TEXT_LAYER_REREAD_CONF
    if min(n1.quality, n2.quality) < 0.95 or c1 < 0.9 or c2 < need:
        return 0.0
    return TEXT_LAYER_CONF


STRUCTURED_KINDS = ("date", "phone", "mrn")


# ---------------------------------------------------------------- check boxes

def option_groups(ctxs: list[PageCtx], allowed: set[str]) -> dict[str, list[tuple[PageCtx, Label]]]:
    """The options of each check-box group the form has, one tight block per group."""
    groups: dict[str, list[tuple[PageCtx, Label]]] = {}
    for ctx in ctxs:
        for lab in ctx.labels:
            if lab.syn.kind == "option" and lab.syn.key in allowed and not _mid_sentence(ctx, lab):
                groups.setdefault(lab.syn.key, []).append((ctx, lab))
    return {g: c for g, labs in groups.items() if len(c := _cluster(labs)) >= 2}


def _mid_sentence(ctx: PageCtx, lab: Label) -> bool:
    """An option's wording inside a printed sentence ("To revoke consent for substance use disorder records,
    submit ..."): a word stands where its box would be, so there is no box to tick."""
    ln = ctx.lines[lab.line_i]
    start = _phrase_start(ln, lab.start)
    x0 = ln.words[start].x0
    return any(w.x1 > x0 - BOX_ROOM * ln.height and sum(c.isalpha() for c in w.text) >= 3 and w.conf >= 0.5
               for w in ln.words[:start])


BOX_ROOM = 1.2
"""Line heights left of an option's words that its box and the space after it take."""


def option_marks(labs: list[tuple[PageCtx, Label]]) -> dict[int, list[tuple]]:
    """Per page, each option's (code, ink, check-box region, label, page context)."""
    per_page: dict[int, list] = {}
    # one option set in fine print still has the group's box: look for it at the group's size
    group_h = float(np.median([ctx.lines[lab.line_i].height for ctx, lab in labs]))
    for ctx, lab in labs:
        ln = ctx.lines[lab.line_i]
        h = max(ln.height, group_h)
        start = _phrase_start(ln, lab.start)
        first = ln.words[start].bbox
        # the phrase's typical top and bottom: one tall word (a speck joined to "records,") must not
        # stretch the box region up into the line above, whose print would read as a tick
        ys0 = sorted(w.y0 for w in ln.words[start:lab.end])
        ys1 = sorted(w.y1 for w in ln.words[start:lab.end])
        box = (first[0], ys0[len(ys0) // 2], lab.box[2], ys1[len(ys1) // 2])
        left = max([w.x1 for w in ln.words[:start] if w.x1 < first[0] - 2.2 * h] or [0])
        reg = mark_region(box, h, left)
        per_page.setdefault(ctx.page.number, []).append((lab.syn.code, mark_ink(ctx.geo, reg), reg, lab, ctx))
    return per_page


def read_checks(ctxs: list[PageCtx], allowed: set[str], seen_empty: set[str] | None = None) -> dict[str, Read]:
    """Ticked options per group, from ink left of each option's words; a group whose every box's outline was
    found and whose every inside was judged empty surely goes into ``seen_empty`` (nothing ticked is an answer
    the form shows, as an empty blank is; judged by ink beside the words alone it is not: a region without a
    box glyph, words of a sentence taken for options, holds no ink either)."""
    out: dict[str, Read] = {}
    for g, labs in option_groups(ctxs, allowed).items():
        per_page = option_marks(labs)
        ticks = []
        boxed = True
        for pno, items in per_page.items():
            dpi = items[0][4].geo.dpi
            inks = [(c, v, r) for c, v, r, _, _ in items]
            fills = [box_fill(ctx.geo, r) for _, _, r, _, ctx in items]
            boxed = boxed and None not in fills
            judged = judge_fills(inks, fills, dpi) if None not in fills else judge_group(inks, dpi)
            ticks += list(zip(judged, items))
        chosen = [(t, it) for t, it in ticks if t.ticked]
        conf = min((t.confidence for t, _ in ticks), default=0.0)
        if _unread_runs(labs):
            conf = min(conf, UNREAD_OPTION_CAP)
        if not chosen:
            if seen_empty is not None and boxed and conf >= EMPTY_GROUP_SURE:
                seen_empty.add(g)
            continue
        codes = sorted({t.code for t, _ in chosen})
        boxes = [tuple(t.box[:2]) + tuple(it[3].box[2:]) for t, it in chosen]
        bbox = [float(v) for v in _union(boxes)]
        page = chosen[0][1][4].page.number
        if g in MULTI:
            if len(codes) > 4 and len(codes) > 0.6 * len(ticks):
                conf = min(conf, 0.4)  # nearly every box "ticked": more likely a misjudged glyph than a request
            out[g] = Read(codes, conf, page, bbox, "checks")
        else:
            if len(codes) > 1:
                conf = min(conf, 0.4)
            best = max(chosen, key=lambda x: mark_ink(x[1][4].geo, x[0].box))
            out[g] = Read(best[0].code, conf, page, [float(v) for v in tuple(best[0].box[:2]) + tuple(best[1][3].box[2:])],
                          "checks")
    return out


EMPTY_GROUP_SURE = 0.85
"""Every box of a group judged empty at least this surely (the routing threshold): the group is seen empty."""
UNREAD_OPTION_CAP = 0.6
"""A group whose rows hold words no option wording matched may have its tick there ("Bills" between
"Dental chart" and "Counseling / behavioral health"): what was read of it is not the whole answer."""


def _unread_runs(labs: list[tuple[PageCtx, Label]]) -> bool:
    """A run of words on a row of the group's options that no label covers (the row's other OCR lines too:
    a text layer gives every option a line of its own)."""
    rows: dict[int, tuple[PageCtx, set[int]]] = {}  # the lines on the options' rows, each once per page
    for ctx, lab in labs:
        ref = ctx.lines[lab.line_i]
        cy, h = (ref.box[1] + ref.box[3]) / 2, ref.height
        lines = rows.setdefault(id(ctx), (ctx, set()))[1]
        lines |= {li for li, ln in enumerate(ctx.lines) if abs((ln.box[1] + ln.box[3]) / 2 - cy) <= 0.5 * h}
    for ctx, lines in rows.values():
        for li in sorted(lines):
            ln = ctx.lines[li]
            covered: set[int] = set()
            for o in ctx.labels:
                if o.line_i == li:
                    covered |= set(range(_phrase_start(ln, o.start) if o.syn.kind == "option" else o.start, o.end))
            for a, b in _runs(ln):
                words = [k for k in range(a, b) if sum(c.isalpha() for c in ln.words[k].text) >= 3]
                if all(ln.words[k].text.endswith(":") for k in words):
                    continue  # the question's prompt ("Format:") before its options, not an option
                if words and not any(k in covered for k in range(a, b)):
                    return True
    return False


def _phrase_start(ln: Line, i: int) -> int:
    """First word of the option phrase a matched option word ends: "Medical imaging" matched as "imaging".

    The box sits left of the phrase, not of the matched word; words joined by a plain word space
    that read as confident words belong to the phrase (a box glyph reads as "O", "C)" or "[]").
    """
    h = ln.height
    while i > 0:
        prev, cur = ln.words[i - 1], ln.words[i]
        if cur.x0 - prev.x1 > PHRASE_GAP * h or not _phrase_word(prev, joined=cur.text == "/"):
            break
        i -= 1
    return i


def _phrase_word(w: Word, joined: bool = False) -> bool:
    """A word of an option phrase: a confident word, a joining "/" read surely (a box glyph reads as "O",
    "C)", "[]" or an unsure "&", never as these), or, before such a "/", a long word however read
    ("RRadiclogy / imaging")."""
    if w.text == "/":
        return w.conf >= 0.8
    if re.fullmatch(r"[A-Za-z][a-z]{2,}[,/]?", w.text) and w.conf >= 0.8:
        return True
    return joined and bool(re.fullmatch(r"[A-Za-z]{5,}[,/]?", w.text)) and w.conf >= 0.4


PHRASE_GAP = 0.45
"""Word space within an option phrase, in line heights (a box glyph stands ~0.6 off its text)."""


def _cluster(labs: list[tuple[PageCtx, Label]]) -> list[tuple[PageCtx, Label]]:
    """The largest tight block of options of one group (stray words elsewhere are not options)."""
    if len(labs) <= 1:
        return labs
    best: list = []
    for ctx, lab in labs:
        dpi = ctx.geo.dpi
        near = [(c, l) for c, l in labs if c is ctx and abs(l.box[1] - lab.box[1]) < 1.2 * dpi]
        if len(near) > len(best):
            best = near
    # one label per code: keep the best-scoring
    by: dict[str, tuple] = {}
    for c, l in best:
        if l.syn.code not in by or l.score > by[l.syn.code][1].score:
            by[l.syn.code] = (c, l)
    return list(by.values())


# ---------------------------------------------------------------- signatures

SIGNATURE_DATE = {"signature_present": "signature_date", "minor_signature_present": "minor_signature_date",
                  "guardian_signature_present": "guardian_signature_date"}


def read_signatures(ctxs: list[PageCtx], allowed: set[str], received_at: dt.datetime, env: Env) -> dict[str, Read]:
    out: dict[str, Read] = {}
    sig_fields = [f for f in ("signature_present", "minor_signature_present", "guardian_signature_present")
                  if f in allowed]
    for f in sig_fields:
        best: tuple | None = None
        for ctx in ctxs:
            for lab in ctx.labels:
                if lab.syn.kind != "sig" or not _signs_for(lab.syn.key, f, sig_fields):
                    continue
                if re.search(r"witness|staff|employee|interpreter|notary",
                             " ".join(w.text for w in ctx.lines[lab.line_i].words[lab.start:lab.end + 2]).lower()):
                    continue  # "Signature of Witness" is not the patient's (real forms)
                date_lab = _date_beside(ctx, lab)
                # a line with a Date beside it is where one signs; a bare "SIGNATURE" may be the section's heading
                rank = (date_lab is not None, lab.syn.key == f, lab.score, ctx.page.number, lab.box[1])
                if best is None or rank > best[0]:
                    best = (rank, ctx, lab, date_lab)
        if best is None:  # no signing line found: the signature was not read, which is not "not signed";
            if f == "signature_present" and not _any_label(ctxs, "sig"):
                r = _signing_date_alone(ctxs, received_at, env)  # but a "Date signed" may still say when
                if r is not None:
                    out[SIGNATURE_DATE[f]] = r
            continue      # absent and never seen empty, AUTH_SIGNATURE_MISSING stays non-firm (review)
        _, ctx, lab, date_lab = best
        region, how = _sig_region(ctx, lab, date_lab)
        blank = ctx.label_boxes()
        blank += [w.bbox for ln in ctx.lines for w in ln.words if w.conf >= 0.9 and len(w.text) >= 3
                  and w.text.isalpha() and w.y1 < lab.box[1] - 0.05 * ctx.geo.dpi]
        si = signature_ink(ctx.geo, region, blank)
        conf = si.confidence if date_lab is not None else min(si.confidence, 0.7)
        if not si.present and date_lab is None:  # a heading ("SIGNATURE", "Sign here"): one signs below it
            below = _sig_below(ctx, lab)
            if below is not None:
                si_below = signature_ink(ctx.geo, below, blank)
                if si_below.present:
                    region, si, conf = below, si_below, min(si_below.confidence, SIG_BELOW_CONF)
        if not si.present and date_lab is not None:  # the caption may head the signing space: a box whose
            under = _sig_under(ctx, lab, date_lab, region)  # rules a fax lost, or whose top was taken for a rule
            si_under = signature_ink(ctx.geo, under, blank) if under is not None else None
            if si_under is not None and si_under.present:
                region, si, conf = under, si_under, min(si_under.confidence, SIG_BELOW_CONF)
            elif how not in FIRM_LAYOUTS:
                conf = min(conf, SIG_UNDRAWN_CONF)  # no space drawn to sign in was found: its emptiness proves little
        if not si.present and region[2] - region[0] < SIG_MIN_WIDTH * ctx.geo.dpi:
            conf = min(conf, 0.6)  # too narrow to hold a signature: no ink there proves nothing
        if si.present:  # ink that OCR reads as words is more likely a typed value or printed text than a signature
            words = [w.bbox for w in ctx.page.words if w.conf >= 0.5 and sum(c.isalpha() for c in w.text) >= 2]
            if not signature_ink(ctx.geo, region, blank + words).present:
                conf = min(conf, 0.6)
        if lab.via == "caption":  # a caption named by its pixels alone may be another signer's
            conf = min(conf, CAPTION_CAP)
        out[f] = Read(si.present, conf, ctx.page.number, [float(v) for v in si.bbox] if si.bbox else
                      [float(v) for v in region])
        dkey = SIGNATURE_DATE[f]
        if date_lab is not None:
            r = read_value(ctx, date_lab, "signature", received_at, env, seen_as=dkey)
            if r is not None:
                if lab.via == "caption":  # whose date it is rests on that caption too
                    r = replace(r, confidence=min(r.confidence, CAPTION_CAP), capped=True)
                out[dkey] = r
        elif dkey in allowed and si.present:
            r = _date_right_of(ctx, region, received_at, env)
            if r is not None:
                out[dkey] = r
    return out


SIGNED_DATE_ALONE_CONF = 0.6
"""A signing date whose signature's caption was not found: no caption says whose signature it dates."""


def _signing_date_alone(ctxs: list[PageCtx], received_at: dt.datetime, env: Env) -> Read | None:
    """The date under the form's one "Date signed" caption when no signature caption was found (a standard-mode
    fax's 7-point "Sign here" read "vag hos"): the signing date, never sure, and its blank left empty says
    nothing about the signature's date (whose it is is not known)."""
    dated = [(ctx, lab) for ctx in ctxs for lab in ctx.labels if lab.syn.kind == "date" and "sign" in lab.syn.text]
    if len(dated) != 1:
        return None
    ctx, lab = dated[0]
    r = read_value(ctx, lab, "signature", received_at, env, seen_as="-")
    if r is None:
        return None
    return replace(r, confidence=min(r.confidence, SIGNED_DATE_ALONE_CONF), capped=True)


UNLABELLED_DATE_CONF = 0.6  # two reads agree: still no label says it is the signing date
UNLABELLED_ALONE_CONF = 0.4


def _date_right_of(ctx: PageCtx, region, received_at: dt.datetime, env: Env) -> Read | None:
    """A date written on the signing row, right of the signature, whose "Date" caption OCR lost (a scanner
    streak through it, a smudge): read three ways as any value is, for the reviewer and the signed-after-
    receipt check, and never sure (no label says it is the signing date)."""
    geo = ctx.geo
    x0, y0, x1, y1 = region
    beside = (int(x1 + 0.05 * geo.dpi), int(y0), int(min(x1 + 3.5 * geo.dpi, ctx.page.width)), int(y1 + 4))
    printed = ctx.label_boxes()
    words = [w for _, w in _words_in(ctx, beside, ctx.label_words)]
    n_ink, ink = geo.ink_box(beside, printed)
    if ink is None or n_ink < (geo.dpi / 300) ** 2 * 150 or len(words) > 4:
        return None
    return _date_three_ways(ctx, words, ink, printed, received_at, env, UNLABELLED_ALONE_CONF)


def _date_three_ways(ctx: PageCtx, words: list[Word], ink, printed: list[BBox], received_at: dt.datetime, env: Env,
                     alone: float | None) -> Read | None:
    """A signing date with no label of its own, read three ways (page words, region re-read, handwriting):
    UNLABELLED_DATE_CONF when two agree; otherwise ``alone``, or nothing when ``alone`` is None."""
    geo = ctx.geo
    crop_region = _crop_of(ink)
    n1 = N.date(_join(words), "signature", received_at) if words else N.fail("empty")
    t2, _ = env.ocr.read(ctx.page.number, crop_region, geo.clean_crop(crop_region, printed), geo.dpi, "any", "date")
    n2 = N.date(t2, "signature", received_at) if t2 else N.fail("empty")
    _, c3, n3 = _hand(env, ctx.page.number, crop_region, lambda t: N.date(t, "signature", received_at))
    reads = [n for n in (n1, n2, n3) if n.ok]
    if not reads:
        return None
    agreed = [n for n in reads if sum(o.value == n.value for o in reads) >= 2]
    if not agreed and alone is None:
        return None
    best = agreed[0] if agreed else (n3 if n3.ok and c3 >= HAND_ALONE["date"] else reads[0])
    conf = UNLABELLED_DATE_CONF if agreed else float(alone or 0.0)
    return Read(best.value, conf, ctx.page.number, [float(v) for v in ink], "unlabelled", by_hand=best is n3)


def _signs_for(key: str, f: str, sig_fields: list[str]) -> bool:
    """A signature line labelled for a signer this form type has no field for ("Patient / Guardian
    Signature" on an amendment request) is the form's one signature."""
    return key == f or (f == "signature_present" and key not in sig_fields)


def _date_beside(ctx: PageCtx, lab: Label) -> Label | None:
    h = ctx.lines[lab.line_i].height
    cands = [o for o in ctx.labels if o.syn.kind == "date" and o.box[0] > lab.box[2]
             and abs((o.box[1] + o.box[3]) / 2 - (lab.box[1] + lab.box[3]) / 2) < 1.0 * h]
    return min(cands, key=lambda o: o.box[0]) if cands else None


SIG_MIN_WIDTH = 1.0
"""Inches: a signing space narrower than this was found wrongly (a piece of a broken rule)."""
SIG_BELOW_CONF = 0.6
"""Ink on the first rule under a signature heading is likely the signature, never surely: no caption says so."""


def _sig_below(ctx: PageCtx, lab: Label) -> tuple[int, int, int, int] | None:
    """The writing space over the first ruled line under ``lab`` (within an inch) that starts near its left edge."""
    dpi = ctx.geo.dpi
    segs = [s for s in ctx.geo.segments if lab.box[3] + 0.15 * dpi < s.y < lab.box[3] + 1.2 * dpi
            and s.x1 - s.x0 > 1.0 * dpi and abs(s.x0 - lab.box[0]) < 1.0 * dpi]
    if not segs:
        return None
    seg = min(segs, key=lambda s: s.y)
    top = max(lab.box[3] + 0.05 * dpi, seg.y - 0.5 * dpi)
    return int(seg.x0), int(top), int(seg.x1), int(seg.y + 0.04 * dpi)


SIG_UNDRAWN_CONF = 0.6
"""No ink right of or below a signature caption with no rule or box found for it (a fax lost the form's thin
rules) is weak evidence of no signature: one may have signed anywhere under it."""


def _sig_under(ctx: PageCtx, lab: Label, date_lab: Label, region) -> tuple[int, int, int, int] | None:
    """The space under a signature caption, as far right as the date's caption, down to the next printed
    line: where one signs when the caption heads a box. None when that is the region already read."""
    dpi = ctx.geo.dpi
    x0, _, x1, y1 = lab.box
    right = date_lab.box[0] - 0.1 * dpi
    bottom = y1 + 0.9 * dpi
    below = [w.y0 for w in ctx.page.words if w.y0 > y1 + 0.1 * dpi and w.x0 < right and w.x1 > x0
             and w.conf >= 0.8 and sum(c.isalpha() for c in w.text) >= 3]
    if below:
        bottom = min(bottom, min(below) - 4)
    under = (int(x0 - 0.05 * dpi), int(y1 + 2), int(right), int(bottom))
    if under[3] - under[1] < 0.25 * dpi or under[2] - under[0] < SIG_MIN_WIDTH * dpi or region[1] >= y1:
        return None  # too small to sign in, or the region read was already under the caption
    return under


def _sig_region(ctx: PageCtx, lab: Label, date_lab: Label | None) -> tuple[tuple[int, int, int, int], str]:
    """Where the signature of caption ``lab`` is, and how that was decided (a ``value_region`` layout)."""
    reg = value_region(ctx, lab, "sig")
    region = reg[0] if reg else (int(lab.box[0]), int(lab.box[1] - 0.4 * ctx.geo.dpi), int(lab.box[2]), int(lab.box[1]))
    how = reg[1] if reg else "above"
    if date_lab is not None:  # never into the date's blank
        region = (region[0], region[1], int(min(region[2], date_lab.box[0] - 0.1 * ctx.geo.dpi)), region[3])
    # nor over a date written on the same row whose caption was lost: its ink is not a signature
    dated = [w.x0 for w in ctx.page.words if sum(c.isdigit() for c in w.text) >= 4
             and w.x0 > region[0] + 1.0 * ctx.geo.dpi and w.x0 < region[2]
             and region[1] <= (w.y0 + w.y1) / 2 <= region[3] + 4]
    if dated:
        region = (region[0], region[1], int(min(dated) - 0.1 * ctx.geo.dpi), region[3])
    return region, how


# ---------------------------------------------------------------- entry point

@dataclass(frozen=True)
class Extraction:
    """The fields read, and the fields whose drawn blank was found and inspected and held no ink."""

    fields: dict[str, FieldValue]
    seen_empty: frozenset[str]


def extract_fields(form_type: str, pages: list[Page], roles: list[str], received_at: dt.datetime) -> dict[str, FieldValue]:
    """Every field of ``form_type`` found on the document's ``form`` pages (forms.md normal forms)."""
    return extract_document(form_type, pages, roles, received_at).fields


def extract_document(form_type: str, pages: list[Page], roles: list[str], received_at: dt.datetime) -> Extraction:
    """Read the form twice: once to collect the regions to re-OCR, once served from one batched OCR per page."""
    if form_type not in FIELDS:
        return Extraction({}, frozenset())
    allowed = set(FIELDS[form_type])
    form_pages = [p for p, r in zip(pages, roles) if r == "form"]
    ctxs = [_page_ctx(p, i) for i, p in enumerate(form_pages)]
    resolve_fields(ctxs, allowed)
    env = Env()
    _read_all(ctxs, form_type, allowed, received_at, env)
    env.ocr.run()
    env = Env(ocr=env.ocr)
    reads = _read_all(ctxs, form_type, allowed, received_at, env)
    out: dict[str, FieldValue] = {}
    for f, r in reads.items():
        if f not in allowed:
            continue
        out[f] = FieldValue(value=r.value, confidence=float(max(0.0, min(1.0, r.confidence))), page=r.page,
                            bbox=r.bbox if r.bbox else None)
    return Extraction(out, frozenset(env.seen_empty & allowed - set(out)))


def _read_all(ctxs: list[PageCtx], form_type: str, allowed: set[str], received_at: dt.datetime,
              env: Env) -> dict[str, Read]:
    reads: dict[str, Read] = {}
    parts: dict[str, dict[str, Read]] = {}
    gen = label_data()["generic"]
    street_labels = _street_labels(ctxs)
    for ctx in ctxs:
        for lab in ctx.labels:
            f = lab.field
            if not f or (f not in allowed) or lab.syn.kind not in ("field", "generic"):
                continue
            if id(lab) in street_labels:
                r = read_value(ctx, lab, "line", received_at, env)
                if r is not None:
                    parts.setdefault(f, {})["street"] = r
                continue
            if f == "date_range_end" and not _has_range_start(ctx, lab, ctx.labels):
                continue
            part = gen[lab.syn.key].get("part") if lab.syn.kind == "generic" else None
            kind = "line" if part else field_kind(f)
            r = read_value(ctx, lab, kind, received_at, env, seen_as=f if part != "csz" else "-")
            if r is None:
                continue
            if part:
                parts.setdefault(f, {})[part] = r
                continue
            if f not in reads or r.confidence > reads[f].confidence:
                reads[f] = r
    for f, pr in parts.items():
        if f in reads or "street" not in pr:
            continue
        segs = [pr["street"]] + ([pr["csz"]] if "csz" in pr else [])
        n = N.address([str(s.value) for s in segs])
        if n.ok:
            conf = min(s.confidence for s in segs) * n.quality * (1.0 if "csz" in pr else 0.6)
            reads[f] = Read(n.value, round(conf, 3), segs[0].page, [float(v) for v in _union([s.bbox for s in segs])])
    reads.update(read_checks(ctxs, allowed, env.seen_empty))
    _ticked_from_list(ctxs, allowed, reads)
    reads.update(read_signatures(ctxs, allowed, received_at, env))
    _statements(ctxs, form_type, reads)
    _inline(ctxs, form_type, allowed, received_at, reads)
    _orphan_email(ctxs, allowed, reads, env.seen_empty)
    _orphan_dob(ctxs, allowed, reads, env.seen_empty, received_at)
    _orphan_phone(ctxs, allowed, reads, env.seen_empty)
    _orphan_signed(ctxs, allowed, reads, env.seen_empty, received_at, env)
    _implausible_dropped(reads)
    _caption_remnant_dropped(reads)
    _name_written_twice(reads)
    _cross_check(ctxs, reads)
    _email_from_name(reads, env)
    _party_from_letterhead(ctxs, reads, env)
    _mirror_minor(form_type, reads)
    return reads


LISTED_ANSWERS = ("purpose",)
"""Fields a form may ask as a question with its own printed answers to tick (``option_list``)."""


def _ticked_from_list(ctxs: list[PageCtx], allowed: set[str], reads: dict[str, Read]) -> None:
    """A field whose question is answered by ticking one of the form's printed answers: the ticked answer's
    words, unsure. Taken over what the blank reader found when that is no surer, or is the answers' own print."""
    for f in LISTED_ANSWERS:
        if f not in allowed:
            continue
        for ctx in ctxs:
            for lab in ctx.labels:
                if lab.field != f or lab.syn.kind not in ("field", "generic"):
                    continue
                found = option_list.answers(_question_rows(ctx, lab), first_after=lab.box[2])
                hit = option_list.ticked(ctx.geo, found) if found else None
                if hit is None:
                    continue
                text, conf, box = hit
                r = reads.get(f)
                if r is not None and r.confidence > conf and not (r.page == ctx.page.number
                                                                  and any(_boxes_meet(r.bbox, a.box) for a in found)):
                    continue
                reads[f] = Read(text, conf, ctx.page.number, [float(v) for v in box], "checks", capped=True)


def _question_rows(ctx: PageCtx, lab: Label) -> list[list[Word]]:
    """The words of the label's row and of the rows under it, up to the next label or a wide gap: where its
    answers are. A row is the OCR lines side by side (Tesseract may make each column of answers a line)."""
    ref = ctx.lines[lab.line_i]
    h = ref.height

    def mid(ln: Line) -> float:
        return (ln.box[1] + ln.box[3]) / 2

    rows = [[ln for li, ln in enumerate(ctx.lines)
             if li == lab.line_i or (abs(mid(ln) - mid(ref)) <= 0.5 * h and ln.box[0] >= lab.box[2])]]
    for ln in ctx.lines[lab.line_i + 1:]:
        if ln in rows[-1]:
            continue
        if abs(mid(ln) - mid(rows[-1][0])) <= 0.5 * h:
            rows[-1].append(ln)
            continue
        if len(rows) > option_list.MAX_LINES or ln.box[1] - max(o.box[3] for o in rows[-1]) > option_list.LINE_GAP * h:
            break
        rows.append([ln])
    out: list[list[Word]] = []
    for row in rows:
        words = sorted((w for ln in row for w in ln.words), key=lambda w: w.x0)
        # the next question's label ends the answers, as does a section's heading (a cue alone on its row;
        # a cue among answers, "Guardianship hearing", is an answer)
        if out and any(o.syn.kind != "option" and ctx.lines[o.line_i] in row
                       and (o.syn.kind != "context" or o.end - o.start == len(words)) for o in ctx.labels):
            break
        out.append(words)
    return out


def _boxes_meet(a: BBox | list[float], b: BBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _implausible_dropped(reads: dict[str, Read]) -> None:
    """Reads no such value could be, left unread (a reviewer types them) rather than offered wrong: a person's
    name with a digit (it took in printed text or a date beside the blank: "Ao Qo Cs June 30, 2025", "1. About
    the Patient"), an address with none (no house number, no ZIP: "GA Best Contact", "my chartis outdated").
    On the training-issuer splits: 5 such names and 7 such addresses, none right."""
    for f in PERSON_NAMES:
        r = reads.get(f)
        if r is not None and isinstance(r.value, str) and any(c.isdigit() for c in r.value):
            del reads[f]
    for f in ADDRESSES:
        r = reads.get(f)
        if r is not None and isinstance(r.value, str) and not any(c.isdigit() for c in r.value):
            del reads[f]


ADDRESSES = ("patient_address", "recipient_address")

CAPTION_WORDS = ("print", "printed", "name", "signer", "signature", "patient", "please")
"""Words of the captions printed beside a person's name ("Print name", "Printed name of signer")."""


def _caption_remnant_dropped(reads: dict[str, Read]) -> None:
    """An unsure person's name read with a caption's word or a box's wall before it ("Print Mary Mitchell",
    "Primed Michelle Dixon" under "Printed name of signer", "A Jessica N. Roach"): the first word goes when it is
    a lone capital letter with no stop or a caption word misread (no listed name), and the rest is a name
    commonly borne, of two words or more. Never sure: the word might have been the writer's."""
    for f in PERSON_NAMES:
        r = reads.get(f)
        if r is None or not isinstance(r.value, str) or r.confidence >= SURE:
            continue
        head, _, rest = r.value.partition(" ")
        if len(rest.split()) < 2 or not head.isalpha() or not hand_lexicon.commonly_borne(rest):
            continue
        lone = len(head) <= 2 and head.isupper()
        caption = not hand_lexicon.known(head) and max(fuzz.ratio(head.lower(), c) for c in CAPTION_WORDS) >= 75
        if lone or caption:
            reads[f] = replace(r, value=rest, confidence=min(r.confidence, LEXICON_MEND_CAP), capped=True)


def _street_labels(ctxs: list[PageCtx]) -> set[int]:
    """Address labels with a "City, State, ZIP" blank beside or below them: those blanks hold the street only."""
    out: set[int] = set()
    for ctx in ctxs:
        csz = [l for l in ctx.labels if l.syn.kind == "generic" and l.syn.key == "csz"]
        for c in csz:
            addr = [l for l in ctx.labels if l.field == c.field and l is not c and l.syn.key != "csz"
                    and -0.05 * ctx.geo.dpi <= c.box[1] - l.box[1] <= 0.9 * ctx.geo.dpi]
            if addr:
                out.add(id(max(addr, key=lambda l: l.box[1])))
    return out


def _page_ctx(page: Page, i: int) -> PageCtx:
    page = replace(page, words=list(page.words))  # (captions read from pixels alone add words of their own)
    ctx = PageCtx(page, page_lines(page), Geometry(page))
    ctx.labels = find_labels(ctx, i)
    absorbed: set[int] = set()
    for lab in ctx.labels:
        if lab.syn.kind != "option":
            ids = set(ctx.lines[lab.line_i].idx[lab.start:lab.end])
            ctx.label_words |= ids
            ln = ctx.lines[lab.line_i]
            if lab.start == 0 or ln.words[lab.start].x0 - ln.words[lab.start - 1].x1 > 1.0 * ln.height \
                    or ln.words[lab.start - 1].text.endswith((":", ")")):
                ctx.isolated_label_words |= ids
                rest = _wrapped_rest(ctx, lab)
                if rest:
                    lab.box = _union([lab.box] + [ctx.page.words[k].bbox for k in rest])
                    ctx.label_words |= rest
                    ctx.isolated_label_words |= rest
                    ctx.wrapped.add(id(lab))
                    absorbed |= rest
    # a caption matched on a wrapped label's second line alone ("Number" as "MR Number") is that label's end
    ctx.labels = [lab for lab in ctx.labels if id(lab) in ctx.wrapped
                  or not set(ctx.lines[lab.line_i].idx[lab.start:lab.end]) <= absorbed]
    return ctx


WRAPPED_MIN = 95.0
"""Edit ratio a label's words and the next line's first words must reach together with its listed wording to
be one label set on two lines."""


def _wrapped_rest(ctx: PageCtx, lab: Label) -> set[int]:
    """The words that finish a label a cell's width broke onto the next line ("Best Contact | Number"): at the
    start of the cell's next line of text, under the label's first word, and making the listed wording whole
    (WRAPPED_MIN) where the label's own words fell short of it. Empty when there are none."""
    if lab.syn.kind not in ("field", "generic"):
        return set()
    geo = ctx.geo
    cell = geo.cell_at((lab.box[0] + lab.box[2]) / 2, (lab.box[1] + lab.box[3]) / 2)
    ln = ctx.lines[lab.line_i]
    if cell is None or lab.end < len(ln.words) and geo.cell_at(ln.words[lab.end].x0 + 1, ln.box[1] + 1) == cell:
        return set()  # (more words follow on the label's own line inside its cell: not broken by the width)
    own = _norm(" ".join(w.text for w in ln.words[lab.start:lab.end]))
    if fuzz.ratio(own, lab.syn.text) >= WRAPPED_MIN:
        return set()
    below = [m for n, m in enumerate(ctx.lines) if n != lab.line_i and m.words
             and m.box[1] >= lab.box[3] - 2 and m.box[1] - lab.box[3] < 0.8 * ln.height]
    for m in below:
        first = m.words[0]
        if geo.cell_at((first.x0 + first.x1) / 2, (first.y0 + first.y1) / 2) != cell \
                or abs(first.x0 - lab.box[0]) > 0.1 * geo.dpi:
            continue
        phrase, taken = own, []
        for k, w in enumerate(m.words):
            if geo.cell_at((w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2) != cell:
                break
            phrase = (phrase + " " + _norm(w.text)).strip()
            taken.append(m.idx[k])
            if fuzz.ratio(phrase, lab.syn.text) >= WRAPPED_MIN:
                return set(taken)
    return set()


def _has_range_start(ctx: PageCtx, lab: Label, labels: list[Label]) -> bool:
    """A range start's label before ``lab`` on its line (``labels``: the page's, found or resolved)."""
    h = ctx.lines[lab.line_i].height
    return any(o.syn.key == "date_range_start" and o.box[0] < lab.box[0] and abs(o.box[1] - lab.box[1]) < 1.2 * h
               for o in labels)


def _statements(ctxs: list[PageCtx], form_type: str, reads: dict[str, Read]) -> None:
    if form_type != "third_party_authorization" or not ctxs:
        return
    text = "\n".join(c.text for c in ctxs)
    ok = min(c.page.ocr_confidence for c in ctxs) >= 0.7
    p = ctxs[0].page.number
    for k, m in S.find_statements(text, ok).items():
        reads[k] = Read(m.present, m.confidence, p, None)  # type: ignore[arg-type]
    els = S.find_sud_elements(text, ok)
    present = sorted(k for k, m in els.items() if m.present)
    if present:
        conf = min(m.confidence for m in els.values())
        reads["sud_consent_elements"] = Read(present, conf, p, None)  # type: ignore[arg-type]


def _mirror_minor(form_type: str, reads: dict[str, Read]) -> None:
    """forms.md: on the minor form, patient_* are the minor's and signature_* the guardian's."""
    if form_type != "minor_portal_authorization":
        return
    for gen, own in (("patient_name", "minor_name"), ("patient_dob", "minor_dob")):
        if own in reads:
            reads[gen] = reads[own]
        elif gen in reads:
            reads[own] = reads[gen]
    if "guardian_signature_present" in reads:
        reads["signature_present"] = reads["guardian_signature_present"]
    if "guardian_signature_date" in reads:
        reads["signature_date"] = reads["guardian_signature_date"]


def _inline(ctxs: list[PageCtx], form_type: str, allowed: set[str], received_at: dt.datetime,
            reads: dict[str, Read]) -> None:
    """Fields no blank held: values inside sentences, and a letter's sender block and signature."""
    if not ctxs:
        return
    doc = I.DocText.build([(c.page.number, [ln.words for ln in c.lines]) for c in ctxs])
    hits: dict[str, I.Hit | None] = {}
    if "disclosing_party" in allowed:
        hits["disclosing_party"] = I.disclosing_party(doc)
    if form_type == "revocation":
        hits["revokes"] = I.revokes(doc, label_data()["revokes_text"])
        hits["original_authorization_date"] = I.original_date(doc, received_at)
        hits["effective_date"] = I.effective_date(doc, received_at)
        hits["revoked_party"] = I.revoked_party(doc)
        hits["signer_name"] = I.signer_in_text(doc)
        # the patient's numbers, never the issuer's letterhead ("Phone 970.555.0102") over the form's title
        cut = _header_bottom(ctxs[0])
        body = I.DocText.build([(c.page.number, [ln.words for ln in c.lines if k or ln.box[1] >= cut])
                                for k, c in enumerate(ctxs)])
        hits["patient_dob"] = I.dob_in_text(body, received_at)
        hits["mrn"] = I.mrn_in_text(body)
        hits["patient_phone"] = I.phone_in_text(body)
        first = ctxs[0]
        if first.lines and not set(first.lines[0].idx) & first.label_words and _is_letter(ctxs):
            hits.update(I.letter_head(first.page.number, [ln.words for ln in first.lines], received_at))
        _letter_signature(ctxs, hits, reads)
    for f, h in hits.items():
        if h is None or f not in allowed or h.value in (None, ""):
            continue
        if f not in reads or (reads[f].confidence < 0.5 and h.confidence > reads[f].confidence):
            reads[f] = Read(h.value, h.confidence, h.page, h.bbox, "inline")


ORPHAN_CONF = 0.45
"""A value found by its shape alone (an e-mail, a birth date), its caption unread: never sure, since whose it
is was not read."""
ORPHAN_MIN_OCR = 0.8
"""Tesseract's confidence in the value's words: a pen's e-mail it reads at 0.3-0.7, part of the letters wrong."""


def _orphan_email(ctxs: list[PageCtx], allowed: set[str], reads: dict[str, Read], seen_empty: set[str]) -> None:
    """The e-mail field OCR lost the caption of ("Email" read "tml", the address under it read whole): the one
    address on the form's pages, below the letterhead, at a mail domain people use, that no field has read,
    when exactly one e-mail field is unread and no caption of it was seen over an empty blank."""
    missing = [f for f in ("patient_email", "proxy_email") if f in allowed and f not in reads]
    if len(missing) != 1 or missing[0] in seen_empty:
        return
    taken = {str(r.value).lower() for r in reads.values() if isinstance(r.value, str)}
    found: dict[str, tuple[PageCtx, Word, float]] = {}
    for k, ctx in enumerate(ctxs):
        head = _header_bottom(ctx, ctx.labels) if k == 0 else 0.0
        for i, w in enumerate(ctx.page.words):
            if "@" not in w.text or i in ctx.label_words or w.y0 < head:
                continue
            n = N.email(w.text)
            if n.ok and n.value.split("@")[1] in hand_lexicon.MAIL_DOMAINS and n.value not in taken:
                found.setdefault(n.value, (ctx, w, n.quality))
    if len(found) != 1:  # (a second address, however badly read, makes the first one's owner a guess)
        return
    (value, (ctx, w, quality)), = found.items()
    if w.conf < ORPHAN_MIN_OCR or _glued(ctx.page.words, w):
        return
    reads[missing[0]] = Read(value, round(min(ORPHAN_CONF, w.conf * quality), 3), ctx.page.number,
                             [float(c) for c in w.bbox], "orphan")


def _glued(words: list[Word], w: Word) -> bool:
    """Another word touching ``w`` on its line: the address was read in pieces, ``w`` is only one of them."""
    h = w.y1 - w.y0
    return any(o is not w and o.y0 < w.y1 and o.y1 > w.y0 and (0 <= w.x0 - o.x1 < 0.3 * h or 0 <= o.x0 - w.x1 < 0.3 * h)
               for o in words)


ORPHAN_DOB_YEARS = 5
"""An unlabelled date this recent is more likely a date of service than a birth date (an infant's is lost)."""
_DATE_SHAPE = re.compile(r"^(\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}|[A-Za-z]{3,9}\.? \d{1,2},? \d{4})$")


def _orphan_dob(ctxs: list[PageCtx], allowed: set[str], reads: dict[str, Read], seen_empty: set[str],
                received_at: dt.datetime) -> None:
    """The patient's birth date whose caption OCR lost: the one date on the form's pages, read whole and sure,
    ORPHAN_DOB_YEARS or more before the request, outside every found label's value region, that no field read."""
    latest = (received_at.date() - dt.timedelta(days=ORPHAN_DOB_YEARS * 365)).isoformat()

    def norm(text: str) -> N.Norm:
        n = N.date(text, "dob", received_at)
        return n if n.ok and n.value <= latest else N.fail("too recent for a birth date")

    _orphan(ctxs, "patient_dob", allowed, reads, seen_empty, _DATE_SHAPE, norm)


ORPHAN_SIGNED_DAYS = 180
"""An unlabelled date this many days or fewer before the request (or a day after it: time zones) may be the
signing date; older, it is more likely a date of service or of the original authorization."""


def _orphan_signed(ctxs: list[PageCtx], allowed: set[str], reads: dict[str, Read], seen_empty: set[str],
                   received_at: dt.datetime, env: Env) -> None:
    """The signing date whose caption OCR lost with the signature's (a standard-mode fax's boxed signing row):
    the one date on the form's pages near the request (ORPHAN_SIGNED_DAYS), below the fax header, that no field
    read and no found label claims; kept when two of its three reads agree (a handwritten date's page read is
    rarely sure enough alone), never sure. Not on the minor form, whose two signers date two lines alike, nor
    when the form was read as unsigned."""
    f = "signature_date"
    if f not in allowed or f in reads or f in seen_empty or {"minor_signature_date", "guardian_signature_date"} & allowed:
        return
    sig = reads.get("signature_present")
    if sig is not None and sig.value is False:
        return
    first = (received_at.date() - dt.timedelta(days=ORPHAN_SIGNED_DAYS)).isoformat()
    last = (received_at.date() + dt.timedelta(days=1)).isoformat()

    def norm(text: str) -> N.Norm:
        n = N.date(text, "signature", received_at)
        return n if n.ok and first <= n.value <= last else N.fail("not near the request")

    found = _orphans(ctxs, f, reads, _DATE_SHAPE, norm, top=ORPHAN_TOP)
    if len(found) != 1:
        return
    (ctx, words, _), = found.values()
    printed = ctx.label_boxes()
    x0, y0, x1, y1 = _union([w.bbox for w in words])
    _, ink = ctx.geo.ink_box((int(x0) - 4, int(y0) - 4, int(x1) + 4, int(y1) + 4), printed)
    r = _date_three_ways(ctx, words, ink, printed, received_at, env, None) if ink is not None else None
    if r is not None:
        r.confidence = min(r.confidence, ORPHAN_CONF)
        r.source = "orphan"
        reads[f] = r


ORPHAN_TOP = 0.06
"""Share of a page's height the fax machine's header line (with its date) may take."""


_PHONE_SHAPE = re.compile(r"^(\+?1[\s.\-]?)?\(?\d{3}\)?[\s.\-]?\d{3}[\s.\-]?\d{4}$")


def _orphan_phone(ctxs: list[PageCtx], allowed: set[str], reads: dict[str, Read], seen_empty: set[str]) -> None:
    """The patient's phone whose caption OCR lost, on a form that asks for no other phone."""
    if {"recipient_phone", "proxy_phone"} & allowed:
        return
    _orphan(ctxs, "patient_phone", allowed, reads, seen_empty, _PHONE_SHAPE, N.phone)


def _orphan(ctxs: list[PageCtx], f: str, allowed: set[str], reads: dict[str, Read], seen_empty: set[str],
            shape: re.Pattern, norm) -> None:
    """``f``'s value by its ``shape`` alone: the one such value on the form's pages (see ``_orphans``), read
    whole at ORPHAN_MIN_OCR or more."""
    if f not in allowed or f in reads or f in seen_empty:
        return
    found = _orphans(ctxs, f, reads, shape, norm)
    if len(found) != 1:  # (a second one, however badly read, makes the first one's owner a guess)
        return
    (value, (ctx, part, q)), = found.items()
    if q < ORPHAN_MIN_OCR:
        return
    reads[f] = Read(value, round(min(ORPHAN_CONF, q), 3), ctx.page.number,
                    [float(c) for c in _union([w.bbox for w in part])], "orphan")


def _orphans(ctxs: list[PageCtx], f: str, reads: dict[str, Read], shape: re.Pattern, norm, top: float = 0.0
             ) -> dict[str, tuple[PageCtx, list[Word], float]]:
    """Values of ``shape`` that ``norm`` accepts, by value: runs of one to three words below the letterhead
    and the ``top`` share of every page, in no found label's value region but ``f``'s, read by no field; each
    with where it was read and its normaliser quality times its words' lowest OCR confidence."""
    taken = {r.value for r in reads.values() if isinstance(r.value, str)}
    found: dict[str, tuple[PageCtx, list[Word], float]] = {}
    for k, ctx in enumerate(ctxs):
        head = max(_header_bottom(ctx, ctx.labels) if k == 0 else 0.0, top * ctx.page.height)
        regions: list[tuple[int, int, int, int]] | None = None  # found only on a page with a candidate
        for ln in ctx.lines:
            ws = ln.words
            for i in range(len(ws)):
                for j in range(i + 1, min(len(ws), i + 3) + 1):
                    part = ws[i:j]
                    text = " ".join(w.text for w in part)
                    if not shape.match(text.strip(" ,.;:")) or part[0].y0 < head:
                        continue
                    if regions is None:
                        regions = _others_regions(ctx, f)
                    if _inside_any(regions, _union([w.bbox for w in part])):
                        continue
                    n = norm(text)
                    if n.ok and n.value not in taken:
                        found.setdefault(n.value, (ctx, part, n.quality * min(w.conf for w in part)))
    return found


def _others_regions(ctx: PageCtx, f: str) -> list[tuple[int, int, int, int]]:
    """The value regions of the labels found on the page, but ``f``'s: ink there is that label's value, read or
    not, never an orphan of ``f``."""
    out = []
    for lab in ctx.labels:
        if lab.syn.kind not in ("field", "generic") or lab.field == f:
            continue
        reg = value_region(ctx, lab, field_kind(lab.field) if lab.field else "text")
        if reg is not None:
            out.append(reg[0])
    return out


def _inside_any(regions: list[tuple[int, int, int, int]], box: BBox) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in regions)


def _is_letter(ctxs: list[PageCtx]) -> bool:
    """A letter closes ("Sincerely,"); a form's first line is its issuer's name, never the patient's."""
    return _any_label(ctxs, "closing")


def _any_label(ctxs: list[PageCtx], kind: str) -> bool:
    """Whether a label of ``kind`` ("sig", "closing"...) was found on any of the pages."""
    return any(lab.syn.kind == kind for c in ctxs for lab in c.labels)


def _letter_signature(ctxs: list[PageCtx], hits: dict, reads: dict[str, Read]) -> None:
    """A letter has no signature label: the ink between its closing and the printed name is the signature."""
    if _any_label(ctxs, "sig"):
        return
    for ctx in reversed(ctxs):
        closings = [l for l in ctx.labels if l.syn.kind == "closing"]
        if not closings:
            continue
        cl = closings[-1]
        signer = I.letter_signer(ctx.page.number, [ln.words for ln in ctx.lines], cl.box[3])
        hits.update({k: v for k, v in signer.items() if k not in hits or hits[k] is None})
        bottom = signer["signer_name"].bbox[1] if "signer_name" in signer else cl.box[3] + 0.8 * ctx.geo.dpi
        region = (int(cl.box[0] - 0.1 * ctx.geo.dpi), int(cl.box[3] + 4), int(ctx.page.width - 0.4 * ctx.geo.dpi),
                  int(bottom - 4))
        if region[3] - region[1] < 0.15 * ctx.geo.dpi:
            return
        si = signature_ink(ctx.geo, region, [w.bbox for w in ctx.page.words if w.conf >= 0.9])
        conf = min(si.confidence, 0.85 if "signer_name" in signer else 0.7)
        reads["signature_present"] = Read(si.present, conf, ctx.page.number,
                                          [float(v) for v in (si.bbox or region)], "letter")
        return


CROSS_CONF = 0.9  # two independent reads of one fact that agree (measured: tests/test_extract_eval.py, cP)
CROSS_HAND_MIN = 0.45
"""The patient's and the signer's name read alike from two blanks, each chosen at this confidence or more (the
handwriting reader's choice included), are sure when every word is a name many people bear. On three
calibration splits of training issuers (seeds 9000, 9700, 8600) such pairs below the routing threshold were
right 44 of 44; one pair with a rarely borne word ("Faul Wright") was wrong, as was dev's "lan" for "Ian"."""


def _key(v: object) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(v).lower())


def _spelled(v: object) -> str:
    """A value as a reader compares two spellings of it: letter case and spacing aside."""
    return re.sub(r"\s+", " ", str(v)).strip().casefold()


NAMES_WRITTEN_TWICE = (("patient_name", "signer_name"),)
"""Blanks that most often hold one name twice: a patient signing for themself prints it again by the signature."""


def _name_written_twice(reads: dict[str, Read]) -> None:
    """One name read apart in two blanks, a word spelt two ways a letter or two apart where one spelling is a
    listed name and the other no list holds ("Yonne" / "Yvonne", "Jabriel" / "Gabriel"): the word no list
    holds is the misreading, and both reads take the listed one, in their own letter case. Never sure (the
    two may be a parent and child), and a sure read is never changed. On the seed-9000 calibration split
    the listed spelling was the written one 3 times of 3 (``hand_lexicon.listed_twice``)."""
    for fa, fb in NAMES_WRITTEN_TWICE:
        a, b = reads.get(fa), reads.get(fb)
        if not a or not b or a.bbox == b.bbox or not isinstance(a.value, str) or not isinstance(b.value, str):
            continue
        va, vb = hand_lexicon.listed_twice(a.value, b.value)
        for f, r, v in ((fa, a, va), (fb, b, vb)):
            if v != r.value and r.confidence < 0.85:
                reads[f] = replace(r, value=v, confidence=min(r.confidence, LEXICON_MEND_CAP), capped=True)


EMAIL_OWNERS = {"patient_email": "patient_name", "proxy_email": "proxy_name"}


def _email_from_name(reads: dict[str, Read], env: Env) -> None:
    """People build their e-mail address from their name ("donald38", "wong.p81"): a letter run of an unsure
    address one or two edits from a word of the owner's name, read in its own blank, is spelled as that word when
    the networks reading the address find it nearly as likely ("dowald38" -> "donald38"; a letter read as a
    digit, "kosari0", or doubled inside the word, "willllams"). Never sure."""
    for ef, nf in EMAIL_OWNERS.items():
        e, n = reads.get(ef), reads.get(nf)
        if not e or not n or not e.bbox or e.confidence >= 0.85 or not isinstance(e.value, str):
            continue
        logps = env.ocr.line_logps(e.page, _crop_of(e.bbox))
        if len(logps) != 1:
            continue
        local, _, domain = e.value.partition("@")
        words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", str(n.value))}
        once = _name_spellings(local, words)
        # both names misread ("challes_jmith" for "charles_smith"): each spelling mended again, the whole then
        # judged against the read as one
        locals_ = set(once) | {twice for lo in once for twice in _name_spellings(lo, words)}
        cands = [f"{lo}@{domain}" for lo in locals_ if lo != local]
        if not cands:
            continue
        best = hand_lexicon.respell_preferring(e.value, logps[0], hand_read.charset(), sorted(set(cands)),
                                               partial(_names_spelt, words))
        mended = N.email(best)
        if best != e.value and mended.ok:
            reads[ef] = Read(mended.value, min(e.confidence, LEXICON_MEND_CAP), e.page, e.bbox, e.source,
                             e.by_hand)


def _names_spelt(words: set[str], address: str) -> int:
    """How many of the owner's name ``words`` the part of ``address`` before the @ spells whole."""
    local = address.partition("@")[0]
    return sum(w in local for w in words)


def _name_spellings(local: str, words: set[str]) -> list[str]:
    """``local`` (an e-mail's part before the @) with one letter run one or two edits from one of the owner's
    name ``words`` spelled as that word."""
    out = []
    for tok in words:
        limit = hand_lexicon.edits(tok)
        for i in range(len(local)):
            for size in (len(tok) - 1, len(tok), len(tok) + 1):
                window = local[i:i + size]
                letters = window.translate(_LOOKALIKE)  # "kosari0": a letter read as its digit
                if size > len(tok) and (letters[:1] != tok[:1] or letters[-1:] != tok[-1:]):
                    continue  # one letter more only inside the word ("willllams"), never an initial
                if letters.isalpha() and window != tok and Levenshtein.distance(letters, tok) <= limit:
                    out.append(f"{local[:i]}{tok}{local[i + size:]}")
    return out


LETTERHEAD_NEAR = 70.0
"""Edit ratio from which a letterhead's line is a spelling of the disclosing party worth asking the networks."""


def _party_from_letterhead(ctxs: list[PageCtx], reads: dict[str, Read], env: Env) -> None:
    """Who may disclose is most often the provider whose form it is, named in print in the letterhead: an unsure
    read a few letters off a letterhead line ("Ruerberdd Benmisal & Family Medicine") is spelled as that line
    when the networks reading the written value find it nearly as likely. Never sure: no reader wrote it so."""
    d = reads.get("disclosing_party")
    if not d or not ctxs or not d.bbox or d.confidence >= 0.85 or not isinstance(d.value, str):
        return
    spans = {sp for h in _letterhead(ctxs[0]) for sp in _word_spans(h, len(d.value.split()))}
    near = [h for h in spans if h != d.value and fuzz.ratio(h.lower(), d.value.lower()) >= LETTERHEAD_NEAR]
    logps = env.ocr.line_logps(d.page, _crop_of(d.bbox)) if near else []
    if len(logps) != 1:
        return
    cands = sorted({v for h in near for v in (h, h.title(), h.upper(), _cased_like(h, d.value))})
    best = hand_lexicon.respell(d.value, logps[0], hand_read.charset(), cands)
    if best != d.value:
        reads["disclosing_party"] = replace(d, value=best, confidence=min(d.confidence, LEXICON_MEND_CAP),
                                            capped=True)


def _word_spans(line: str, n: int) -> list[str]:
    """Runs of ``n`` - 1 to ``n`` + 1 consecutive words of ``line``: a letterhead line may carry a logo's glyph
    before the provider's name or a block of print beside it ("@ Sagebrush Pediatrics & Family Care snd gen")."""
    words = line.split()
    return [" ".join(words[i:i + k]) for k in range(max(1, n - 1), n + 2) for i in range(len(words) - k + 1)]


def _letterhead(ctx: PageCtx) -> list[str]:
    """The text of each line in the top HEADER_FRACTION of a form's first page, where its issuer is printed."""
    top = ctx.page.height * HEADER_FRACTION
    return [" ".join(w.text for w in ln.words) for ln in ctx.lines if ln.box[3] < top]


def _cased_like(text: str, model: str) -> str:
    """``text`` with each word in the letter case of ``model``'s word at the same place among their words of
    letters ("RIVERBEND BEHAVIORAL & FAMILY MEDICINE" like "Riverbend Behavioral Family medicine")."""
    cases = [w for w in model.split() if w.isalpha()]
    out, k = [], 0
    for w in text.split():
        if w.isalpha() and k < len(cases):
            c = cases[k]
            w = w.upper() if c.isupper() else w.lower() if c.islower() else w.capitalize()
            k += 1
        out.append(w)
    return " ".join(out)


def _cross_check(ctxs: list[PageCtx], reads: dict[str, Read]) -> None:
    """Raise confidence where two independent reads agree: a name read in two blanks, an inline org in the letterhead."""
    a, b = reads.get("patient_name"), reads.get("signer_name")
    # alike as spelled, stops and commas too: "William E. Garcia" and "William E, Garcia" are not one read
    alike = a and b and a.bbox != b.bbox and _spelled(a.value) == _spelled(b.value) and len(_key(a.value)) >= 6
    if alike and {a.source, b.source}.isdisjoint(("inline", "orphan")) and not (a.capped or b.capped) and (
            min(a.confidence, b.confidence) >= 0.7 and not (a.by_hand or b.by_hand)
            or min(a.confidence, b.confidence) >= CROSS_HAND_MIN and hand_lexicon.commonly_borne(str(a.value))):
        for f in ("patient_name", "signer_name"):
            reads[f] = replace(reads[f], confidence=max(reads[f].confidence, CROSS_CONF))
    d = reads.get("disclosing_party")
    if d and ctxs and d.confidence >= 0.55:
        top = ctxs[0].page.height * HEADER_FRACTION
        if any(_key(h) == _key(d.value) for h in _letterhead(ctxs[0])) and all(
                w.conf >= 0.9 for ln in ctxs[0].lines if ln.box[3] < top for w in ln.words
                if _key(w.text) and _key(w.text) in _key(d.value)):
            reads["disclosing_party"] = replace(d, confidence=CROSS_CONF)
