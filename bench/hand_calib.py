"""How far each read of a value region can be trusted: page read (1), Tesseract re-read (2), handwriting reader (3).

    .venv/bin/python -m bench.hand_calib --cache /tmp/lab_calib

Runs on documents cached by ``tests/test_extract_eval.py`` (build a calibration split of training issuers with
``--issuers``, never the held-out four or data/dev), records every region read (``extract.TRACE``) and compares
each read with the truth of its field. Prints, per kind of value, the precision of each agreement pattern
and of the handwriting read alone by its confidence: the figures behind HAND_PAIR_CAP, HAND_ALONE and
HAND_DATE_SURE.
"""

from __future__ import annotations

import argparse
import glob
import pickle
from collections import defaultdict

from pipeline import extract
from tests.test_extract_eval import same


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default="/tmp/lab_calib")
    a = ap.parse_args()
    st: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for f in sorted(glob.glob(f"{a.cache}/*.pkl")):
        r = pickle.load(open(f, "rb"))
        extract.TRACE = []
        extract.extract_document(r["form_type"], r["pages"], r["roles"], r["received_at"])
        truth = r["fields"]
        for t in extract.TRACE:
            if len(t) < 12 or t[0] not in truth:
                continue
            field, kind, v1, v2, c1, c2, _, _, how, v3, c3, q3 = t
            tv = truth[field]
            g = extract._group(kind)
            ok = [v is not None and same(v, tv) for v in (v1, v2, v3)]
            a12 = v1 is not None and v1 == v2
            a13 = v3 is not None and v3 == v1
            a23 = v3 is not None and v3 == v2
            sure = "sure" if c3 >= extract.HAND_SURE else "unsure"
            if a12 and (a13 or a23):
                firm = "firm blank" if how in extract.FIRM_LAYOUTS else how
                key = (g, f"all three agree ({firm}, hand {sure})")
                right = ok[0]
            elif a12:
                key = (g, "1=2, hand " + ("differs" if v3 is not None else "failed") + f" ({sure})")
                right = ok[0]
                if v3 is not None:
                    st[(g, f"1=2, hand differs ({sure}): the hand read")][0 if ok[2] else 1] += 1
            elif a13 or a23:
                key = (g, f"hand agrees with {'1' if a13 else '2'} ({sure}, tess c {max(c1, c2) >= 0.6})")
                right = ok[2]
                other = v2 if a13 else v1
                if other is not None:
                    st[(g, f"hand agrees with one ({sure}): the other read")][0 if same(other, tv) else 1] += 1
                if other is not None and (c2 > c1 if a13 else c1 > c2):  # the other read is the surer Tesseract
                    st[(g, f"hand agrees with {'1' if a13 else '2'} ({sure}), the other surer: the pair")][
                        0 if ok[2] else 1] += 1
                    st[(g, f"hand agrees with {'1' if a13 else '2'} ({sure}), the other surer: the other")][
                        0 if same(other, tv) else 1] += 1
            elif v3 is not None:
                b = "c3>=0.9" if c3 >= 0.9 else "c3>=0.8" if c3 >= 0.8 else "c3>=0.6" if c3 >= 0.6 else "c3<0.6"
                key = (g, f"none agree, hand alone {b}")
                right = ok[2]
                st[(g, f"none agree, tess best {b}")][0 if (ok[0] or ok[1]) else 1] += 1
            else:
                key = (g, "hand failed, no agreement")
                right = ok[0] or ok[1]
            st[key][0 if right else 1] += 1
            if g == "date" and v3 is not None and c3 >= extract.HAND_DATE_SURE and how in extract.FIRM_LAYOUTS \
                    and q3 >= 0.95:  # the reads HAND_DATE_SURE trusts, by what Tesseract made of them
                tess = "both agree" if a12 and (a13 or a23) else "one agrees" if a13 or a23 else \
                    "pair says other" if a12 else "none agree"
                st[(g, f"hand >= {extract.HAND_DATE_SURE} in a drawn blank, Tesseract {tess}: the hand read")][
                    0 if ok[2] else 1] += 1
            keys = {extract._agree_key(kind, v) for v in (v1, v2, v3)}
            if field in extract.RELATION_FIELDS and v1 is not None and v3 is not None and len(keys) == 1 \
                    and how in extract.FIRM_LAYOUTS:  # the reads RELATION_CONF trusts
                st[(g, "relationship, all three alike in a drawn blank")][0 if ok[0] else 1] += 1
    print(f"{'kind':8} {'pattern':58} {'right':>5} {'wrong':>5} {'P':>5}")
    for (g, pat), (r_, w_) in sorted(st.items()):
        print(f"{g:8} {pat:58} {r_:5d} {w_:5d} {r_ / max(1, r_ + w_):5.2f}")


if __name__ == "__main__":
    main()
