"""Pages per minute: him-intake against the bare ``tesseract`` command, same pages, one run.

Both get two processes and OMP_THREAD_LIMIT=1. The ratio is what to compare
across machines; the absolute figures depend on the machine's load.

    .venv/bin/python -m bench.throughput --pages 16
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import typer
import random

from PIL import Image
from PIL import Image as PILImage

from bench.pages import render, sample_pages
from synth.degrade import FAX_DPI, to_fax

app = typer.Typer()
ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


@app.command()
def main(pages: int = 16, seed: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        for i, (pdf, page, _) in enumerate(sample_pages(pages)):
            mode = "standard" if i % 2 else "fine"
            fax = to_fax(PILImage.fromarray(render(pdf, page, 300)), mode=mode, rng=random.Random(seed + i),
                         rotation=180 if i % 7 == 3 else 0)
            (xdpi, ydpi), bw = FAX_DPI[mode], np.asarray(fax.convert("L"))
            Image.fromarray(bw).convert("1").save(inbox / f"FAX_{i:03d}.tif", compression="group4",
                                                    dpi=(xdpi, ydpi))
        files = sorted(inbox.glob("*.tif"))

        def bare(f: Path) -> None:
            subprocess.run(["tesseract", str(f), str(Path(tmp) / f.stem), "--oem", "1", "--psm", "3"],
                           env=ENV, capture_output=True, check=True)

        t0 = time.perf_counter()
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(bare, files))
        t_bare = time.perf_counter() - t0

        t0 = time.perf_counter()
        subprocess.run([".venv/bin/him-intake", "process", str(inbox), "--out", str(Path(tmp) / "out"),
                        "--workers", "2", "--quiet"], env=ENV, check=True)
        t_ours = time.perf_counter() - t0
    n = len(files)
    print(f"{n} faxed pages, 2 workers")
    print(f"bare tesseract : {60 * n / t_bare:6.1f} pages/min")
    print(f"him-intake     : {60 * n / t_ours:6.1f} pages/min (whole pipeline: clean, OCR, classify, extract, rules)")
    print(f"ratio          : {t_bare / t_ours:6.2f} of bare tesseract's speed")


if __name__ == "__main__":
    app()
