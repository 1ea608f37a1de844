"""The reader's training code: a shipped export loaded back for fine-tuning reads exactly as the export does."""

from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("onnx")

from models.handwriting.train import build_data, freeze_norms, model, warm_start  # noqa: E402
from pipeline import hand_read  # noqa: E402


@pytest.mark.parametrize("name", hand_read.READERS)
def test_warm_start_reads_as_the_export(name: str) -> None:
    """Batch norms folded into the convolutions and the LSTM gates reordered: the loaded net's log-probabilities
    match onnxruntime's on rendered lines, and stay so with the norms frozen in training mode."""
    import onnxruntime as ort

    charset = json.loads((hand_read.MODEL_DIR / "charset.json").read_text())
    net = model(len(charset))
    warm_start(net, hand_read.MODEL_DIR / name)
    net.train()
    freeze_norms(net)
    net.rnn.dropout = 0.0  # dropout is training's noise, not the weights under test
    sess = ort.InferenceSession(str(hand_read.MODEL_DIR / name), providers=["CPUExecutionProvider"])
    lines = build_data(6, 901_000_000, 1, ())
    assert len(lines) >= 4
    for x, _ in lines:
        a = (x.astype(np.float32) / 255.0)[None, None]
        want = sess.run(None, {"image": a})[0]
        with torch.no_grad():
            got = net(torch.from_numpy(a)).numpy()
        assert got.shape == want.shape
        assert np.abs(got - want).max() < 1e-3


def test_warm_start_refuses_another_charset() -> None:
    """A net with another number of output classes cannot take the export's weights: an error, not a half-load."""
    with pytest.raises(RuntimeError):
        warm_start(model(10), hand_read.MODEL_DIR / hand_read.READERS[0])


def test_build_data_passes_written_surnames_to_its_workers() -> None:
    """``--written-surnames`` reaches the rendering processes: the same seeds give other texts where a name is
    drawn, and the default gives the lines the shipped readers learnt."""
    seeds = 901_000_100
    plain = [t for _, t in build_data(30, seeds, 1, ())]
    written = [t for _, t in build_data(30, seeds, 1, (), written=True)]
    assert plain == [t for _, t in build_data(30, seeds, 1, ())]
    assert plain != written
