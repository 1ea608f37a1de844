"""Tests of the form synthesiser (fast, no OCR).

The score.py check reads ../shared/tools/score.py (the shared evaluation
tool) and is skipped when that folder is absent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import random
import zipfile
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageSequence

from synth import degrade as D
from synth import violations as V
from synth import writers as Wr
from synth.inbox import FileSpec, make_inbox
from synth.render import FORM_TYPES, render_document, render_page
from synth.templates import ISSUERS, TEMPLATES, get_template, templates_for
from synth.truth_rules import judge

REPO = Path(__file__).resolve().parent.parent
SCORE = REPO.parent / "shared" / "tools" / "score.py"
SAMPLE_TRUTH = REPO / "tests" / "resources" / "sample_inbox.truth.json"
R = dt.datetime(2026, 3, 2, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=-7)))


def _digest(img: Image.Image) -> str:
    return hashlib.sha256(img.tobytes()).hexdigest()


@pytest.mark.parametrize("form_type", FORM_TYPES)
def test_every_form_type_renders(form_type: str) -> None:
    doc = render_document(form_type, seed=11, received_at=R)
    assert doc.form_type == form_type
    assert doc.pages and len(doc.pages) == len(doc.page_roles)
    for p in doc.pages:
        assert p.mode == "L" and p.size == (2550, 3300)
    if form_type != "other":
        assert doc.fields.get("patient_name") or doc.violations
        assert isinstance(doc.fields["signature_present"], bool)
        for key, (page, box) in doc.field_boxes.items():
            assert key in doc.fields
            assert 0 <= page < len(doc.pages)
            assert 0 <= box[0] <= box[2] <= 2550 and 0 <= box[1] <= box[3] <= 3300


def test_templates_per_form_type() -> None:
    for ft, names in TEMPLATES.items():
        assert len({n.split(".")[0] for n in names}) >= 4, ft
        for n in names:
            assert get_template(n).form_type == ft
    assert not {"pinecrest", "riverbend", "summit"} & set(ISSUERS)
    assert templates_for("access_request", ["aspen"]) == ["aspen.access_request"]


def test_same_seed_same_document() -> None:
    a = render_document("third_party_authorization", seed=5, received_at=R)
    b = render_document("third_party_authorization", seed=5, received_at=R)
    assert a.fields == b.fields and a.template == b.template
    assert [_digest(p) for p in a.pages] == [_digest(p) for p in b.pages]
    c = render_document("third_party_authorization", seed=6, received_at=R)
    assert c.fields != a.fields


def test_normal_forms() -> None:
    for seed in range(12):
        doc = render_document("third_party_authorization", seed=seed, received_at=R)
        f = doc.fields
        for k in ("patient_dob", "signature_date", "expiration_date", "date_range_start", "date_range_end"):
            if k in f:
                dt.date.fromisoformat(f[k])
        for k in ("patient_phone", "recipient_phone"):
            if k in f:
                assert f[k].isdigit() and len(f[k]) == 10
        if "patient_email" in f:
            assert f["patient_email"] == f["patient_email"].lower()
        if "records_requested" in f:
            assert f["records_requested"] == sorted(f["records_requested"])
        for s in ("statement_revocation", "statement_conditioning", "statement_redisclosure"):
            assert isinstance(f[s], bool)


@pytest.mark.parametrize("kind,code,form_type", [
    ("statement_redisclosure_missing", "AUTH_STMT_REDISCLOSURE", "third_party_authorization"),
    ("signature_missing", "AUTH_SIGNATURE_MISSING", "access_request"),
    ("signature_date_after_received", "AUTH_SIGNED_AFTER_RECEIPT", "amendment_request"),
    ("expired", "AUTH_EXPIRED", "portal_proxy_authorization"),
    ("minor_too_old", "MINOR_PORTAL_AGE", "minor_portal_authorization"),
    ("psychotherapy_compounded", "AUTH_PSYCHOTHERAPY_COMPOUND", "third_party_authorization"),
    ("proxy_scope_missing", "PROXY_CORE", "portal_proxy_authorization"),
])
def test_planted_violation_is_judged(kind: str, code: str, form_type: str) -> None:
    doc = render_document(form_type, seed=3, received_at=R, violations=[kind])
    assert doc.violations == [code]
    j = judge(form_type, doc.fields, R, "fax", doc.page_roles)
    assert code in j["expected_errors"] and j["validity"] == "invalid"


def test_violation_codes_resolve() -> None:
    assert V.resolve(["AUTH_EXPIRED", "signature_missing"]) == ["expired", "signature_missing"]
    with pytest.raises(KeyError):
        V.resolve(["NOT_A_RULE"])


def test_fax_tiff_g4_standard_is_non_square(tmp_path: Path) -> None:
    doc = render_document("access_request", seed=2, received_at=R)
    rng = random.Random(0)
    pages = [D.to_fax(p, mode="standard", rng=rng, rotation=r) for p, r in zip(doc.pages * 2, [0, 180])]
    path = tmp_path / "f.tif"
    Wr.write_tiff(pages, path, compression="group4", dpi=(204, 98))
    im = Image.open(path)
    frames = list(ImageSequence.Iterator(im))
    assert len(frames) == 2
    im.seek(0)
    assert im.info["compression"] == "group4"
    assert tuple(round(v) for v in im.info["dpi"]) == (204, 98)
    assert im.mode == "1" and im.size == (1728, 1078)
    # pixels are twice as tall as wide: a letter page has only ~5.3 "inches" of rows at 204 dpi
    assert im.size[1] / im.size[0] < 0.7


def test_fax_fine_g3(tmp_path: Path) -> None:
    doc = render_document("revocation", seed=2, received_at=R)
    page = D.to_fax(doc.pages[0], mode="fine", rng=random.Random(1))
    path = tmp_path / "f.tif"
    Wr.write_tiff([page], path, compression="group3", dpi=(204, 196))
    im = Image.open(path)
    assert im.info["compression"] == "group3" and im.size == (1728, 2156)


@pytest.mark.parametrize("kind", Wr.BAD_KINDS)
def test_bad_files_are_what_they_claim(tmp_path: Path, kind: str) -> None:
    path = tmp_path / ("x" + Wr.BAD_EXT[kind])
    Wr.write_bad(kind, path, random.Random(4))
    data = path.read_bytes()
    if kind == "empty":
        assert data == b""
    elif kind == "encrypted_pdf":
        with pytest.raises(pikepdf.PasswordError):
            pikepdf.open(path)
    elif kind == "truncated_pdf":
        assert data.startswith(b"%PDF") and b"%%EOF" not in data
    elif kind == "zip_as_pdf":
        assert zipfile.is_zipfile(path)
    elif kind == "zero_page_pdf":
        assert len(pikepdf.open(path).pages) == 0
    elif kind == "txt_as_tif":
        with pytest.raises(Exception):
            Image.open(path)
    elif kind == "oversized_pdf":
        assert len(pikepdf.open(path).pages) > 200


def test_digital_pdf_has_text_layer(tmp_path: Path) -> None:
    import pypdf
    doc = render_document("access_request", seed=8, fill="typed", received_at=R)
    path = tmp_path / "d.pdf"
    Wr.write_digital_pdf(doc.canvases, path)
    text = pypdf.PdfReader(path).pages[0].extract_text()
    assert doc.issuer.split()[0] in text
    assert doc.fields["patient_name"].split()[-1] in text


def _score_module():
    if not SCORE.exists():
        pytest.skip("../shared/tools/score.py not present")
    spec = importlib.util.spec_from_file_location("score", SCORE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def test_make_inbox_truth_loads_in_score(tmp_path: Path) -> None:
    specs = [FileSpec(kind="fax", form_types=["access_request", "other"], fmt="tiff", fax_mode="standard",
                      attachments=[[], []]),
             FileSpec(kind="digital", form_types=["revocation"], attachments=[[]]),
             FileSpec(kind="bad", bad_kind="zip_as_pdf")]
    inbox = tmp_path / "inbox"
    truth_path = make_inbox(inbox, n=3, seed=9, specs=specs)
    assert truth_path.parent != inbox and truth_path.exists()
    truth = json.loads(truth_path.read_text())
    names = {p.name for p in inbox.iterdir() if not p.name.endswith(".json")}
    assert names == {f["file"] for f in truth["files"]}
    for f in truth["files"]:
        for d in f["documents"]:
            assert len(d["pages"]) == len(d["page_roles"])
            assert d["validity"] in ("valid", "invalid", "unknown")
        if f["sidecar"]:
            sc = json.loads((inbox / (f["file"] + ".json")).read_text())
            assert sc["received_at"] == f["received_at"] and sc["pages"] == f["n_pages"]
    fax = truth["files"][0]
    im = Image.open(inbox / fax["file"])
    assert fax["n_pages"] == sum(1 for _ in ImageSequence.Iterator(im))
    score = _score_module()
    empty = tmp_path / "results"
    empty.mkdir()
    rep = score.score(truth, str(empty), score.find_schema(None))
    assert rep["files_lost"] == 3 and rep["documents"] == 3


def test_same_seed_same_inbox_truth(tmp_path: Path) -> None:
    specs = [FileSpec(kind="mail", form_types=["amendment_request"], fmt="png", attachments=[[]])]
    a = json.loads(make_inbox(tmp_path / "a", n=1, seed=4, specs=specs).read_text())
    b = json.loads(make_inbox(tmp_path / "b", n=1, seed=4, specs=specs).read_text())
    assert a["files"] == b["files"]
    fa = (tmp_path / "a" / a["files"][0]["file"]).read_bytes()
    fb = (tmp_path / "b" / b["files"][0]["file"]).read_bytes()
    assert fa == fb


def test_sample_inbox_matches_its_truth() -> None:
    if not SAMPLE_TRUTH.exists():
        pytest.skip("sample inbox not generated")
    truth = json.loads(SAMPLE_TRUTH.read_text())
    folder = REPO / "sample_inbox"
    names = {p.name for p in folder.iterdir() if not p.name.endswith(".json")}
    assert names == {f["file"] for f in truth["files"]}
    kinds = {f["kind"] for f in truth["files"]}
    assert {"fax", "mail", "photo", "digital", "bad"} <= kinds
    types = {d["form_type"] for f in truth["files"] for d in f["documents"]}
    assert set(FORM_TYPES) <= types
    assert any(len(f["documents"]) > 1 and f["kind"] == "fax" for f in truth["files"])
    assert sum(p.stat().st_size for p in folder.iterdir()) < 5_000_000


@pytest.mark.parametrize("kind,role", [("cover_sheet", "cover_sheet"), ("id_copy", "attachment"),
                                       ("power_of_attorney", "attachment"), ("court_order", "attachment"),
                                       ("intro_letter", "attachment"), ("blank", "blank")])
def test_render_page_kinds(kind: str, role: str) -> None:
    doc = render_page(kind, seed=1, received_at=R)
    assert doc.page_roles == [role] and doc.pages[0].size == (2550, 3300)


def test_issuer_hold_out() -> None:
    for seed in range(6):
        doc = render_document("access_request", seed=seed, issuers=["aspen", "bluemesa"], received_at=R)
        assert doc.template.split(".")[0] in ("aspen", "bluemesa")


def test_a_pen_printing_in_capitals_writes_the_value_in_capitals() -> None:
    """``Pen.capitals`` (``render_document(capitals=True)``): the ink is the upper-cased value written by the same
    hand with the same strokes; the truth keeps the value as the case holds it."""
    import random
    from dataclasses import replace

    import numpy as np

    from synth.canvas import Canvas
    from synth.ink import Pen, write
    from synth.render import render_document

    pen = Pen.hand(random.Random(3))
    caps = replace(pen, capitals=True)
    imgs = []
    for p, text in ((caps, "Maria L. Garcia"), (pen, "MARIA L. GARCIA"), (pen, "Maria L. Garcia")):
        c = Canvas()
        write(c, 100, 200, text, p, random.Random(5))
        imgs.append(np.asarray(c.image))
    assert np.array_equal(imgs[0], imgs[1]) and not np.array_equal(imgs[0], imgs[2])
    plain = render_document("access_request", seed=21, issuer="northfork")
    upper = render_document("access_request", seed=21, issuer="northfork", capitals=True)
    assert upper.fields == plain.fields
    name = plain.fields["patient_name"]
    assert any(ch.islower() for ch in name)
    assert not np.array_equal(np.asarray(upper.pages[0]), np.asarray(plain.pages[0]))


def test_surnames_carry_apostrophes_and_hyphens_as_people_write_them() -> None:
    """Faker lists "Obrien" and no hyphenated surnames; dev-like inboxes hold "O'Brien" and "Hamilton-Cabrera".
    The synthesiser writes both shapes, drawn apart from the document's generator so a seeded document's other
    values stay what they were."""
    from synth import fills as F

    fk = F._faker()
    fk.seed_instance(7)
    rng = random.Random(7)
    names = [F.person_name(rng, fk) for _ in range(600)]
    lasts = [n.split()[-1] for n in names]
    hyphened = [s for s in lasts if "-" in s]
    quoted = [s for s in lasts if "'" in s]
    assert 0.03 < len(hyphened) / len(lasts) < 0.13 and all(len(p) > 1 for s in hyphened for p in s.split("-"))
    assert quoted and all(s[1] == "'" for s in quoted)
    assert not set(lasts) & set(F.APOSTROPHE_SURNAMES)  # "Obrien" never: "O'Brien"
    a, b = render_document("access_request", seed=41), render_document("access_request", seed=41)
    assert a.fields == b.fields
