"""Build the page corpus the classifier trains on: pages OCR'd through our own pipeline.

Two sources, both rendered at build time and never committed:
- the real forms of ``shared/data/forms`` (other providers' documents: read from
  there, rendered, faxed, OCR'd), labelled by their manifest;
- our own synthesised documents (``synth``), which add the classes the real pool
  lacks (revocations, cover sheets, attachments, letters, other documents).
Each row carries its issuer and template family so splits keep them on one side.
"""

from __future__ import annotations

import csv
import json
import random
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Annotated

import typer
from PIL import Image

from models.scripts.channel import through_channel
from pipeline.page_text import page_text

FORMS = Path(__file__).resolve().parents[3] / "shared" / "data" / "forms"
REAL_LABEL = {"other": "other_doc"}

app = typer.Typer()


def _family(notes: str, issuer: str) -> str:
    for part in notes.split("|"):
        part = part.strip()
        if part.startswith("template_family="):
            return part.split("=", 1)[1].split()[0]
    return issuer


def real_jobs(forms: Path, seed: int) -> list[dict]:
    """One job per page (up to 3) of every real form."""
    jobs: list[dict] = []
    with (forms / "manifest.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            label = REAL_LABEL.get(row["form_type"], row["form_type"])
            meta = {"form_type": row["form_type"], "label": label, "issuer": row["issuer"],
                    "family": _family(row["notes"], row["issuer"]), "source": "real", "doc": row["id"]}
            if row["kind"] == "text":
                jobs.append({**meta, "id": row["id"], "text_file": str(forms / f"{row['id']}.txt")})
                continue
            pages = int(row["pages"] or 1)
            for p in range(1, min(pages, 3) + 1):
                jobs.append({**meta, "id": f"{row['id']}#p{p}", "pdf": str(forms / f"{row['id']}.pdf"),
                             "page": p, "seed": seed + len(jobs)})
    return jobs


def run_job(job: dict) -> dict | None:
    """Render, degrade and OCR one page; returns the corpus row."""
    if "text_file" in job:
        text = Path(job["text_file"]).read_text(encoding="utf-8", errors="replace")
        return {k: v for k, v in job.items() if k != "text_file"} | {"text": " ".join(text.lower().split())}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "p"
        r = subprocess.run(["pdftoppm", "-gray", "-r", "200", "-f", str(job["page"]), "-l", str(job["page"]),
                            "-png", job["pdf"], str(out)], capture_output=True, timeout=120)
        files = sorted(Path(tmp).glob("p*.png"))
        if r.returncode != 0 or not files:
            return None
        img = Image.open(files[0]).convert("L")
    img = img.resize((int(img.width * 1.5), int(img.height * 1.5)))  # the channels expect 300 dpi
    page = through_channel(img, random.Random(job["seed"]))
    row = {k: v for k, v in job.items() if k not in ("pdf", "seed")}
    return row | {"text": page_text(page.words, page.height), "ocr_confidence": page.ocr_confidence}


def synth_jobs(n: int, seed: int) -> list[dict]:
    """Jobs for synthesised documents (filled in by synth_corpus)."""
    from models.scripts.synth_corpus import jobs

    return jobs(n, seed)


@app.command()
def main(
    out: Annotated[Path, typer.Option(help="JSONL to write")] = Path("models/corpus/pages.jsonl"),
    seed: int = 7,
    synth_docs: int = 600,
    workers: int = 2,
    real: bool = True,
) -> None:
    """Write the page corpus (real forms + synthesised documents), one JSON row per page."""
    jobs = (real_jobs(FORMS, seed) if real else []) + (synth_jobs(synth_docs, seed) if synth_docs else [])
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with ProcessPoolExecutor(max_workers=workers) as pool, out.open("w", encoding="utf-8") as f:
        for row in pool.map(_dispatch, jobs, chunksize=4):
            for r in row or []:
                f.write(json.dumps(r) + "\n")
                n += 1
    typer.echo(f"{n} pages written to {out}")


def _dispatch(job: dict) -> list[dict]:
    if job.get("source") == "synth":
        from models.scripts.synth_corpus import run_synth_job

        return run_synth_job(job)
    row = run_job(job)
    return [row] if row else []


if __name__ == "__main__":
    app()
