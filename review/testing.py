"""Small, made-up output folders for the desk's tests and demos (no real person in them).

``make_sample_out`` writes what the pipeline would: result JSON whose
findings come from the real rules engine, and page PNGs with the values drawn
where the fields' boxes say. One third-party authorization lacks its
recipient (AUTH_CORE_RECIPIENT), one access request has an unsure date, and
one file is quarantined.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from pipeline.result import DocumentResult, FieldValue, PageInfo, Source

AUTH_ID = "a1b2c3d4e5f60718-0badcafe-p001"
ACCESS_ID = "99887766554433aa-12345678-p001"
QUARANTINE_ID = "ffeeddccbbaa9988-87654321-p001"
W, H = 850, 1100


def _font(size: int) -> Any:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # pragma: no cover - Pillow without FreeType
        return ImageFont.load_default()


def _draw_page(path: Path, title: str, lines: list[tuple[str, str, Any]]) -> dict[str, list[float]]:
    """Draw label: value lines; returns each field's value box in pixels."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    d.text((60, 50), title, font=_font(30), fill=0)
    d.line((60, 95, W - 60, 95), fill=0, width=2)
    boxes: dict[str, list[float]] = {}
    y = 130
    small = _font(18)
    for name, label, value in lines:
        d.text((60, y), label, font=small, fill=90)
        text = value if isinstance(value, str) else (
            ", ".join(value) if isinstance(value, list) else ("[x]" if value else "[ ]"))
        d.line((320, y + 24, W - 60, y + 24), fill=170, width=1)
        if text:
            d.text((325, y), text, font=small, fill=0)
            x0, y0, x1, y1 = d.textbbox((325, y), text, font=small)
            boxes[name] = [float(x0 - 4), float(y0 - 4), float(x1 + 4), float(y1 + 4)]
        else:
            boxes[name] = [320.0, float(y - 2), float(W - 60), float(y + 26)]
        y += 52
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)
    return boxes


def _result(doc_id: str, source: Source, form_type: str, conf: float,
            fields: dict[str, FieldValue], pages: list[PageInfo], own_template: bool) -> dict:
    from pipeline.route import DocumentDraft, decide

    dec = decide(DocumentDraft(form_type=form_type, form_type_confidence=conf, fields=fields,
                               pages=pages, source=source, own_template=own_template))
    return DocumentResult(
        document_id=doc_id, source=source, pages=pages, form_type=form_type,
        form_type_confidence=conf, fields=fields, findings=dec.findings, validity=dec.validity,
        route=dec.route, review_reasons=dec.review_reasons, due_date=dec.due_date,
    ).to_json_dict()


def make_sample_out(out_dir: Path) -> dict[str, Path]:
    """Write three results (+ page images) under ``out_dir``; returns their result paths."""
    out_dir = Path(out_dir)
    results = out_dir / "results"
    results.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}

    # 1. Third-party authorization, recipient missing: invalid, in review.
    auth_lines: list[tuple[str, str, Any]] = [
        ("patient_name", "Patient name", "Maria L. Gonzales"),
        ("patient_dob", "Date of birth", "1980-04-02"),
        ("disclosing_party", "Who may disclose", "Front Range Health"),
        ("recipient_name", "Release to (name)", ""),
        ("recipient_address", "Recipient address", "410 N. Main Street, Logan, UT 84321"),
        ("recipient_phone", "Recipient phone", "9705550142"),
        ("purpose", "Purpose", "at the request of the individual"),
        ("records_requested", "Records", ["lab_results", "progress_notes"]),
        ("expiration_date", "Expires on", "2027-10-28"),
        ("statement_revocation", "Right to revoke stated", True),
        ("statement_conditioning", "Conditioning stated", True),
        ("statement_redisclosure", "Redisclosure stated", True),
        ("signature_present", "Signature", True),
        ("signature_date", "Date signed", "2026-10-28"),
        ("signer_name", "Printed name", "Maria L. Gonzales"),
    ]
    boxes = _draw_page(out_dir / "pages" / AUTH_ID / "page-2.png",
                       "AUTHORIZATION TO DISCLOSE HEALTH INFORMATION", auth_lines)
    cover = Image.new("L", (W, H), 255)
    ImageDraw.Draw(cover).text((60, 60), "FAX COVER SHEET", font=_font(34), fill=0)
    cover.save(out_dir / "pages" / AUTH_ID / "page-1.png")
    fields = {name: FieldValue(value=value, confidence=0.97, page=2, bbox=boxes[name])
              for name, _label, value in auth_lines if value != ""}
    src = Source(file="FAX_0012.tif", sha256="a1b2c3d4e5f60718" + "0" * 48,
                 received_at="2026-11-02T14:31:00-07:00", channel="fax", sender_fax="3035550199")
    pages = [PageInfo(number=1, role="cover_sheet", ocr_confidence=0.9),
             PageInfo(number=2, role="form", ocr_confidence=0.93)]
    data = _result(AUTH_ID, src, "third_party_authorization", 0.98, fields, pages, True)
    written[AUTH_ID] = _write(results, AUTH_ID, data)

    # 2. Access request by mail, a date read unsure: due date set, in review.
    acc_lines: list[tuple[str, str, Any]] = [
        ("patient_name", "Patient name", "Samuel Okafor"),
        ("patient_dob", "Date of birth", "1975-09-14"),
        ("records_requested", "Records", ["all_records"]),
        ("delivery_format", "Format", "electronic"),
        ("delivery_method", "Delivery", "email"),
        ("patient_email", "Email", "s.okafor@example.org"),
        ("signature_present", "Signature", True),
        ("signature_date", "Date signed", "2026-10-30"),
    ]
    boxes = _draw_page(out_dir / "pages" / ACCESS_ID / "page-1.png",
                       "PATIENT REQUEST TO ACCESS HEALTH RECORDS", acc_lines)
    fields = {name: FieldValue(value=value, confidence=0.6 if name == "signature_date" else 0.95,
                               page=1, bbox=boxes[name]) for name, _l, value in acc_lines}
    src = Source(file="MAIL_0003.pdf", sha256="99887766554433aa" + "1" * 48,
                 received_at="2026-11-03T09:00:00-07:00", channel="mail")
    data = _result(ACCESS_ID, src, "access_request", 0.97, fields,
                   [PageInfo(number=1, role="form", ocr_confidence=0.91)], True)
    written[ACCESS_ID] = _write(results, ACCESS_ID, data)

    # 3. A file that could not be read.
    q = DocumentResult(
        document_id=QUARANTINE_ID,
        source=Source(file="FAX_0099.tif", sha256="ffeeddccbbaa9988" + "2" * 48,
                      received_at="2026-11-04T08:00:00-07:00", channel="fax"),
        pages=[], form_type="other", form_type_confidence=0, fields={}, findings=[],
        validity="unknown", route="quarantine", review_reasons=[],
        error="The file is not a readable TIFF (it ends early): ask the sender to fax it again.",
    ).to_json_dict()
    written[QUARANTINE_ID] = _write(results, QUARANTINE_ID, q)
    return written


def _write(results: Path, doc_id: str, data: dict) -> Path:
    path = results / f"{doc_id}.json"
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return path
