"""Check boxes on synthesised forms (cached by ``tests.test_extract_eval``): per option, the whole-region ink
the reader judges by and the inside fill of the box glyph (``marks.box_fill``), against the truth.

    python -m bench.checks --cache /tmp/lab_calib_hands [--cache DIR ...]

Prints, per channel, how the two measures separate ticked from empty options.
"""

from __future__ import annotations

import argparse
import glob
import pickle
from collections import Counter

from pipeline import extract as E
from pipeline.marks import box_fill


def options(path: str) -> list[tuple[str, str, bool, float, float | None]]:
    """(channel, group, ticked in truth, ink, fill) for every option of the document's check-box groups."""
    with open(path, "rb") as fh:
        r = pickle.load(fh)
    allowed = set(E.FIELDS[r["form_type"]])
    pages = [p for p, role in zip(r["pages"], r["roles"]) if role == "form"]
    ctxs = [E._page_ctx(p, i) for i, p in enumerate(pages)]
    E.resolve_fields(ctxs, allowed)
    channel = "fax" if ".fax." in path else "clean"
    out = []
    for g, labs in E.option_groups(ctxs, allowed).items():
        truth = r["fields"].get(g)
        ticked = set(truth if isinstance(truth, list) else [truth] if truth else [])
        for items in E.option_marks(labs).values():
            for code, ink, reg, _lab, ctx in items:
                out.append((channel, g, code in ticked, ink, box_fill(ctx.geo, reg)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", action="append", required=True)
    a = ap.parse_args()
    rows = [o for c in a.cache for f in sorted(glob.glob(f"{c}/*.pkl")) for o in options(f)]
    for ch in ("clean", "fax"):
        sub = [r for r in rows if r[0] == ch]
        found = [r for r in sub if r[4] is not None]
        print(f"{ch}: {len(sub)} options, a closed box found for {len(found)}")
        for ticked in (False, True):
            fills = sorted(r[4] for r in found if r[2] == ticked)
            if fills:
                q = [fills[int(k * (len(fills) - 1))] for k in (0, 0.01, 0.05, 0.5, 0.95, 0.99, 1)]
                print(f"  {'ticked' if ticked else 'empty '} n={len(fills):4d} fill min/1%/5%/50%/95%/99%/max "
                      + " ".join(f"{v:.3f}" for v in q))
        hist = Counter((r[2], round(r[4], 1)) for r in found)
        print("  (ticked, fill rounded): count", sorted(hist.items()))


if __name__ == "__main__":
    main()
