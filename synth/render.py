"""Render one filled document: clean, upright 300-dpi grayscale pages plus its truth.

``render_document`` is the entry point tests, ``inbox.py`` and the model
training scripts use. ``other`` documents (letters, subpoenas, record pages,
junk faxes) come from ``others.py`` through the same call.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace

from PIL import Image

from synth import violations as V
from synth.canvas import Box, Canvas
from synth.cases import draw_case
from synth.ink import Pen
from synth.layout import Layout
from synth.templates import TEMPLATES, get_template, templates_for

FORM_TYPES = ["access_request", "third_party_authorization", "portal_proxy_authorization",
              "minor_portal_authorization", "amendment_request", "revocation", "other"]
ALWAYS = {"signature_present", "statement_revocation", "statement_conditioning", "statement_redisclosure",
          "sud_consent_elements", "minor_signature_present", "guardian_signature_present"}


@dataclass
class RenderedDocument:
    """A rendered document. ``pages`` are clean 300-dpi 'L' images, upright; ``fields`` the truth
    (forms.md normal forms); ``field_boxes`` field -> (page index, (x0, y0, x1, y1)) in page pixels."""

    form_type: str
    template: str
    issuer: str | None
    fill: str
    pages: list[Image.Image]
    page_roles: list[str]
    fields: dict
    field_boxes: dict[str, tuple[int, Box]] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)  # rule codes planted
    violation_kinds: list[str] = field(default_factory=list)
    received_at: dt.datetime | None = None
    canvases: list[Canvas] = field(default_factory=list, repr=False)  # drawing record, for born-digital PDFs

    @property
    def n_pages(self) -> int:
        return len(self.pages)


def default_received_at(seed: int) -> dt.datetime:
    """A deterministic arrival time in 2025-2027 with a US UTC offset."""
    r = random.Random(seed * 7919 + 13)
    day = dt.date(2025, 6, 1) + dt.timedelta(days=r.randint(0, 600))
    tz = dt.timezone(dt.timedelta(hours=r.choice([-4, -5, -6, -7])))
    return dt.datetime(day.year, day.month, day.day, r.randint(6, 20), r.randint(0, 59), r.randint(0, 59), tzinfo=tz)


def render_document(form_type: str, *, seed: int, issuer: str | None = None, fill: str = "handwritten",
                    violations: list[str] | tuple[str, ...] = (), received_at: dt.datetime | None = None,
                    template: str | None = None, issuers: list[str] | None = None,
                    capitals: bool = False) -> RenderedDocument:
    """Render one document of ``form_type`` deterministically from ``seed``.

    issuer: issuer key or name (``synth.templates.ISSUERS``); ``issuers`` restricts the random choice
    instead. fill: "handwritten" or "typed". violations: kinds or rule codes (``synth.violations``);
    kinds that cannot apply to the chosen template are skipped (``.violation_kinds`` lists those planted).
    received_at: the arrival time dates are made consistent with (default: derived from the seed).
    capitals: a handwritten fill prints every value in block capitals (the truth keeps the values' case).
    """
    if form_type not in FORM_TYPES:
        raise ValueError(f"unknown form type {form_type!r}")
    rng = random.Random(seed)
    received_at = received_at or default_received_at(seed)
    if form_type == "other":
        from synth.others import render_other
        return render_other(seed=seed, rng=rng, fill=fill, received_at=received_at)
    kinds = V.resolve(list(violations))
    if template is None:
        names = templates_for(form_type, [issuer] if issuer else issuers)
        if not names:
            raise ValueError(f"no template of {form_type} for issuer(s) {issuer or issuers}")
        template = rng.choice(names)
    elif template not in TEMPLATES[form_type]:
        raise ValueError(f"{template!r} is not a {form_type} template")
    tpl = get_template(template)
    pen = Pen.typed(rng) if fill == "typed" else Pen.hand(rng)
    if capitals and pen.handwritten:
        pen = replace(pen, capitals=True)
    case = draw_case(tpl, rng=rng, seed=seed, received=received_at.date(), kinds=kinds, typed=fill == "typed")
    lay = Layout(tpl, case, pen, rng)
    canvases = lay.run()
    boxes = dict(lay.boxes)
    fields = _truth(case.fields, boxes, form_type)
    planted = [k for k in case.kinds if _effective(k, fields)]
    return RenderedDocument(
        form_type=form_type, template=tpl.name, issuer=tpl.issuer, fill=fill,
        pages=[c.image for c in canvases], page_roles=["form"] * len(canvases), fields=fields,
        field_boxes={k: v for k, v in boxes.items() if k in fields}, violations=[V.code_of(k) for k in planted],
        violation_kinds=planted, received_at=received_at, canvases=canvases)


def _truth(values: dict, boxes: dict, form_type: str) -> dict:
    """Keep what was actually written (or is always defined); mirror the minor's fields."""
    out = {}
    for k, v in values.items():
        if k in boxes or k in ALWAYS:
            out[k] = v
    if form_type == "minor_portal_authorization":
        for gen, own in (("patient_name", "minor_name"), ("patient_dob", "minor_dob")):
            if own in out:
                out[gen] = out[own]
                boxes[gen] = boxes[own]
        if "guardian_signature_date" in out:
            out["signature_date"] = out["guardian_signature_date"]
            boxes["signature_date"] = boxes["guardian_signature_date"]
        out["signature_present"] = values.get("guardian_signature_present", False)
        if "guardian_signature_present" in boxes:
            boxes["signature_present"] = boxes["guardian_signature_present"]
    if form_type == "third_party_authorization" and not out.get("sud_consent_elements"):
        out.pop("sud_consent_elements", None)
    order = list(values)
    return dict(sorted(out.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 999))


def _effective(kind: str, fields: dict) -> bool:
    """A planted kind counts only if the rendered truth still shows it."""
    need_absent = {"patient_name_missing": "patient_name", "recipient_missing": "recipient_name",
                   "purpose_missing": "purpose", "records_missing": "records_requested",
                   "proxy_scope_missing": "access_scope", "proxy_name_missing": "proxy_name",
                   "access_to_missing": "access_to", "amend_what_missing": "information_to_amend",
                   "amend_change_missing": "requested_change", "amend_reason_missing": "reason",
                   "directive_address_missing": "recipient_address", "rep_authority_missing": "representative_authority",
                   "guardian_missing": "guardian_name"}
    if kind in need_absent:
        ok = need_absent[kind] not in fields
        if kind == "directive_address_missing":
            ok = ok and "recipient_name" in fields
        if kind == "rep_authority_missing":
            ok = ok and "signer_name" in fields
        return ok
    if kind == "expiration_missing":
        return "expiration_date" not in fields and "expiration_event" not in fields
    if kind in ("signature_date_after_received", "expired", "minor_too_old", "minor_too_young",
                "proxy_patient_minor", "parent_of_adult", "minor_sud_parent_only"):
        key = {"signature_date_after_received": "signature_date", "expired": "expiration_date",
               "minor_too_old": "minor_dob", "minor_too_young": "minor_dob", "proxy_patient_minor": "patient_dob",
               "parent_of_adult": "representative_authority", "minor_sud_parent_only": "signer_name"}[kind]
        return key in fields
    return True


def render_page(kind: str, *, seed: int, received_at: dt.datetime | None = None, person: str | None = None,
                to: str | None = None, fill: str = "typed") -> RenderedDocument:
    """One non-form page: ``cover_sheet``, ``id_copy``, ``power_of_attorney``, ``court_order``,
    ``intro_letter`` or ``blank``; ``.page_roles`` is its role (cover_sheet / attachment / blank)."""
    from synth import fills as F
    from synth import others as O
    if kind not in O.PAGE_KINDS:
        raise ValueError(f"unknown page kind {kind!r}; known: {O.PAGE_KINDS}")
    rng = random.Random(seed)
    fk = F.faker(seed)
    R = received_at or default_received_at(seed)
    person = person or F.person_name(rng, fk)
    to = to or rng.choice(["Aspen Ridge Health", "Blue Mesa Clinic", f"{fk.city()} Medical Center"])
    if kind == "cover_sheet":
        c = O.cover_sheet(rng, fk, to=to, to_fax=F.phone(rng), sender=O.Party.draw(rng, fk), when=R,
                          n_pages=rng.randint(2, 6), fill=fill)
    elif kind == "id_copy":
        c = O.id_copy(rng, fk, name=person, dob=F.dob_for_age(R.date(), rng.randint(20, 80), rng),
                      address=F.join_address(F.address(fk)))
    elif kind == "power_of_attorney":
        c = O.power_of_attorney(rng, fk, principal=F.person_name(rng, fk), agent=person, R=R.date())
    elif kind == "court_order":
        c = O.court_order(rng, fk, ward=F.person_name(rng, fk), guardian=person, R=R.date())
    elif kind == "intro_letter":
        c = O.intro_letter(rng, fk, sender=O.Party.draw(rng, fk), to=to, patient=person, R=R.date(),
                           form_label=rng.choice(["authorization", "request for records", "signed release"]))
    else:
        c = O.blank_page(rng)
    return RenderedDocument(form_type="other", template=f"page.{kind}", issuer=None, fill=fill, pages=[c.image],
                            page_roles=[O.ROLE_OF[kind]], fields={}, received_at=R, canvases=[c])
