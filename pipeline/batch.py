"""Process many files with a pool of workers: the body of ``him-intake process``.

Threads suffice: the heavy work (Tesseract, poppler, OpenCV) runs outside the
GIL, and threads share the loaded spaCy model instead of loading it per process.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.inbox import Arrival, arrival_of, list_inputs, mark_duplicates
from pipeline.process import FileOutcome, process_file, write_outcome
from pipeline.settings import Settings


@dataclass
class BatchSummary:
    files: int = 0
    documents: int = 0
    quarantined: int = 0
    routes: Counter[str] = field(default_factory=Counter)
    form_types: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: FileOutcome) -> None:
        self.files += 1
        self.quarantined += outcome.quarantined
        self.routes.update(str(r.route) for r in outcome.results)
        if not outcome.quarantined:
            self.documents += len(outcome.results)
            self.form_types.update(str(r.form_type) for r in outcome.results)


def arrivals_for(paths: list[Path], received_at: datetime | None = None) -> list[Arrival]:
    """Hash every file once and note duplicates among them."""
    arrivals = [arrival_of(p, received_at) for p in list_inputs(paths)]
    mark_duplicates(arrivals)
    return arrivals


def process_arrivals(arrivals: list[Arrival], out_dir: Path, settings: Settings, *, workers: int = 2,
                     on_done: Callable[[FileOutcome], None] | None = None) -> BatchSummary:
    """Process and write every arrival; ``on_done`` is called as each file finishes."""
    summary = BatchSummary()
    (out_dir / "results").mkdir(parents=True, exist_ok=True)

    def one(a: Arrival) -> FileOutcome:
        outcome = process_file(a.path, settings, arrival=a)
        write_outcome(out_dir, outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(one, a) for a in arrivals]
        for fut in as_completed(futures):
            outcome = fut.result()
            summary.add(outcome)
            if on_done:
                on_done(outcome)
    return summary
