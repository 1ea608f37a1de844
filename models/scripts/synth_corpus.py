"""Synthesised training pages: our own templates (``synth``), filled, degraded like each
channel (fax, mail scan), and OCR'd through the pipeline."""

from __future__ import annotations

import numpy as np

from models.scripts.fax import fax_like
from pipeline.load import RawPage
from pipeline.page_text import page_text
from pipeline.prepare import prepare_page

FORM_TYPES = ["access_request", "third_party_authorization", "portal_proxy_authorization",
              "minor_portal_authorization", "amendment_request", "revocation"]
EXTRA_KINDS = ["other", "cover_sheet", "support", "intro_letter"]


def jobs(n: int, seed: int) -> list[dict]:
    """``n`` documents spread evenly over the form types and the non-form kinds."""
    kinds = FORM_TYPES + [k for k in EXTRA_KINDS if _available(k)]
    return [{"source": "synth", "kind": kinds[i % len(kinds)], "seed": seed * 100_000 + i} for i in range(n)]


def _available(kind: str) -> bool:
    try:
        _render(kind, 1)
    except Exception:  # the synthesiser does not make this kind (yet)
        return False
    return True


def _render(kind: str, seed: int):  # type: ignore[no-untyped-def]
    """(pages, labels, issuer) of one synthesised document of ``kind``."""
    if kind in FORM_TYPES or kind == "other":
        from synth.render import render_document

        doc = render_document(kind, seed=seed, fill="handwritten" if seed % 3 else "typed")
        labels = [_label(kind, role) for role in doc.page_roles]
        return doc.pages, labels, doc.issuer or doc.template
    from synth import pages as extra  # cover sheets, attachments, letters

    page, label, family = extra.render_page(kind, seed=seed)
    return [page], [label], family


def _label(kind: str, role: str) -> str:
    if role == "cover_sheet":
        return "cover_sheet"
    if role == "attachment":
        return "support"
    return "other_doc" if kind == "other" else kind


def run_synth_job(job: dict) -> list[dict]:
    pages, labels, family = _render(job["kind"], job["seed"])
    rng = np.random.default_rng(job["seed"])
    rows = []
    for i, (img, label) in enumerate(zip(pages, labels, strict=True)):
        if label == "blank":
            continue
        gray = np.asarray(img.convert("L"))
        if rng.random() < 0.7:
            bw, xdpi, ydpi = fax_like(gray, 300.0, rng)
            raw = RawPage(number=1, image=bw, xdpi=xdpi, ydpi=ydpi, kind="tiff")
        else:
            small = gray[::3, ::3] if rng.random() < 0.5 else gray
            dpi = 100.0 if small is not gray else 300.0
            raw = RawPage(number=1, image=np.ascontiguousarray(small), xdpi=dpi, ydpi=dpi, kind="image")
        page = prepare_page(raw)
        rows.append({"id": f"synth-{job['seed']}-p{i + 1}", "label": label, "source": "synth",
                     "family": str(family).split(".")[0], "kind": job["kind"],
                     "text": page_text(page.words, page.height), "ocr_confidence": page.ocr_confidence})
    return rows
