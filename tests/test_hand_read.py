"""The handwriting reader on lines it never trained on: rendered by hand fonts, faxed, cropped as the pipeline crops."""

from __future__ import annotations

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from pipeline import hand_read
from synth.lines import CHARSET, sample

TEST_SEEDS = range(900_000_000, 900_000_120)  # training uses seeds from 10,000,000 on (models/handwriting/meta.json)


def test_model_is_shipped_with_its_charset() -> None:
    import json

    assert hand_read.available()
    assert json.loads((hand_read.MODEL_DIR / "charset.json").read_text()) == CHARSET


def test_decode_collapses_repeats_and_drops_blanks() -> None:
    charset = "ab"
    seq = [0, 1, 1, 0, 1, 2, 2, 0]  # blank a a blank a b b blank -> "aab"
    logp = np.full((len(seq), 3), np.log(0.05))
    for t, k in enumerate(seq):
        logp[t, k] = np.log(0.9)
    text, conf = hand_read.decode(logp, charset)
    assert text == "aab" and conf == pytest.approx(0.9)


def test_two_written_lines_are_read_one_by_one() -> None:
    a, _ = sample(TEST_SEEDS[0])
    b, _ = sample(TEST_SEEDS[1])
    w = max(a.shape[1], b.shape[1])
    pad = lambda im: np.pad(im, ((0, 0), (0, w - im.shape[1])), constant_values=255)  # noqa: E731
    both = np.vstack([pad(a), np.full((30, w), 255, np.uint8), pad(b)])
    assert len(hand_read.split_lines(both)) == 2
    assert len(hand_read.split_lines(a)) == 1


def test_blank_crop_reads_nothing() -> None:
    assert hand_read.read(np.full((60, 200), 255, np.uint8)) == ("", 0.0)


def test_reads_unseen_faxed_lines() -> None:
    """Character error rate on 120 unseen lines stays low, and sure reads are nearly always exact."""
    errs = chars = sure = sure_right = 0
    for s in TEST_SEEDS:
        img, truth = sample(s)
        got, conf = hand_read.read(img)
        errs += Levenshtein.distance(got, truth)
        chars += len(truth)
        if conf >= 0.9:
            sure += 1
            sure_right += got == truth
    assert errs / chars < 0.10, f"CER {errs / chars:.3f}"
    assert sure >= 40 and sure_right / sure >= 0.9, (sure, sure_right)
