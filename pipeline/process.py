"""``process_file``: one inbox file in, its document results out. Shared by CLI and flow.

The stages run in order (load → prepare → split → extract → decide); each is a
plain function of its own module. Any ``IntakeError`` becomes one quarantine
result; any other exception too (with a generic message), so that a bug never
loses a file or stops the run. Only ``MissingDependencyError`` and
``ModelError`` stop everything: they would fail every file alike.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline import write
from pipeline.assemble import build_results
from pipeline.clean import CleanOptions
from pipeline.errors import IntakeError, MissingDependencyError, ModelError
from pipeline.inbox import Arrival, arrival_of
from pipeline.load import load_pages
from pipeline.pages import Page
from pipeline.prepare import prepare_page
from pipeline.result import DocumentResult, FormType, Route, Source, Validity
from pipeline.settings import Settings

log = logging.getLogger("him_intake")


@dataclass
class FileOutcome:
    """What became of one file: its results, and the pages they point into."""

    arrival: Arrival
    results: list[DocumentResult]
    pages: list[Page] = field(default_factory=list)
    error: str | None = None

    @property
    def quarantined(self) -> bool:
        return self.error is not None


def source_of(arrival: Arrival) -> Source:
    return Source(
        file=arrival.path.name,
        sha256=arrival.sha256,
        received_at=arrival.received_at_iso,
        channel=arrival.channel,
        sender_fax=arrival.sender_fax,
    )


def quarantine_result(arrival: Arrival, error: str) -> DocumentResult:
    """The one result of a file that could not be processed (cli.md)."""
    return DocumentResult(
        document_id=write.document_id(arrival.path.name, arrival.sha256, 1),
        source=source_of(arrival),
        pages=[],
        form_type=FormType.OTHER,
        form_type_confidence=0.0,
        fields={},
        findings=[],
        validity=Validity.UNKNOWN,
        route=Route.QUARANTINE,
        review_reasons=[],
        error=error,
    )


def process_file(path: Path, settings: Settings, *, arrival: Arrival | None = None,
                 received_at: datetime | None = None) -> FileOutcome:
    """Read, split, extract and judge every document of ``path``. Writes nothing."""
    arrival = arrival or arrival_of(path, received_at)
    try:
        return _process(arrival, settings)
    except (MissingDependencyError, ModelError):
        raise
    except IntakeError as e:
        log.info("quarantine file_sha=%s reason=%s", arrival.sha256[:12], e.reason)
        return FileOutcome(arrival, [quarantine_result(arrival, e.message)], error=e.message)
    except Exception as e:  # a bug must not lose the file: quarantine it and say so
        log.exception("internal error file_sha=%s type=%s", arrival.sha256[:12], type(e).__name__)
        msg = (f"Internal error while processing this file ({type(e).__name__}); "
               "an administrator must check the logs and re-run it.")
        return FileOutcome(arrival, [quarantine_result(arrival, msg)], error=msg)


_POOLS: dict[int, ThreadPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()


def page_pool(workers: int) -> ThreadPoolExecutor:
    """One shared pool for page cleaning and OCR: the pages of a long fax use every core.

    Threads suffice: OpenCV and the Tesseract subprocess run outside the GIL.
    """
    with _POOLS_LOCK:
        if workers not in _POOLS:
            _POOLS[workers] = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="page")
        return _POOLS[workers]


def _process(arrival: Arrival, settings: Settings) -> FileOutcome:
    raws = load_pages(arrival.path, max_pages=settings.max_pages, max_pixels=settings.max_pixels)
    options = CleanOptions(target_dpi=settings.ocr_dpi, min_dpi=settings.ocr_min_dpi)
    pages = list(page_pool(settings.workers).map(
        lambda raw: prepare_page(raw, options, timeout=settings.ocr_timeout_s), raws))
    if not pages:
        raise IntakeError("The file holds no pages; ask the sender to send it again.")
    notes = list(arrival.notes)
    if arrival.sidecar_pages is not None and arrival.sidecar_pages != len(pages):
        notes.append(
            f"The fax server reported {arrival.sidecar_pages} pages but the file holds {len(pages)}: "
            "check that no page is missing."
        )
    results = build_results(arrival, source_of(arrival), pages, notes, settings)
    return FileOutcome(arrival, results, pages=pages)


def write_outcome(out_dir: Path, outcome: FileOutcome, *, keep_pages: bool = True) -> list[Path]:
    """Write the results (and page images for review) of one file, atomically."""
    by_number = {p.number: p for p in outcome.pages}
    written: list[Path] = []
    for r in outcome.results:
        if keep_pages:
            for info in r.pages:
                page = by_number.get(info.number)
                if page is not None:
                    write.write_page_image(out_dir, r.document_id, info.number, page.image)
        written.append(write.write_result(out_dir, r))
    write.remove_stale_results(
        out_dir, outcome.arrival.sha256, outcome.arrival.path.name, {r.document_id for r in outcome.results}
    )
    return written
