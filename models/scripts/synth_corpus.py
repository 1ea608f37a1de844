"""Synthesised training pages: our own templates (``synth``), filled, sent through a
channel and OCR'd. They add what the real pool lacks: revocations, amendments, portal
forms, and the pages that are not forms (cover sheets, attachments, letters, records)."""

from __future__ import annotations

import datetime as dt
import random

from models.scripts.channel import through_channel
from pipeline.page_text import page_text

FORM_TYPES = ["access_request", "third_party_authorization", "portal_proxy_authorization",
              "minor_portal_authorization", "amendment_request", "revocation"]
EXTRA_KINDS = ["other", "cover_sheet", "support", "intro_letter"]
R = dt.date(2026, 3, 4)


def jobs(n: int, seed: int) -> list[dict]:
    """``n`` documents spread evenly over the form types and the non-form kinds."""
    kinds = FORM_TYPES + EXTRA_KINDS
    return [{"source": "synth", "kind": kinds[i % len(kinds)], "seed": seed * 100_000 + i} for i in range(n)]


def render(kind: str, seed: int) -> tuple[list, list[str], str]:
    """(pages, labels, family) of one synthesised document of ``kind``."""
    from synth.render import render_document

    if kind in FORM_TYPES or kind == "other":
        doc = render_document(kind, seed=seed, fill="handwritten" if seed % 3 else "typed")
        labels = [("other_doc" if kind == "other" else kind) if role == "form" else role for role in doc.page_roles]
        return doc.pages, labels, doc.template.split(".")[0]  # the issuer key: train.py splits by it
    from synth import fills as F
    from synth import others as O

    rng = random.Random(seed)
    fk = F.faker(seed)
    sender = O.Party.draw(rng, fk)
    patient = F.person_name(rng, fk)
    if kind == "cover_sheet":
        when = dt.datetime(2026, 3, 4, 10, 30, tzinfo=dt.UTC)
        canvas = O.cover_sheet(rng, fk, to=f"{fk.city()} Health - Records", to_fax=F.phone(rng), sender=sender,
                               when=when, n_pages=rng.randint(2, 6), fill=rng.choice(["typed", "handwritten"]))
    elif kind == "intro_letter":
        canvas = O.intro_letter(rng, fk, sender=sender, to=f"{fk.city()} Medical Center", patient=patient, R=R,
                                form_label=rng.choice(["HIPAA authorization", "request for records",
                                                       "authorization to release information", "revocation"]))
    else:
        which = rng.choice(["id_copy", "power_of_attorney", "court_order"])
        if which == "id_copy":
            canvas = O.id_copy(rng, fk, name=patient, dob=dt.date(1980, 5, 6), address=None)
        elif which == "power_of_attorney":
            canvas = O.power_of_attorney(rng, fk, principal=patient, agent=F.person_name(rng, fk), R=R)
        else:
            canvas = O.court_order(rng, fk, ward=patient, guardian=F.person_name(rng, fk), R=R)
    return [canvas.image], [kind], f"extra-{seed % 7}"


def run_synth_job(job: dict) -> list[dict]:
    pages, labels, family = render(job["kind"], job["seed"])
    rng = random.Random(job["seed"] + 1)
    rows = []
    for i, (img, label) in enumerate(zip(pages, labels, strict=True)):
        if label in ("blank", "attachment"):
            continue
        page = through_channel(img, rng)
        rows.append({"id": f"synth-{job['seed']}-p{i + 1}", "label": label, "source": "synth", "family": family,
                     "kind": job["kind"], "text": page_text(page.words, page.height),
                     "ocr_confidence": page.ocr_confidence})
    return rows
