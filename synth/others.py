"""Pages that are not request forms: ``other`` documents, cover sheets and attachments.

``other`` documents (form_type ``other``, page role ``form``): attorney or
insurer letters, subpoenas, progress notes, lab results, junk faxes.
Companion pages: fax cover sheets (role ``cover_sheet``), ID copies, powers
of attorney, guardianship orders, "enclosed please find" letters
(``attachment``) and blank pages (``blank``).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from PIL import Image

from synth import fills as F
from synth import ink
from synth.canvas import Canvas
from synth.fonts import Font, family
from synth.ink import Pen
from synth.layout import wrap

OTHER_KINDS = ["letter", "subpoena", "progress_note", "lab_results", "junk_fax"]
PAGE_KINDS = ["cover_sheet", "id_copy", "power_of_attorney", "court_order", "intro_letter", "blank"]
ROLE_OF = {"cover_sheet": "cover_sheet", "blank": "blank", "id_copy": "attachment", "power_of_attorney": "attachment",
           "court_order": "attachment", "intro_letter": "attachment"}


@dataclass
class Party:
    """Who a page is from or about."""

    name: str
    org: str
    street: str
    csz: str
    phone: str
    fax: str

    @staticmethod
    def draw(rng: random.Random, fk) -> "Party":
        last = fk.last_name()
        org = rng.choice([f"{last} & {fk.last_name()} LLP", f"{last} Law Firm", f"{fk.company()} Insurance",
                          f"{last} Disability Claims", f"{fk.city()} Orthopedics", f"{last} Legal Services, PLLC",
                          f"{fk.company()} Benefits Administration", f"{fk.city()} Family Clinic"])
        s, c, st, z = F.address(fk)
        return Party(F.person_name(rng, fk), org, s, f"{c}, {st} {z}", F.phone(rng), F.phone(rng))


class Writer:
    """Flowing printed text on a canvas, for letters and records."""

    def __init__(self, rng: random.Random, fam: str | None = None, size: int | None = None):
        self.r = rng
        self.fam = fam or rng.choice(["serif", "sans", "dejavu", "dejavu_serif", "narrow"])
        self.size = size or rng.choice([36, 38, 40])
        self.body = Font(family(self.fam), self.size)
        self.bold = Font(family(self.fam, "bold"), self.size)
        self.big = Font(family(self.fam, "bold"), int(self.size * 1.5))
        self.small = Font(family(self.fam), int(self.size * 0.75))
        self.L = rng.choice([180, 220, 260])
        self.R = 2550 - self.L
        self.c = Canvas()
        self.y = rng.choice([160, 200, 240])

    def line(self, s: str, font: Font | None = None, center: bool = False, right: bool = False, gap: float = 1.35) -> None:
        f = font or self.body
        x = self.L
        if center:
            x = (2550 - self.c.text_width(s, f)) / 2
        elif right:
            x = self.R - self.c.text_width(s, f)
        self.c.text(x, self.y, s, f)
        self.y += int(f.size * gap)

    def para(self, s: str, font: Font | None = None, indent: int = 0) -> None:
        f = font or self.body
        for ln in wrap(s, f, self.R - self.L - indent):
            if self.y > 3300 - 260:
                break
            self.c.text(self.L + indent, self.y, ln, f)
            self.y += int(f.size * 1.35)
        self.y += int(f.size * 0.6)

    def rule(self, w: int = 3) -> None:
        self.c.line(self.L, self.y, self.R, self.y, width=w)
        self.y += 24

    def skip(self, h: int) -> None:
        self.y += h


def _datestr(d: dt.date, rng: random.Random) -> str:
    return rng.choice([d.strftime("%B %d, %Y").replace(" 0", " "), F.fmt_date(d, "mm/dd/yyyy"), d.strftime("%d %B %Y")])


# --------------------------------------------------------------------------- other documents
def _letter(rng: random.Random, fk, R: dt.date, to: str) -> list[Canvas]:
    p = Party.draw(rng, fk)
    client = F.person_name(rng, fk)
    dob = F.dob_for_age(R, rng.randint(20, 80), rng)
    w = Writer(rng)
    w.line(p.org.upper(), w.big, center=True)
    w.line(f"{p.street}  |  {p.csz}  |  Tel {F.fmt_phone(p.phone, '(ddd) ddd-dddd')}", w.small, center=True)
    w.rule()
    w.skip(30)
    w.line(_datestr(R - dt.timedelta(days=rng.randint(1, 10)), rng))
    w.skip(30)
    for s in (to, "Attn: Release of Information", "Medical Records Department"):
        w.line(s)
    w.skip(30)
    w.line(f"Re: {client}, DOB {F.fmt_date(dob, 'mm/dd/yyyy')}", w.bold)
    w.skip(20)
    w.line(rng.choice(["Dear Custodian of Records:", "To Whom It May Concern:", "Dear Records Department:"]))
    w.para(rng.choice([
        f"This office represents the above-named individual regarding injuries sustained on {_datestr(R - dt.timedelta(days=rng.randint(90, 700)), rng)}. "
        "We ask that you provide an estimate of the cost of copies of all medical and billing records for the period of treatment.",
        "We are following up on our previous correspondence concerning the above patient. To date we have not received the records. "
        "Please advise us of the status of our request at your earliest convenience.",
        "Please be advised that the patient has changed counsel. Kindly direct all future correspondence regarding this matter to our office.",
        "Our company is reviewing a claim submitted by the above individual. Please let us know whether you have records for this person "
        "and what your current copy fees are.",
    ]))
    w.para("If you have any questions, please contact our office. Thank you for your assistance.")
    w.skip(30)
    w.line("Sincerely,")
    w.skip(10)
    ink.signature(w.c, (w.L, int(w.y), w.L + 700, int(w.y) + 120), rng)
    w.skip(140)
    w.line(p.name)
    w.line(rng.choice(["Paralegal", "Attorney at Law", "Claims Specialist", "Records Coordinator", "Case Manager"]))
    return [w.c]


def _subpoena(rng: random.Random, fk, R: dt.date, to: str) -> list[Canvas]:
    w = Writer(rng, fam=rng.choice(["serif", "dejavu_serif"]))
    county = fk.city()
    w.line(rng.choice(["DISTRICT COURT", "COUNTY COURT", "SUPERIOR COURT"]) + f", {county.upper()} COUNTY", w.bold, center=True)
    w.line(f"STATE OF {fk.state().upper()}", w.bold, center=True)
    w.skip(20)
    w.rule()
    pl, df = F.person_name(rng, fk), F.person_name(rng, fk)
    w.line(f"Plaintiff: {pl.upper()}")
    w.line("v.")
    w.line(f"Defendant: {df.upper()}")
    w.line(f"Case Number: {R.year - rng.randint(0, 2)}CV{rng.randint(10000, 99999)}", right=True)
    w.rule()
    w.line(rng.choice(["SUBPOENA DUCES TECUM", "SUBPOENA TO PRODUCE DOCUMENTS", "SUBPOENA FOR RECORDS"]), w.big, center=True)
    w.skip(20)
    w.line(f"TO: Custodian of Records, {to}")
    w.skip(10)
    due = R + dt.timedelta(days=rng.randint(10, 30))
    w.para(f"YOU ARE COMMANDED to produce the following documents at the office of {fk.last_name()} & Associates, "
           f"{fk.street_address()}, on or before {_datestr(due, rng)}: any and all medical records, billing records and "
           f"correspondence relating to {pl}, date of birth {F.fmt_date(F.dob_for_age(R, rng.randint(20, 80), rng), 'mm/dd/yyyy')}.")
    w.para("Failure to comply with this subpoena without adequate excuse may be deemed contempt of court.")
    w.skip(40)
    w.line(f"Dated: {_datestr(R - dt.timedelta(days=rng.randint(2, 20)), rng)}")
    ink.signature(w.c, (w.L + 1000, int(w.y), w.L + 1700, int(w.y) + 110), rng)
    w.skip(130)
    w.line("Clerk of Court / Attorney for Plaintiff", right=True)
    return [w.c]


_SOAP = {
    "S": ["Patient reports intermittent headaches for two weeks, worse in the evening.", "Follow-up for hypertension. No chest pain or shortness of breath.",
          "Presents with cough and low-grade fever for three days.", "Here for medication review; sleeping better."],
    "O": ["BP 132/84, HR 76, Temp 98.6 F. Lungs clear. Heart regular rate and rhythm.", "Alert and oriented. No focal deficits. Skin warm and dry.",
          "Mild erythema of the pharynx. No lymphadenopathy."],
    "A": ["Tension-type headache.", "Essential hypertension, controlled.", "Acute viral upper respiratory infection.", "Generalized anxiety, improving."],
    "P": ["Continue current medications. Return in 3 months.", "Supportive care, fluids, rest. Call if symptoms worsen.",
          "Labs ordered: CBC, CMP. Follow up after results."],
}


def _progress_note(rng: random.Random, fk, R: dt.date, to: str) -> list[Canvas]:
    pages = []
    pt = F.person_name(rng, fk)
    dob = F.dob_for_age(R, rng.randint(18, 85), rng)
    clinic = f"{fk.city()} {rng.choice(['Internal Medicine', 'Family Health', 'Medical Associates', 'Primary Care'])}"
    for i in range(rng.choice([1, 1, 2])):
        w = Writer(rng, fam=rng.choice(["sans", "dejavu", "narrow"]))
        w.line(clinic, w.big)
        w.line("PROGRESS NOTE", w.bold)
        w.rule()
        visit = R - dt.timedelta(days=rng.randint(30, 900))
        w.line(f"Patient: {pt}    DOB: {F.fmt_date(dob, 'mm/dd/yyyy')}    MRN: {F.mrn(rng)}")
        w.line(f"Date of service: {F.fmt_date(visit, 'mm/dd/yyyy')}    Provider: {F.person_name(rng, fk)}, {rng.choice(['MD', 'DO', 'NP', 'PA-C'])}")
        w.rule(2)
        for k, lab in (("S", "SUBJECTIVE"), ("O", "OBJECTIVE"), ("A", "ASSESSMENT"), ("P", "PLAN")):
            w.line(lab, w.bold)
            w.para(" ".join(rng.sample(_SOAP[k], min(2, len(_SOAP[k])))))
        w.skip(20)
        w.line("Electronically signed by provider.", w.small)
        pages.append(w.c)
    return pages


_LABS = [("WBC", "10^3/uL", 4.0, 11.0), ("Hemoglobin", "g/dL", 12.0, 17.5), ("Platelets", "10^3/uL", 150, 400),
         ("Sodium", "mmol/L", 135, 145), ("Potassium", "mmol/L", 3.5, 5.1), ("Glucose", "mg/dL", 70, 99),
         ("Creatinine", "mg/dL", 0.6, 1.3), ("ALT", "U/L", 7, 56), ("TSH", "mIU/L", 0.4, 4.0), ("LDL", "mg/dL", 0, 99),
         ("HbA1c", "%", 4.0, 5.6), ("Calcium", "mg/dL", 8.5, 10.2)]


def _lab_results(rng: random.Random, fk, R: dt.date, to: str) -> list[Canvas]:
    w = Writer(rng, fam=rng.choice(["sans", "dejavu", "condensed"]))
    mono = Font(family("dejavu"), w.size - 2)
    w.line(f"{fk.city()} Reference Laboratory", w.big)
    w.line("LABORATORY REPORT - FINAL", w.bold)
    w.rule()
    pt = F.person_name(rng, fk)
    w.line(f"Patient: {pt}   DOB: {F.fmt_date(F.dob_for_age(R, rng.randint(18, 85), rng), 'mm/dd/yyyy')}   Sex: {rng.choice('MF')}")
    w.line(f"Collected: {F.fmt_date(R - dt.timedelta(days=rng.randint(5, 400)), 'mm/dd/yyyy')}   Ordering: {F.person_name(rng, fk)}, MD")
    w.rule(2)
    cols = [w.L, w.L + 650, w.L + 1000, w.L + 1250, w.L + 1700]
    for x, h in zip(cols, ["Test", "Result", "Flag", "Units", "Reference"]):
        w.c.text(x, w.y, h, w.bold)
    w.y += 60
    for name, unit, lo, hi in rng.sample(_LABS, rng.randint(6, 11)):
        v = rng.uniform(lo * 0.8, hi * 1.2)
        flag = "H" if v > hi else "L" if v < lo else ""
        for x, s in zip(cols, [name, f"{v:.1f}", flag, unit, f"{lo}-{hi}"]):
            w.c.text(x, w.y, s, mono)
        w.y += 56
    return [w.c]


def _junk(rng: random.Random, fk, R: dt.date, to: str) -> list[Canvas]:
    w = Writer(rng, fam=rng.choice(["sans", "dejavu"]))
    huge = Font(family(w.fam, "bold"), 120)
    w.line(rng.choice(["SPECIAL OFFER!", "ATTENTION OFFICE MANAGER", "LIMITED TIME ONLY", "FREE TRIAL"]), huge, center=True)
    w.skip(40)
    w.line(rng.choice(["Toner cartridges up to 70% off", "Cut your medical billing costs in half", "Lower your credit card processing fees",
                       "Vacation giveaway for your staff", "Medical scrubs - bulk pricing"]), w.big, center=True)
    w.skip(60)
    w.para(f"{fk.company()} is pleased to offer your practice an exclusive deal. {fk.catch_phrase()}. Call today at "
           f"{F.fmt_phone(F.phone(rng), '1-ddd-ddd-dddd')} to claim your savings. Offer ends {_datestr(R + dt.timedelta(days=14), rng)}.")
    w.skip(40)
    w.c.rect(w.L, w.y, w.R, w.y + 300, width=6)
    w.y += 40
    w.line(rng.choice(["CALL NOW", "ORDER TODAY", "ACT FAST"]), w.big, center=True)
    w.y = 3000
    w.line(f"To be removed from our fax list call {F.fmt_phone(F.phone(rng), '1-ddd-ddd-dddd')}. Remove code {rng.randint(1000, 9999)}.", w.small)
    return [w.c]


def render_other(*, seed: int, rng: random.Random, fill: str, received_at: dt.datetime, kind: str | None = None,
                 to: str | None = None):
    """An ``other`` document (pages with role ``form``, no fields)."""
    from synth.render import RenderedDocument
    fk = F.faker(seed)
    kind = kind or rng.choice(OTHER_KINDS)
    to = to or f"{fk.city()} Medical Center"
    fn = {"letter": _letter, "subpoena": _subpoena, "progress_note": _progress_note, "lab_results": _lab_results,
          "junk_fax": _junk}[kind]
    pages = fn(rng, fk, received_at.date(), to)
    return RenderedDocument(form_type="other", template=f"other.{kind}", issuer=None, fill=fill,
                            pages=[c.image for c in pages], page_roles=["form"] * len(pages), fields={},
                            received_at=received_at, canvases=pages)


# --------------------------------------------------------------------------- companion pages
def cover_sheet(rng: random.Random, fk, *, to: str, to_fax: str, sender: Party, when: dt.datetime, n_pages: int,
                fill: str = "typed") -> Canvas:
    """A fax cover sheet in one of several designs."""
    w = Writer(rng)
    design = rng.randint(0, 3)
    pen = Pen.typed(rng) if fill == "typed" else Pen.hand(rng)
    if design == 0:
        w.c.text(w.L, w.y, "FAX", Font(family("sans", "bold"), 220))
        w.c.text(w.L + 650, w.y + 40, sender.org, w.big)
        w.c.text(w.L + 650, w.y + 120, f"{sender.street}, {sender.csz}", w.small)
        w.y += 320
    elif design == 1:
        w.line(sender.org, w.big, center=True)
        w.line(f"{sender.street} - {sender.csz}", w.small, center=True)
        w.skip(30)
        w.c.rect(w.L, w.y, w.R, w.y + 110, width=0, fill=0)
        t = rng.choice(["FACSIMILE TRANSMITTAL SHEET", "FAX COVER SHEET", "CONFIDENTIAL FAX"])
        w.c.text((2550 - w.c.text_width(t, w.big)) / 2, w.y + 25, t, w.big, 255)
        w.y += 180
    elif design == 2:
        w.line(rng.choice(["Fax Cover Sheet", "Facsimile", "Fax Transmission"]), Font(family(w.fam, "bold"), 90))
        w.rule(6)
        w.line(sender.org, w.bold)
        w.skip(30)
    else:
        w.line(sender.org.upper(), w.bold)
        w.line(f"Phone {F.fmt_phone(sender.phone, 'ddd-ddd-dddd')}   Fax {F.fmt_phone(sender.fax, 'ddd-ddd-dddd')}", w.small)
        w.skip(60)
        w.line(rng.choice(["FAX", "TELECOPY", "FAX MESSAGE"]), Font(family(w.fam, "bold"), 110), center=True)
        w.skip(30)
    rows = [("To", f"{to}" + rng.choice(["", " - HIM Department", " / Medical Records", " - Release of Information"])),
            ("Fax", F.fmt_phone(to_fax, rng.choice(F.PHONE_STYLES))),
            ("From", sender.name if rng.random() < 0.6 else sender.org),
            ("Fax", F.fmt_phone(sender.fax, rng.choice(F.PHONE_STYLES))),
            ("Phone", F.fmt_phone(sender.phone, rng.choice(F.PHONE_STYLES))),
            ("Date", _datestr(when.date(), rng)),
            ("Pages", rng.choice([f"{n_pages} (including cover)", str(n_pages), f"{n_pages} incl. cover"])),
            ("Re", rng.choice(["Request for medical records", "Authorization", "Records request", "Signed authorization enclosed",
                               "Patient request", "Release of information"]))]
    if rng.random() < 0.3:
        rows = [(k.upper(), v) for k, v in rows]
    lw = 260
    for k, v in rows:
        w.c.text(w.L, w.y, k + ":", w.bold)
        w.c.line(w.L + lw, w.y + w.size + 12, w.R - 200, w.y + w.size + 12, width=2)
        ink.write(w.c, w.L + lw + 15, w.y + w.size + 2, v, pen, rng, max_width=w.R - 200 - w.L - lw - 30)
        w.y += int(w.size * 2.0)
    w.skip(30)
    boxes = ["Urgent", "For Review", "Please Comment", "Please Reply"]
    x = w.L
    for b in boxes[: rng.randint(1, 4)]:
        w.c.rect(x, w.y, x + 36, w.y + 36, width=3)
        if rng.random() < 0.2:
            ink.tick(w.c, (x, int(w.y), x + 36, int(w.y) + 36), "x", rng)
        w.c.text(x + 50, w.y, b, w.body)
        x += 80 + int(w.c.text_width(b, w.body)) + 40
    w.y += 100
    w.line("Comments:", w.bold)
    ink.write(w.c, w.L + 20, w.y + 40, rng.choice(["Please see attached.", "Attached is a signed request. Thank you.",
                                                    "Please process the enclosed authorization.", "Thank you!",
                                                    "Call with any questions."]), pen, rng)
    w.y = rng.choice([2500, 2650, 2800])
    notice = ("CONFIDENTIALITY NOTICE: This facsimile may contain protected health information. It is intended only for the "
              "recipient named above. If you received it in error, notify the sender immediately and destroy all copies.")
    if rng.random() < 0.6:
        y0 = w.y - 20
        w.para(notice, w.small, indent=20)
        w.c.rect(w.L, y0, w.R, w.y + 10, width=3)
    else:
        w.para(notice, w.small)
    return w.c


def id_copy(rng: random.Random, fk, *, name: str, dob: dt.date, address: str | None) -> Canvas:
    """A photocopy of a driver licence or state ID (front, sometimes back)."""
    c = Canvas()
    x0, y0 = rng.randint(300, 700), rng.randint(250, 700)
    W_, H_ = 1010, 640
    c.rect(x0, y0, x0 + W_, y0 + H_, width=4, fill=rng.choice([225, 235, 245]))
    st = fk.state().upper()
    c.rect(x0, y0, x0 + W_, y0 + 90, width=0, fill=90)
    c.text(x0 + 30, y0 + 22, f"{st} " + rng.choice(["DRIVER LICENSE", "IDENTIFICATION CARD", "DRIVER'S LICENSE"]),
           Font(family("sans", "bold"), 42), 255)
    c.rect(x0 + 40, y0 + 130, x0 + 330, y0 + 500, width=2, fill=150)
    c.ellipse(x0 + 115, y0 + 170, x0 + 255, y0 + 330, width=0, fill=90)
    c.ellipse(x0 + 75, y0 + 340, x0 + 295, y0 + 560, width=0, fill=90)
    c.rect(x0 + 40, y0 + 500, x0 + 330, y0 + 600, width=0, fill=225)
    f, fb = Font(family("sans"), 30), Font(family("sans", "bold"), 34)
    lines = [("DL", f"{rng.choice('ABDFHJKLMSW')}{rng.randint(1000000, 9999999)}"),
             ("DOB", F.fmt_date(dob, "mm/dd/yyyy")),
             ("EXP", F.fmt_date(dob.replace(year=dob.year + rng.randint(60, 80)) if dob.month != 2 or dob.day != 29 else dob, "mm/dd/yyyy"))]
    yy = y0 + 130
    for k, v in lines:
        c.text(x0 + 370, yy, k, f)
        c.text(x0 + 470, yy, v, fb)
        yy += 52
    parts = name.upper().split()
    c.text(x0 + 370, yy + 10, parts[-1], fb)
    c.text(x0 + 370, yy + 60, " ".join(parts[:-1]), fb)
    yy += 120
    if address:
        for ln in address.upper().split(", ", 1):
            c.text(x0 + 370, yy, ln[:34], f)
            yy += 42
    ink.signature(c, (x0 + 370, y0 + 520, x0 + 900, y0 + 610), rng, gray=40)
    if rng.random() < 0.5:  # back side
        y1 = y0 + H_ + 120
        c.rect(x0, y1, x0 + W_, y1 + H_, width=4, fill=240)
        for i in range(14):
            bw = rng.randint(4, 14)
            xx = x0 + 60 + i * 60
            c.rect(xx, y1 + 380, xx + bw, y1 + 560, width=0, fill=0)
        c.text(x0 + 40, y1 + 60, "ORGAN DONOR  " + rng.choice(["YES", "NO"]), f)
    return c


def power_of_attorney(rng: random.Random, fk, *, principal: str, agent: str, R: dt.date) -> Canvas:
    w = Writer(rng, fam=rng.choice(["serif", "dejavu_serif"]))
    w.line(rng.choice(["DURABLE POWER OF ATTORNEY FOR HEALTH CARE", "MEDICAL POWER OF ATTORNEY",
                       "HEALTH CARE POWER OF ATTORNEY"]), w.big, center=True)
    w.skip(40)
    w.para(f"I, {principal}, of {fk.city()}, {fk.state()}, designate {agent} as my agent to make health care decisions for me "
           "if I am unable to make them myself, including the right to obtain and disclose my medical records.")
    w.para("This power of attorney is effective upon my incapacity as determined by my attending physician and shall not be "
           "affected by my subsequent disability or incapacity.")
    w.para("My agent may sign releases and authorizations under HIPAA on my behalf and is my personal representative for that purpose.")
    w.skip(40)
    signed = R - dt.timedelta(days=rng.randint(200, 3000))
    w.line(f"Signed this {signed.day} day of {signed.strftime('%B')}, {signed.year}.")
    ink.signature(w.c, (w.L, int(w.y) + 10, w.L + 700, int(w.y) + 130), rng)
    w.skip(150)
    w.line(f"{principal}, Principal")
    w.skip(60)
    w.c.rect(w.L, w.y, w.R, w.y + 420, width=2)
    w.y += 30
    w.para("NOTARY ACKNOWLEDGMENT: Subscribed and sworn before me by the principal named above.", w.small, indent=30)
    w.c.ellipse(w.R - 420, w.y, w.R - 120, w.y + 300, width=5, gray=90)
    ink.signature(w.c, (w.L + 40, int(w.y) + 80, w.L + 700, int(w.y) + 200), rng)
    w.y += 250
    w.line(f"   Notary Public, commission expires {F.fmt_date(R + dt.timedelta(days=rng.randint(100, 1000)), 'mm/dd/yyyy')}", w.small)
    return w.c


def court_order(rng: random.Random, fk, *, ward: str, guardian: str, R: dt.date) -> Canvas:
    w = Writer(rng, fam=rng.choice(["serif", "dejavu_serif"]))
    w.line(f"{rng.choice(['DISTRICT', 'PROBATE', 'CIRCUIT'])} COURT, {fk.city().upper()} COUNTY, {fk.state().upper()}", w.bold, center=True)
    w.rule()
    w.line(f"In the Matter of the Guardianship of {ward.upper()}")
    w.line(f"Case No. {R.year - rng.randint(1, 8)}PR{rng.randint(1000, 9999)}", right=True)
    w.rule()
    w.line(rng.choice(["LETTERS OF GUARDIANSHIP", "ORDER APPOINTING GUARDIAN", "LETTERS OF CONSERVATORSHIP"]), w.big, center=True)
    w.skip(30)
    w.para(f"The Court finds that {guardian} has been duly appointed guardian of the person named above and is authorized to "
           "act on the ward's behalf, including consenting to medical care and obtaining the ward's health records.")
    w.para("These letters remain in full force until revoked or modified by further order of the Court.")
    w.skip(40)
    w.line(f"Dated: {_datestr(R - dt.timedelta(days=rng.randint(60, 2000)), rng)}")
    ink.signature(w.c, (w.L + 1000, int(w.y), w.L + 1700, int(w.y) + 120), rng)
    w.skip(140)
    w.line("District Judge / Clerk", right=True)
    w.c.ellipse(w.L + 100, w.y + 40, w.L + 420, w.y + 360, width=6, gray=110)
    return w.c


def intro_letter(rng: random.Random, fk, *, sender: Party, to: str, patient: str, R: dt.date, form_label: str) -> Canvas:
    w = Writer(rng)
    w.line(sender.org, w.big)
    w.line(f"{sender.street}, {sender.csz}", w.small)
    w.rule()
    w.skip(30)
    w.line(_datestr(R - dt.timedelta(days=rng.randint(0, 5)), rng))
    w.skip(30)
    w.line(to)
    w.line("Medical Records / Release of Information")
    w.skip(30)
    w.line(f"Re: {patient}", w.bold)
    w.skip(20)
    w.line(rng.choice(["Dear Records Custodian:", "To Whom It May Concern:", "Dear Sir or Madam:"]))
    w.para(rng.choice([
        f"Enclosed please find a {form_label} signed by the above-named individual. Please forward the requested records to our office.",
        f"Please find enclosed the {form_label} for the patient named above. Kindly process it at your earliest convenience.",
        f"Attached is a completed {form_label}. We would appreciate copies of the records it covers, and an invoice for any fees.",
    ]))
    w.para("Thank you for your prompt attention to this matter.")
    w.skip(30)
    w.line("Very truly yours,")
    ink.signature(w.c, (w.L, int(w.y) + 10, w.L + 700, int(w.y) + 120), rng)
    w.skip(140)
    w.line(sender.name)
    return w.c


def blank_page(rng: random.Random) -> Canvas:
    c = Canvas()
    if rng.random() < 0.4:  # a stray mark or a faint bleed-through
        x, y = rng.randint(200, 2300), rng.randint(200, 3000)
        c.ellipse(x, y, x + rng.randint(4, 12), y + rng.randint(4, 12), width=0, fill=120)
    return c


def as_image(c: Canvas) -> Image.Image:
    return c.image
