"""Whole inbox files (fax, mail scan, phone photo, born-digital, bad) with sidecars and truth.

``make_inbox`` writes files into a folder and the truth (score.py's format)
outside it. Every file is drawn from its own generator seeded by (seed, index),
so a file does not change when ``n`` does.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from synth import degrade as D
from synth import fills as F
from synth import others as O
from synth import violations as V
from synth import writers as Wr
from synth.canvas import Canvas
from synth.render import RenderedDocument, render_document
from synth.templates import ISSUER_BY_KEY, ISSUERS
from synth.truth_rules import judge

FORM_WEIGHTS = {"access_request": 19, "third_party_authorization": 20, "portal_proxy_authorization": 7,
                "minor_portal_authorization": 8, "amendment_request": 6, "revocation": 7, "other": 9}
KIND_WEIGHTS = {"fax": 50, "mail": 20, "photo": 8, "digital": 13, "bad": 6}
FORM_LABEL = {"access_request": "request for records", "third_party_authorization": "authorization",
              "portal_proxy_authorization": "portal proxy authorization",
              "minor_portal_authorization": "portal authorization", "amendment_request": "amendment request",
              "revocation": "revocation", "other": "document"}


@dataclass
class FileSpec:
    """What to put in one file; None fields are drawn at random."""

    kind: str | None = None  # fax | mail | photo | digital | bad
    form_types: list[str] | None = None
    fmt: str | None = None  # tiff | pdf | png | jpeg
    violations: list[list[str]] | None = None  # per document
    cover: bool | None = None
    sidecar: bool | None = None
    bad_kind: str | None = None
    attachments: list[list[str]] | None = None  # per document: intro_letter, id_copy, authority, blank
    rotations: dict[int, int] = field(default_factory=dict)  # 1-based page -> rotation
    fax_mode: str | None = None
    fill: str | None = None


@dataclass
class _Page:
    image: Image.Image
    canvas: Canvas | None
    role: str
    rotation: int = 0


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _received(rng: random.Random) -> dt.datetime:
    day = dt.date(2025, 7, 1) + dt.timedelta(days=rng.randint(0, 540))
    tz = dt.timezone(dt.timedelta(hours=rng.choice([-4, -5, -6, -7])))
    return dt.datetime(day.year, day.month, day.day, rng.randint(6, 21), rng.randint(0, 59), rng.randint(0, 59), tzinfo=tz)


def _document(ft: str, rng: random.Random, seed: int, *, R: dt.datetime, fill: str, issuers: list[str] | None,
              dates_trusted: bool, violations: list[str] | None, attachments: list[str] | None,
              sender: O.Party) -> tuple[RenderedDocument, list[_Page]]:
    if violations is None:
        violations = []
        if ft != "other" and rng.random() < 0.3:
            pool = V.applicable(ft, dates_trusted=dates_trusted)
            violations = rng.sample(pool, 1 if rng.random() < 0.85 else 2)
    doc = render_document(ft, seed=seed, issuers=issuers, fill=fill, violations=violations, received_at=R)
    fk = F.faker(seed + 1)
    f = doc.fields
    if attachments is None:
        attachments = []
        if ft != "other":
            if rng.random() < 0.1:
                attachments.append("intro_letter")
            if rng.random() < (0.35 if ft == "access_request" else 0.12):
                attachments.append("id_copy")
            if f.get("representative_authority") and rng.random() < 0.5:
                attachments.append("authority")
        if rng.random() < 0.07:
            attachments.append("blank")
    pages = [_Page(im, cv, "form") for im, cv in zip(doc.pages, doc.canvases)]
    before: list[_Page] = []
    after: list[_Page] = []
    person = f.get("signer_name") or f.get("guardian_name") or f.get("patient_name") or F.person_name(rng, fk)
    for a in attachments:
        if a == "intro_letter":
            c = O.intro_letter(rng, fk, sender=sender, to=doc.issuer or "Medical Records", patient=f.get("patient_name", person),
                               R=R.date(), form_label=FORM_LABEL[ft])
            before.append(_Page(c.image, c, "attachment"))
        elif a == "id_copy":
            dob = F.dob_for_age(R.date(), rng.randint(25, 70), rng)
            if person == f.get("patient_name") and f.get("patient_dob"):
                dob = dt.date.fromisoformat(f["patient_dob"])
            c = O.id_copy(rng, fk, name=person, dob=dob, address=f.get("patient_address"))
            after.append(_Page(c.image, c, "attachment"))
        elif a == "authority":
            auth = (f.get("representative_authority") or "").lower()
            if "attorney" in auth:
                c = O.power_of_attorney(rng, fk, principal=f.get("patient_name", person), agent=person, R=R.date())
            else:
                c = O.court_order(rng, fk, ward=f.get("patient_name", person), guardian=person, R=R.date())
            after.append(_Page(c.image, c, "attachment"))
        elif a == "blank":
            c = O.blank_page(rng)
            after.append(_Page(c.image, c, "blank"))
    return doc, before + pages + after


def _doc_truth(doc: RenderedDocument, pages: list[int], roles: list[str], rots: list[int], R: dt.datetime,
               channel: str, judged: bool) -> dict:
    t = {"doc_index": 0, "pages": pages, "page_roles": roles, "page_rotation": rots, "form_type": doc.form_type,
         "template": doc.template, "issuer": doc.issuer, "pool": "synth",
         "variant_dropped": [k for k in doc.violation_kinds if k.startswith("statement_") or k.startswith("part2_")],
         "fill": doc.fill, "fields": doc.fields}
    j = judge(doc.form_type, doc.fields, R, channel, roles)
    t.update(validity=j["validity"], validity_judged=judged, expected_route=j["expected_route"],
             violations=list(doc.violations), violation_kinds=list(doc.violation_kinds),
             expected_findings=j["expected_findings"], expected_errors=j["expected_errors"])
    return t


def make_file(out_dir: Path, index: int, *, seed: int, issuers: list[str] | None = None,
              spec: FileSpec | None = None) -> dict:
    """Write one inbox file (and its sidecar, mostly); return its truth entry."""
    spec = spec or FileSpec()
    rng = random.Random(seed * 1_000_003 + index * 7919 + 1)
    kind = spec.kind or _pick(rng, KIND_WEIGHTS)
    R = _received(rng)
    sidecar = spec.sidecar if spec.sidecar is not None else rng.random() < (0.9 if kind == "fax" else 0.75)
    fk = F.faker(seed * 31 + index)
    sender = O.Party.draw(rng, fk)
    entry: dict = {"file": "", "kind": kind}
    if kind == "bad":
        return _bad_file(out_dir, index, rng, R, sidecar, spec, entry)

    channel = {"fax": "fax", "mail": "mail"}.get(kind) or rng.choice(["email", "portal"])
    if kind == "fax":
        n_docs = len(spec.form_types) if spec.form_types else rng.choices([1, 2, 3], [65, 25, 10])[0]
    elif kind in ("digital", "mail"):
        n_docs = len(spec.form_types) if spec.form_types else rng.choices([1, 2], [88, 12])[0]
    else:
        n_docs = len(spec.form_types) if spec.form_types else 1
    fts = spec.form_types or [_pick(rng, FORM_WEIGHTS) for _ in range(n_docs)]
    fill = spec.fill or ("typed" if kind == "digital" else rng.choices(["handwritten", "typed"], [75, 25])[0])
    docs: list[tuple[RenderedDocument, list[_Page]]] = []
    for di, ft in enumerate(fts):
        viol = spec.violations[di] if spec.violations and di < len(spec.violations) else None
        att = spec.attachments[di] if spec.attachments and di < len(spec.attachments) else None
        if kind in ("photo",) and att is None:
            att = []
        docs.append(_document(ft, rng, seed * 100_003 + index * 101 + di, R=R, fill=fill, issuers=issuers,
                              dates_trusted=sidecar, violations=viol, attachments=att, sender=sender))
    first_issuer = next((d.issuer for d, _ in docs if d.issuer), None) or ISSUER_BY_KEY[rng.choice(ISSUERS)].name
    issuer_fax = next((i.fax for i in ISSUER_BY_KEY.values() if i.name == first_issuer), "(970) 555-0111")
    issuer_fax = "".join(ch for ch in issuer_fax if ch.isdigit())
    cover = spec.cover if spec.cover is not None else (kind == "fax" and rng.random() < 0.8)
    n_total = sum(len(p) for _, p in docs) + (1 if cover else 0)
    if cover:
        c = O.cover_sheet(rng, fk, to=first_issuer, to_fax=issuer_fax, sender=sender, when=R, n_pages=n_total,
                          fill=rng.choice(["typed", "typed", "handwritten"]))
        docs[0][1].insert(0, _Page(c.image, c, "cover_sheet"))

    flat: list[_Page] = [p for _, ps in docs for p in ps]
    if kind == "fax":
        for i, p in enumerate(flat, start=1):
            p.rotation = spec.rotations.get(i, 0) if spec.rotations else \
                rng.choices([0, 180, 90, 270], [90, 6, 2, 2])[0]
    doc_truths = []
    k = 1
    for di, (doc, ps) in enumerate(docs):
        nums = list(range(k, k + len(ps)))
        k += len(ps)
        t = _doc_truth(doc, nums, [p.role for p in ps], [p.rotation for p in ps], R, channel, judged=True)
        t["doc_index"] = di
        doc_truths.append(t)

    stamp = R.strftime("%Y%m%d")
    if kind == "fax":
        fmt = spec.fmt or rng.choices(["tiff", "pdf"], [85, 15])[0]
        mode = spec.fax_mode or rng.choices(["fine", "standard"], [65, 35])[0]
        name = f"FAX_{stamp}_{R.strftime('%H%M%S')}_{rng.randint(0, 9999):04d}_{index:04d}.{'tif' if fmt == 'tiff' else 'pdf'}"
        sender_fax = "+1" + sender.fax
        imgs = []
        hstyle = rng.randint(0, 2)
        sent = R - dt.timedelta(minutes=rng.randint(0, 3))
        with_header = rng.random() < 0.92
        for i, p in enumerate(flat, start=1):
            hdr = D.header_text(sent, sender.org, sender.fax, F.fmt_phone(issuer_fax, "ddd-ddd-dddd"), i, len(flat),
                                rng, style=hstyle) if with_header else None
            imgs.append(D.to_fax(p.image, mode=mode, rng=rng, rotation=p.rotation, header=hdr))
        path = out_dir / name
        if fmt == "tiff":
            comp = rng.choice(["group3", "group4"])
            Wr.write_tiff(imgs, path, compression=comp, dpi=D.FAX_DPI[mode])
            entry.update(format="tiff", compression=comp, dpi=list(D.FAX_DPI[mode]))
        else:
            Wr.write_fax_pdf(imgs, path)
            entry.update(format="pdf")
        entry["fax_mode"] = mode
        entry["sender_fax"] = sender_fax
    elif kind == "mail":
        single = len(flat) == 1
        fmt = spec.fmt or (rng.choices(["pdf", "png", "jpeg"], [55, 20, 25])[0] if single else "pdf")
        dpi = rng.choice([200, 240, 300]) if fmt != "png" else rng.choice([200, 240])
        color = rng.random() < 0.4
        imgs = [D.to_scan(p.image, dpi=dpi, color=color, rng=rng, noise=fmt != "png") for p in flat]
        ext = {"pdf": "pdf", "png": "png", "jpeg": "jpg"}[fmt]
        name = f"SCAN_{stamp}_{index:04d}.{ext}"
        path = out_dir / name
        if fmt == "pdf":
            Wr.write_image_pdf(imgs, path, dpi=dpi)
        elif fmt == "png":
            imgs[0].save(path, format="PNG", dpi=(dpi, dpi), optimize=False)
        else:
            imgs[0].save(path, format="JPEG", dpi=(dpi, dpi), quality=72)
        entry.update(format=fmt, dpi=[dpi, dpi])
    elif kind == "photo":
        imgs = [D.to_photo(p.image, rng=rng) for p in flat]
        fmt = spec.fmt or ("jpeg" if len(imgs) == 1 else "pdf")
        name = f"IMG_{4000 + index}.{'jpg' if fmt == 'jpeg' else 'pdf'}"
        path = out_dir / name
        if fmt == "jpeg":
            imgs[0].save(path, format="JPEG", quality=75)
        else:
            Wr.write_image_pdf(imgs, path, dpi=150)
        entry.update(format=fmt)
    else:  # digital
        name = f"request_{index:04d}.pdf"
        path = out_dir / name
        Wr.write_digital_pdf([p.canvas for p in flat if p.canvas is not None], path)
        entry.update(format="pdf", text_layer=True)
    entry["file"] = name
    entry.update(channel=channel, received_at=R.isoformat(), sidecar=sidecar, n_pages=len(flat), quarantine=False,
                 documents=doc_truths)
    if sidecar:
        sc = {"received_at": R.isoformat(), "channel": channel, "pages": len(flat)}
        if kind == "fax":
            sc["sender_fax"] = entry["sender_fax"]
        (out_dir / (name + ".json")).write_text(json.dumps(sc) + "\n")
    else:
        os.utime(path, (R.timestamp(), R.timestamp()))
    return entry


def _bad_file(out_dir: Path, index: int, rng: random.Random, R: dt.datetime, sidecar: bool, spec: FileSpec,
              entry: dict) -> dict:
    bk = spec.bad_kind or rng.choice(Wr.BAD_KINDS)
    name = f"upload_{index:04d}{Wr.BAD_EXT[bk]}"
    path = out_dir / name
    Wr.write_bad(bk, path, rng)
    channel = rng.choice(["fax", "email", "portal", "unknown"]) if sidecar else "unknown"
    n_pages = Wr.OVERSIZED_PAGES if bk == "oversized_pdf" else 0
    entry.update(file=name, bad_kind=bk, channel=channel, received_at=R.isoformat(), sidecar=sidecar,
                 n_pages=n_pages, quarantine=True, documents=[])
    if sidecar:
        (out_dir / (name + ".json")).write_text(json.dumps({"received_at": R.isoformat(), "channel": channel,
                                                            "pages": n_pages}) + "\n")
    else:
        os.utime(path, (R.timestamp(), R.timestamp()))
    return entry


def default_truth_path(out_dir: Path) -> Path:
    return out_dir.parent / (out_dir.name + ".truth.json")


def make_inbox(out_dir: Path, *, n: int, seed: int, issuers: list[str] | None = None,
               truth_path: Path | None = None, specs: list[FileSpec] | None = None) -> Path:
    """Write ``n`` files (+ sidecars) into ``out_dir``; the truth goes outside it. Returns the truth path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    truth_path = Path(truth_path) if truth_path else default_truth_path(out_dir)
    if truth_path.resolve().parent == out_dir.resolve():
        raise ValueError("the truth must not be written inside the inbox folder")
    files = []
    for i in range(n):
        spec = specs[i] if specs and i < len(specs) else None
        files.append(make_file(out_dir, i + 1, seed=seed, issuers=issuers, spec=spec))
    truth = {"version": 1, "generator": "synth.inbox.make_inbox", "seed": seed, "n": n,
             "issuers": issuers or list(ISSUERS),
             "notes": ["fields: forms.md normal forms",
                       "validity / expected_findings: synth.truth_rules.judge on truth fields (no registry)",
                       "received_at: from the sidecar when sidecar=true, else the file mtime (date violations are "
                       "not planted on those files)"],
             "summary": _summary(files), "files": files}
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    truth_path.write_text(json.dumps(truth, indent=1) + "\n")
    return truth_path


def _summary(files: list[dict]) -> dict:
    from collections import Counter
    docs = [d for f in files for d in f["documents"]]
    return {"files": len(files), "quarantine_files": sum(f["quarantine"] for f in files), "documents": len(docs),
            "pages": sum(f["n_pages"] for f in files if not f["quarantine"]),
            "by_form_type": dict(Counter(d["form_type"] for d in docs)),
            "by_validity": dict(Counter(d["validity"] for d in docs)),
            "by_kind": dict(Counter(f["kind"] for f in files)),
            "planted_codes": dict(Counter(c for d in docs for c in d["violations"]))}
