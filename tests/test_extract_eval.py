"""Per-field precision / recall of ``extract_fields`` on synth documents of held-out issuers.

Run as a script (not part of the default test run beyond a tiny smoke test):

    .venv/bin/python -m tests.test_extract_eval --n 10 --seed 5000 --cache /tmp/extract_eval

Renders ``n`` documents per form type from issuers the label synonyms were
NOT written against (willow, northfork, canyon, highdesert), half clean
300-dpi scans and half faxed (synth.degrade.to_fax, fine or standard mode),
runs prepare_page + extract_fields, and prints P, R, F1, the precision of
the values marked confident (>= 0.85, cP) and how many were (cN).

``--fill`` picks the fills (``mix``: every fifth typed, as before; ``both``:
each document handwritten and typed; ``capitals``: handwritten, every value
printed in block capitals, as many fill forms in) and ``--hand-fonts comic,breip`` keeps
only handwriting fonts whose path holds one of the words, so a font family
can be held out of a measurement; ``--hand-fonts held-out`` writes in the
hands ``models/handwriting/fonts.py`` kept out of the reader's training.
``--channel std`` faxes every document in standard mode (204 x 98 dpi), the
channel that loses most on the dev inbox.
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import re
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

HELD_OUT = ["willow", "northfork", "canyon", "highdesert"]
FORM_TYPES = ["access_request", "third_party_authorization", "portal_proxy_authorization",
              "minor_portal_authorization", "amendment_request", "revocation"]
THRESHOLD = 0.85


def build(job: tuple) -> str:
    """Render, degrade and OCR one document; cached as a pickle. An optional 7th item restricts hand fonts."""
    from pipeline.load import RawPage
    from pipeline.prepare import prepare_page
    from synth import ink
    from synth.degrade import to_fax
    from synth.fonts import hand_fonts
    from synth.render import render_document

    ft, issuer, seed, channel, fill, out = job[:6]
    if os.path.exists(out):
        return out
    if len(job) > 6 and job[6] == "held-out":  # hands the handwriting reader never trained on
        from models.handwriting.fonts import HELD_OUT, font_files

        keep = tuple(str(f) for f in font_files() if f.stem in HELD_OUT)
        assert keep, "no held-out hands: run python -m models.handwriting.fonts first"
        ink.hand_fonts = lambda: keep  # type: ignore[assignment]
    elif len(job) > 6 and job[6]:
        keep = tuple(f for f in hand_fonts() if any(w in f.lower() for w in job[6].split(",")))
        assert keep, f"no handwriting font matches {job[6]}"
        ink.hand_fonts = lambda: keep  # type: ignore[assignment]
    doc = render_document(ft, seed=seed, issuer=issuer, fill="handwritten" if fill == "capitals" else fill,
                          capitals=fill == "capitals")
    rng = random.Random(seed)
    pages = []
    for i, im in enumerate(doc.pages):
        if channel in ("fax", "std"):
            mode = "standard" if channel == "std" else rng.choice(["fine", "standard"])
            bw = to_fax(im, mode=mode, rng=rng)
            raw = RawPage(number=i + 1, image=np.asarray(bw.convert("L")), xdpi=204,
                          ydpi=196 if mode == "fine" else 98, kind="tiff")
        else:
            raw = RawPage(number=i + 1, image=np.asarray(im.convert("L")), xdpi=300, ydpi=300, kind="image")
        pages.append(prepare_page(raw))
    rec = dict(form_type=ft, fields=doc.fields, received_at=doc.received_at, roles=doc.page_roles, pages=pages)
    with open(out + ".tmp", "wb") as f:
        pickle.dump(rec, f)
    os.replace(out + ".tmp", out)
    return out


def same(a: object, b: object) -> bool:
    """Equal as shared/tools/score.py compares values: case, commas and trailing punctuation ignored."""

    def norm(v: object) -> object:
        if isinstance(v, bool) or v is None:
            return v
        if isinstance(v, list):
            return tuple(sorted(str(norm(x)) for x in v))
        t = re.sub(r"\s+", " ", str(v).replace(",", " ")).strip()
        return re.sub(r"[\s.,;:]+$", "", t).casefold()

    return norm(a) == norm(b)


def score(files: list[str], timing: dict | None = None) -> dict[str, dict[str, int]]:
    """Per-field counts; ``timing`` gets seconds, pages and seen_empty right/wrong."""
    from pipeline.extract import extract_document

    st: dict[str, dict[str, int]] = defaultdict(lambda: dict(tp=0, fp=0, fn=0, ctp=0, cfp=0))
    timing = timing if timing is not None else {}
    for f in files:
        with open(f, "rb") as fh:
            r = pickle.load(fh)
        t0 = time.perf_counter()
        ex = extract_document(r["form_type"], r["pages"], r["roles"], r["received_at"])
        timing["seconds"] = timing.get("seconds", 0.0) + time.perf_counter() - t0
        timing["pages"] = timing.get("pages", 0) + sum(1 for x in r["roles"] if x == "form")
        out = ex.fields
        truth = r["fields"]
        for k in ex.seen_empty:
            ok = truth.get(k) in (None, "", [])
            timing["empty_right" if ok else "empty_wrong"] = timing.get("empty_right" if ok else "empty_wrong", 0) + 1
        for k in set(truth) | set(out):
            s, tv, ov = st[k], truth.get(k), out.get(k)
            if ov is None:
                s["fn"] += 1
                continue
            right = tv is not None and same(ov.value, tv)
            s["tp" if right else "fp"] += 1
            if tv is not None and not right:
                s["fn"] += 1
            if ov.confidence >= THRESHOLD:
                s["ctp" if right else "cfp"] += 1
    return st


def table(st: dict[str, dict[str, int]]) -> str:
    lines = [f"{'field':30} {'P':>5} {'R':>5} {'F1':>5} {'cP':>5} {'cN':>4} {'n':>4}"]
    tot = dict(tp=0, fp=0, fn=0, ctp=0, cfp=0)

    def row(name: str, s: dict[str, int]) -> str:
        p = s["tp"] / max(1, s["tp"] + s["fp"])
        r = s["tp"] / max(1, s["tp"] + s["fn"])
        f1 = 2 * p * r / max(1e-9, p + r)
        cp = s["ctp"] / max(1, s["ctp"] + s["cfp"])
        return f"{name:30} {p:5.2f} {r:5.2f} {f1:5.2f} {cp:5.2f} {s['ctp'] + s['cfp']:4d} {s['tp'] + s['fn']:4d}"

    for k in sorted(st):
        lines.append(row(k, st[k]))
        for a in tot:
            tot[a] += st[k][a]
    lines.append(row("ALL", tot))
    return "\n".join(lines)


def jobs_for(n: int, seed0: int, cache: str, fill: str = "mix", hand_fonts: str = "",
             issuers: list[str] | None = None, channel: str = "mix") -> list[tuple]:
    """Build jobs: ``n`` documents per form type; ``fill`` is mix, handwritten, typed, both or capitals
    (handwritten, every value printed in block capitals).
    ``issuers`` replaces the held-out four (a calibration split drawn from the training issuers);
    ``channel`` "std" faxes every document in standard mode (204 x 98 dpi) instead of half of them
    either way."""
    held = issuers or HELD_OUT
    jobs = []
    tag = "." + re.sub(r"[^a-z0-9]+", "_", hand_fonts.lower()) if hand_fonts else ""
    for k in range(n):
        for j, ft in enumerate(FORM_TYPES):
            iss = held[(k + j) % len(held)]
            ch = "std" if channel == "std" else "fax" if k % 2 else "clean"
            if fill == "mix":
                fills = ["typed" if k % 5 == 4 else "handwritten"]
            else:
                fills = ["handwritten", "typed"] if fill == "both" else [fill]
            seed = seed0 + k * 10 + j
            for fl in fills:
                by_hand = fl in ("handwritten", "capitals")
                ht = tag if by_hand else ""
                jobs.append((ft, iss, seed, ch, fl, f"{cache}/{ft}.{iss}.{seed}.{ch}.{fl}{ht}.pkl",
                             hand_fonts if by_hand else ""))
    return jobs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10, help="documents per form type")
    ap.add_argument("--seed", type=int, default=5000)
    ap.add_argument("--cache", default="/tmp/extract_eval")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--fill", choices=["mix", "handwritten", "typed", "both", "capitals"], default="mix",
                    help="mix: every fifth document typed (the default); both: each document in both fills; "
                    "capitals: handwritten, every value in block capitals")
    ap.add_argument("--hand-fonts", default="", help="comma-separated words; keep hand fonts whose path holds "
                    "one; 'held-out': the fetched hands the handwriting reader never trained on")
    ap.add_argument("--issuers", default="", help="comma-separated issuer keys instead of the held-out four")
    ap.add_argument("--channel", choices=["mix", "std"], default="mix",
                    help="mix: half clean scans, half faxed fine or standard; std: all faxed in standard mode")
    a = ap.parse_args()
    Path(a.cache).mkdir(parents=True, exist_ok=True)
    jobs = jobs_for(a.n, a.seed, a.cache, a.fill, a.hand_fonts, [i for i in a.issuers.split(",") if i],
                    a.channel)
    t = time.time()
    from multiprocessing import Pool

    with Pool(a.workers) as p:
        files = sorted(p.map(build, jobs))
    print(f"{len(files)} documents ready in {time.time() - t:.0f}s")
    tm: dict = {}
    print(table(score(files, tm)))
    print(f"extraction {tm['seconds']:.0f}s, {tm['seconds'] / max(1, tm['pages']):.2f} s per form page "
          f"({tm['pages']} pages); seen_empty right {tm.get('empty_right', 0)}, wrong {tm.get('empty_wrong', 0)}")


def test_table_smoke() -> None:
    st = {"x": dict(tp=9, fp=1, fn=1, ctp=8, cfp=0)}
    assert "ALL" in table(st) and " 0.90 " in table(st)


if __name__ == "__main__":
    main()
