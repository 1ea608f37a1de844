"""What arrived with a file: sidecars, received_at, channel, partial files, duplicates."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from pipeline.inbox import arrival_of, list_inputs, mark_duplicates, stable_files


def touch(path: Path, data: bytes = b"II*\x00data") -> Path:
    path.write_bytes(data)
    return path


class TestSidecar:
    def test_sidecar_sets_received_at_and_channel(self, tmp_path: Path) -> None:
        f = touch(tmp_path / "FAX_1.tif")
        (tmp_path / "FAX_1.tif.json").write_text(json.dumps(
            {"received_at": "2026-11-02T14:31:00-07:00", "channel": "mail", "sender_fax": "+13035550199", "pages": 3}))
        a = arrival_of(f)
        assert a.received_at_iso == "2026-11-02T14:31:00-07:00"
        assert a.channel == "mail" and a.sender_fax == "+13035550199" and a.sidecar_pages == 3
        assert not a.notes

    def test_unreadable_sidecar_is_a_review_note_not_a_stop(self, tmp_path: Path) -> None:
        f = touch(tmp_path / "FAX_2.tif")
        (tmp_path / "FAX_2.tif.json").write_text("{not json")
        a = arrival_of(f)
        assert a.channel == "fax"  # guessed from the format
        assert any("sidecar" in n for n in a.notes)

    def test_without_sidecar_mtime_or_override(self, tmp_path: Path) -> None:
        f = touch(tmp_path / "scan.pdf", b"%PDF-1.4")
        os.utime(f, (1_700_000_000, 1_700_000_000))
        assert arrival_of(f).received_at == datetime.fromtimestamp(1_700_000_000, UTC)
        when = datetime.fromisoformat("2026-01-05T09:00:00-07:00")
        assert arrival_of(f, when).received_at == when

    def test_copied_file_keeps_the_scan_time_in_its_name(self, tmp_path: Path) -> None:
        # Copying an inbox resets modification times; the stamp the fax server or scanner
        # wrote into the name still says when the document came in.
        fax = touch(tmp_path / "FAX_20260429_195016_4699_0052.tif")
        scan = touch(tmp_path / "SCAN_20260327_0004.pdf", b"%PDF-1.4")
        assert arrival_of(fax).received_at.replace(tzinfo=None) == datetime(2026, 4, 29, 19, 50, 16)
        assert arrival_of(scan).received_at.replace(tzinfo=None) == datetime(2026, 3, 27)
        assert arrival_of(scan).received_at.tzinfo is not None
        when = datetime.fromisoformat("2026-01-05T09:00:00-07:00")
        assert arrival_of(scan, when).received_at == when  # an explicit date still wins

    def test_a_name_stamp_is_not_trusted_over_an_earlier_mtime(self, tmp_path: Path) -> None:
        later = touch(tmp_path / "SCAN_20301231_0001.pdf", b"%PDF-1.4")  # after the file was made
        bad = touch(tmp_path / "SCAN_20261345_0002.pdf", b"%PDF-1.4")  # no such date
        long_number = touch(tmp_path / "upload_120260327.pdf", b"%PDF-1.4")  # part of a longer number
        for f in (later, bad, long_number):
            os.utime(f, (1_700_000_000, 1_700_000_000))
            assert arrival_of(f).received_at == datetime.fromtimestamp(1_700_000_000, UTC), f.name


class TestListing:
    def test_sidecars_and_partial_files_are_not_documents(self, tmp_path: Path) -> None:
        touch(tmp_path / "a.tif")
        (tmp_path / "a.tif.json").write_text("{}")
        touch(tmp_path / "b.pdf.part")
        touch(tmp_path / "c.tmp")
        (tmp_path / "orphan.json").write_text("{}")  # no file beside it: a document (quarantined later)
        assert [p.name for p in list_inputs([tmp_path])] == ["a.tif", "orphan.json"]

    def test_growing_file_is_left_for_next_run(self, tmp_path: Path) -> None:
        done = touch(tmp_path / "done.tif")
        growing = touch(tmp_path / "growing.tif")
        import threading

        threading.Timer(0.1, lambda: growing.write_bytes(b"II*\x00" + b"x" * 100)).start()
        stable, changing = stable_files([done, growing], wait_s=0.4)
        assert stable == [done] and changing == [growing]


class TestDuplicates:
    def test_later_copy_names_the_earlier(self, tmp_path: Path) -> None:
        a = arrival_of(touch(tmp_path / "FAX_A.tif"), datetime.fromisoformat("2026-01-01T10:00:00+00:00"))
        b = arrival_of(touch(tmp_path / "FAX_B.tif"), datetime.fromisoformat("2026-01-01T11:00:00+00:00"))
        mark_duplicates([b, a])
        assert not a.notes
        assert b.notes and "FAX_A.tif" in b.notes[0]
