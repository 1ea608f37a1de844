"""Command line: ``python -m synth make-inbox|sample-inbox|render``."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from synth.inbox import FileSpec, make_inbox

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO / "sample_inbox"
SAMPLE_TRUTH = REPO / "tests" / "resources" / "sample_inbox.truth.json"
SAMPLE_SEED = 20260301

# Every channel and form type, a multi-document fax, rotated pages, a standard-mode fax,
# files without sidecar, and bad files.
SAMPLE_SPECS: list[FileSpec] = [
    FileSpec(kind="fax", form_types=["third_party_authorization"], fmt="tiff", fax_mode="fine", cover=True,
             attachments=[["id_copy"]], violations=[[]]),
    FileSpec(kind="fax", form_types=["access_request", "third_party_authorization", "other"], fmt="tiff",
             fax_mode="standard", cover=True, rotations={3: 180}, attachments=[[], [], []],
             violations=[[], ["statement_conditioning_missing"], []]),
    FileSpec(kind="fax", form_types=["minor_portal_authorization"], fmt="tiff", fax_mode="fine", cover=True,
             rotations={2: 90}, attachments=[[]], violations=[["minor_signature_missing"]]),
    FileSpec(kind="fax", form_types=["revocation", "amendment_request"], fmt="pdf", fax_mode="fine", cover=True,
             attachments=[[], ["blank"]], violations=[[], []]),
    FileSpec(kind="fax", form_types=["portal_proxy_authorization"], fmt="tiff", fax_mode="standard", cover=False,
             attachments=[[]], violations=[["expired"]], sidecar=True),
    FileSpec(kind="fax", form_types=["other"], fmt="tiff", fax_mode="fine", cover=True, attachments=[[]]),
    FileSpec(kind="mail", form_types=["access_request"], fmt="pdf", attachments=[["intro_letter", "id_copy"]],
             violations=[[]]),
    FileSpec(kind="mail", form_types=["amendment_request"], fmt="png", attachments=[[]], violations=[[]]),
    FileSpec(kind="mail", form_types=["revocation"], fmt="jpeg", attachments=[[]], violations=[["signature_missing"]]),
    FileSpec(kind="photo", form_types=["portal_proxy_authorization"], fmt="jpeg", attachments=[[]], violations=[[]]),
    FileSpec(kind="photo", form_types=["third_party_authorization"], fmt="pdf", attachments=[[]],
             violations=[["signature_date_after_received"]], sidecar=True),
    FileSpec(kind="digital", form_types=["third_party_authorization"], attachments=[[]],
             violations=[["statement_redisclosure_missing"]]),
    FileSpec(kind="digital", form_types=["access_request"], attachments=[["id_copy"]], violations=[[]]),
    FileSpec(kind="digital", form_types=["minor_portal_authorization"], attachments=[[]], violations=[[]]),
    FileSpec(kind="fax", form_types=["amendment_request"], fmt="tiff", fax_mode="fine", cover=True, sidecar=False,
             attachments=[[]], violations=[[]]),
    FileSpec(kind="bad", bad_kind="encrypted_pdf", sidecar=True),
    FileSpec(kind="bad", bad_kind="truncated_pdf", sidecar=True),
    FileSpec(kind="bad", bad_kind="empty", sidecar=False),
]


def sample_inbox(out: Path = SAMPLE_DIR, truth: Path = SAMPLE_TRUTH) -> Path:
    """(Re)write the committed sample inbox and its truth."""
    if out.exists():
        shutil.rmtree(out)
    return make_inbox(out, n=len(SAMPLE_SPECS), seed=SAMPLE_SEED, truth_path=truth, specs=SAMPLE_SPECS)


def registry_csv(truth: Path, out: Path) -> Path:
    """Every patient of a truth file as a registry row, so the demo's patients can be matched."""
    import csv
    import hashlib
    import json

    rows: dict[tuple[str, str], str] = {}
    for f in json.loads(truth.read_text(encoding="utf-8"))["files"]:
        for d in f.get("documents", []):
            fields = d.get("fields", {})
            name, dob = fields.get("patient_name"), fields.get("patient_dob")
            if name and dob:
                mrn = fields.get("mrn") or str(int(hashlib.sha256(name.encode()).hexdigest(), 16) % 10**8)
                rows[(name, dob)] = mrn
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["mrn", "name", "dob"])
        for (name, dob), mrn in sorted(rows.items()):
            w.writerow([mrn, name, dob])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m synth", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make-inbox", help="write a synthetic inbox and its truth (outside the inbox)")
    m.add_argument("--out", required=True, type=Path)
    m.add_argument("--n", required=True, type=int)
    m.add_argument("--seed", required=True, type=int)
    m.add_argument("--issuers", help="comma-separated issuer keys to draw from (default: all)")
    m.add_argument("--truth", type=Path, help="truth path (default: OUT.truth.json beside OUT)")
    m.add_argument("--kind", choices=["fax", "mail", "photo", "digital", "bad"],
                   help="every file of this kind (default: drawn like a real inbox)")
    s = sub.add_parser("sample-inbox", help="write sample_inbox/ and tests/resources/sample_inbox.truth.json")
    s.add_argument("--out", type=Path, default=SAMPLE_DIR)
    s.add_argument("--truth", type=Path, default=SAMPLE_TRUTH)
    g = sub.add_parser("registry-csv", help="a fake patient registry (mrn,name,dob) of an inbox's patients")
    g.add_argument("--truth", type=Path, default=SAMPLE_TRUTH)
    g.add_argument("--out", type=Path, default=REPO / "tests" / "resources" / "sample_registry.csv")
    r = sub.add_parser("render", help="render one clean document to PNG pages")
    r.add_argument("form_type")
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--issuer")
    r.add_argument("--fill", default="handwritten", choices=["handwritten", "typed"])
    r.add_argument("--violations", default="", help="comma-separated kinds or rule codes")
    r.add_argument("--out", type=Path, default=Path("page.png"))
    a = ap.parse_args(argv)
    if a.cmd == "registry-csv":
        print(registry_csv(a.truth, a.out))
        return 0
    if a.cmd == "make-inbox":
        issuers = [x for x in (a.issuers or "").split(",") if x] or None
        specs = [FileSpec(kind=a.kind) for _ in range(a.n)] if a.kind else None
        print(make_inbox(a.out, n=a.n, seed=a.seed, issuers=issuers, truth_path=a.truth, specs=specs))
    elif a.cmd == "sample-inbox":
        print(sample_inbox(a.out, a.truth))
    else:
        import json

        from synth.render import render_document
        doc = render_document(a.form_type, seed=a.seed, issuer=a.issuer, fill=a.fill,
                              violations=[v for v in a.violations.split(",") if v])
        for i, p in enumerate(doc.pages):
            path = a.out if len(doc.pages) == 1 else a.out.with_name(f"{a.out.stem}_{i + 1}{a.out.suffix}")
            p.save(path, dpi=(300, 300))
            print(path)
        print(json.dumps({"template": doc.template, "fields": doc.fields, "violations": doc.violations}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
