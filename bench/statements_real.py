"""How often are the authorization statements found, old fixed-phrasing match vs concept detection?

The old ``pipeline.statements`` matched a few fixed phrasings (taken from our own
synth wording) with rapidfuzz; on other issuers' forms it said "absent". This
bench reports, per form type, the share of forms where each statement is judged
present, old method vs new, on:

* the real forms of ../shared/data/forms (text layer via ``pdftotext -layout``;
  forms without text are skipped). Issuers (template family, else issuer) are
  split by a fixed sha1 into ``write`` (read while writing the concepts) and
  ``heldout`` (only reported). Third-party authorizations should nearly all
  carry the three statements; plain access requests mostly not (hybrids,
  access + authorization on one form, are a row of their own). SUD elements
  are reported as "any element" split by the manifest's Part 2 note.
  With ``--ocr N`` the first N real forms per group are also rendered at
  200 dpi and read by Tesseract (slow; cached under --cache).
* our synthesised forms (``synth.render.render_document``), whose truth says
  which statements are printed; text from the drawing record, also with
  seeded OCR-like character noise. Reported as precision / recall.

The forms are other organisations' documents: they are read from ../shared at
run time; nothing from them is written to the repo (the cache is in /tmp).

    .venv/bin/python -m bench.statements_real
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Annotated

import typer
from rapidfuzz import fuzz

from pipeline import statements as new

FORMS = Path(__file__).resolve().parents[2] / "shared" / "data" / "forms"
STMTS = ["statement_revocation", "statement_conditioning", "statement_redisclosure"]
SHORT = {"statement_revocation": "revoc", "statement_conditioning": "cond", "statement_redisclosure": "redis"}
app = typer.Typer(add_completion=False)

# The method this replaces, kept here to measure against: fixed phrasings, partial_ratio >= 88.
OLD_PHRASINGS: dict[str, list[str]] = {
    "statement_revocation": [
        "I understand that I may revoke this authorization at any time by giving written notice",
        "you may cancel (revoke) this authorization at any time. your revocation must be in writing",
        "this authorization may be revoked in writing at any time, except where disclosures have already been made",
        "I have the right to revoke this authorization by sending a signed, written revocation",
        "I may revoke this authorization at any time by notifying",
        "I understand that I have the right to revoke this authorization, in writing, at any time",
        "you may revoke this authorization at any time by submitting a written request",
        "this authorization may be revoked at any time by written notice",
    ],
    "statement_conditioning": [
        "my treatment, payment, enrollment in a health plan, or eligibility for benefits will not be conditioned on whether I sign",
        "we will not refuse to treat you, or deny payment, enrollment or eligibility, if you do not sign",
        "I am not required to sign this authorization to receive care",
        "treatment, payment, enrollment or eligibility for benefits cannot be conditioned on my signing this authorization",
        "will not condition treatment, payment, enrollment or eligibility for benefits on whether I sign",
        "I understand that I do not have to sign this authorization in order to receive treatment",
        "refusal to sign this authorization will not affect my ability to obtain treatment",
    ],
    "statement_redisclosure": [
        "information disclosed under this authorization may be redisclosed by the recipient and may no longer be protected",
        "once released, the information may be shared again by the person or organization receiving it and may no longer be protected",
        "information released to a recipient that is not covered by HIPAA may be redisclosed and may lose its federal privacy protection",
        "the recipient may further disclose the information, and it may then no longer be protected",
        "information used or disclosed pursuant to this authorization may be subject to redisclosure by the recipient and no longer be protected",
        "may be re-disclosed by the recipient and no longer protected by federal privacy regulations",
    ],
}


def _norm(s: str) -> str:
    s = s.lower().replace("\u2019", "'")
    s = re.sub(r"[^a-z0-9' ]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def old_present(text: str) -> dict[str, bool]:
    """The replaced method's verdict per statement."""
    t = _norm(text)
    # its judge() called a score between absent (72) and present (88) "present" from the midpoint, 80, up
    return {k: bool(t) and max(fuzz.partial_ratio(_norm(p), t) for p in ph) >= 80.0 for k, ph in OLD_PHRASINGS.items()}


def new_present(text: str) -> dict[str, bool]:
    """The concept detector's verdict per statement."""
    return {k: m.present for k, m in new.find_statements(text).items()}


def group_of(row: dict) -> str:
    """Template family (near-duplicates stay on one side), else issuer."""
    m = re.search(r"template_family=(\w+)", row.get("notes", ""))
    return m.group(1) if m else row["issuer"]


def half(row: dict) -> str:
    """Fixed before any concept was written: sha1 of the group, odd = heldout."""
    return "heldout" if int(hashlib.sha1(group_of(row).encode()).hexdigest(), 16) % 2 else "write"


def row_type(row: dict) -> str:
    """Form type, with hybrid access requests (they carry an authorization) apart."""
    if row["form_type"] == "access_request" and "HYBRID" in row.get("notes", ""):
        return "access_request (hybrid)"
    return row["form_type"]


def pdf_text(pdf: Path, cache: Path) -> str:
    """The text layer (pdftotext -layout), cached outside the repo."""
    out = cache / (pdf.stem + ".txt")
    if not out.exists():
        r = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, timeout=120)
        out.write_text(r.stdout.decode("utf-8", "replace"))
    return out.read_text()


def ocr_text(pdf: Path, cache: Path, pages: int = 3) -> str:
    """Pages rendered at 200 dpi and read by Tesseract, as a fax would be; cached outside the repo."""
    out = cache / (pdf.stem + ".ocr.txt")
    if not out.exists():
        parts = []
        for p in range(1, pages + 1):
            png = cache / f"{pdf.stem}-p{p}"
            r = subprocess.run(["pdftoppm", "-r", "200", "-gray", "-singlefile", "-f", str(p), "-l", str(p), "-png",
                                str(pdf), str(png)], capture_output=True, timeout=120)
            if r.returncode or not png.with_suffix(".png").exists():
                break
            t = subprocess.run(["tesseract", str(png.with_suffix(".png")), "-", "--psm", "3"], capture_output=True,
                               timeout=300)
            png.with_suffix(".png").unlink()
            parts.append(t.stdout.decode("utf-8", "replace"))
        out.write_text("\n".join(parts))
    return out.read_text()


def real_rows() -> list[dict]:
    """Manifest rows with a PDF."""
    with (FORMS / "manifest.csv").open() as f:
        return [r for r in csv.DictReader(f) if (FORMS / f"{r['id']}.pdf").exists()]


def measure_real(cache: Path, ocr: int) -> dict:
    """Counts per (source, form type, half): n, and per statement old / new present."""
    st: dict = defaultdict(lambda: defaultdict(int))
    n_ocr: dict = defaultdict(int)
    for r in real_rows():
        pdf = FORMS / f"{r['id']}.pdf"
        texts = {"text layer": pdf_text(pdf, cache)}
        key = (row_type(r), half(r))
        if ocr and n_ocr[key] < ocr and len(texts["text layer"].split()) >= 30:
            n_ocr[key] += 1
            texts["tesseract"] = ocr_text(pdf, cache)
        for src, text in texts.items():
            if len(text.split()) < 30:
                continue
            c = st[(src, *key)]
            c["n"] += 1
            o, n = old_present(text), new_present(text)
            for k in STMTS:
                c[f"old:{k}"] += o[k]
                c[f"new:{k}"] += n[k]
            p2 = "p2" if "Part2" in r.get("notes", "") else "nop2"
            c[f"n_{p2}"] += 1
            c[f"new:sud_{p2}"] += any(m.present for m in new.find_sud_elements(text).values())
            c[f"old:sud_{p2}"] += bool(_old_sud(text))
    return st


def _old_sud(text: str) -> list[str]:
    """The replaced method's SUD elements (its phrasings were the synth ones, partial_ratio >= 88)."""
    from synth.templates.wording import PART2

    t = _norm(text)
    return [k for k, ph in PART2.items() if t and max(fuzz.partial_ratio(_norm(p)[:110], t) for p in ph) >= 80.0]


def synth_text(doc: object) -> str:
    """The printed and filled text of a rendered synth document, line by line, from its drawing record."""
    lines: list[str] = []
    for cv in doc.canvases:  # type: ignore[attr-defined]
        ops = sorted((round(op[2] / 12), op[1], op[3]) for op in cv.ops if op[0] == "text")
        row: list[str] = []
        last = None
        for y, _x, s in ops:
            if last is not None and y != last:
                lines.append(" ".join(row))
                row = []
            row.append(s)
            last = y
        lines.append(" ".join(row))
    return "\n".join(lines)


CONFUSE = {"e": "c", "o": "0", "l": "1", "i": "l", "s": "5", "m": "rn", "n": "ri", "a": "o", "t": "f", "c": "e"}


def ocr_noise(text: str, rng: random.Random, rate: float = 0.03) -> str:
    """Character noise like a poor fax read: confusions, drops, and lost spaces."""
    out = []
    for ch in text:
        r = rng.random()
        if r < rate and ch in CONFUSE:
            out.append(CONFUSE[ch])
        elif r < rate * 1.3:
            continue
        elif ch == " " and r < rate * 1.6:
            continue
        else:
            out.append(ch)
    return "".join(out)


def measure_synth(n: int, seed: int) -> dict:
    """Precision / recall counts of old and new on synth documents, clean and noised."""
    from synth.render import render_document
    from synth.violations import KINDS

    kinds = [k for k in KINDS if k.startswith("statement_")]
    st: dict = defaultdict(lambda: defaultdict(int))
    rng = random.Random(seed)
    for i in range(n):
        for ft in ("third_party_authorization", "access_request"):
            viol = [rng.choice(kinds)] if ft == "third_party_authorization" and rng.random() < 0.4 else []
            doc = render_document(ft, seed=seed + i, violations=viol)
            clean = synth_text(doc)
            for src, text in (("clean", clean), ("noised", ocr_noise(clean, random.Random(seed + i)))):
                c = st[(src, ft)]
                c["n"] += 1
                truth = {k: bool(doc.fields.get(k, False)) for k in STMTS}
                for meth, got in (("old", old_present(text)), ("new", new_present(text))):
                    for k in STMTS:
                        c[f"{meth}:{k}:tp"] += got[k] and truth[k]
                        c[f"{meth}:{k}:fp"] += got[k] and not truth[k]
                        c[f"{meth}:{k}:fn"] += truth[k] and not got[k]
                want = sorted(doc.fields.get("sud_consent_elements") or [])
                got_sud = sorted(k for k, m in new.find_sud_elements(text).items() if m.present)
                c["sud_docs"] += bool(want) or bool(got_sud)
                c["new:sud_exact"] += (bool(want) or bool(got_sud)) and got_sud == want
                c["old:sud_exact"] += (bool(want) or bool(_old_sud(text))) and sorted(_old_sud(text)) == want
    return st


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.0f}" if b else "    -"


def report_real(st: dict) -> None:
    """Share of forms judged to carry each statement: old -> new."""
    typer.echo("Real forms: % of forms where the statement is judged present (old -> new)")
    typer.echo(f"{'source':11} {'form type':30} {'half':8} {'n':>3}  " + "  ".join(f"{SHORT[k]:>11}" for k in STMTS)
               + f"  {'SUD any (P2 note)':>18}  {'SUD any (no note)':>18}")
    for key in sorted(st):
        c = st[key]
        cells = "  ".join(f"{_pct(c[f'old:{k}'], c['n'])} ->{_pct(c[f'new:{k}'], c['n'])}" for k in STMTS)
        sud = "  ".join(f"{_pct(c[f'old:sud_{p}'], c[f'n_{p}'])} ->{_pct(c[f'new:sud_{p}'], c[f'n_{p}'])}"
                        f" /{c[f'n_{p}']:<3}" for p in ("p2", "nop2"))
        typer.echo(f"{key[0]:11} {key[1]:30} {key[2]:8} {c['n']:3}  {cells}  {sud}")


def report_synth(st: dict) -> None:
    """Precision / recall against synth truth."""
    typer.echo("\nSynth forms (truth known): precision / recall per statement, old | new; SUD element sets exact")
    for key in sorted(st):
        c = st[key]
        cells = []
        for k in STMTS:
            for meth in ("old", "new"):
                tp, fp, fn = (c[f"{meth}:{k}:{x}"] for x in ("tp", "fp", "fn"))
                cells.append(f"{meth} {_pct(tp, tp + fp).strip()}/{_pct(tp, tp + fn).strip()}")
        typer.echo(f"{key[0]:7} {key[1]:26} n={c['n']:3}  " + "  ".join(
            f"{SHORT[k]}: {cells[2 * i]} | {cells[2 * i + 1]}" for i, k in enumerate(STMTS))
            + f"  sud exact: old {c['old:sud_exact']}/{c['sud_docs']} new {c['new:sud_exact']}/{c['sud_docs']}")


@app.command()
def main(
    n_synth: Annotated[int, typer.Option(help="synth documents per form type")] = 60,
    seed: Annotated[int, typer.Option(help="synth seed")] = 7100,
    ocr: Annotated[int, typer.Option(help="also Tesseract-read the first N real forms per group (slow)")] = 0,
    cache: Annotated[Path, typer.Option(help="text cache, outside the repo")] = Path("/tmp/statements_real"),
) -> None:
    """Report old vs new statement detection on real and synth forms."""
    cache.mkdir(parents=True, exist_ok=True)
    report_real(measure_real(cache, ocr))
    if n_synth:
        report_synth(measure_synth(n_synth, seed))


if __name__ == "__main__":
    app()
