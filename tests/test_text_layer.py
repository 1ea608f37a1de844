"""Born-digital forms: values read from the PDF's own text are as sure as its text is exact.

The forms are synthesised by us (synth/, a held-out issuer), written as text PDFs
and run through the whole pipeline (load, text layer, classify, extract, rules).
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline import normalize as N
from pipeline.extract import TEXT_LAYER_CONF, _text_layer_confidence
from pipeline.process import process_file
from pipeline.settings import Settings
from synth.inbox import FileSpec, make_inbox

THRESHOLD = 0.85


def test_values_of_a_text_pdf_are_confident_and_right(tmp_path: Path) -> None:
    spec = FileSpec(kind="digital", form_types=["access_request"], attachments=[[]], violations=[[]])
    truth_path = make_inbox(tmp_path / "inbox", n=1, seed=41, issuers=["northfork"], specs=[spec],
                            truth_path=tmp_path / "truth.json")
    (f,) = json.loads(truth_path.read_text())["files"]
    (doc,) = f["documents"]
    outcome = process_file(tmp_path / "inbox" / f["file"], Settings())
    (res,) = outcome.results
    sure = {k: v for k, v in res.fields.items() if v.confidence >= THRESHOLD}
    assert {"patient_name", "patient_dob"} <= set(sure), sorted(sure)
    for k, v in sure.items():  # every value it is sure of is the truth
        want = doc["fields"].get(k)
        assert want is not None and str(v.value).casefold() == str(want).casefold(), (k, v.value, want)


def test_text_layer_confidence_needs_a_drawn_blank_and_two_equal_reads() -> None:
    a, b = N.Norm("Jordan Example", 1.0), N.Norm("Jordan Exampie", 1.0)
    assert _text_layer_confidence("name", a, 0.99, a, 0.95, "cell") == TEXT_LAYER_CONF
    assert _text_layer_confidence("name", a, 0.99, b, 0.95, "cell") == 0.0  # the re-read disagrees
    assert _text_layer_confidence("name", a, 0.99, a, 0.95, "right") == 0.0  # no blank: maybe a sentence
    assert _text_layer_confidence("name", a, 0.99, N.Norm("Jordan Example", 0.8), 0.95, "cell") == 0.0


def test_a_date_the_re_read_reproduces_is_confirmed_however_unsure_its_glyphs() -> None:
    """A date or phone reproduced digit for digit confirms the text layer even at a low re-read
    confidence; a name needs a sure re-read, and a re-read that disagrees confirms nothing."""
    d = N.Norm("2021-09-21", 1.0)
    assert _text_layer_confidence("past", d, 0.99, d, 0.0, "cell") == TEXT_LAYER_CONF
    assert _text_layer_confidence("phone", d, 0.99, d, 0.1, "cell") == TEXT_LAYER_CONF
    assert _text_layer_confidence("past", d, 0.99, N.Norm("2021-09-27", 1.0), 0.99, "cell") == 0.0
    name = N.Norm("Jordan Example", 1.0)
    assert _text_layer_confidence("name", name, 0.99, name, 0.3, "cell") == 0.0
