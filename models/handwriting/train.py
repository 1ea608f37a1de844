"""Train the handwriting line reader and export it to ONNX (what the pipeline runs, with onnxruntime).

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python -m models.handwriting.fonts          # the Google Fonts hands (training only)
    .venv/bin/python -m models.handwriting.train --samples 100000 --epochs 4 --seed 3 \
        --exclude kalam,gochi-hand,just-another-hand,shadows-into-light-two --out /tmp/hw

The pipeline reads with two exports (``pipeline/hand_read.READERS``): ``crnn.onnx`` was made by the
command above, ``crnn_20hands.onnx`` by the same script on 2026-12-02, before the fetched hands.

Lines are rendered by ``synth/lines.py`` (our fonts and fills; no form of
another organisation and nothing from data/dev). ``--exclude breip`` leaves a
hand out of training so a measurement can show how the reader does on a
hand it never saw. The last 2 % of samples are a validation split, reported
as character error rate and exact-line accuracy after each epoch.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import time
from multiprocessing import Pool
from pathlib import Path

import cv2
import numpy as np

from pipeline.hand_read import HEIGHT, MODEL_DIR, to_input
from synth.lines import CHARSET, sample

EXCLUDE: tuple[str, ...] = ()
WRITTEN = False


def _make(seed: int) -> tuple[np.ndarray, str] | None:
    img, text = sample(seed, EXCLUDE, written=WRITTEN)
    x = to_input(img)
    if x is None:
        return None
    return (x * 255).astype(np.uint8), text


def _init(exclude: tuple[str, ...], written: bool) -> None:
    global EXCLUDE, WRITTEN
    EXCLUDE, WRITTEN = exclude, written


def build_data(n: int, seed0: int, workers: int, exclude: tuple[str, ...],
               written: bool = False) -> list[tuple[np.ndarray, str]]:
    with Pool(workers, initializer=_init, initargs=(exclude, written)) as p:
        out = p.map(_make, range(seed0, seed0 + n), chunksize=256)
    return [o for o in out if o is not None]


def model(n_classes: int):
    import torch.nn as nn

    def conv(i: int, o: int, k=3, p=1):
        return [nn.Conv2d(i, o, k, padding=p, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True)]

    class CRNN(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.cnn = nn.Sequential(
                *conv(1, 16), nn.MaxPool2d(2, 2),
                *conv(16, 32), nn.MaxPool2d(2, 2),
                *conv(32, 64), *conv(64, 64), nn.MaxPool2d((2, 1)),
                *conv(64, 96), nn.MaxPool2d((2, 1)),
                *conv(96, 128, k=(2, 1), p=0),
            )
            self.rnn = nn.LSTM(128, 128, num_layers=2, bidirectional=True, batch_first=True, dropout=0.1)
            self.fc = nn.Linear(256, n_classes + 1)

        def forward(self, x):
            f = self.cnn(x).squeeze(2).permute(0, 2, 1)  # (B, T, C)
            f, _ = self.rnn(f)
            return self.fc(f).log_softmax(-1)

    return CRNN()


def warm_start(net, onnx_path: Path) -> None:
    """Load an exported reader's weights into ``net`` so training goes on from it (fine-tuning on new lines)
    instead of from scratch. The export folded each batch norm into its convolution: the norms become the
    identity plus the folded bias, and ``freeze_norms`` keeps them so while training. ONNX orders an LSTM's
    gates input, output, forget, cell; PyTorch input, forget, cell, output."""
    import onnx
    import torch
    from onnx import numpy_helper

    g = onnx.load(str(onnx_path)).graph
    init = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    convs = [n for n in g.node if n.op_type == "Conv"]
    lstms = [n for n in g.node if n.op_type == "LSTM"]
    t = lambda a: torch.from_numpy(np.array(a, dtype=np.float32))  # noqa: E731
    mods = list(net.cnn)
    pairs = [(m, mods[i + 1]) for i, m in enumerate(mods) if isinstance(m, torch.nn.Conv2d)]
    if len(pairs) != len(convs) or len(lstms) != net.rnn.num_layers:
        raise ValueError(f"{onnx_path}: not this architecture")
    with torch.no_grad():
        for (conv, bn), node in zip(pairs, convs):
            conv.weight.copy_(t(init[node.input[1]]))
            bn.weight.fill_(1.0)
            bn.bias.copy_(t(init[node.input[2]]))
            bn.running_mean.zero_()
            bn.running_var.fill_(1.0 - bn.eps)
        h = net.rnn.hidden_size
        order = np.concatenate([np.arange(0, h), np.arange(2 * h, 3 * h), np.arange(3 * h, 4 * h), np.arange(h, 2 * h)])
        for layer, node in enumerate(lstms):
            w, r, b = (init[name] for name in node.input[1:4])
            for d, suffix in enumerate(("", "_reverse")):
                getattr(net.rnn, f"weight_ih_l{layer}{suffix}").copy_(t(w[d][order]))
                getattr(net.rnn, f"weight_hh_l{layer}{suffix}").copy_(t(r[d][order]))
                getattr(net.rnn, f"bias_ih_l{layer}{suffix}").copy_(t(b[d][: 4 * h][order]))
                getattr(net.rnn, f"bias_hh_l{layer}{suffix}").copy_(t(b[d][4 * h:][order]))
        mm = next(n for n in g.node if n.op_type == "MatMul")
        net.fc.weight.copy_(t(init[mm.input[1]].T))
        net.fc.bias.copy_(t(init["fc.bias"]))


def freeze_norms(net) -> None:
    """Batch norms in inference mode: a warm-started net's norms must stay the identity they were loaded as."""
    import torch

    for m in net.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.eval()


def augment(x: np.ndarray, rng: random.Random) -> np.ndarray:
    """A little stretch and stroke-width change: hands differ in both."""
    f = x.astype(np.float32) / 255.0
    if rng.random() < 0.5:
        nw = max(HEIGHT // 2, int(f.shape[1] * rng.uniform(0.8, 1.2)))
        f = cv2.resize(f, (nw, HEIGHT), interpolation=cv2.INTER_AREA)
    r = rng.random()
    if r < 0.15:
        f = cv2.dilate(f, np.ones((2, 2), np.uint8))
    elif r < 0.3:
        f = cv2.erode(f, np.ones((2, 1), np.uint8))
    return f


def batches(data: list, bs: int, rng: random.Random, aug: bool):
    idx = sorted(range(len(data)), key=lambda i: data[i][0].shape[1] + rng.random() * 40)
    chunks = [idx[i:i + bs] for i in range(0, len(idx), bs)]
    rng.shuffle(chunks)
    for ch in chunks:
        xs = [augment(data[i][0], rng) if aug else data[i][0].astype(np.float32) / 255.0 for i in ch]
        w = max(x.shape[1] for x in xs)
        arr = np.zeros((len(xs), 1, HEIGHT, w), np.float32)
        for j, x in enumerate(xs):
            arr[j, 0, :, : x.shape[1]] = x
        yield arr, [data[i][1] for i in ch]


def cer(model_, data: list, charset: str) -> tuple[float, float]:
    import torch
    from rapidfuzz.distance import Levenshtein

    from pipeline.hand_read import decode

    model_.eval()
    errs = chars = exact = 0
    with torch.no_grad():
        for arr, texts in batches(data, 64, random.Random(0), aug=False):
            out = model_(torch.from_numpy(arr)).numpy()
            for o, t in zip(out, texts):
                got, _ = decode(o, charset)
                errs += Levenshtein.distance(got, t)
                chars += len(t)
                exact += got == t
    model_.train()
    return errs / max(1, chars), exact / max(1, len(data))


def main() -> None:
    import torch

    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=100000)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--exclude", default="", help="comma-separated words: hands whose font path holds one")
    ap.add_argument("--out", default=str(MODEL_DIR))
    ap.add_argument("--data-cache", default="", help="pickle of rendered lines, reused when present")
    ap.add_argument("--init", default="", help="an exported reader (.onnx) to go on training from (fine-tune)")
    ap.add_argument("--lr", type=float, default=2e-3, help="peak learning rate (lower when fine-tuning)")
    ap.add_argument("--written-surnames", action="store_true",
                    help="names and e-mails with hyphenated and apostrophe surnames (synth.lines.written_surname)")
    a = ap.parse_args()
    torch.set_num_threads(2)
    exclude = tuple(w for w in a.exclude.split(",") if w)
    t0 = time.time()
    cache = Path(a.data_cache) if a.data_cache else None
    if cache and cache.exists():
        with open(cache, "rb") as fh:
            data = pickle.load(fh)
    else:
        data = build_data(a.samples, a.seed * 10_000_000, a.workers, exclude, a.written_surnames)
        if cache:
            with open(cache, "wb") as fh:
                pickle.dump(data, fh)
    print(f"{len(data)} lines rendered in {time.time() - t0:.0f}s", flush=True)
    n_val = max(200, len(data) // 50)
    val, train = data[:n_val], data[n_val:]
    charset = CHARSET
    index = {c: i + 1 for i, c in enumerate(charset)}
    net = model(len(charset))
    if a.init:
        warm_start(net, Path(a.init))
        c, ex = cer(net, val, charset)
        print(f"from {a.init}: validation CER {c:.3f}, exact {ex:.3f}", flush=True)
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=1e-4)
    steps = a.epochs * (len(train) // 64 + 1)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=steps, pct_start=0.1)
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)
    rng = random.Random(a.seed)
    step = 0
    for ep in range(a.epochs):
        net.train()
        if a.init:
            freeze_norms(net)
        tl, nb, te = 0.0, 0, time.time()
        for arr, texts in batches(train, 64, rng, aug=True):
            x = torch.from_numpy(arr)
            out = net(x)  # (B, T, C)
            T = out.shape[1]
            tg = torch.tensor([index[c] for t in texts for c in t], dtype=torch.long)
            tl_ = torch.tensor([len(t) for t in texts], dtype=torch.long)
            il = torch.full((len(texts),), T, dtype=torch.long)
            loss = ctc(out.permute(1, 0, 2), tg, il, tl_)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            if step < steps - 1:
                sched.step()
            step += 1
            tl += loss.item()
            nb += 1
            if nb % 200 == 0:
                print(f"  epoch {ep + 1} batch {nb} loss {tl / nb:.3f} ({time.time() - te:.0f}s)", flush=True)
        c, ex = cer(net, val, charset)
        print(f"epoch {ep + 1}: loss {tl / max(1, nb):.3f}, validation CER {c:.3f}, exact {ex:.3f} "
              f"({time.time() - te:.0f}s)", flush=True)
        export(net, Path(a.out), charset, dict(samples=len(data), epochs=ep + 1, val_cer=round(c, 4),
                                                 val_exact=round(ex, 4), exclude=list(exclude), seed=a.seed,
                                                 init=Path(a.init).name if a.init else None, lr=a.lr))


def export(net, out: Path, charset: str, meta: dict) -> None:
    import torch

    out.mkdir(parents=True, exist_ok=True)
    net.eval()
    dummy = torch.zeros(1, 1, HEIGHT, 200)
    torch.onnx.export(net, dummy, str(out / "crnn.onnx"), input_names=["image"], output_names=["logp"],
                      dynamic_axes={"image": {3: "width"}, "logp": {1: "time"}}, opset_version=17, dynamo=False)
    (out / "charset.json").write_text(json.dumps(charset))
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    net.train()


if __name__ == "__main__":
    main()
