"""Opening inbox files: every format of forms.md, and every way a file can be bad."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from pipeline.errors import (
    EmptyFileError,
    EncryptedFileError,
    LimitExceededError,
    NotADocumentError,
    TruncatedFileError,
    ZeroPagesError,
)
from pipeline.load import count_pages, load_pages
from tests.pages import fax_frame, text_page, write_fax

LIMITS = {"max_pages": 200, "max_pixels": 60_000_000}


def text_pdf(path: Path, lines: list[str], pages: int = 1) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    for _ in range(pages):
        y = 700
        for line in lines:
            c.drawString(72, y, line)
            y -= 20
        c.showPage()
    c.save()
    return path


class TestFaxTiff:
    def test_standard_mode_g4_keeps_its_non_square_dpi(self, tmp_path: Path) -> None:
        page = text_page()
        path = write_fax(tmp_path / "f.tif", [fax_frame(page, fine=False)] * 2, fine=False)
        raws = list(load_pages(path, **LIMITS))
        assert len(raws) == 2
        assert (round(raws[0].xdpi), raws[0].ydpi) == (204, 98)
        assert raws[0].image.shape == (1078, 1728)

    def test_g3_fine_mode(self, tmp_path: Path) -> None:
        path = write_fax(tmp_path / "f.tif", [fax_frame(text_page(), fine=True)], fine=True, compression="group3")
        (raw,) = load_pages(path, **LIMITS)
        assert raw.ydpi == 196

    def test_wrong_dpi_tag_is_corrected_from_the_frame_shape(self, tmp_path: Path) -> None:
        """GIVEN a standard-mode frame tagged 204x196 WHEN loaded THEN the page height says 98 lines/inch."""
        path = write_fax(tmp_path / "f.tif", [fax_frame(text_page(), fine=False)], fine=False, dpi=(204, 196))
        (raw,) = load_pages(path, **LIMITS)
        assert raw.ydpi == 98


class TestPdf:
    def test_text_layer_words_come_with_boxes(self, tmp_path: Path) -> None:
        path = text_pdf(tmp_path / "a.pdf", ["Request to Amend Health Information", "Patient Name: Kim Doe"])
        (raw,) = load_pages(path, **LIMITS)
        words = [w.text for w in raw.text_words]
        assert "Amend" in words and "Kim" in words
        box = next(w.bbox for w in raw.text_words if w.text == "Request")
        assert 250 <= box[0] <= 320  # 72 pt from the left edge is 300 px at 300 dpi

    def test_encrypted_pdf_is_refused(self, tmp_path: Path) -> None:
        plain = text_pdf(tmp_path / "p.pdf", ["secret"])
        enc = tmp_path / "e.pdf"
        with pikepdf.open(plain) as pdf:
            pdf.save(enc, encryption=pikepdf.Encryption(user="pw", owner="pw2"))
        with pytest.raises(EncryptedFileError):
            list(load_pages(enc, **LIMITS))

    def test_truncated_pdf(self, tmp_path: Path) -> None:
        data = text_pdf(tmp_path / "p.pdf", ["x"] * 20).read_bytes()
        bad = tmp_path / "t.pdf"
        bad.write_bytes(data[: len(data) // 2])
        with pytest.raises(TruncatedFileError):
            list(load_pages(bad, **LIMITS))

    def test_zero_page_pdf(self, tmp_path: Path) -> None:
        path = tmp_path / "z.pdf"
        pikepdf.new().save(path)
        with pytest.raises(ZeroPagesError):
            count_pages(path)

    def test_page_limit(self, tmp_path: Path) -> None:
        path = text_pdf(tmp_path / "many.pdf", ["x"], pages=5)
        with pytest.raises(LimitExceededError):
            list(load_pages(path, max_pages=4, max_pixels=60_000_000))


class TestNotDocuments:
    def test_empty_file(self, tmp_path: Path) -> None:
        (tmp_path / "e.tif").write_bytes(b"")
        with pytest.raises(EmptyFileError):
            list(load_pages(tmp_path / "e.tif", **LIMITS))

    def test_zip_named_pdf(self, tmp_path: Path) -> None:
        path = tmp_path / "z.pdf"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("a.txt", "hello")
        with pytest.raises(NotADocumentError):
            list(load_pages(path, **LIMITS))

    def test_zip_holding_a_pdf_is_not_read_as_the_pdf(self, tmp_path: Path) -> None:
        inner = text_pdf(tmp_path / "inner.pdf", ["Authorization"]).read_bytes()
        path = tmp_path / "upload.pdf"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
            z.writestr("scan001.pdf", inner)
        assert b"%PDF-" in path.read_bytes()[:1024]
        with pytest.raises(NotADocumentError):
            list(load_pages(path, **LIMITS))

    def test_text_named_tif(self, tmp_path: Path) -> None:
        (tmp_path / "n.tif").write_text("not a fax")
        with pytest.raises(NotADocumentError):
            list(load_pages(tmp_path / "n.tif", **LIMITS))

    def test_truncated_tiff(self, tmp_path: Path) -> None:
        good = write_fax(tmp_path / "g.tif", [fax_frame(text_page(), fine=True)], fine=True).read_bytes()
        (tmp_path / "t.tif").write_bytes(good[: len(good) // 3])
        with pytest.raises(TruncatedFileError):
            list(load_pages(tmp_path / "t.tif", **LIMITS))

    def test_pixel_limit(self, tmp_path: Path) -> None:
        Image.fromarray(np.full((3000, 3000), 255, np.uint8)).save(tmp_path / "big.png")
        with pytest.raises(Exception, match="pixel limit"):
            list(load_pages(tmp_path / "big.png", max_pages=200, max_pixels=1_000_000))


class TestFillablePdf:
    def test_values_typed_into_form_fields_are_read(self, tmp_path: Path) -> None:
        """GIVEN a fillable PDF whose field holds a value but whose text layer does not
        WHEN loaded THEN the value's words come with the field's box, once."""
        from reportlab.lib.colors import white

        c = canvas.Canvas(str(tmp_path / "form.pdf"), pagesize=letter)
        for i, line in enumerate(["Authorization to Release Health Information"] + ["Printed form text"] * 15):
            c.drawString(72, 740 - 20 * i, line)
        c.drawString(72, 300, "Patient name:")
        c.acroForm.textfield(name="patient", x=160, y=292, width=250, height=20, value="",
                             fillColor=white, borderWidth=0)
        c.save()
        import pypdf

        w = pypdf.PdfWriter(clone_from=pypdf.PdfReader(tmp_path / "form.pdf"))
        w.update_page_form_field_values(w.pages[0], {"patient": "Jordan Q. Example"}, auto_regenerate=False)
        w.write(tmp_path / "filled.pdf")
        (raw,) = load_pages(tmp_path / "filled.pdf", **LIMITS)
        got = [wd for wd in raw.text_words if wd.text in ("Jordan", "Q.", "Example")]
        assert [wd.text for wd in got] == ["Jordan", "Q.", "Example"]
        assert all(160 * 300 / 72 - 5 <= wd.x0 <= 410 * 300 / 72 for wd in got)
