"""Turn a file's prepared pages into document results: split, classify, extract, decide."""

from __future__ import annotations

from pipeline import write
from pipeline.inbox import Arrival
from pipeline.pages import Page
from pipeline.result import DocumentResult, FormType, Route, Source, Validity
from pipeline.settings import Settings

BLANK_INK = 0.002


def build_results(arrival: Arrival, source: Source, pages: list[Page], notes: list[str],
                  settings: Settings) -> list[DocumentResult]:
    """Every document of one file, judged."""
    from pipeline.process import page_infos

    roles = ["blank" if p.ink_ratio < BLANK_INK else "form" for p in pages]
    reasons = ["The form type has not been determined: a person must classify this document.", *notes]
    return [
        DocumentResult(
            document_id=write.document_id(arrival.path.name, arrival.sha256, pages[0].number),
            source=source,
            pages=page_infos(pages, roles),
            form_type=FormType.OTHER,
            form_type_confidence=0.0,
            fields={},
            findings=[],
            validity=Validity.UNKNOWN,
            route=Route.REVIEW,
            review_reasons=reasons,
        )
    ]
