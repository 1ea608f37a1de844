"""Pages to documents: where each document of a file starts and ends, and each page's role.

The grouping of forms.md: a cover sheet belongs to the first document of the
file; a letter introducing a form comes before it and belongs to it; supporting
pages (ID copy, power of attorney...) and blank pages come after the form they
go with; a document with no form page is one ``other`` document whose own pages
have the role ``form``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.classify import FORM_CLASSES, NON_FORM_CLASSES, SPARSE_WORDS, PageClass
from pipeline.pages import Page

_PAGE_ONE = re.compile(r"\bpage\s*1\s*(of|/)\s*\d", re.I)


@dataclass
class DocumentPlan:
    """One document: indexes into the file's pages, their roles, the form type."""

    form_type: str
    indexes: list[int] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    titled: bool = False
    """Its first form page has a title naming its type (pipeline.titles)."""

    def add(self, index: int, role: str) -> None:
        self.indexes.append(index)
        self.roles.append(role)

    @property
    def form_indexes(self) -> list[int]:
        return [i for i, r in zip(self.indexes, self.roles, strict=True) if r == "form"]


def starts_new_form(page: Page) -> bool:
    """A page that says it is page 1 of a form starts a new document."""
    return bool(_PAGE_ONE.search(page.text))


_LATER_PAGE = re.compile(r"\bpage\s*([2-9]|1\d)\s*(of|/)\s*\d|\bcontinued\b|\(cont", re.I)


def _titled_again(current: DocumentPlan, page: Page, pc: PageClass) -> bool:
    """A second titled first page of the same type is a second form (two requests faxed together)."""
    return current.titled and pc.title == current.form_type and not _LATER_PAGE.search(page.text)


def split_pages(pages: list[Page], classes: list[PageClass]) -> list[DocumentPlan]:
    """Group the pages of one file into documents."""
    docs: list[DocumentPlan] = []
    pending: list[tuple[int, str]] = []  # (index, class) waiting for the document they introduce
    current: DocumentPlan | None = None

    def open_doc(form_type: str) -> DocumentPlan:
        doc = DocumentPlan(form_type)
        for idx, cls in pending:
            doc.add(idx, _prefix_role(cls, form_type))
        pending.clear()
        docs.append(doc)
        return doc

    for i, (page, pc) in enumerate(zip(pages, classes, strict=True)):
        label = pc.label
        if label in FORM_CLASSES and _continues(current, page, pc, pending):
            current.add(i, "form")  # type: ignore[union-attr]
        elif label in FORM_CLASSES:
            if (current is None or current.form_type != label or starts_new_form(page) or pending
                    or _titled_again(current, page, pc)):
                current = open_doc(label)
                current.titled = pc.title == label
            current.add(i, "form")
        elif label in NON_FORM_CLASSES and _sparse_after_form(pc, label, current, pending):
            current.add(i, "attachment")  # type: ignore[union-attr]  # a near-empty page (ID copy) after a form
        elif label == "other_doc":
            if current is None or current.form_type != "other" or pending:
                current = open_doc("other")
            current.add(i, "form")
        elif label == "blank":
            if current is not None and not pending:
                current.add(i, "blank")
            else:
                pending.append((i, "blank"))
        elif label == "support" and current is not None and not pending:
            current.add(i, "attachment")
        else:  # cover sheet, introducing letter, or support with nothing before it
            if label == "cover_sheet" and docs and not pending:
                current = None  # a cover sheet mid-file starts a new group
            pending.append((i, label))
    if pending:
        if current is not None and all(cls in ("blank", "support") for _, cls in pending):
            for idx, cls in pending:
                current.add(idx, "blank" if cls == "blank" else "attachment")
            pending.clear()
        else:
            open_doc("other")
    return _cover_sheets_to_first(docs)


CONTINUATION_MAX = 0.9
"""A page scored below this for another type, with no title of its own, continues a titled form."""


def _continues(current: DocumentPlan | None, page: Page, pc: PageClass, pending: list) -> bool:
    """A later page of a titled form that the model reads as another type.

    Continuation pages carry no title and the same patient, date and signature
    labels every form has, so the model's guess for them is weak; the title on
    the first page said what the form is. A page with its own title, a "page 1
    of", or a confident different type still starts a new document.
    """
    return (current is not None and current.titled and not pending and pc.title is None
            and pc.label != current.form_type and pc.confidence < CONTINUATION_MAX
            and not starts_new_form(page))


UNSURE = 0.5


def _sparse_after_form(pc: PageClass, label: str, current: DocumentPlan | None, pending: list) -> bool:
    """A page with next to no words after a form is what came with it (an ID copy, a card).

    Such a page gives the model little to go on: as ``other`` it is taken as an
    attachment; as a cover sheet or letter only when the model is unsure (a real
    cover sheet mid-file starts the next document).
    """
    if pc.words >= SPARSE_WORDS or not _after_form(current, pending):
        return False
    return label == "other_doc" or pc.confidence < UNSURE


def _after_form(current: DocumentPlan | None, pending: list[tuple[int, str]]) -> bool:
    return current is not None and current.form_type != "other" and not pending


def _prefix_role(cls: str, form_type: str) -> str:
    if cls == "cover_sheet":
        return "cover_sheet"
    if cls == "blank":
        return "blank"
    return "form" if form_type == "other" else "attachment"


def _cover_sheets_to_first(docs: list[DocumentPlan]) -> list[DocumentPlan]:
    """A document made only of cover sheets and blanks joins the next document."""
    out: list[DocumentPlan] = []
    carry: DocumentPlan | None = None
    for doc in docs:
        if all(r in ("cover_sheet", "blank") for r in doc.roles):
            carry = doc if carry is None else _merge(carry, doc)
            continue
        if carry is not None:
            doc = _merge(carry, doc, form_type=doc.form_type)
            carry = None
        out.append(doc)
    if carry is not None:
        if out:
            out[-1] = _merge(out[-1], carry, form_type=out[-1].form_type)
        else:
            carry.form_type = "other"
            carry.roles = ["form" if r == "cover_sheet" else r for r in carry.roles]
            if all(r == "blank" for r in carry.roles):
                carry.roles[0] = "form"
            out.append(carry)
    return out


def _merge(a: DocumentPlan, b: DocumentPlan, form_type: str | None = None) -> DocumentPlan:
    doc = DocumentPlan(form_type or a.form_type)
    for idx, role in sorted(zip(a.indexes + b.indexes, a.roles + b.roles, strict=True)):
        doc.add(idx, role)
    return doc
