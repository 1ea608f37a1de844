"""Open an inbox file and turn it into page images with their true dpi.

The file's bytes decide its kind (magic numbers), not its name. Every way a
file can fail to open maps to one ``IntakeError`` with a message a person can
act on. Limits (pages, pixels) are checked before pixels are decoded.
"""

from __future__ import annotations

import io
import logging
import re
import subprocess
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from pipeline.errors import (
    EmptyFileError,
    EncryptedFileError,
    IntakeError,
    LimitExceededError,
    MissingDependencyError,
    NotADocumentError,
    QuarantineReason,
    TruncatedFileError,
    ZeroPagesError,
)
from pipeline.pages import BBox, Word

PDF_RENDER_DPI = 300
log = logging.getLogger("him_intake")


@dataclass
class RawPage:
    """A page as it came out of the file: not yet upright, pixels maybe not square."""

    number: int
    image: np.ndarray  # uint8 grayscale
    xdpi: float
    ydpi: float
    kind: str  # "tiff", "pdf", "image"
    text_words: list[Word] = field(default_factory=list)
    """Words of a PDF text layer, in this image's pixels (born-digital PDFs)."""


def sniff(head: bytes) -> str:
    """The kind of file from its first bytes (a ZIP holding a PDF is still a ZIP)."""
    if head[:4] == b"PK\x03\x04":
        return "zip"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if head[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if head[:2] == b"BM" or head[:6] in (b"GIF87a", b"GIF89a"):
        return "image"
    return "unknown"


def count_pages(path: Path) -> int:
    """Pages in the file, without decoding pixels (raises ``IntakeError``)."""
    kind = _check_kind(path)
    if kind == "pdf":
        return _pdf_page_count(path)
    if kind == "tiff":
        with _open_image(path) as im:
            return getattr(im, "n_frames", 1)
    return 1


def load_pages(path: Path, *, max_pages: int, max_pixels: int) -> Iterator[RawPage]:
    """Yield the pages of ``path``; raise ``IntakeError`` when it cannot be read."""
    kind = _check_kind(path)
    if kind == "pdf":
        yield from _pdf_pages(path, max_pages=max_pages, max_pixels=max_pixels)
    else:
        yield from _image_pages(path, kind, max_pages=max_pages, max_pixels=max_pixels)


def _check_kind(path: Path) -> str:
    size = path.stat().st_size
    if size == 0:
        raise EmptyFileError("The file is empty (0 bytes); ask the sender to send it again.")
    with path.open("rb") as f:
        head = f.read(2048)
    kind = sniff(head)
    if kind == "zip":
        raise NotADocumentError(
            "The file is a ZIP archive, not a PDF or image; open it by hand and resubmit its documents."
        )
    if kind == "unknown":
        raise NotADocumentError(
            "The file is not a PDF, TIFF, PNG or JPEG document; check what was sent and resubmit it."
        )
    return kind


# --- images (TIFF fax, PNG, JPEG) -------------------------------------------------


def _open_image(path: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise IntakeError(
            "The image is larger than the pixel limit; it may be damaged or not a scan.",
            QuarantineReason.TOO_LARGE,
        ) from e
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise TruncatedFileError(
            "The image file is damaged or truncated and cannot be read; ask the sender to resend it."
        ) from e


def _image_pages(path: Path, kind: str, *, max_pages: int, max_pixels: int) -> Iterator[RawPage]:
    with _open_image(path) as im:
        n = getattr(im, "n_frames", 1)
        if n > max_pages:
            raise LimitExceededError(
                f"The file has {n} pages, over the limit of {max_pages}; split it and resubmit."
            )
        for i in range(n):
            try:
                im.seek(i)
                if im.width * im.height > max_pixels:
                    raise IntakeError(
                        f"Page {i + 1} is larger than the pixel limit; it may be damaged.",
                        QuarantineReason.TOO_LARGE,
                    )
                xdpi, ydpi = _dpi_of(im, kind)
                frame = ImageOps.exif_transpose(im) if kind == "jpeg" else im
                gray = np.asarray(frame.convert("L"), dtype=np.uint8).copy()
            except IntakeError:
                raise
            except (OSError, SyntaxError, ValueError, EOFError) as e:
                raise TruncatedFileError(
                    f"Page {i + 1} of the image file is damaged or truncated; ask the sender to resend it."
                ) from e
            yield RawPage(number=i + 1, image=gray, xdpi=xdpi, ydpi=ydpi, kind="tiff" if kind == "tiff" else "image")


def _dpi_of(im: Image.Image, kind: str) -> tuple[float, float]:
    """The image's dpi tag, sanity-checked; a fax frame's shape settles a missing or wrong tag."""
    dpi = im.info.get("dpi")
    xdpi, ydpi = (float(dpi[0]), float(dpi[1])) if dpi and dpi[0] and dpi[1] else (0.0, 0.0)
    if kind == "tiff" and im.width in (1728, 1724, 1728 * 2, 2048, 2432):
        # A fax line is 1728 pixels across 8.5-8.6 inches (204 dpi). Height tells
        # fine (~196 dpi) from standard (~98 dpi) mode when the tag is missing or wrong.
        xdpi = im.width / 8.47
        lines_per_inch = im.height / 11.0
        if not (70 <= ydpi <= 420) or abs(ydpi - lines_per_inch) > 0.3 * lines_per_inch:
            ydpi = 98.0 if lines_per_inch < 147 else 196.0 if lines_per_inch < 300 else lines_per_inch
        return xdpi, ydpi
    if not (50 <= xdpi <= 1200) or not (50 <= ydpi <= 1200):
        # No usable tag (phone photos): assume the page is about 8.5 inches wide.
        guess = max(72.0, min(600.0, min(im.width, im.height) / 8.5))
        return guess, guess
    return xdpi, ydpi


# --- PDF ---------------------------------------------------------------------------


def _pdf_page_count(path: Path) -> int:
    import pikepdf

    if b"%%EOF" not in _tail(path, 2048):
        raise TruncatedFileError(
            "The PDF is truncated (it has no end marker); ask the sender to send it again."
        )
    try:
        with pikepdf.open(path) as pdf:
            n = len(pdf.pages)
    except pikepdf.PasswordError as e:
        raise EncryptedFileError(
            "The PDF is password-protected; ask the sender for an unprotected copy."
        ) from e
    except (pikepdf.PdfError, OSError, ValueError) as e:
        raise TruncatedFileError(
            "The PDF is damaged and cannot be opened; ask the sender to send it again."
        ) from e
    if n == 0:
        raise ZeroPagesError("The PDF has no pages; ask the sender to send the document again.")
    return n


def _tail(path: Path, n: int) -> bytes:
    with path.open("rb") as f:
        f.seek(0, io.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - n))
        return f.read()


def _pdf_pages(path: Path, *, max_pages: int, max_pixels: int) -> Iterator[RawPage]:
    from pdf2image import convert_from_path, pdfinfo_from_path
    from pdf2image.exceptions import PDFInfoNotInstalledError, PDFPageCountError, PDFSyntaxError

    n = _pdf_page_count(path)
    if n > max_pages:
        raise LimitExceededError(f"The PDF has {n} pages, over the limit of {max_pages}; split it and resubmit.")
    try:
        info = pdfinfo_from_path(str(path))
    except PDFInfoNotInstalledError as e:
        raise MissingDependencyError("poppler-utils (pdfinfo, pdftoppm) is not installed") from e
    except (PDFPageCountError, PDFSyntaxError) as e:
        raise TruncatedFileError("The PDF is damaged and cannot be rendered; ask the sender to resend it.") from e
    w_pt, h_pt = _page_size_pt(info)
    if w_pt * h_pt * (PDF_RENDER_DPI / 72) ** 2 > max_pixels:
        raise IntakeError("The PDF's page size is over the pixel limit; check the file by hand.", QuarantineReason.TOO_LARGE)
    layers = _text_layer(path, n)
    for pno, fields in _form_field_words(path).items():
        have = layers.setdefault(pno, [])
        for words in fields:
            if not any(_already_read(words, h) for h in have):
                have.extend(words)
    for i in range(1, n + 1):
        try:
            images = convert_from_path(
                str(path), dpi=PDF_RENDER_DPI, first_page=i, last_page=i, grayscale=True, timeout=120
            )
        except (PDFPageCountError, PDFSyntaxError, OSError) as e:
            raise TruncatedFileError(f"Page {i} of the PDF cannot be rendered; ask the sender to resend it.") from e
        if not images:
            raise TruncatedFileError(f"Page {i} of the PDF cannot be rendered; ask the sender to resend it.")
        gray = np.asarray(images[0].convert("L"), dtype=np.uint8).copy()
        yield RawPage(
            number=i, image=gray, xdpi=PDF_RENDER_DPI, ydpi=PDF_RENDER_DPI, kind="pdf",
            text_words=layers.get(i, []),
        )


def _page_size_pt(info: dict[str, object]) -> tuple[float, float]:
    m = re.match(r"([\d.]+) x ([\d.]+)", str(info.get("Page size", "612 x 792")))
    return (float(m.group(1)), float(m.group(2))) if m else (612.0, 792.0)


_WORD_RE = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
_PAGE_RE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)
_LINE_RE = re.compile(r"<line[^>]*>(.*?)</line>", re.S)


def _text_layer(path: Path, n: int) -> dict[int, list[Word]]:
    """Words of the PDF's own text layer, per page, in 300-dpi pixels (poppler's pdftotext)."""
    try:
        out = subprocess.run(
            ["pdftotext", "-bbox-layout", "-l", str(n), str(path), "-"],
            capture_output=True, timeout=120, check=False,
        ).stdout.decode("utf-8", "replace")
    except FileNotFoundError as e:
        raise MissingDependencyError("poppler-utils (pdftotext) is not installed") from e
    except subprocess.TimeoutExpired:
        return {}
    import html

    scale = PDF_RENDER_DPI / 72.0
    pages: dict[int, list[Word]] = {}
    for pno, pm in enumerate(_PAGE_RE.finditer(out), start=1):
        words: list[Word] = []
        for lno, lm in enumerate(_LINE_RE.finditer(pm.group(1))):
            for wno, wm in enumerate(_WORD_RE.finditer(lm.group(1))):
                text = html.unescape(wm.group(5)).strip()
                if not text:
                    continue
                box: BBox = tuple(round(float(wm.group(k)) * scale, 1) for k in range(1, 5))  # type: ignore[assignment]
                words.append(Word(text=text, conf=0.99, bbox=box, line_key=(pno, 0, lno)))
        pages[pno] = words
    return pages


def _form_field_words(path: Path) -> dict[int, list[list[Word]]]:
    """Values typed into a fillable PDF's fields, as words in 300-dpi pixels.

    pdftotext leaves AcroForm values out of the text layer, though the rendered
    page shows them: without this a form filled on screen would read as blank.
    Check boxes are left to the image (their appearance is drawn there).
    """
    import pypdf

    scale = PDF_RENDER_DPI / 72.0
    out: dict[int, list[list[Word]]] = {}
    try:
        reader = pypdf.PdfReader(str(path))
        for pno, page in enumerate(reader.pages, start=1):
            height = float(page.mediabox.height)
            if int(page.get("/Rotate", 0) or 0) % 360:
                continue  # rotated pages: widget rectangles do not map simply; OCR of the image covers them
            for k, annot in enumerate(page.get("/Annots") or []):
                a = annot.get_object()
                if a.get("/Subtype") != "/Widget":
                    continue
                parent = a.get("/Parent")
                value = a.get("/V", parent.get_object().get("/V") if parent is not None else None)
                kind = a.get("/FT", parent.get_object().get("/FT") if parent is not None else None)
                if kind != "/Tx" or not isinstance(value, str) or not value.strip():
                    continue
                x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
                out.setdefault(pno, []).append(_split_value(value, (x0 * scale, (height - y1) * scale,
                                                                    x1 * scale, (height - y0) * scale), k))
    except Exception:  # noqa: BLE001 - a malformed widget must not lose the page; the image is still OCR'd
        log.info("fillable-form values unreadable in file; reading the page image only")
        return {}
    return out


def _already_read(field: list[Word], b: Word) -> bool:
    """Poppler sometimes extracts a field's appearance too: one of its words inside the field."""
    x0, y0 = min(w.x0 for w in field), min(w.y0 for w in field)
    x1, y1 = max(w.x1 for w in field), max(w.y1 for w in field)
    return (b.text in {w.text for w in field}
            and min(x1, b.x1) > max(x0, b.x0) and min(y1, b.y1) > max(y0, b.y0))


def _split_value(value: str, box: BBox, key: int) -> list[Word]:
    """One field value as words, left-aligned, each with its share of the text's width."""
    tokens = value.split()
    total = sum(len(t) + 1 for t in tokens) or 1
    x0, y0, x1, y1 = box
    width = min(x1 - x0, 0.55 * (y1 - y0) * total)  # about half an em per character
    words: list[Word] = []
    pos = 0
    for t in tokens:
        a = x0 + width * pos / total
        pos += len(t) + 1
        b = x0 + width * (pos - 1) / total
        words.append(Word(text=t, conf=0.99, bbox=(round(a, 1), round(y0, 1), round(b, 1), round(y1, 1)),
                          line_key=(9000 + key, 0, 0)))
    return words
