"""A typed capital "I" opening a free-text answer survives the crop: one of our templates, faxed, read back.

On North Fork's amendment form the re-read of the answer's cell, cut at a typed "I" that is a bare bar in
DejaVu Sans, reads "was never prescribed this medication", as does the handwriting reader; the page read kept
"I". The pronoun another reader kept before a verb is put back."""

from __future__ import annotations

import random

import numpy as np
import pytest

from pipeline.extract import extract_document
from pipeline.load import RawPage
from pipeline.prepare import prepare_page
from synth.degrade import to_fax
from synth.render import render_document


@pytest.mark.slow
def test_a_typed_i_the_crop_lost_is_put_back_from_the_page_read() -> None:
    doc = render_document("amendment_request", seed=11594, issuer="northfork", fill="typed")
    assert doc.fields["reason"] == "I was never prescribed this medication"
    rng = random.Random(11594)
    pages = []
    for i, im in enumerate(doc.pages):  # as tests/test_extract_eval.py faxes the seed-11500 split
        mode = rng.choice(["fine", "standard"])
        bw = to_fax(im, mode=mode, rng=rng)
        pages.append(prepare_page(RawPage(number=i + 1, image=np.asarray(bw.convert("L")), xdpi=204,
                                          ydpi=196 if mode == "fine" else 98, kind="tiff")))
    got = extract_document("amendment_request", pages, doc.page_roles, doc.received_at).fields["reason"]
    assert got.value == "I was never prescribed this medication" and got.confidence < 0.85, got
