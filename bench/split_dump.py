"""Re-read a cached synthetic split with the current code, and compare two such reads value by value.

    .venv/bin/python -m tests.test_extract_eval --channel mix --n 10 --seed 9300 --hand-fonts held-out --cache C
    .venv/bin/python -m bench.split_dump dump C /tmp/before.json        # extraction only, on the cached pages
    .venv/bin/python -m bench.split_dump compare /tmp/before.json /tmp/after.json

A change to reading is decided on one split and checked on others; ``compare`` prints the totals of both
(right, wrong, missing, extra, confident right and wrong) and every value that changed, so a gain is seen
together with what it broke. Synthetic splits only: dev is for reporting, never for deciding.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import pickle
from collections import Counter
from multiprocessing import Pool

from pipeline.rules import Thresholds
from tests.test_extract_eval import same


def _read(path: str) -> tuple[str, dict]:
    from pipeline.extract import extract_document

    with open(path, "rb") as f:
        r = pickle.load(f)
    ex = extract_document(r["form_type"], r["pages"], r["roles"], r["received_at"])
    got = {k: [v.value, round(v.confidence, 3)] for k, v in ex.fields.items()}
    truth = {k: v for k, v in r["fields"].items() if v not in (None, "", [])}
    return os.path.basename(path), dict(form_type=r["form_type"], truth=truth, got=got,
                                        seen_empty=sorted(ex.seen_empty))


def dump(cache: str, out: str, workers: int = 2) -> None:
    files = sorted(glob.glob(os.path.join(cache, "*.pkl")))
    with Pool(workers) as p:
        docs = dict(p.map(_read, files, chunksize=1))
    with open(out, "w") as f:
        json.dump(docs, f, indent=0, default=str)
    print(f"{len(docs)} documents -> {out}")


def verdict(tv: object, got: list | None, sure: float) -> str:
    if got is None:
        return "missing" if tv is not None else ""
    ok = tv is not None and same(got[0], tv)
    kind = "right" if ok else "wrong" if tv is not None else "extra"
    return ("sure " if got[1] >= sure else "") + kind


def totals(docs: dict) -> Counter:
    sure = Thresholds().field
    c: Counter = Counter()
    for d in docs.values():
        for k in set(d["truth"]) | set(d["got"]):
            v = verdict(d["truth"].get(k), d["got"].get(k), sure)
            c[v.replace("sure ", "")] += 1
            if v.startswith("sure"):
                c[v] += 1
    return c


def compare(a_path: str, b_path: str) -> None:
    a, b = json.load(open(a_path)), json.load(open(b_path))
    keys = ["right", "wrong", "missing", "extra", "sure right", "sure wrong"]
    for name, docs in (("A", a), ("B", b)):
        t = totals(docs)
        print(name, "  ".join(f"{k} {t[k]}" for k in keys))
    sure = Thresholds().field
    for doc in sorted(set(a) & set(b)):
        da, db = a[doc], b[doc]
        for k in sorted(set(da["got"]) | set(db["got"]) | set(da["truth"])):
            ga, gb = da["got"].get(k), db["got"].get(k)
            if ga == gb:
                continue
            tv = da["truth"].get(k)
            va, vb = verdict(tv, ga, sure), verdict(tv, gb, sure)
            print(f"{doc[:48]:48} {k:24} {va or '-':>12} -> {vb or '-':12} truth={tv!r} A={ga} B={gb}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("cache")
    d.add_argument("out")
    d.add_argument("--workers", type=int, default=2)
    c = sub.add_parser("compare")
    c.add_argument("a")
    c.add_argument("b")
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.cache, args.out, args.workers)
    else:
        compare(args.a, args.b)


if __name__ == "__main__":
    main()
