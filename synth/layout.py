"""Draw a template's blocks onto pages and write a case's values into the blanks.

The issuer's style decides how each block looks (boxed fields, label under a
line, "Label: ____", grids; banded or ruled sections; checkbox glyphs). The
layout records where each value was written (``boxes``) for truth bboxes.
"""

from __future__ import annotations

import random

from synth import ink
from synth.canvas import Box, Canvas, union
from synth.cases import Case
from synth.fonts import Font, family
from synth.ink import Pen
from synth.templates.blocks import (Checks, Header, Inline, Note, PageBreak, Para, Row, Section, Sign, Space,
                                    Template, Title)
from synth.templates.issuers import find_issuer

TOP = 150
BOTTOM_MARGIN = 230


def wrap(text: str, font: Font, width: float) -> list[str]:
    words, lines, cur = text.split(), [], ""
    f = font.pil
    for w in words:
        cand = f"{cur} {w}" if cur else w
        if f.getlength(cand) <= width or not cur:
            cur = cand
        else:
            lines.append(cur)
            cur = w
    if cur:
        lines.append(cur)
    return lines


class Layout:
    """Stateful page filler: one instance per rendered document."""

    def __init__(self, tpl: Template, case: Case, pen: Pen, rng: random.Random):
        self.t, self.case, self.pen, self.r = tpl, case, pen, rng
        st = tpl.style
        self.st = st
        fam = st.get("font", "sans")
        b = st.get("body", 36)
        self.f_body = Font(family(fam), b)
        self.f_bold = Font(family(fam, "bold"), b)
        self.f_small = Font(family(fam), int(b * 0.72))
        self.f_fine = Font(family(fam), int(b * 0.84))
        self.f_sect = Font(family(fam, "bold"), int(b * 1.12))
        self.f_title = Font(family(fam, "bold"), int(b * 1.6))
        self.f_sub = Font(family(fam, "italic"), int(b * 0.95))
        self.L = st.get("margin", 190)
        self.R = 2550 - self.L
        self.pages: list[Canvas] = []
        self.boxes: dict[str, tuple[int, Box]] = {}
        self.tick_style = rng.choice(["x", "x", "check", "check", "fill", "scribble"]) if pen.handwritten \
            else rng.choice(["x", "fill"])
        self.section_no = 0
        self.new_page()

    # ------------------------------------------------------------------ pages
    @property
    def c(self) -> Canvas:
        return self.pages[-1]

    @property
    def bottom(self) -> int:
        return 3300 - BOTTOM_MARGIN

    def new_page(self) -> None:
        self.pages.append(Canvas())
        self.y = TOP
        if len(self.pages) > 1 and not self.st.get("letter"):
            self.c.text(self.L, 90, f"{self.t.issuer} - {self.case_name_hint()}", self.f_small, 60)
            self.y = 190

    def case_name_hint(self) -> str:
        return "continued"

    def ensure(self, h: float) -> None:
        if self.y + h > self.bottom:
            self.new_page()

    def record(self, key: str, box: Box) -> None:
        field = key.split(".")[0]
        page = len(self.pages) - 1
        if field in self.boxes and self.boxes[field][0] == page:
            self.boxes[field] = (page, union(self.boxes[field][1], box))  # type: ignore[arg-type]
        elif field not in self.boxes:
            self.boxes[field] = (page, box)

    def value(self, key: str) -> str | None:
        v = self.case.shown.get(key)
        return v if v else None

    def write_value(self, key: str, x: float, baseline: float, max_w: float) -> None:
        v = self.value(key)
        if v is None:
            return
        box = ink.write(self.c, x + self.r.uniform(0, 12), baseline + self.r.uniform(-3, 3), v, self.pen, self.r,
                        max_width=max_w)
        self.record(key, box)

    # ------------------------------------------------------------------ blocks
    def run(self) -> list[Canvas]:
        for b in self.t.blocks:
            if isinstance(b, Header):
                self.header()
            elif isinstance(b, Title):
                self.title(b)
            elif isinstance(b, Section):
                self.section(b)
            elif isinstance(b, Para):
                if b.key and b.key in self.case.dropped:
                    continue
                self.para(b)
            elif isinstance(b, Row):
                self.row(b)
            elif isinstance(b, Checks):
                self.checks(b)
            elif isinstance(b, Inline):
                self.inline(b)
            elif isinstance(b, Sign):
                self.sign(b)
            elif isinstance(b, Space):
                self.y += b.h
            elif isinstance(b, Note):
                self.note(b)
            elif isinstance(b, PageBreak):
                self.new_page()
        self.footers()
        return self.pages

    def header(self) -> None:
        iss = find_issuer(self.t.issuer_key)
        kind = self.st.get("header", "logo_left")
        c, L, R = self.c, self.L, self.R
        name_f = Font(self.f_bold.path, int(self.f_body.size * 1.45))
        lines = [iss.dept, iss.street + ", " + iss.city, f"Phone {iss.phone}  |  Fax {iss.fax}"]
        y = self.y
        if kind == "center":
            w = c.text_width(iss.name.upper(), name_f)
            c.text((2550 - w) / 2, y, iss.name.upper(), name_f)
            y += name_f.size + 14
            for ln in lines:
                w = c.text_width(ln, self.f_small)
                c.text((2550 - w) / 2, y, ln, self.f_small)
                y += self.f_small.size + 8
        elif kind == "right_block":
            self.logo(L, y, 130)
            c.text(L + 160, y + 30, iss.name, name_f)
            yy = y
            for ln in lines:
                w = c.text_width(ln, self.f_small)
                c.text(R - w, yy, ln, self.f_small)
                yy += self.f_small.size + 8
            y = max(y + 150, yy)
        else:
            self.logo(L, y, 150)
            c.text(L + 185, y + 5, iss.name, name_f)
            yy = y + name_f.size + 18
            for ln in lines:
                c.text(L + 185, yy, ln, self.f_small)
                yy += self.f_small.size + 6
            y = max(y + 165, yy)
        y += 12
        c.line(L, y, R, y, width=4)
        self.y = y + 30

    def logo(self, x: float, y: float, s: float) -> None:
        kind = self.st.get("logo", "none")
        c = self.c
        if kind == "mountain":
            c.polygon([(x, y + s), (x + s * 0.38, y + s * 0.25), (x + s * 0.62, y + s * 0.62), (x + s * 0.75, y + s * 0.45),
                       (x + s, y + s)], gray=40)
            c.polygon([(x + s * 0.3, y + s * 0.4), (x + s * 0.38, y + s * 0.25), (x + s * 0.46, y + s * 0.4)], gray=255)
        elif kind == "circle":
            c.ellipse(x, y, x + s, y + s, width=8, gray=30)
            ini = "".join(w[0] for w in find_issuer(self.t.issuer_key).name.split()[:2])
            f = Font(self.f_bold.path, int(s * 0.4))
            w = c.text_width(ini, f)
            c.text(x + (s - w) / 2, y + s * 0.3, ini, f, 30)
        elif kind == "cross":
            a = s * 0.32
            c.rect(x + a, y, x + s - a, y + s, width=0, fill=50)
            c.rect(x, y + a, x + s, y + s - a, width=0, fill=50)
        elif kind == "leaf":
            c.ellipse(x + s * 0.1, y + s * 0.05, x + s * 0.9, y + s * 0.8, width=0, fill=70)
            c.line(x + s * 0.5, y + s * 0.15, x + s * 0.5, y + s, width=6, gray=255)
            c.line(x + s * 0.5, y + s * 0.8, x + s * 0.5, y + s, width=6, gray=70)

    def title(self, b: Title) -> None:
        kind = self.st.get("title", "center_bold")
        c = self.c
        width = self.R - self.L
        lines = wrap(b.text, self.f_title, width - 60)
        lh = self.f_title.size + 12
        h = lh * len(lines) + (self.f_sub.size + 12 if b.sub else 0) + 40
        self.ensure(h)
        y = self.y
        if kind == "band":
            c.rect(self.L, y, self.R, y + lh * len(lines) + 24, width=0, fill=0)
            for i, ln in enumerate(lines):
                w = c.text_width(ln, self.f_title)
                c.text((2550 - w) / 2, y + 12 + i * lh, ln, self.f_title, 255)
            y += lh * len(lines) + 36
        elif kind == "left_rule":
            for i, ln in enumerate(lines):
                c.text(self.L, y + i * lh, ln, self.f_title)
            y += lh * len(lines) + 6
            c.line(self.L, y, self.R, y, width=6)
            y += 18
        elif kind == "center_box":
            for i, ln in enumerate(lines):
                w = c.text_width(ln, self.f_title)
                c.text((2550 - w) / 2, y + 18 + i * lh, ln, self.f_title)
            c.rect(self.L + 40, y, self.R - 40, y + lh * len(lines) + 36, width=3)
            y += lh * len(lines) + 50
        else:
            for i, ln in enumerate(lines):
                w = c.text_width(ln, self.f_title)
                c.text((2550 - w) / 2, y + i * lh, ln, self.f_title)
            y += lh * len(lines) + 10
        if b.sub:
            w = c.text_width(b.sub, self.f_sub)
            c.text((2550 - w) / 2, y, b.sub, self.f_sub)
            y += self.f_sub.size + 14
        self.y = y + 20

    def section(self, b: Section) -> None:
        kind = self.st.get("section", "plain_bold")
        self.section_no += 1
        self.ensure(self.f_sect.size * 4)
        c, y = self.c, self.y + 10
        text = b.text
        if kind == "numbered":
            text = f"{self.section_no}. {text}"
        elif kind == "caps_rule":
            text = f"SECTION {chr(64 + min(self.section_no, 26))} - {text.upper()}"
        if kind == "band":
            c.rect(self.L, y, self.R, y + self.f_sect.size + 20, width=0, fill=200)
            c.text(self.L + 14, y + 10, text, self.f_sect)
            y += self.f_sect.size + 30
        elif kind in ("caps_rule", "underline"):
            box = c.text(self.L, y, text, self.f_sect)
            y = box[3] + 8
            c.line(self.L, y, self.R if kind == "caps_rule" else box[2], y, width=3)
            y += 12
        else:
            c.text(self.L, y, text, self.f_sect)
            y += self.f_sect.size + 16
        self.y = y + 6

    def para(self, b: Para) -> None:
        f = self.f_fine if b.small else self.f_body
        indent = 45 if b.bullet else 0
        lines = wrap(b.text, f, self.R - self.L - indent)
        lh = int(f.size * 1.3)
        for i, ln in enumerate(lines):
            self.ensure(lh)
            if i == 0 and b.bullet:
                self.c.text(self.L + 8, self.y, "\u2022", f)
            self.c.text(self.L + indent, self.y, ln, f)
            self.y += lh
        self.y += 14

    def note(self, b: Note) -> None:
        f = self.f_small
        self.ensure(f.size * 3)
        self.c.rect(self.L, self.y, self.R, self.y + f.size + 40, width=2)
        self.c.text(self.L + 20, self.y + 20, b.text, f)
        self.y += f.size + 60

    # ------------------------------------------------------------------ fields
    def row(self, b: Row) -> None:
        kind = self.st.get("fields", "box")
        H = {"box": 112, "under": 128, "inline": 92, "grid": 92}[kind]
        self.ensure(H + 10)
        total = sum(w for _, _, w in b.fields)
        x = float(self.L)
        span = self.R - self.L
        for key, label, w in b.fields:
            x1 = x + span * w / total
            self.cell(kind, key, label, x, x1, self.y, H)
            x = x1
        self.y += H + (0 if kind in ("box", "grid") else 12)

    def cell(self, kind: str, key: str, label: str, x0: float, x1: float, y: float, H: int) -> None:
        c, fs = self.c, self.f_small
        if not key:
            if kind in ("box", "grid"):
                c.rect(x0, y, x1, y + H, width=2)
            return
        if kind == "box":
            c.rect(x0, y, x1, y + H, width=2)
            c.text(x0 + 10, y + 6, label, fs)
            self.write_value(key, x0 + 16, y + H - 20, x1 - x0 - 40)
        elif kind == "under":
            c.line(x0, y + 84, x1 - 30, y + 84, width=2)
            c.text(x0, y + 92, label, fs)
            self.write_value(key, x0 + 8, y + 74, x1 - x0 - 50)
        elif kind == "inline":
            lab = label + ":"
            bx = c.text(x0, y + 58 - self.f_body.pil.getmetrics()[0], lab, self.f_body)
            lx = bx[2] + 12
            c.line(lx, y + 66, x1 - 25, y + 66, width=2)
            self.write_value(key, lx + 10, y + 58, x1 - 25 - lx - 20)
        else:  # grid: label cell on the left
            lw = min(c.text_width(label, fs) + 30, (x1 - x0) * 0.45)
            c.rect(x0, y, x1, y + H, width=2)
            c.rect(x0, y, x0 + lw, y + H, width=2, fill=235)
            lines = wrap(label, fs, lw - 20)[:2]
            for i, ln in enumerate(lines):
                c.text(x0 + 10, y + 12 + i * (fs.size + 4), ln, fs)
            self.write_value(key, x0 + lw + 14, y + H - 24, x1 - x0 - lw - 36)

    def glyph(self, x: float, y: float, s: int) -> Box:
        kind = self.st.get("check", "square")
        c = self.c
        if kind == "bracket":
            c.text(x - 4, y - 6, "[", self.f_body)
            c.text(x + s - 10, y - 6, "]", self.f_body)
        elif kind == "circle":
            c.ellipse(x, y, x + s, y + s, width=3)
        elif kind == "underscore":
            c.line(x - 10, y + s, x + s + 10, y + s, width=2)
        else:
            c.rect(x, y, x + s, y + s, width=3)
        return (int(x), int(y), int(x + s), int(y + s))

    def checks(self, b: Checks) -> None:
        c = self.c
        lh = int(self.f_body.size * 1.55)
        rows = -(-len(b.options) // b.cols)
        self.ensure(lh * (rows + 1) + 20)
        c = self.c
        c.text(self.L, self.y, b.label, self.f_bold if self.st.get("section") in ("band", "numbered") else self.f_body)
        self.y += lh
        chosen = self.case.checks.get(b.key, set())
        colw = (self.R - self.L) / b.cols
        s = int(self.f_body.size * 0.85)
        field_box: Box | None = None
        for i, (code, label) in enumerate(b.options):
            col, rw = i // rows, i % rows
            x = self.L + 20 + col * colw
            y = self.y + rw * lh
            g = self.glyph(x, y + 2, s)
            tb = c.text(x + s + 18, y, label, self.f_body if len(label) < 40 or b.cols == 1 else self.f_fine)
            if code in chosen:
                ink.tick(c, g, self.tick_style, self.r, gray=self.pen.gray)
                field_box = union(field_box, (g[0], g[1], tb[2], tb[3]))
        self.y += rows * lh + 16
        if field_box is not None:
            self.record(b.key, field_box)

    def inline(self, b: Inline) -> None:
        """Flow printed words and blanks; values are written over short underlines."""
        letter = bool(self.st.get("letter"))
        f = self.pen_font() if letter else self.f_body
        lh = int(max(f.size, self.pen.size) * (1.5 if not letter else 1.35))
        asc = f.pil.getmetrics()[0]
        x = float(self.L)
        self.ensure(lh)
        base = self.y + asc + 8
        space = f.pil.getlength(" ")
        for part in b.parts:
            if isinstance(part, str):
                for w in part.split(" "):
                    if not w:
                        continue
                    wl = f.pil.getlength(w)
                    if x + wl > self.R:
                        x, base = self._newline(lh, asc)
                    if letter:
                        ink.write(self.c, x, base, w, self.pen, self.r)
                    else:
                        self.c.text(x, base - asc, w, f)
                    x += wl + space
                continue
            key = part[0]
            printed = part[1] if len(part) > 1 else None
            if printed is not None:
                if key.startswith("="):
                    key = key[1:]
                wl = f.pil.getlength(printed)
                if x + wl > self.R:
                    x, base = self._newline(lh, asc)
                box = self.c.text(x, base - asc, printed, f)
                self.record(key, box)
                x += wl + space
                continue
            v = self.value(key)
            vw = (self.pen_font().pil.getlength(v) * (1.1 if self.pen.handwritten else 1.0) + (5 if letter else 30)
                  if v else 0)
            blank = max(vw, 260 if not letter else 0)
            if x + blank > self.R:
                x, base = self._newline(lh, asc)
                blank = min(blank, self.R - x)
            if not letter:
                self.c.line(x, base + 10, x + blank, base + 10, width=2)
            if v:
                box = ink.write(self.c, x + 10, base + (0 if letter else -2), v, self.pen, self.r,
                                max_width=self.R - x - 10)
                self.record(key, box)
            x += blank + space
        self.y = base + lh - asc

    def pen_font(self) -> Font:
        return Font(self.pen.font, self.pen.size)

    def _newline(self, lh: int, asc: int) -> tuple[float, float]:
        self.y += lh
        if self.y + lh > self.bottom:
            self.new_page()
        return float(self.L), self.y + asc + 8

    def sign(self, b: Sign) -> None:
        kind = self.st.get("fields", "box")
        letter = bool(self.st.get("letter"))
        H = 150
        self.ensure(H + 150)
        c, y = self.c, self.y
        date_key = f"{b.who}_date" if b.who != "signature" else "signature_date"
        if letter:
            sig_box = (self.L, y, self.L + 800, y + H)
            if self.case.signed.get(b.who):
                self.record(f"{b.who}_present", ink.signature(c, sig_box, self.r, self.pen.gray))
            self.y = y + H + 10
            v = self.value(b.name_key) if b.name_key else None
            if v:
                box = ink.write(c, self.L, self.y + 40, v, self.pen, self.r)
                self.record(b.name_key, box)
                self.y += 70
            return
        split = self.L + (self.R - self.L) * 0.66
        if kind in ("box", "grid"):
            c.rect(self.L, y, split, y + H, width=2)
            c.rect(split, y, self.R, y + H, width=2)
            c.text(self.L + 10, y + 6, b.sig_label, self.f_small)
            c.text(split + 10, y + 6, b.date_label, self.f_small)
            sig_area = (int(self.L + 40), int(y + 30), int(split - 40), int(y + H - 8))
            self.write_value(date_key, split + 16, y + H - 24, self.R - split - 40)
            self.y = y + H + 14
        else:
            line_y = y + H - 30
            c.line(self.L, line_y, split - 40, line_y, width=2)
            c.line(split, line_y, self.R, line_y, width=2)
            c.text(self.L, line_y + 8, b.sig_label, self.f_small)
            c.text(split, line_y + 8, b.date_label, self.f_small)
            sig_area = (int(self.L + 30), int(y + 10), int(split - 80), int(line_y + 10))
            self.write_value(date_key, split + 10, line_y - 10, self.R - split - 20)
            self.y = line_y + self.f_small.size + 30
        if self.case.signed.get(b.who):
            present_key = f"{b.who}_present" if b.who != "signature" else "signature_present"
            self.record(present_key, ink.signature(c, sig_area, self.r, self.pen.gray))
        if b.name_key:
            self.row(Row(((b.name_key, b.name_label, 2), ("", "", 1)) if kind in ("box", "grid")
                         else ((b.name_key, b.name_label, 1),)))
        self.y += 10

    def footers(self) -> None:
        n = len(self.pages)
        for i, c in enumerate(self.pages):
            y = 3300 - 140
            if not self.st.get("letter"):
                c.text(self.L, y, self.t.form_code, self.f_small, 40)
            if n > 1:
                s = f"Page {i + 1} of {n}"
                c.text(self.R - c.text_width(s, self.f_small), y, s, self.f_small, 40)
