"""File writers: fax TIFF/PDF, scan PDFs and images, born-digital PDFs, and bad files.

Fax PDFs keep the fax server's non-square pixels: each page is 8.5 x 11 in
however many rows the image has (standard mode has half the rows).
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pikepdf
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

from synth.canvas import Canvas

BAD_KINDS = ["empty", "truncated_pdf", "encrypted_pdf", "zip_as_pdf", "zero_page_pdf", "txt_as_tif", "oversized_pdf"]
BAD_EXT = {"empty": ".pdf", "truncated_pdf": ".pdf", "encrypted_pdf": ".pdf", "zip_as_pdf": ".pdf",
           "zero_page_pdf": ".pdf", "txt_as_tif": ".tif", "oversized_pdf": ".pdf"}
OVERSIZED_PAGES = 240  # above the pipeline's default max_pages (200)


def write_tiff(pages: list[Image.Image], path: Path, *, compression: str, dpi: tuple[int, int]) -> None:
    """Multi-page 1-bit TIFF, CCITT ``group3`` or ``group4``, with the (possibly non-square) dpi tag."""
    pages = [p if p.mode == "1" else p.convert("1") for p in pages]
    pages[0].save(path, format="TIFF", compression=compression, dpi=dpi, save_all=True, append_images=pages[1:])


def write_fax_pdf(pages: list[Image.Image], path: Path) -> None:
    """Image PDF of fax pages, each stretched over a Letter page (CCITT G4 inside)."""
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=204.0)
    pdf = pikepdf.open(io.BytesIO(buf.getvalue()))
    _strip_dates(pdf)
    for page in pdf.pages:
        names = list(page.Resources.XObject.keys())
        page.MediaBox = pikepdf.Array([0, 0, 612, 792])
        page.Contents = pdf.make_stream(f"q 612 0 0 792 0 0 cm {names[0]} Do Q".encode())
    pdf.save(path, deterministic_id=True)


def write_image_pdf(pages: list[Image.Image], path: Path, *, dpi: int) -> None:
    """Scanner-style PDF: one image per page (JPEG inside for gray/colour)."""
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=float(dpi), quality=70)
    _deterministic(buf.getvalue(), path)


def _deterministic(data: bytes, path: Path) -> None:
    pdf = pikepdf.open(io.BytesIO(data))
    _strip_dates(pdf)
    pdf.save(path, deterministic_id=True)


def _strip_dates(pdf: pikepdf.Pdf) -> None:
    """Pillow stamps the wall clock into the info dict; drop it so a seed gives the same bytes."""
    for k in ("/CreationDate", "/ModDate"):
        if k in pdf.docinfo:
            del pdf.docinfo[k]


_FONT_NAMES: dict[str, str] = {}


def _rl_font(path: str) -> str | None:
    if path in _FONT_NAMES:
        return _FONT_NAMES[path]
    name = f"F{len(_FONT_NAMES)}_" + Path(path).stem.replace("-", "_")
    try:
        pdfmetrics.registerFont(TTFont(name, path))
    except Exception:  # CFF-based .otf handwriting fonts: drawn as images instead
        name = None  # type: ignore[assignment]
    _FONT_NAMES[path] = name  # type: ignore[assignment]
    return name


def write_digital_pdf(canvases: list[Canvas], path: Path, *, title: str = "") -> None:
    """Born-digital PDF with a real text layer, replaying the drawing record of each page."""
    k = 72 / 300
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(612, 792), invariant=1, pageCompression=1)
    if title:
        c.setTitle(title)
    for cv in canvases:
        H = cv.height
        for op in cv.ops:
            kind = op[0]
            if kind == "text":
                _, x, y, s, fpath, size, gray = op
                name = _rl_font(fpath)
                if name is None:
                    continue
                asc = pdfmetrics.getAscent(name, size * k)
                c.setFillGray(gray / 255)
                c.setFont(name, size * k)
                # PIL's "la" anchor puts the ascender at y; reportlab draws from the baseline
                from synth.fonts import load
                pil_asc = load(fpath, size).getmetrics()[0]
                c.drawString(x * k, (H - y - pil_asc) * k, s)
                del asc
            elif kind == "line":
                _, x0, y0, x1, y1, w, gray = op
                c.setStrokeGray(gray / 255)
                c.setLineWidth(w * k)
                c.line(x0 * k, (H - y0) * k, x1 * k, (H - y1) * k)
            elif kind in ("rect", "ellipse"):
                _, x0, y0, x1, y1, w, gray, fill = op
                c.setStrokeGray(gray / 255)
                c.setLineWidth(max(w, 0.01) * k)
                if fill is not None:
                    c.setFillGray(fill / 255)
                fn = c.rect if kind == "rect" else None
                if kind == "rect":
                    fn(x0 * k, (H - y1) * k, (x1 - x0) * k, (y1 - y0) * k, stroke=1 if w else 0,  # type: ignore[misc]
                       fill=1 if fill is not None else 0)
                else:
                    c.ellipse(x0 * k, (H - y1) * k, x1 * k, (H - y0) * k, stroke=1 if w else 0,
                              fill=1 if fill is not None else 0)
            elif kind == "stroke":
                _, pts, w, gray = op
                c.setStrokeGray(gray / 255)
                c.setLineWidth(w * k)
                c.setLineJoin(1)
                c.setLineCap(1)
                p = c.beginPath()
                p.moveTo(pts[0][0] * k, (H - pts[0][1]) * k)
                for x, y in pts[1:]:
                    p.lineTo(x * k, (H - y) * k)
                c.drawPath(p, stroke=1, fill=0)
            elif kind == "polygon":
                _, pts, gray = op
                c.setFillGray(gray / 255)
                p = c.beginPath()
                p.moveTo(pts[0][0] * k, (H - pts[0][1]) * k)
                for x, y in pts[1:]:
                    p.lineTo(x * k, (H - y) * k)
                p.close()
                c.drawPath(p, stroke=0, fill=1)
            elif kind == "ink":
                _, x, y, mask, gray = op
                rgba = Image.new("RGBA", mask.size, (gray, gray, gray, 0))
                rgba.putalpha(mask)
                c.drawImage(ImageReader(rgba), x * k, (H - y - mask.height) * k, mask.width * k, mask.height * k,
                            mask="auto")
        c.showPage()
    c.save()
    Path(path).write_bytes(buf.getvalue())


def write_bad(kind: str, path: Path, rng: random.Random) -> None:
    """A file the pipeline must quarantine, really being what ``kind`` says."""
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated_pdf":
        data = _small_pdf(rng)
        path.write_bytes(data[: int(len(data) * rng.uniform(0.3, 0.6))])
    elif kind == "encrypted_pdf":
        pdf = pikepdf.open(io.BytesIO(_small_pdf(rng)))
        pw = f"{rng.randint(0, 10**8):08d}"
        pdf.save(path, encryption=pikepdf.Encryption(user=pw, owner=pw + "o", R=4, aes=False, metadata=False), static_id=True)
    elif kind == "zip_as_pdf":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            info = zipfile.ZipInfo("scan_001.pdf", date_time=(2026, 1, 1, 0, 0, 0))
            z.writestr(info, _small_pdf(rng))
        path.write_bytes(buf.getvalue())
    elif kind == "zero_page_pdf":
        pikepdf.new().save(path, deterministic_id=True)
    elif kind == "txt_as_tif":
        path.write_text("Please call me back about my records request.\nThanks\n")
    elif kind == "oversized_pdf":
        pdf = pikepdf.new()
        for _ in range(OVERSIZED_PAGES):
            pdf.add_blank_page(page_size=(612, 792))
        pdf.save(path, deterministic_id=True)
    else:
        raise ValueError(kind)


def _small_pdf(rng: random.Random) -> bytes:
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(612, 792), invariant=1)
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, "Authorization for Release of Health Information")
    c.drawString(72, 680, f"Reference {rng.randint(1000, 9999)}")
    c.showPage()
    c.save()
    return buf.getvalue()
