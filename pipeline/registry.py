"""Patient registry: a ``patients`` table (SQLAlchemy; SQLite by default, any URL).

Matching is deliberately cautious: a written MRN is trusted only when the
record's name or date of birth agrees; otherwise the name must be close
(rapidfuzz) *and* the date of birth exact. Two close candidates are
``ambiguous``: a person picks, the pipeline never guesses. The rules then
turn anything but ``matched`` into a review reason, and a matched record that
disagrees with the form into REVIEW_PATIENT_MISMATCH.

Plain functions taking a URL, so the CLI and the flow wire them as they like.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.pool import StaticPool

from pipeline.result import MatchStatus, PatientMatch
from pipeline.rules import PatientRecord, similar_name

NAME_MIN = 0.85
"""Least name similarity (0..1) for a candidate with the same date of birth."""
AMBIGUOUS_MARGIN = 0.05
"""Two candidates closer than this are ambiguous."""


def sqlite_url(path: str | Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{Path(path)}"


class Base(DeclarativeBase):
    pass


class Patient(Base):
    __tablename__ = "patients"

    mrn: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    dob: Mapped[str | None] = mapped_column(String(10), index=True, default=None)
    phone: Mapped[str | None] = mapped_column(String(20), default=None)
    email: Mapped[str | None] = mapped_column(String(200), default=None)
    address: Mapped[str | None] = mapped_column(String(400), default=None)


@lru_cache(maxsize=8)
def engine(url: str) -> Engine:
    """One engine per URL, with the table created. In-memory SQLite shares one connection."""
    if url in ("sqlite://", "sqlite:///:memory:"):
        eng = create_engine(url, poolclass=StaticPool,
                            connect_args={"check_same_thread": False})
    else:
        eng = create_engine(url)
    Base.metadata.create_all(eng)
    return eng


def _check_dob(dob: str | None, where: str) -> str | None:
    if dob is None or not dob.strip():
        return None
    try:
        return dt.date.fromisoformat(dob.strip()).isoformat()
    except ValueError:
        raise ValueError(f"{where}: dob is not an ISO date (YYYY-MM-DD)") from None


def add_patients(url: str, records: Iterable[PatientRecord]) -> int:
    """Insert or update patients; returns how many were written."""
    n = 0
    with Session(engine(url)) as s, s.begin():
        for rec in records:
            s.merge(Patient(mrn=rec.mrn, name=rec.name, dob=_check_dob(rec.dob, "record")))
            n += 1
    return n


def import_csv(path: str | Path, url: str) -> int:
    """Load a CSV with header ``mrn,name,dob`` (optional ``phone,email,address``).

    Rows with an existing MRN replace it. Errors name the line, never its content.
    """
    n = 0
    with Path(path).open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = {"mrn", "name", "dob"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"registry CSV lacks column(s): {', '.join(sorted(missing))}")
        with Session(engine(url)) as s, s.begin():
            for i, row in enumerate(reader, start=2):
                mrn, name = (row.get("mrn") or "").strip(), (row.get("name") or "").strip()
                if not mrn or not name:
                    raise ValueError(f"registry CSV line {i}: mrn and name are required")
                s.merge(Patient(
                    mrn=mrn, name=" ".join(name.split()),
                    dob=_check_dob(row.get("dob"), f"registry CSV line {i}"),
                    phone=(row.get("phone") or "").strip() or None,
                    email=(row.get("email") or "").strip().lower() or None,
                    address=(row.get("address") or "").strip() or None,
                ))
                n += 1
    return n


def _record(p: Patient) -> PatientRecord:
    return PatientRecord(mrn=p.mrn, name=p.name, dob=p.dob)


def match_record(name: str | None, dob: str | None, mrn: str | None,
                 url: str) -> tuple[PatientMatch, PatientRecord | None]:
    """Match form fields to a patient; also return the record for mismatch checks."""
    conflict = False
    with Session(engine(url)) as s:
        if mrn and mrn.strip():
            p = s.get(Patient, mrn.strip())
            if p is not None:
                score = similar_name(name, p.name) if name else 0.0
                if score >= NAME_MIN or (dob is not None and p.dob == dob):
                    return (PatientMatch(mrn=p.mrn, score=round(score, 3),
                                         status=MatchStatus.MATCHED), _record(p))
                conflict = True  # the MRN names someone else: trust neither alone
        if not name or not dob:
            return PatientMatch(status=MatchStatus.NOT_FOUND), None
        cands = s.scalars(select(Patient).where(Patient.dob == dob)).all()
        scored = sorted(((similar_name(name, c.name), c) for c in cands),
                        key=lambda t: (-t[0], t[1].mrn))
        good = [(sc, c) for sc, c in scored if sc >= NAME_MIN]
        if not good:
            best = round(scored[0][0], 3) if scored else None
            return PatientMatch(score=best, status=MatchStatus.NOT_FOUND), None
        top_score, top = good[0]
        if conflict or (len(good) > 1 and top_score - good[1][0] < AMBIGUOUS_MARGIN):
            return PatientMatch(score=round(top_score, 3), status=MatchStatus.AMBIGUOUS), None
        return (PatientMatch(mrn=top.mrn, score=round(top_score, 3),
                             status=MatchStatus.MATCHED), _record(top))


def match(name: str | None, dob: str | None, mrn: str | None, url: str) -> PatientMatch:
    """``matched``, ``ambiguous`` (two close candidates) or ``not_found``."""
    return match_record(name, dob, mrn, url)[0]


SAMPLE_PATIENTS: tuple[PatientRecord, ...] = (
    PatientRecord("100001", "Maria L. Gonzales", "1984-03-12"),
    PatientRecord("100002", "James Okafor", "1971-11-30"),
    PatientRecord("100003", "Lena Fischer", "2011-06-04"),
    PatientRecord("100004", "Lena Fisher", "2011-06-04"),
    PatientRecord("100005", "Robert Chen", "1958-01-22"),
)
"""Invented people for the sample inbox and tests (two near-twins to show ``ambiguous``)."""


def write_sample_registry(url: str, records: Iterable[PatientRecord] = SAMPLE_PATIENTS) -> int:
    """Write a small fake registry (for the sample inbox and demos)."""
    return add_patients(url, records)
