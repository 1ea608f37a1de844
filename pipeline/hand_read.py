"""Read a handwritten value crop with our own line recogniser (a small CNN + BiLSTM with CTC, in ONNX).

Tesseract's models were trained on print; on pen ink faxed at 98 dpi it
recovers under half of the words. The two recognisers in ``models/handwriting``
were trained on value lines written in handwriting fonts (20 hands, and 58) and
faxed the way our inbox faxes them (``synth/lines.py``, ``models/handwriting/train.py``);
the extractor uses them as one more reader of each value region, beside the
page read and the Tesseract re-read, and trusts agreement, not any one read.

Input is the crop ``extract_ocr.prepare_crop`` makes (ink 0, paper 255).
A crop holding two written lines is cut at the blank bands between them and
read line by line.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from pipeline import hand_lexicon

MODEL_DIR = Path(os.environ.get("HIM_HAND_MODEL_DIR")
                 or Path(__file__).resolve().parent.parent / "models" / "handwriting")
"""The shipped readers; ``HIM_HAND_MODEL_DIR`` points at other exports (to compare on the same pages)."""
HEIGHT = 32
MAX_WIDTH = 1200


def to_input(img: np.ndarray) -> np.ndarray | None:
    """Ink trimmed, height HEIGHT, ink = 1.0: what the network was trained on; None when there is no ink."""
    ink = img < 128
    ys, xs = np.nonzero(ink)
    if len(xs) < 10:
        return None
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    crop = ink[y0:y1, x0:x1].astype(np.float32)
    pad = max(2, (y1 - y0) // 8)
    crop = np.pad(crop, ((pad, pad), (pad, pad)))
    h, w = crop.shape
    nw = int(round(w * HEIGHT / h))
    nw = max(HEIGHT // 2, min(MAX_WIDTH, nw))
    return cv2.resize(crop, (nw, HEIGHT), interpolation=cv2.INTER_AREA)


def split_lines(img: np.ndarray) -> list[np.ndarray]:
    """One or more written lines: cut where a blank band at least a tenth of the ink height (4 px or more)
    runs across; a band much shorter than the tallest (a stray mark) is dropped."""
    ink = (img < 128).sum(axis=1)
    rows = np.nonzero(ink)[0]
    if len(rows) == 0:
        return []
    top, bottom = rows.min(), rows.max() + 1
    bands, start, gap = [], top, 0
    min_gap = max(4, (bottom - top) // 10)
    for y in range(top, bottom):
        if ink[y] == 0:
            gap += 1
        else:
            if gap >= min_gap and y - gap > start:
                bands.append((start, y - gap))
                start = y
            gap = 0
    bands.append((start, bottom))
    tall = max(b - a for a, b in bands)
    return [img[a:b] for a, b in bands if b - a >= tall * 0.35]


READERS = ("crnn.onnx", "crnn_20hands.onnx")
"""Two readers of the same architecture, trained on different hands (``meta.json``, ``meta_20hands.json``):
the first on 58 hands (Debian's and Google Fonts' handwriting families), the second on Debian's 20 alone.
Each is better where the other is weaker (``bench.hand_fonts``); they agreeing is what makes a read sure."""


CAPTION_READERS = ("caption_crnn.onnx", "caption_crnn_20hands.onnx")
"""The same two networks before their fine-tuning on light pens (``meta*.json``, "base"), kept for scoring printed
captions' pixels (``caption_read``): the fine-tuned pair told a standard-mode "Date of Birth" from other fields'
wordings by 0.6 nats where these lead by 6.2 (the bar is 4)."""


@lru_cache(maxsize=2)
def _sessions(names: tuple[str, ...] = READERS):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    charset = json.loads((MODEL_DIR / "charset.json").read_text())
    sessions = [ort.InferenceSession(str(MODEL_DIR / name), opts, providers=["CPUExecutionProvider"])
                for name in names if (MODEL_DIR / name).exists()]
    return sessions, charset


def available() -> bool:
    """The model is shipped; ``HIM_HAND_READER=0`` turns the reader off (to measure what it adds)."""
    return os.environ.get("HIM_HAND_READER", "1") != "0" and (MODEL_DIR / READERS[0]).exists()


def decode(logp: np.ndarray, charset: str) -> tuple[str, float]:
    """Greedy CTC decoding; confidence is the probability of the least sure character (each character's best
    frame), so a long value is not doubted for its length but one doubtful letter is."""
    best = logp.argmax(axis=1)
    p = logp.max(axis=1)
    out, probs, prev = [], [], 0
    for t, k in enumerate(best):
        if k != prev and k != 0:
            out.append(charset[k - 1])
            probs.append(p[t])
        elif k == prev and k != 0 and probs:
            probs[-1] = max(probs[-1], p[t])
        prev = k
    if not out:
        return "", 0.0
    # the least sure character bounds the value: one doubtful letter makes a different name
    return "".join(out).strip(), float(np.exp(min(probs)))


STRETCHES = (0.85, 1.15)
"""The line read again narrower and wider: a read that changes when the writing is a little narrower or wider
was a guess, whatever the network's own probability says (``bench.hand_fonts`` on hands it never saw)."""
UNSTABLE_CAP = 0.6
"""A read the stretched reads do not repeat is at most this sure: still a choice against a garbled Tesseract
read (``extract.HAND_ALONE``), never "sure" (``extract.HAND_SURE``)."""


def stretch_check() -> bool:
    """``HIM_HAND_STRETCH=0`` reads each line once (to measure what the check adds)."""
    return os.environ.get("HIM_HAND_STRETCH", "1") != "0"


def _logp(sess, x: np.ndarray) -> np.ndarray:
    return sess.run(None, {"image": x[None, None, :, :]})[0][0]  # (T, C) log-probabilities


def _read_line(sess, charset: str, x: np.ndarray) -> tuple[str, float]:
    return decode(_logp(sess, x), charset)


def _read_stable(sess, charset: str, x: np.ndarray, logp: np.ndarray | None = None) -> tuple[str, float]:
    """One reader's read of one line (``logp``: its output for ``x``, when already run), capped at
    UNSTABLE_CAP when a stretched read says otherwise."""
    t, c = decode(_logp(sess, x) if logp is None else logp, charset)
    if t and stretch_check() and c > UNSTABLE_CAP:
        for f in STRETCHES:
            nw = max(HEIGHT // 2, int(round(x.shape[1] * f)))
            if _read_line(sess, charset, cv2.resize(x, (nw, HEIGHT), interpolation=cv2.INTER_AREA))[0] != t:
                return t, UNSTABLE_CAP
    return t, c


def combine(reads: list[tuple[str, float]]) -> tuple[str, float]:
    """The readers' reads of one line: agreeing, as sure as the surer; disagreeing, the surer read, never sure
    (at most UNSTABLE_CAP). On 600 lines in Debian's hands (``bench.hand_fonts``) the pair read 0.73 of lines
    exactly (0.68 and 0.63 each alone) and its sure reads were exact 0.99 of the time (0.96, 0.95); in four
    hands neither trained on, 0.58 exact and 0.95 when sure."""
    if not any(r[0] for r in reads):
        return "", 0.0
    best = max(reads, key=lambda r: r[1] if r[0] else -1.0)
    if all(r[0] == best[0] for r in reads):
        return best
    return best[0], min(best[1], UNSTABLE_CAP)


def charset() -> str:
    return _sessions()[1]


def line_logps(x: np.ndarray) -> list[np.ndarray]:
    """Each network's (T, C) log-probabilities for one line ``x`` as ``to_input`` makes it: what scores a
    spelling of the ink (``hand_lexicon.ctc_batch``)."""
    return [_logp(sess, x) for sess in _sessions()[0]]


def caption_logps(x: np.ndarray) -> list[np.ndarray]:
    """``line_logps`` from the caption scorers (CAPTION_READERS), or the readers where those are not shipped."""
    sessions = _sessions(CAPTION_READERS)[0] or _sessions()[0]
    return [_logp(sess, x) for sess in sessions]


def read(img: np.ndarray) -> tuple[str, float]:
    """(text, confidence) of a prepared crop; ("", 0.0) when nothing was read."""
    return read_candidates(img)[0]


def read_candidates(img: np.ndarray, lexicon: str = "") -> list[tuple[str, float]]:
    """The read of a prepared crop (as ``read``), then, for a one-line crop the readers disagree on, the other
    reader's read, also never sure: a caller that can tell a well-formed value (a date that parses) may take
    it when the first is not one ("9.122026" beside "9.12.2026"). ``lexicon``: the crop holds a person's
    "name", an "address" or an "email", and a word of it no list knows may be read as the listed one both
    networks find nearly as likely (``hand_lexicon``); such a read is never sure (at most UNSTABLE_CAP)."""
    return read_lines(img, lexicon)[0]


def read_lines(img: np.ndarray, lexicon: str = "") -> tuple[list[tuple[str, float]], list[list[np.ndarray]]]:
    """``read_candidates``, and for each written line each network's (T, C) log-probabilities, computed once:
    what scores another reader's spelling of the same ink (``hand_lexicon.correct``)."""
    lines = [x for x in (to_input(part) for part in split_lines(img)) if x is not None]
    if not lines:
        return [("", 0.0)], []
    sessions, charset = _sessions()
    texts, confs, others, logps = [], [], [], []
    for x in lines:
        lps = line_logps(x)
        logps.append(lps)
        reads = [_read_stable(sess, charset, x, lp) for sess, lp in zip(sessions, lps)]
        t, c = combine(reads)
        if t and lexicon:
            fixed = hand_lexicon.correct(t, lps, charset, lexicon)
            if fixed != t:
                reads.append((t, min(c, UNSTABLE_CAP)))
                t, c = fixed, min(c, UNSTABLE_CAP)
        if t:
            texts.append(t)
            confs.append(c)
            others = [(o, min(oc, UNSTABLE_CAP)) for o, oc in reads if o and o != t]
    if not texts:
        return [("", 0.0)], logps
    first = (" ".join(texts), min(confs))
    return [first] + (others if len(texts) == 1 else []), logps
