"""Page classes from the spaCy pipeline we train and ship in ``models/``.

The model scores every page over ``PAGE_CLASSES``: the six form types, and
the kinds of page that are not a form (cover sheet, introducing letter,
supporting attachment, other document). Blank pages are told by ink, not by
the model. Scores are calibrated with the temperature fitted at training time
(models/him_pipeline/calibration.json) so that 0.95 means right 95% of the time.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.errors import ModelError
from pipeline.page_text import page_text
from pipeline.pages import Page
from pipeline.titles import likelihood_ratio, title_cue

FORM_CLASSES = (
    "access_request",
    "third_party_authorization",
    "portal_proxy_authorization",
    "minor_portal_authorization",
    "amendment_request",
    "revocation",
)
NON_FORM_CLASSES = ("other_doc", "cover_sheet", "intro_letter", "support")
PAGE_CLASSES = FORM_CLASSES + NON_FORM_CLASSES
MODEL_FORMAT = 1
"""Bumped when PAGE_CLASSES or page_text change: an older model is refused."""

BLANK_INK = 0.01
BLANK_WORDS = 3
_REAL_WORD = re.compile(r"^[A-Za-z]{3,}[.,:;]?$")


_INTRODUCES = re.compile(
    r"\b(enclosed|attached|please find|herewith)\b.{0,120}?\b(authori[sz]ation|request|form|revocation|consent)"
    r"|\b(filled (out|in)|completed|signed)\b.{0,40}?\b(authori[sz]ation|form|request)\b.{0,60}?\b(enclosed|attached)",
    re.I | re.S,
)
SPARSE_WORDS = 40
"""A page with fewer real words (an ID copy, a card, a stamp) is no document of its own."""


@dataclass(frozen=True)
class PageClass:
    """The calibrated class scores of one page, and the cues the split reads beside them."""

    scores: dict[str, float]
    blank: bool = False
    words: int = 1000
    """Real words on the page (below the fax header)."""
    introduces: bool = False
    """The page says a form is enclosed ("Enclosed please find a HIPAA authorization")."""
    title: str | None = None
    """The form type the page's title names, if it names one (pipeline.titles)."""

    @property
    def label(self) -> str:
        if self.blank:
            return "blank"
        top = max(self.scores, key=self.scores.__getitem__)
        if self.introduces and top in ("other_doc", "support"):  # cover sheets say "attached" too
            return "intro_letter"  # a letter that says a form is enclosed introduces it
        return top

    @property
    def confidence(self) -> float:
        return 1.0 if self.blank else self.scores[self.label]


@lru_cache(maxsize=2)
def load_model(model_dir: Path):  # type: ignore[no-untyped-def]
    """The shipped pipeline and its calibration; ``ModelError`` when missing or of another format."""
    import spacy

    meta_path = model_dir / "him_meta.json"
    if not meta_path.exists():
        raise ModelError(f"no trained model at {model_dir}: run `make model` (see models/README.md)")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("format") != MODEL_FORMAT or tuple(meta.get("classes", ())) != PAGE_CLASSES:
        raise ModelError(f"the model at {model_dir} is of another format: retrain it with `make model`")
    try:
        nlp = spacy.load(model_dir)
    except (OSError, ValueError) as e:
        raise ModelError(f"the model at {model_dir} cannot be loaded: {type(e).__name__}") from e
    return nlp, float(meta.get("temperature", 1.0))


def real_words(page: Page) -> int:
    """Words below the fax header line that look like words (fax noise OCRs as stray marks)."""
    top = 0.025 * page.height  # the fax header line sits in the top 2 %
    return sum(1 for w in page.words
               if w.y0 > top and w.conf >= 0.6 and _REAL_WORD.match(w.text.strip("()[]{}\"'")))


def is_blank(page: Page) -> bool:
    """Little ink and fewer than three real words (the fax header is on every faxed page)."""
    return page.ink_ratio < BLANK_INK and real_words(page) < BLANK_WORDS


def classify_pages(pages: list[Page], model_dir: Path) -> list[PageClass]:
    """Calibrated class scores for every page, in order."""
    nlp, temperature = load_model(model_dir)
    texts = [page_text(p.words, p.height) for p in pages]
    out: list[PageClass] = []
    for page, doc in zip(pages, nlp.pipe(texts), strict=True):
        scores = calibrate(doc.cats, temperature)
        cue = title_cue(page)
        if cue is not None:
            scores = with_title(scores, cue.form_type)
        out.append(PageClass(scores=scores, blank=is_blank(page), words=real_words(page),
                             introduces=bool(_INTRODUCES.search(page.text)),
                             title=cue.form_type if cue else None))
    return out


def with_title(scores: dict[str, float], form_type: str) -> dict[str, float]:
    """Bayes' rule: the title's evidence multiplies the odds of the type it names.

    Evidence, not a verdict: a page the model is sure is a cover sheet stays one
    when its subject line happens to name a form.
    """
    lr = likelihood_ratio(form_type)
    raw = {k: v * (lr if k == form_type else 1.0) for k, v in scores.items()}
    total = sum(raw.values())
    return {k: v / total for k, v in raw.items()}


def calibrate(cats: dict[str, float], temperature: float) -> dict[str, float]:
    """Temperature scaling of the model's softmax output."""
    logs = {k: math.log(max(v, 1e-9)) / temperature for k, v in cats.items() if k in PAGE_CLASSES}
    top = max(logs.values())
    exp = {k: math.exp(v - top) for k, v in logs.items()}
    total = sum(exp.values())
    return {k: v / total for k, v in exp.items()}
