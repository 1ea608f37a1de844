"""OCR word recall on faxed real form pages with each cleaning step on, and off.

    .venv/bin/python -m bench.clean_ablation --pages 12
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import typer

from bench.pages import render, sample_pages, word_recall
import random

from PIL import Image as PILImage

from synth.degrade import FAX_DPI, to_fax
from pipeline.clean import CleanOptions
from pipeline.load import RawPage
from pipeline.prepare import prepare_page

app = typer.Typer()


@app.command()
def main(pages: int = 12, seed: int = 5) -> None:
    material = sample_pages(pages)
    faxed = []
    for i, (pdf, page, truth) in enumerate(material):
        mode = "standard" if i % 2 else "fine"
        fax = to_fax(PILImage.fromarray(render(pdf, page, 300)), mode=mode, rng=random.Random(seed + i),
                     rotation=180 if i % 7 == 3 else 0)
        (xdpi, ydpi), bw = FAX_DPI[mode], np.asarray(fax.convert("L"))
        faxed.append((RawPage(number=1, image=bw, xdpi=xdpi, ydpi=ydpi, kind="tiff"), truth))
    full = CleanOptions()
    variants = {"all steps": full, "no deskew": replace(full, deskew=False),
                "no despeckle": replace(full, despeckle=False), "no orientation": replace(full, orient=False),
                "OCR at 300 dpi": replace(full, min_dpi=300.0)}
    print(f"{len(faxed)} faxed real form pages (standard/fine mode, skew ±2.5°, speckle, 1 in 7 upside down)")
    print(f"{'variant':<16} {'word recall':>11}")
    for name, opts in variants.items():
        scores = [word_recall([w.text for w in prepare_page(raw, opts).words], truth) for raw, truth in faxed]
        print(f"{name:<16} {np.mean(scores):>11.3f}")


if __name__ == "__main__":
    app()
