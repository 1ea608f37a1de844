"""The text a page classifier sees: OCR words, plus layout cues as extra tokens.

A bag-of-words model does not know where a word stood. Titles and headers
carry most of a form's identity ("Authorization to Release", "Fax Cover
Sheet"), so words in the top fifth of the page are repeated with a ``t_``
prefix, and the amount of text becomes a token.
Training (models/scripts) and inference (pipeline.classify) share this one
function so the two cannot drift.
"""

from __future__ import annotations

import re

from pipeline.pages import Word

_TOKEN = re.compile(r"[a-z][a-z']+|\d+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def page_text(words: list[Word], height: float) -> str:
    """One string per page: cue tokens, title tokens, then the body."""
    body = tokens(" ".join(w.text for w in words if w.conf >= 0.3))
    top = [w for w in words if w.y1 <= 0.22 * height and w.conf >= 0.4]
    title = ["t_" + t for t in tokens(" ".join(w.text for w in top)) if len(t) > 2]
    cues = [f"cue_words_{_bucket(len(body))}"]
    return " ".join(cues + title + body)


def _bucket(n: int) -> str:
    for limit, name in ((0, "0"), (10, "few"), (60, "some"), (250, "many")):
        if n <= limit:
            return name
    return "lots"
