"""Names people are likely to have, and which of them a handwriting network's output supports best.

A handwritten name the reader gets one letter wrong ("Yonne" for "Yvonne", "Gibls" for "Gibbs") is a
different name. The network's per-frame letter probabilities usually still favour the right spelling over
its neighbours once it is among the candidates: so for each word of a name that is no known first or last
name, the known names within two edits are scored under the network (the CTC probability of the whole line
with that word in place, summed over every alignment), and the best replaces it when the network finds it
nearly as likely as what it read. A name no list knows keeps its spelling unless the network itself favours
a listed one.

The lists are the US Census Bureau's 1990 first and last names (``names`` package, public domain data):
5,494 first names and 88,799 last names, far more than any form generator or register uses.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

MARGIN = 3.0
"""Natural-log units: a listed name replaces the read when the networks find it at most this much less likely
than the read itself (e^-3: a twentieth as likely). Set on lines in the training hands, checked on hands
no network saw (``bench.name_lexicon``)."""
MIN_LEN = 3
"""Shorter words (initials, "Jo") have too many neighbours to choose among."""
MAX_CANDIDATES = 25

_WORD = re.compile(r"[A-Za-z]{%d,}" % MIN_LEN)


@lru_cache(maxsize=1)
def lexicon() -> tuple[frozenset[str], tuple[str, ...]]:
    """(every listed name, lower-case; the same as a tuple for nearest-neighbour search)."""
    out: set[str] = set()
    for f in ("dist.female.first", "dist.male.first", "dist.all.last"):
        text = resources.files("names").joinpath(f).read_text()
        out.update(line.split()[0].lower() for line in text.splitlines() if line.strip())
    return frozenset(out), tuple(sorted(out))


def known(word: str) -> bool:
    return word.lower() in lexicon()[0]


def neighbours(word: str) -> list[str]:
    """Listed names within one edit (words up to 4 letters) or two, lower-case, nearest first."""
    names, ordered = lexicon()
    w = word.lower()
    limit = 1 if len(w) <= 4 else 2
    hits = process.extract(w, ordered, scorer=Levenshtein.distance, score_cutoff=limit, limit=MAX_CANDIDATES)
    return [h[0] for h in sorted(hits, key=lambda h: (h[1], h[0])) if h[0] != w]


def ctc_log_likelihood(logp: np.ndarray, labels: list[int]) -> float:
    """log P(labels | logp) under CTC with blank 0, summed over all alignments (the forward algorithm)."""
    T = logp.shape[0]
    if not labels:
        return float(logp[:, 0].sum())
    ext = np.zeros(2 * len(labels) + 1, dtype=np.int64)
    ext[1::2] = labels
    S = len(ext)
    if T < len(labels):
        return -np.inf
    skip = np.zeros(S, dtype=bool)
    skip[3::2] = ext[3::2] != ext[1:-2:2]
    alpha = np.full(S, -np.inf)
    alpha[0] = logp[0, 0]
    alpha[1] = logp[0, ext[1]]
    neg = np.array([-np.inf])
    for t in range(1, T):
        a2 = np.concatenate([neg, alpha[:-1]])
        a3 = np.concatenate([neg, neg, alpha[:-2]])
        a3[~skip] = -np.inf
        alpha = np.logaddexp(np.logaddexp(alpha, a2), a3) + logp[t, ext]
    return float(np.logaddexp(alpha[-1], alpha[-2]))


def _in_case_of(name: str, like: str) -> str:
    if like.isupper():
        return name.upper()
    if like[0].isupper():
        return name.capitalize()
    return name


def correct(text: str, logps: list[np.ndarray], charset: str) -> str:
    """``text`` with each unlisted word of MIN_LEN letters or more replaced by the listed name the networks
    (``logps``, one (T, C) array each) find most likely, when that is within MARGIN of ``text`` itself."""
    index = {c: i + 1 for i, c in enumerate(charset)}

    def score(s: str) -> float:
        if any(c not in index for c in s):
            return -np.inf
        labels = [index[c] for c in s]
        return sum(ctc_log_likelihood(lp, labels) for lp in logps)

    base = score(text)
    if not np.isfinite(base):
        return text
    out = text
    for m in reversed(list(_WORD.finditer(text))):  # right to left: earlier offsets stay valid
        word = m.group(0)
        if known(word):
            continue
        best, best_score = None, base - MARGIN
        for cand in neighbours(word):
            line = out[:m.start()] + _in_case_of(cand, word) + out[m.end():]
            s = score(line)
            if s > best_score:
                best, best_score = line, s
        if best is not None:
            out, base = best, best_score
    return out
