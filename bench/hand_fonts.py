"""The handwriting reader on hands it never trained on: character error rate and exact lines, model against model.

    .venv/bin/python -m models.handwriting.fonts         # the fetched hands (HELD_OUT among them)
    .venv/bin/python -m bench.hand_fonts --n 600 --model models/handwriting/crnn_20hands.onnx --model models/handwriting

Lines are rendered by ``synth/lines.py`` (same texts, fax and crop as training) but written only in the
``HELD_OUT`` fonts of ``models/handwriting/fonts.py``, which the shipped reader's training excluded, and
in the Debian hands for comparison. Every model reads the same crops in one run, alone and read once,
then the shipped pair as the pipeline reads (``hand_read.read``: both networks, the stretch check);
also reported is how often a read called sure (>= 0.9) is exactly right, the figure the extractor
leans on.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

from models.handwriting.fonts import HELD_OUT, font_files
from pipeline import hand_read
from pipeline.hand_read import split_lines, to_input
from synth.fonts import debian_hands
from synth.lines import sample


def reader(model: Path):
    """One network alone, read once: ``model`` is an export's folder (its crnn.onnx) or an .onnx file."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    path = model if model.suffix == ".onnx" else model / "crnn.onnx"
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    charset = json.loads((path.parent / "charset.json").read_text())

    def read(img: np.ndarray) -> tuple[str, float]:
        texts, confs = [], []
        for part in split_lines(img):
            x = to_input(part)
            if x is None:
                continue
            t, c = hand_read._read_line(sess, charset, x)
            if t:
                texts.append(t)
                confs.append(c)
        return (" ".join(texts), min(confs)) if texts else ("", 0.0)

    return read


def measure(read, lines: list[tuple[np.ndarray, str]]) -> dict:
    errs = chars = exact = sure = sure_ok = 0
    for img, text in lines:
        got, conf = read(img)
        errs += Levenshtein.distance(got, text)
        chars += len(text)
        exact += got == text
        if conf >= 0.9:
            sure += 1
            sure_ok += got == text
    n = len(lines)
    return dict(cer=errs / max(1, chars), exact=exact / max(1, n), sure=sure / max(1, n),
                sure_right=sure_ok / max(1, sure))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=600, help="lines per set of hands")
    ap.add_argument("--seed", type=int, default=77_000_000, help="far from any training seed")
    ap.add_argument("--model", action="append", default=[], help="model folder (repeat to compare)")
    a = ap.parse_args()
    held = tuple(str(p) for p in font_files() if p.stem in HELD_OUT)
    if not held:
        raise SystemExit("no held-out hands: run python -m models.handwriting.fonts first")
    sets = {"held-out hands": held, "Debian hands": debian_hands()}
    models = a.model or ["models/handwriting"]
    for name, hands in sets.items():
        lines = [sample(a.seed + i, hands=hands) for i in range(a.n)]
        print(f"{name} ({len(hands)} fonts, {len(lines)} lines)")
        for label, read in [(m, reader(Path(m))) for m in models] + [("shipped pair (hand_read.read)", hand_read.read)]:
            r = measure(read, lines)
            print(f"  {label:32s} CER {r['cer']:.3f}  exact {r['exact']:.3f}  sure {r['sure']:.2f} "
                  f"right when sure {r['sure_right']:.3f}")


if __name__ == "__main__":
    main()
