"""Grouping pages into documents (forms.md), from page classes."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.classify import PAGE_CLASSES, PageClass
from pipeline.pages import Page, Word
from pipeline.split import split_pages


def pc(label: str, **cues: object) -> PageClass:
    if label == "blank":
        return PageClass(scores={c: 1 / len(PAGE_CLASSES) for c in PAGE_CLASSES}, blank=True)
    return PageClass(scores={c: 0.99 if c == label else 0.01 / (len(PAGE_CLASSES) - 1) for c in PAGE_CLASSES},
                     **cues)  # type: ignore[arg-type]


def page(n: int, text: str = "") -> Page:
    words = [Word(t, 0.9, (0, 0, 10, 10), (1, 1, 1)) for t in text.split()]
    return Page(number=n, image=np.full((10, 10), 255, np.uint8), dpi=200, words=words)


def plan(labels: list[str], texts: dict[int, str] | None = None) -> list[tuple[str, list[int], list[str]]]:
    texts = texts or {}
    pages = [page(i + 1, texts.get(i + 1, "")) for i in range(len(labels))]
    docs = split_pages(pages, [pc(x) for x in labels])
    return [(d.form_type, [i + 1 for i in d.indexes], d.roles) for d in docs]


AUTH, ACCESS = "third_party_authorization", "access_request"


class TestGrouping:
    def test_cover_two_forms_and_id_copy(self) -> None:
        """GIVEN cover, authorization (2 pages), ID copy, access request THEN two documents, cover with the first."""
        assert plan(["cover_sheet", AUTH, AUTH, "support", ACCESS]) == [
            (AUTH, [1, 2, 3, 4], ["cover_sheet", "form", "form", "attachment"]),
            (ACCESS, [5], ["form"]),
        ]

    def test_intro_letter_belongs_to_the_form_after_it(self) -> None:
        assert plan(["intro_letter", AUTH, "blank"]) == [(AUTH, [1, 2, 3], ["attachment", "form", "blank"])]

    def test_document_without_form_page_is_other_with_form_roles(self) -> None:
        assert plan(["other_doc", "other_doc"]) == [("other", [1, 2], ["form", "form"])]

    def test_cover_sheet_before_other_document(self) -> None:
        assert plan(["cover_sheet", "other_doc", AUTH]) == [
            ("other", [1, 2], ["cover_sheet", "form"]),
            (AUTH, [3], ["form"]),
        ]

    def test_lone_letter_is_other(self) -> None:
        assert plan(["intro_letter"]) == [("other", [1], ["form"])]

    def test_only_a_cover_sheet(self) -> None:
        assert plan(["cover_sheet"]) == [("other", [1], ["form"])]

    def test_page_one_of_starts_a_second_form_of_the_same_type(self) -> None:
        got = plan([AUTH, AUTH, AUTH], texts={3: "Page 1 of 1"})
        assert [(t, p) for t, p, _ in got] == [(AUTH, [1, 2]), (AUTH, [3])]

    @pytest.mark.parametrize("labels", [
        ["blank"], ["support", "blank"], ["cover_sheet", "blank", AUTH, "support", "cover_sheet", "other_doc"],
    ])
    def test_every_page_is_in_exactly_one_document(self, labels: list[str]) -> None:
        docs = plan(labels)
        pages = sorted(p for _, ps, _ in docs for p in ps)
        assert pages == list(range(1, len(labels) + 1))


class TestCues:
    def test_sparse_page_after_a_form_is_its_attachment(self) -> None:
        """GIVEN an ID card photocopied sideways (few words, read as 'other') after a form."""
        pages = [page(1), page(2)]
        docs = split_pages(pages, [pc(AUTH), pc("other_doc", words=12)])
        assert [(d.form_type, d.roles) for d in docs] == [(AUTH, ["form", "attachment"])]

    def test_wordy_other_document_after_a_form_stands_alone(self) -> None:
        docs = split_pages([page(1), page(2)], [pc(AUTH), pc("other_doc", words=300)])
        assert [d.form_type for d in docs] == [AUTH, "other"]

    def test_letter_saying_a_form_is_enclosed_introduces_it(self) -> None:
        docs = split_pages([page(1), page(2)], [pc("other_doc", introduces=True), pc(AUTH)])
        assert [(d.form_type, d.roles) for d in docs] == [(AUTH, ["attachment", "form"])]


def _unsure(label: str, words: int) -> PageClass:
    spread = {c: (0.2 if c == label else 0.8 / (len(PAGE_CLASSES) - 1)) for c in PAGE_CLASSES}
    return PageClass(scores=spread, words=words)


def test_an_unreadable_page_after_a_form_goes_with_it_but_a_clear_cover_sheet_starts_anew() -> None:
    """An ID copy on a noisy fax reads as nothing much (the model guesses cover sheet at 0.2)."""
    pages = [page(i + 1) for i in range(4)]
    id_copy = split_pages(pages, [pc("cover_sheet"), pc(AUTH), _unsure("cover_sheet", words=3), pc(ACCESS)])
    assert [(d.form_type, [i + 1 for i in d.indexes], d.roles) for d in id_copy] == [
        (AUTH, [1, 2, 3], ["cover_sheet", "form", "attachment"]), (ACCESS, [4], ["form"])]
    cover = split_pages(pages, [pc("cover_sheet"), pc(AUTH), PageClass(
        scores=pc("cover_sheet").scores, words=12), pc(ACCESS)])
    assert [[i + 1 for i in d.indexes] for d in cover] == [[1, 2], [3, 4]]


def test_a_titled_form_keeps_its_untitled_pages_the_model_doubts() -> None:
    pages = [page(i + 1) for i in range(3)]
    titled = PageClass(scores=pc("revocation").scores, title="revocation")
    doubted = _unsure(AUTH, words=200)
    docs = split_pages(pages, [titled, doubted, pc(ACCESS)])
    assert [(d.form_type, [i + 1 for i in d.indexes]) for d in docs] == [("revocation", [1, 2]), (ACCESS, [3])]
    untitled = split_pages(pages, [pc("revocation"), doubted, pc(ACCESS)])
    assert [d.form_type for d in untitled] == ["revocation", AUTH, ACCESS]


def test_two_titled_forms_of_one_type_are_two_documents_but_a_continued_page_is_not() -> None:
    titled = PageClass(scores=pc("amendment_request").scores, title="amendment_request")
    pages = [page(1), page(2), page(3, "Amendment Request (continued) page 2 of 2")]
    docs = split_pages(pages, [titled, titled, titled])
    assert [[i + 1 for i in d.indexes] for d in docs] == [[1], [2, 3]]
