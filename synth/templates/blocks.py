"""The vocabulary templates are written in: blocks stacked down a page.

A template is a list of blocks; ``synth.layout`` draws them in the issuer's
style and writes the case's values into the blanks. Field keys are forms.md
field names; ``name.part`` keys (``patient_address.street``) are parts of
one field written in several blanks.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Header:
    """Issuer logo, name and address block."""


@dataclass(frozen=True)
class Title:
    text: str
    sub: str = ""


@dataclass(frozen=True)
class Section:
    text: str


@dataclass(frozen=True)
class Para:
    """Printed text. ``key`` ties it to a statement the case may drop (``statement_revocation``,
    ``part2:sud_description``...); ``small`` for legal fine print."""

    text: str
    key: str = ""
    small: bool = False
    bullet: bool = False


@dataclass(frozen=True)
class Row:
    """Blanks side by side: (field key, label, relative width)."""

    fields: tuple[tuple[str, str, float], ...]


@dataclass(frozen=True)
class Checks:
    """Checkbox options for one field: (code, label). ``multi`` for category lists."""

    key: str
    label: str
    options: tuple[tuple[str, str], ...]
    cols: int = 2
    multi: bool = True


@dataclass(frozen=True)
class Inline:
    """A sentence with blanks: str parts are printed, ("key",) tuples are blanks filled in,
    ("=key", text) tuples are printed values that are also truth (e.g. the issuer's name)."""

    parts: tuple[object, ...]


@dataclass(frozen=True)
class Sign:
    """Signature line, date and (optionally) printed name. ``who`` is ``signature``,
    ``minor_signature`` or ``guardian_signature``."""

    who: str
    sig_label: str
    date_label: str = "Date"
    name_key: str = ""
    name_label: str = ""


@dataclass(frozen=True)
class Space:
    h: int = 30


@dataclass(frozen=True)
class Note:
    """Office-use box or boxed instruction, printed only."""

    text: str
    boxed: bool = True


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Header | Title | Section | Para | Row | Checks | Inline | Sign | Space | Note | PageBreak


@dataclass
class Template:
    """One issuer's version of one form type."""

    name: str
    form_type: str
    issuer: str
    issuer_key: str
    blocks: list[Block] = field(default_factory=list)
    style: dict = field(default_factory=dict)
    form_code: str = ""
    statements: tuple[str, ...] = ()  # statement_* the template carries
    part2: tuple[str, ...] = ()  # sud_consent_elements the template carries
