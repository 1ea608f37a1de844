"""The ``him-intake`` command line (spec/cli.md). Thin: every command wraps library functions."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.errors import ExitCode, MissingDependencyError, ModelError
from pipeline.settings import Settings

app = typer.Typer(help="him-intake: read, check and route the HIM inbox.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
console = Console(stderr=True)


def _setup_logging(quiet: bool) -> None:
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")


def _parse_when(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("use an ISO date-time, e.g. 2026-11-02T14:31:00-07:00") from None
    return when if when.tzinfo else when.astimezone()


@contextmanager
def stop_on_fatal() -> Iterator[None]:
    """A missing program or model fails every file alike: say so and stop with its exit code."""
    try:
        yield
    except (MissingDependencyError, ModelError) as e:
        console.print(f"[red]error:[/red] {e}")
        raise typer.Exit(e.exit_code) from None


def print_summary(summary, out_dir: Path) -> None:  # type: ignore[no-untyped-def]
    table = Table(title=f"him-intake: results in {out_dir / 'results'}")
    table.add_column("files", justify="right")
    table.add_column("documents", justify="right")
    table.add_column("auto", justify="right")
    table.add_column("review", justify="right")
    table.add_column("quarantine", justify="right")
    table.add_row(str(summary.files), str(summary.documents), str(summary.routes.get("auto", 0)),
                  str(summary.routes.get("review", 0)), str(summary.routes.get("quarantine", 0)))
    Console().print(table)
    if summary.form_types:
        ft = Table(title="documents by form type")
        ft.add_column("form type")
        ft.add_column("documents", justify="right")
        for k, v in sorted(summary.form_types.items()):
            ft.add_row(k, str(v))
        Console().print(ft)


@app.command()
def process(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to process.")],
    out: Annotated[Path, typer.Option("--out", help="Output folder; results go to OUT/results/.")],
    received_at: Annotated[str | None, typer.Option(help="ISO date-time for files without a sidecar.")] = None,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Files, and pages, processed at once.")] = 2,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no summary.")] = False,
) -> None:
    """Process files once, without a server; inputs are never modified."""
    from pipeline.batch import arrivals_for, process_arrivals

    _setup_logging(quiet=True)
    when = _parse_when(received_at)
    settings = Settings(workers=workers)
    try:
        arrivals = arrivals_for(paths, when)
    except FileNotFoundError as e:
        console.print(f"[red]error:[/red] {e}")
        raise typer.Exit(ExitCode.BAD_ARGS) from None
    show = not quiet and sys.stderr.isatty()
    with stop_on_fatal(), Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                   TimeElapsedColumn(), console=console, disable=not show) as progress:
        task = progress.add_task("processing", total=len(arrivals))
        summary = process_arrivals(arrivals, out, settings, workers=workers,
                                   on_done=lambda _o: progress.advance(task))
    if not quiet:
        print_summary(summary, out)


@app.command()
def run(
    inbox: Annotated[Path, typer.Option("--inbox", help="Inbox folder to take files from.")],
    out: Annotated[Path, typer.Option("--out", help="Output folder (results, archive, quarantine).")],
    workers: Annotated[int, typer.Option(min=1, max=32)] = 2,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """One run of the Prefect inbox flow (local API when PREFECT_API_URL is unset)."""
    if not inbox.is_dir():
        console.print(f"[red]error:[/red] no such inbox folder: {inbox}")
        raise typer.Exit(ExitCode.BAD_ARGS)
    # A busy 2-core machine can take longer than Prefect's 20 s to start the ephemeral API
    # (its first start also migrates the SQLite database): wait longer before giving up.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "240")
    from flows.intake import intake_flow

    with stop_on_fatal():
        summary = intake_flow(inbox=str(inbox), out=str(out), workers=workers)
    if not quiet:
        print_summary(summary, out)


@app.command()
def explain(result: Annotated[Path, typer.Argument(help="A result JSON file.", exists=True, dir_okay=False)]) -> None:
    """Print a result's findings, their citations and why the route was chosen."""
    import json

    from pipeline.explain import explain as explain_result

    try:
        data = json.loads(result.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        console.print(f"[red]error:[/red] {result} is not a result JSON file")
        raise typer.Exit(ExitCode.BAD_ARGS) from None
    typer.echo(explain_result(data))


@app.command()
def review(
    out: Annotated[Path, typer.Option("--out", help="The output folder the pipeline wrote.")] = Path("out/demo"),
    host: str = "127.0.0.1",
    port: int = 8000,
    database_url: Annotated[str | None, typer.Option(envvar="HIM_DATABASE_URL")] = None,
) -> None:
    """Start the reviewers' web app over OUT (the app loads its results into the database on start)."""
    from review.app import serve

    console.print(f"serving {out / 'results'} on http://{host}:{port}/ (Ctrl-C to stop)")
    serve(out, database_url, host=host, port=port)


users_app = typer.Typer(help="Logins of the review app.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("create")
def users_create(
    username: str,
    role: Annotated[str, typer.Option(help="reviewer or admin")] = "reviewer",
    out: Annotated[Path, typer.Option("--out", help="Output folder (its SQLite database by default).")] = Path("out/demo"),
    database_url: Annotated[str | None, typer.Option(envvar="HIM_DATABASE_URL")] = None,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True,
                                          envvar="HIM_NEW_PASSWORD")] = "",
) -> None:
    """Create a user (or reset an existing user's password and role)."""
    from review.settings import resolve_database_url
    from review.users import UserError, create_user

    out.mkdir(parents=True, exist_ok=True)
    try:
        uid = create_user(resolve_database_url(out, database_url), username, password, role)
    except UserError as e:
        console.print(f"[red]error:[/red] {e}")
        raise typer.Exit(ExitCode.BAD_ARGS) from None
    console.print(f"user {username} ({role}) saved, id {uid}")


registry_app = typer.Typer(help="The patient registry used for patient matching.", no_args_is_help=True)
app.add_typer(registry_app, name="registry")


@registry_app.command("import")
def registry_import(
    csv_file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV with mrn,name,dob")],
    url: Annotated[str | None, typer.Option(envvar="HIM_REGISTRY_URL", help="SQLAlchemy URL")] = None,
) -> None:
    """Load patients from a CSV into the registry (set HIM_REGISTRY_URL for the pipeline to use it)."""
    from pipeline.registry import import_csv, sqlite_url

    target = url or sqlite_url(Path("out/registry.sqlite"))
    try:
        n = import_csv(csv_file, target)
    except ValueError as e:
        console.print(f"[red]error:[/red] {e}")
        raise typer.Exit(ExitCode.BAD_ARGS) from None
    console.print(f"{n} patients imported into {target}")


if __name__ == "__main__":
    app()
