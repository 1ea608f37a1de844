"""Find the files to process, and what arrived with them (sidecar, hash, time).

A sidecar ``NAME.json`` beside ``NAME`` is metadata written by the fax server
or mailroom, never a document. Problems with a sidecar do not stop the file:
they become review reasons.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.result import Channel

PARTIAL_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial")

# The scan or fax time a scanner or fax server writes into a file's name:
# FAX_20260429_195016_4699.tif, SCAN_20260327_0004.pdf.
_NAME_STAMP = re.compile(r"(?<!\d)(20\d\d)(\d\d)(\d\d)(?:[_-]?(\d\d)(\d\d)(\d\d))?(?!\d)")


class Sidecar(BaseModel):
    """What the fax server or mailroom says about a file."""

    model_config = ConfigDict(extra="ignore")

    received_at: datetime | None = None
    channel: Channel | None = None
    sender_fax: str | None = None
    pages: int | None = None


@dataclass
class Arrival:
    """One inbox file and what is known about it before it is opened."""

    path: Path
    sha256: str
    received_at: datetime
    channel: Channel
    sender_fax: str | None = None
    sidecar_pages: int | None = None
    notes: list[str] = field(default_factory=list)
    """Review reasons found before processing (bad sidecar, duplicate)."""

    @property
    def received_at_iso(self) -> str:
        return self.received_at.isoformat()


def is_sidecar(path: Path) -> bool:
    """``X.pdf.json`` is a sidecar when ``X.pdf`` exists beside it."""
    return path.suffix.lower() == ".json" and path.with_suffix("").exists()


def is_partial(path: Path) -> bool:
    return path.name.lower().endswith(PARTIAL_SUFFIXES) or path.name.startswith(".")


def list_inputs(paths: list[Path]) -> list[Path]:
    """Every document file under ``paths``, sorted, sidecars and partial files left out."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(c for c in sorted(p.iterdir()) if c.is_file())
        elif p.is_file():
            found.append(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return [p for p in found if not is_sidecar(p) and not is_partial(p)]


def stable_files(paths: list[Path], wait_s: float) -> tuple[list[Path], list[Path]]:
    """Split into (stable, still changing) by looking at sizes twice."""
    before = {p: _size(p) for p in paths}
    if wait_s > 0:
        time.sleep(wait_s)
    stable = [p for p in paths if _size(p) == before[p] and before[p] is not None]
    changing = [p for p in paths if p not in stable]
    return stable, changing


def _size(p: Path) -> int | None:
    try:
        return p.stat().st_size
    except OSError:
        return None


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def guess_channel(path: Path) -> Channel:
    """Without a sidecar: TIFF is the fax server's format, anything else is unknown."""
    suffix = path.suffix.lower()
    if suffix in (".tif", ".tiff"):
        return Channel.FAX
    name = path.name.lower()
    if name.startswith("fax"):
        return Channel.FAX
    if name.startswith(("scan", "mail")):
        return Channel.MAIL
    if name.startswith(("img", "photo")) or suffix in (".jpg", ".jpeg", ".heic"):
        return Channel.EMAIL
    return Channel.UNKNOWN


def read_sidecar(path: Path) -> tuple[Sidecar | None, str | None]:
    """The sidecar of ``path`` if any, and a review note when it is unreadable."""
    side = path.with_name(path.name + ".json")
    if not side.exists():
        return None, None
    try:
        return Sidecar.model_validate(json.loads(side.read_text(encoding="utf-8"))), None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValidationError):
        return None, "The sidecar file sent with this document could not be read; check the received date and channel."


def stamp_in_name(name: str) -> datetime | None:
    """The time a scanner or fax server wrote into a file's name, as local wall time."""
    for m in _NAME_STAMP.finditer(name):
        y, mo, d, hh, mm, ss = (int(g) if g else 0 for g in m.groups())
        try:
            return datetime(y, mo, d, hh, mm, ss).astimezone()
        except ValueError:
            continue
    return None


def modified_at(path: Path) -> datetime:
    """When the file was made: its modification time, or the stamp in its name when that
    is earlier (a copy resets the modification time; it cannot make the scan older)."""
    mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).astimezone()
    stamp = stamp_in_name(path.name)
    return stamp if stamp is not None and stamp < mtime else mtime


def arrival_of(path: Path, received_at: datetime | None = None) -> Arrival:
    """Hash the file and settle when and how it arrived (sidecar, override, file time)."""
    sidecar, note = read_sidecar(path)
    when: datetime | None = sidecar.received_at if sidecar else None
    if when is None:
        when = received_at or modified_at(path)
    if when.tzinfo is None:
        when = when.astimezone()
    channel = (sidecar.channel if sidecar else None) or guess_channel(path)
    arrival = Arrival(
        path=path,
        sha256=sha256_of(path),
        received_at=when.replace(microsecond=0),
        channel=channel,
        sender_fax=sidecar.sender_fax if sidecar else None,
        sidecar_pages=sidecar.pages if sidecar else None,
    )
    if note:
        arrival.notes.append(note)
    return arrival


def mark_duplicates(arrivals: list[Arrival]) -> None:
    """The later of two files with the same bytes carries a review note naming the earlier."""
    first: dict[str, Arrival] = {}
    for a in sorted(arrivals, key=lambda a: (a.received_at, a.path.name)):
        earlier = first.get(a.sha256)
        if earlier is None:
            first[a.sha256] = a
        else:
            a.notes.append(f"Duplicate: same content as {earlier.path.name}, received earlier.")
