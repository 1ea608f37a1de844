"""Read a handwritten value crop with our own line recogniser (a small CNN + BiLSTM with CTC, in ONNX).

Tesseract's models were trained on print; on pen ink faxed at 98 dpi it
recovers under half of the words. The recogniser in ``models/handwriting``
was trained on value lines written in a dozen handwriting fonts and faxed
the way our inbox faxes them (``synth/lines.py``, ``models/handwriting/train.py``);
the extractor uses it as one more reader of each value region, beside the
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

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "handwriting"
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


@lru_cache(maxsize=1)
def _session():
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    model = MODEL_DIR / "crnn.onnx"
    charset = json.loads((MODEL_DIR / "charset.json").read_text())
    return ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"]), charset


def available() -> bool:
    """The model is shipped; ``HIM_HAND_READER=0`` turns the reader off (to measure what it adds)."""
    return os.environ.get("HIM_HAND_READER", "1") != "0" and (MODEL_DIR / "crnn.onnx").exists()


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


def read(img: np.ndarray) -> tuple[str, float]:
    """(text, confidence) of a prepared crop; ("", 0.0) when nothing was read."""
    lines = [x for x in (to_input(part) for part in split_lines(img)) if x is not None]
    if not lines:
        return "", 0.0
    sess, charset = _session()
    texts, confs = [], []
    for x in lines:
        logits = sess.run(None, {"image": x[None, None, :, :]})[0][0]  # (T, C) log-probabilities
        t, c = decode(logits, charset)
        if t:
            texts.append(t)
            confs.append(c)
    if not texts:
        return "", 0.0
    return " ".join(texts), min(confs)
