"""How often a form's title names its type, and how often it names the wrong one, on real forms.

Reads page 1 of every real form with a text layer in ../shared/data/forms
(never written to the repo), finds its title lines with pipeline.titles and
counts, per true form type, which type the title named. The issuers are split
as in bench.real_forms (one template family in four held out); the title
patterns were written looking only at the ``train`` half. The likelihood
ratio per type, P(title says t | type t) / P(title says t | other type), with
add-one smoothing over both halves, is what classify uses as evidence.

    .venv/bin/python -m bench.titles [--show]
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from pathlib import Path

import typer

from bench.real_forms import FORMS, is_heldout
from pipeline.load import _text_layer
from pipeline.titles import match_title, title_lines

app = typer.Typer(add_completion=False)
PAGE_HEIGHT = 3300  # text-layer boxes are in 300-dpi pixels of a letter page


def rows() -> list[dict]:
    with (FORMS / "manifest.csv").open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["kind"] != "text"]


def cue_of(pdf: Path) -> tuple[str | None, list[str]] | None:
    """The type page 1's title names, and the title lines; None for a scan without a text layer."""
    words = _text_layer(pdf, 1).get(1, [])
    if not words:
        return None
    lines = title_lines(words, PAGE_HEIGHT)
    cue = match_title(lines)
    return (cue.form_type if cue else None), lines


def likelihood_ratios(counts: dict[str, Counter]) -> dict[str, float]:
    """P(cue=t | t) / P(cue=t | not t), add-one smoothed; 'other' is a true type with no cue of its own."""
    types = {t for c in counts.values() for t in c if t} | set(counts)
    out = {}
    for t in sorted(types - {"other"}):
        n_t = sum(counts.get(t, Counter()).values())
        hit = counts.get(t, Counter())[t]
        n_o = sum(sum(c.values()) for k, c in counts.items() if k != t)
        false = sum(c[t] for k, c in counts.items() if k != t)
        out[t] = round(((hit + 1) / (n_t + 2)) / ((false + 1) / (n_o + 2)), 1)
    return out


@app.command()
def main(show: bool = typer.Option(False, help="print the title lines of misses (train half only)"),
         out: Path = typer.Option(None, help="write the likelihood ratios as JSON")) -> None:
    counts: dict[str, dict[str, Counter]] = {"train": defaultdict(Counter), "heldout": defaultdict(Counter)}
    for r in rows():
        pdf = FORMS / f"{r['id']}.pdf"
        if not pdf.exists():
            continue
        read = cue_of(pdf)
        if read is None:
            continue  # scanned PDF without a text layer
        cue, lines = read
        half = "heldout" if is_heldout(r) else "train"
        counts[half][r["form_type"]][cue] += 1
        if show and half == "train" and cue != r["form_type"]:
            print(f"{r['form_type']:28} -> {cue!s:28} | {' / '.join(lines)[:150]}")
    for half, c in counts.items():
        print(f"\n{half}: true type -> what the title said (None = no title match)")
        for t, got in sorted(c.items()):
            n = sum(got.values())
            print(f"  {t:28} n={n:3}  right {got[t] / n:.2f}  " + ", ".join(f"{k}:{v}" for k, v in got.most_common()))
    merged: dict[str, Counter] = defaultdict(Counter)
    for c in counts.values():
        for t, got in c.items():
            merged[t].update(got)
    lr = likelihood_ratios(merged)
    print("\nlikelihood ratio per cue (both halves):", lr)
    if out:
        out.write_text(json.dumps(lr, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    app()
