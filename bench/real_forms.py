"""Real-form evaluation: other providers' fillable request forms, filled with fake values, faxed, read back.

The reader was written against our own synthesised templates; this measures
it on real layouts and wording. Each ``pdf_fillable`` form of
../shared/data/forms/manifest.csv has its AcroForm text fields mapped to our
fields by the field's name (and the printed words just left of / above the
widget when the name says nothing); only names that map confidently are
filled. Values are Faker values in our normal forms, typed, dates in varied
formats, drawn by us into the widget rectangles (reportlab overlay merged
with pypdf: viewers do not reliably draw field values), rendered at 300 dpi,
fax-degraded, prepared and extracted as in production.

Issuers are split by a fixed hash of their template family (or name) into
``train`` (used while writing labels.json) and ``heldout`` (only reported).
The forms are other organisations' documents: they are read from ../shared at
run time, and neither they nor images of them are ever written to the repo.

    OMP_THREAD_LIMIT=1 .venv/bin/python -m bench.real_forms --n 30
    .venv/bin/python -m bench.real_forms --n 30 --digital   # the filled PDFs themselves, text layer read
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import io
import os
import pickle
import random
import re
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import typer
from PIL import Image

FORMS = Path(__file__).resolve().parents[2] / "shared" / "data" / "forms"
THRESHOLD = 0.85
MAX_PAGES = 4
app = typer.Typer(add_completion=False)

# Field-name wordings (normalised: lower case, words) per field. Only unambiguous ones: "Phone" or "Name"
# alone could be anyone's and is left unfilled unless a prefix (P./R./Patient_) says whose.
NAME_MAP: dict[str, list[str]] = {
    "patient_name": ["patient name", "name of patient", "patients name", "patient legal name", "patient name print",
                     "patient name please print", "name of the patient", "patient full name", "p name",
                     "patient s name", "patients full name"],
    "patient_dob": ["date of birth", "dob", "birthdate", "birth date", "patient date of birth", "p dob",
                    "patient dob", "patient birthdate", "patients date of birth"],
    "patient_phone": ["patient telephone", "patient phone", "patient phone number", "p phone",
                      "patient telephone number"],
    "patient_email": ["patient email", "p email", "patient email address"],
    "mrn": ["medical record", "medical record number", "mrn", "medical record #", "medical record no"],
    "recipient_name": ["r name", "recipients name", "recipient name", "name of personorganization receiving my information",
                       "name of person organization receiving my information", "information released to",
                       "release to", "send records to", "recipient", "name of recipient",
                       "name of person or facility to receive health information and full address"],
    "recipient_phone": ["r phone", "recipient phone", "recipients phone"],
    "signer_name": ["printed name", "print name", "printed name of patient", "printed name of signer"],
    "representative_authority": ["relationship to patient", "relation to patient",
                                 "relationship to patient if not the patient",
                                 "if signed by other than patient state relationship"],
    "purpose": ["for the purpose of", "purpose of disclosure", "purpose"],
    "expiration_date": ["expiration date", "expdate", "exp date", "this authorization expires on"],
}
FIELD_TYPES_OF = {  # our fields that exist for each form type (a subset of pipeline.extract.FIELDS)
    "recipient_phone": {"third_party_authorization"},
    "purpose": {"third_party_authorization"},
    "expiration_date": {"third_party_authorization", "portal_proxy_authorization"},
    "recipient_name": {"third_party_authorization", "access_request"},
}
GENERIC = re.compile(r"^(undefined|text|field|fill|\d+|[a-z]?\d+ ?field|untitled)\b")


def norm_name(s: str) -> str:
    """A field name as words: "R.Phone" -> "r phone", "Patient_DOB" -> "patient dob", "Date_2" -> "date"."""
    s = re.sub(r"([a-z])([A-Z])", r"\1 \2", s)
    s = re.sub(r"[_\.\-/]+", " ", s).lower()
    s = re.sub(r"\s+\d+$", "", s.strip())
    s = re.sub(r"[^a-z0-9# ]+", "", s)
    return re.sub(r"\s+", " ", s).strip()


def map_field(name: str, near: str) -> str | None:
    """Our field for a widget, or None unless its name (or, for a meaningless name, its label) is clear."""
    from rapidfuzz import fuzz

    for text, cutoff in ((norm_name(name), 90.0), (norm_name(near), 93.0)):
        if not text or (text is not None and GENERIC.match(text) and cutoff == 90.0):
            continue
        best, score = None, 0.0
        for f, syns in NAME_MAP.items():
            for s in syns:
                sc = fuzz.ratio(text, s)
                if sc > score:
                    best, score = f, sc
        if score >= cutoff:
            return best
        if cutoff == 90.0 and not GENERIC.match(text):
            return None  # a meaningful name that is not ours: do not guess from nearby words
    return None


def group_of(row: dict) -> str:
    m = re.search(r"template_family=(\w+)", row.get("notes", ""))
    return m.group(1) if m else row["issuer"]


def is_heldout(row: dict) -> bool:
    """Fixed before any label was written: sha1 of the template family / issuer, one in four."""
    return int(hashlib.sha1(group_of(row).encode()).hexdigest(), 16) % 4 == 0


def page_words(pdf: Path) -> dict[int, list[tuple[float, float, float, float, str]]]:
    """Printed words per page (0-based) in points from the top-left (pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, timeout=60).stdout.decode(
        "utf-8", "replace")
    pages: dict[int, list] = {}
    for i, chunk in enumerate(out.split("<page ")[1:]):
        pages[i] = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', chunk)]
    return pages


def label_near(words: list, x0: float, top: float, x1: float, bottom: float) -> str:
    """The printed words just left of a widget on its line, else just above it."""
    cy = (top + bottom) / 2
    left = [w for w in words if w[2] <= x0 + 2 and x0 - w[2] < 150 and w[1] <= cy <= w[3] + 2]
    if not left:
        left = [w for w in words if 0 < top - w[3] < 14 and w[0] < x1 and w[2] > x0]
    return " ".join(w[4] for w in sorted(left, key=lambda w: w[0]))


def widgets(pdf: Path) -> list[dict]:
    """Text widgets: page, name, rect (PDF points) and our field when it maps."""
    from pypdf import PdfReader

    rd = PdfReader(str(pdf))
    words = page_words(pdf)
    out = []
    for pi, page in enumerate(rd.pages[:MAX_PAGES]):
        H = float(page.mediabox.top)
        for a in page.get("/Annots") or []:
            a = a.get_object()
            if a.get("/Subtype") != "/Widget":
                continue
            par = a.get("/Parent").get_object() if a.get("/Parent") else {}
            ft = a.get("/FT") or par.get("/FT")
            name = str(a.get("/T") or par.get("/T") or "")
            if ft != "/Tx" or not name or "/Rect" not in a:
                continue
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
            near = label_near(words.get(pi, []), x0, H - y1, x1, H - y0)
            f = map_field(name, near)
            out.append(dict(page=pi, name=name, rect=(x0, y0, x1, y1), field=f))
    # two widgets of one page taking one field are parts or rows (a table of recipients): not ours to guess
    seen: dict[tuple, int] = defaultdict(int)
    for w in out:
        seen[(w["page"], w["field"])] += 1
    for w in out:
        if seen[(w["page"], w["field"])] > 1:
            w["field"] = None
    return out


def fake_values(form_type: str, fields: set[str], seed: int, received_at: dt.datetime) -> tuple[dict, dict]:
    """(text to type per field, truth in our normal form per field)."""
    from faker import Faker

    fk = Faker("en_US")
    fk.seed_instance(seed)
    rng = random.Random(seed)
    typed: dict[str, str] = {}
    truth: dict[str, object] = {}

    def date_text(d: dt.date) -> str:
        fmt = rng.choice(["%m/%d/%Y", "%m-%d-%Y", "%B %d, %Y", "%Y-%m-%d", "%b %d, %Y", "%m/%d/%Y"])
        return d.strftime(fmt)

    def phone() -> tuple[str, str]:
        a, b, c = rng.randint(201, 989), rng.choice(["555", str(rng.randint(200, 989))]), rng.randint(0, 9999)
        digits = f"{a}{b}{c:04d}"
        fmt = rng.choice(["({a}) {b}-{c:04d}", "{a}-{b}-{c:04d}", "{a}.{b}.{c:04d}", "({a}) {b}-{c:04d}"])
        return fmt.format(a=a, b=b, c=c), digits

    first, last = fk.first_name(), fk.last_name()
    pname = f"{first} {rng.choice(['', fk.random_uppercase_letter() + '. '])}{last}".replace("  ", " ")
    for f in sorted(fields):
        if f == "patient_name":
            typed[f], truth[f] = pname, pname
        elif f == "signer_name":
            typed[f], truth[f] = pname, pname
        elif f == "patient_dob":
            d = fk.date_between(dt.date(1940, 1, 1), dt.date(2008, 12, 31))
            typed[f], truth[f] = date_text(d), d.isoformat()
        elif f in ("patient_phone", "recipient_phone"):
            typed[f], truth[f] = phone()
        elif f == "patient_email":
            v = f"{first}.{last}{rng.randint(1, 99)}@{fk.free_email_domain()}".lower()
            typed[f], truth[f] = v, v
        elif f == "mrn":
            v = str(rng.randint(100000, 99999999)).zfill(rng.choice([6, 8]))
            typed[f], truth[f] = v, v
        elif f == "recipient_name":
            v = rng.choice([fk.company().replace(",", ""), f"{fk.first_name()} {fk.last_name()}",
                            f"{fk.last_name()} Law Group", f"{fk.city()} Family Medicine"])
            typed[f], truth[f] = v, v
        elif f == "representative_authority":
            v = rng.choice(["Parent", "Legal guardian", "Healthcare POA", "Mother", "Executor"])
            typed[f], truth[f] = v, v
        elif f == "purpose":
            v = rng.choice(["Continuity of care", "Legal claim", "Insurance claim", "Personal use",
                            "Disability application"])
            typed[f], truth[f] = v, v
        elif f == "expiration_date":
            d = received_at.date() + dt.timedelta(days=rng.randint(60, 700))
            typed[f], truth[f] = date_text(d), d.isoformat()
    return typed, truth


def fill_pdf(pdf: Path, ws: list[dict], typed: dict[str, str], out: Path) -> None:
    """Draw each mapped value into its widget rectangle, drop the widgets, write a flat PDF."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    wr = PdfWriter(clone_from=str(pdf))
    while len(wr.pages) > MAX_PAGES:
        wr.remove_page(len(wr.pages) - 1)
    for pi, page in enumerate(wr.pages):
        mine = [w for w in ws if w["page"] == pi and w["field"] in typed]
        if mine:
            buf = io.BytesIO()
            mb = page.mediabox
            c = canvas.Canvas(buf, pagesize=(float(mb.width), float(mb.height)))
            for w in mine:
                x0, y0, x1, y1 = w["rect"]
                x0, x1, y0, y1 = x0 - float(mb.left), x1 - float(mb.left), y0 - float(mb.bottom), y1 - float(mb.bottom)
                text = typed[w["field"]]
                size = max(5.0, min(11.0, (y1 - y0) * 0.72))
                while size > 5 and stringWidth(text, "Helvetica", size) > (x1 - x0) - 3:
                    size -= 0.5
                c.setFont("Helvetica", size)
                base = y1 - size - 2 if y1 - y0 > 2.5 * size else y0 + (y1 - y0 - size) / 2 + 0.22 * size
                c.drawString(x0 + 2, base, text)
            c.save()
            buf.seek(0)
            page.merge_page(PdfReader(buf).pages[0])
        if "/Annots" in page:
            keep = [a for a in page["/Annots"] if a.get_object().get("/Subtype") != "/Widget"]
            page[NameObject("/Annots")] = ArrayObject(keep)
    if "/AcroForm" in wr._root_object:
        del wr._root_object["/AcroForm"]
    with open(out, "wb") as f:
        wr.write(f)


def build(job: tuple[dict, int, str]) -> str | None:
    """Fill, render, fax, prepare one form; cached as a pickle of pages and truth (in /tmp, never the repo)."""
    from pipeline.load import RawPage
    from pipeline.prepare import prepare_page
    from synth.degrade import FAX_DPI, to_fax
    from synth.render import default_received_at

    row, seed, out = job[:3]
    digital = len(job) > 3 and job[3]
    if os.path.exists(out):
        return out
    pdf = FORMS / f"{row['id']}.pdf"
    ws = widgets(pdf)
    allowed = {w["field"] for w in ws if w["field"]}
    allowed = {f for f in allowed if row["form_type"] in FIELD_TYPES_OF.get(f, {row["form_type"]})}
    if len(allowed) < 2:
        return None
    received_at = default_received_at(seed)
    typed, truth = fake_values(row["form_type"], allowed, seed, received_at)
    truth["signature_present"] = False  # we never sign: ink read as a signature is wrong
    rng = random.Random(seed)
    pages = []
    with tempfile.TemporaryDirectory() as tmp:
        flat = Path(tmp) / "filled.pdf"
        fill_pdf(pdf, ws, typed, flat)
        if digital:  # sent as the filled PDF itself: the pipeline reads its text layer
            from pipeline.load import load_pages

            pages = [prepare_page(raw) for raw in load_pages(flat, max_pages=50, max_pixels=10**9)]
        else:
            subprocess.run(["pdftoppm", "-gray", "-r", "300", "-png", str(flat), f"{tmp}/p"], check=True,
                           capture_output=True, timeout=300)
        for i, png in enumerate([] if digital else sorted(Path(tmp).glob("p*.png"))):
            im = Image.open(png).convert("L")
            mode = rng.choice(["fine", "standard"])
            fax = to_fax(im, mode=mode, rng=rng)
            xdpi, ydpi = FAX_DPI[mode]
            pages.append(prepare_page(RawPage(number=i + 1, image=np.asarray(fax.convert("L")), xdpi=xdpi,
                                              ydpi=ydpi, kind="tiff")))
    rec = dict(id=row["id"], form_type=row["form_type"], heldout=is_heldout(row), truth=truth,
               received_at=received_at, pages=pages)
    with open(out + ".tmp", "wb") as f:
        pickle.dump(rec, f)
    os.replace(out + ".tmp", out)
    return out


CHECK_GROUPS = ("records_requested", "delivery_format", "delivery_method", "access_scope", "access_to", "revokes")


def score(files: list[str]) -> tuple[dict, dict, dict]:
    """Per-field counts per group (train / heldout), and confident reads of check groups no one ticked."""
    from pipeline.extract import extract_document
    from tests.test_extract_eval import same

    st: dict = {g: defaultdict(lambda: dict(tp=0, fp=0, fn=0, ctp=0, cfp=0)) for g in ("train", "heldout")}
    checks: dict = {g: dict(n=0, conf=0) for g in ("train", "heldout")}
    wrong: dict = defaultdict(list)
    for fn in files:
        with open(fn, "rb") as fh:
            r = pickle.load(fh)
        g = "heldout" if r["heldout"] else "train"
        ex = extract_document(r["form_type"], r["pages"], ["form"] * len(r["pages"]), r["received_at"])
        for k, tv in r["truth"].items():
            s, ov = st[g][k], ex.fields.get(k)
            if ov is None:
                s["fn"] += 1
                continue
            right = same(ov.value, tv)
            s["tp" if right else "fp"] += 1
            if not right:
                s["fn"] += 1
            if ov.confidence >= THRESHOLD:
                s["ctp" if right else "cfp"] += 1
                if not right:
                    wrong[g].append((r["id"], k))
        for k in CHECK_GROUPS:  # no box is ticked on these forms: any confident tick is wrong
            if k in ex.fields:
                checks[g]["n"] += 1
                if ex.fields[k].confidence >= THRESHOLD:
                    checks[g]["conf"] += 1
                    st[g][k]["cfp"] += 1
                    wrong[g].append((r["id"], k))
    return st, checks, wrong


def rows(only: str | None = None) -> list[dict]:
    with open(FORMS / "manifest.csv") as f:
        rs = [r for r in csv.DictReader(f) if r["kind"] == "pdf_fillable" and r["form_type"] != "other"]
    return [r for r in rs if only is None or r["id"] == only]


@app.command()
def main(n: int = typer.Option(30, help="forms to fill (of the fillable ones that map >= 2 fields)"),
         seed: int = 9100, cache: str = "/tmp/real_forms", workers: int = 2,
         show_heldout_errors: bool = False,
         digital: bool = typer.Option(False, help="read the filled PDF's text layer instead of a fax of it")) -> None:
    """Fill, fax and read ``n`` real fillable forms; print per-field P/R/F1 and confident precision per group."""
    from multiprocessing import Pool

    from tests.test_extract_eval import table

    if not FORMS.exists():
        raise typer.Exit(f"no forms at {FORMS}")
    Path(cache).mkdir(parents=True, exist_ok=True)
    rs = sorted(rows(), key=lambda r: hashlib.sha1(r["id"].encode()).hexdigest())
    tag = ".digital" if digital else ""
    jobs = [(r, seed + i, f"{cache}/{r['id']}.{seed + i}{tag}.pkl", digital) for i, r in enumerate(rs)]
    with Pool(workers) as p:
        files = [f for f in p.map(build, jobs) if f][:n]
    st, checks, wrong = score(files)
    for g in ("train", "heldout"):
        with_g = sum(1 for f in files if pickle.load(open(f, "rb"))["heldout"] == (g == "heldout"))
        print(f"\n== {g}: {with_g} forms")
        print(table(st[g]))
        print(f"check groups read on forms with no box ticked: {checks[g]['n']}, confident {checks[g]['conf']}")
        if g == "train" or show_heldout_errors:
            for fid, k in wrong[g]:
                print(f"  confident wrong: {fid} {k}")


if __name__ == "__main__":
    app()
