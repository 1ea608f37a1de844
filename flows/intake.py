"""The inbox flow: what the schedule runs. Tasks only wire ``pipeline`` functions.

Results are never persisted by Prefect (they would be PHI on disk in
~/.prefect/storage) and nothing is cached. Parameters, task names, logs and
artifacts carry file names, hashes and counts only. Only file moves retry:
they are the one step a passing fault (a busy network share) can break.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from pipeline.batch import BatchSummary
from pipeline.inbox import Arrival, arrival_of, list_inputs, mark_duplicates, stable_files
from pipeline.process import FileOutcome, process_file, write_outcome
from pipeline.settings import Settings

TASK_OPTS = {"persist_result": False, "cache_policy": NO_CACHE}


@task(**TASK_OPTS)
def find_arrivals(inbox: str, wait_s: float) -> list[Arrival]:
    """Stable files of the inbox, hashed; files still being written wait for the next run."""
    logger = get_run_logger()
    files = list_inputs([Path(inbox)])
    stable, changing = stable_files(files, wait_s)
    if changing:
        logger.info("%d file(s) still being written, left for the next run", len(changing))
    arrivals = [arrival_of(p) for p in stable]
    mark_duplicates(arrivals)
    return arrivals


@task(task_run_name="process-{arrival.path.name}", **TASK_OPTS)
def process_and_write(arrival: Arrival, out: str, workers: int) -> FileOutcome:
    """Process one file and write its results durably (atomic rename, fsync)."""
    outcome = process_file(arrival.path, Settings(workers=workers), arrival=arrival)
    write_outcome(Path(out), outcome)
    return FileOutcome(outcome.arrival, outcome.results, pages=[], error=outcome.error)


@task(retries=3, retry_delay_seconds=2, task_run_name="file-away-{outcome.arrival.path.name}", **TASK_OPTS)
def file_away(outcome: FileOutcome, out: str, run_day: str) -> str:
    """Move a processed file (and its sidecar) to archive/, or an unreadable one to quarantine/."""
    src = outcome.arrival.path
    dest = free_name(Path(out) / ("quarantine" if outcome.quarantined else f"archive/{run_day}") / src.name)
    side = src.with_name(src.name + ".json")
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(src), str(dest))
    if side.exists():
        shutil.move(str(side), str(dest.with_name(dest.name + ".json")))
    if outcome.quarantined:
        reason = dest.with_name(dest.name + ".reason.txt")
        reason.write_text(f"{outcome.error}\nsha256: {outcome.arrival.sha256}\n", encoding="utf-8")
    return str(dest)


def free_name(dest: Path) -> Path:
    """``dest``, or ``NAME__N.EXT`` when taken: a move never overwrites (a fax sent twice)."""
    n = 1
    candidate = dest
    while candidate.exists() or candidate.with_name(candidate.name + ".json").exists():
        candidate = dest.with_name(f"{dest.stem}__{n}{dest.suffix}")
        n += 1
    return candidate


@flow(name="him-intake-inbox", persist_result=False, log_prints=False)
def inbox_flow(inbox: str, out: str, workers: int = 2) -> BatchSummary:
    """One pass over the inbox: process every stable file, then file it away."""
    logger = get_run_logger()
    settings = Settings()
    arrivals = find_arrivals(inbox, settings.stable_wait_s)
    summary = BatchSummary()
    futures = [process_and_write.submit(a, out, workers) for a in arrivals]
    run_day = date.today().isoformat()
    for fut in futures:
        outcome = fut.result()
        summary.add(outcome)
        try:
            file_away(outcome, out, run_day)
        except OSError as e:  # results are written; the file stays in the inbox for the next run
            logger.error("could not file away %s after retries (%s); it stays in the inbox",
                         outcome.arrival.path.name, type(e).__name__)
    _ingest_for_review(out, logger)
    create_table_artifact(
        key="inbox-run-summary",
        table=[{"files": summary.files, "documents": summary.documents, "quarantined": summary.quarantined,
                **{f"route_{k}": v for k, v in summary.routes.items()}}],
        description="Counts only; no PHI.",
    )
    logger.info("files=%d documents=%d quarantined=%d", summary.files, summary.documents, summary.quarantined)
    return summary


def _ingest_for_review(out: str, logger) -> None:  # type: ignore[no-untyped-def]
    """Load the results into the review database the reviewers' app reads."""
    from review.store import ingest

    n = ingest(Path(out))
    logger.info("review database: %d documents loaded", n)


def intake_flow(inbox: str, out: str, workers: int = 2) -> BatchSummary:
    """Run the flow with ``workers`` files at once."""
    return inbox_flow.with_options(task_runner=ThreadPoolTaskRunner(max_workers=workers))(
        inbox=inbox, out=out, workers=workers
    )
