"""Benchmark material: real form pages (read from ../shared/data/forms at run time, never
committed) rendered at 200 dpi with their true words from the PDF text layer, then faxed."""

from __future__ import annotations

import csv
import re
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

FORMS = Path(__file__).resolve().parents[2] / "shared" / "data" / "forms"
_WORD = re.compile(r"[A-Za-z]{4,}")


def true_words(pdf: Path, page: int) -> set[str]:
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, timeout=60).stdout.decode("utf-8", "replace")
    return {w.lower() for w in _WORD.findall(out)}


def render(pdf: Path, page: int, dpi: int = 200) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png",
                        str(pdf), f"{tmp}/p"], check=True, capture_output=True, timeout=120)
        return np.asarray(Image.open(next(Path(tmp).glob("p*.png"))).convert("L"))


def sample_pages(n: int) -> list[tuple[Path, int, set[str]]]:
    """``n`` English flat/fillable form pages with a text layer of at least 80 words, spread over issuers."""
    picked: list[tuple[Path, int, set[str]]] = []
    with (FORMS / "manifest.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["kind"] != "text"]
    for r in rows[:: max(1, len(rows) // (n * 3))]:
        pdf = FORMS / f"{r['id']}.pdf"
        words = true_words(pdf, 1)
        if len(words) >= 80:
            picked.append((pdf, 1, words))
        if len(picked) == n:
            break
    return picked


def word_recall(read: list[str], truth: set[str]) -> float:
    got = {w.lower() for t in read for w in _WORD.findall(t)}
    return len(truth & got) / max(1, len(truth))
