"""Per-field counts of a results folder against a truth.json: the table a closing note gives.

    .venv/bin/python -m bench.field_table --truth ../shared/data/dev/truth.json --results out/dev/results

For each field: right, wrong, missing (in the truth, not in the result), extra (in the result only), and of
the values marked confident (>= the routing threshold) how many were right and wrong. Documents are matched
to the truth by page overlap, as ``shared/tools/score.py`` matches them; values compare as it compares them.
For reporting only: nothing is tuned on the folder it reads.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
from collections import Counter, defaultdict

from pipeline.rules import Thresholds
from tests.test_extract_eval import same


def _pages(r: dict) -> set:
    return {p.get("number") for p in r.get("pages", [])}


def table(truth: dict, results: str) -> dict[str, Counter]:
    preds: dict[str, list[dict]] = defaultdict(list)
    for p in sorted(glob.glob(os.path.join(results, "*.json"))):
        r = json.load(open(p))
        preds[os.path.basename(r["source"]["file"])].append(r)
    st: dict[str, Counter] = defaultdict(Counter)
    for tf in truth["files"]:
        if tf["quarantine"]:
            continue
        pr = preds.get(tf["file"], [])
        cands = sorted(((len(set(td["pages"]) & _pages(r)) / len(set(td["pages"]) | _pages(r)), i, j)
                        for i, td in enumerate(tf["documents"]) for j, r in enumerate(pr)
                        if set(td["pages"]) & _pages(r)), reverse=True)
        t2p: dict[int, int] = {}
        for _, i, j in cands:
            if i not in t2p and j not in t2p.values():
                t2p[i] = j
        for i, td in enumerate(tf["documents"]):
            got = pr[t2p[i]]["fields"] if i in t2p else {}
            for k in set(td["fields"]) | set(got):
                tv, fv = td["fields"].get(k), got.get(k)
                if fv is None:
                    st[k]["missing"] += 1
                    continue
                ok = tv is not None and same(fv["value"], tv)
                st[k]["right" if ok else "wrong" if tv is not None else "extra"] += 1
                if fv["confidence"] >= Thresholds().field:
                    st[k]["sure right" if ok else "sure wrong"] += 1
    return st


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--truth", default="../shared/data/dev/truth.json")
    ap.add_argument("--results", default="out/dev/results")
    a = ap.parse_args()
    st = table(json.load(open(a.truth)), a.results)
    cols = ("right", "wrong", "missing", "extra", "sure right", "sure wrong")
    print("| field | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    total: Counter = Counter()
    for k, c in sorted(st.items(), key=lambda kv: -sum(kv[1][x] for x in cols[:4])):
        total.update(c)
        print(f"| {k} | " + " | ".join(str(c[x]) for x in cols) + " |")
    print("| all | " + " | ".join(str(total[x]) for x in cols) + " |")


if __name__ == "__main__":
    main()
