"""Durable output: deterministic ids, atomic JSON writes, stored page images.

``document_id`` is derived from the file's name, its sha256 and the
document's first page: the same file re-processed gives the same ids (and
overwrites its own results), while the same bytes arriving twice under two
names give two sets of results.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import cv2
import numpy as np

from pipeline.result import DocumentResult


def document_id(file_name: str, sha256: str, first_page: int) -> str:
    """Stable id of one document of one arrival."""
    name_hash = hashlib.sha256(file_name.encode("utf-8")).hexdigest()[:8]
    return f"{sha256[:16]}-{name_hash}-p{first_page:03d}"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_result(out_dir: Path, result: DocumentResult) -> Path:
    """``OUT/results/<document_id>.json``, atomically."""
    path = out_dir / "results" / f"{result.document_id}.json"
    data = json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False).encode("utf-8")
    atomic_write_bytes(path, data + b"\n")
    return path


def write_page_image(out_dir: Path, doc_id: str, number: int, image: np.ndarray) -> Path:
    """The cleaned page a reviewer sees, where field boxes point: ``OUT/pages/<id>/page-N.png``."""
    ok, buf = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_BILEVEL, 1] if _bilevel(image) else [])
    if not ok:
        raise OSError("could not encode a page image")
    path = out_dir / "pages" / doc_id / f"page-{number}.png"
    atomic_write_bytes(path, buf.tobytes())
    return path


def _bilevel(image: np.ndarray) -> bool:
    return bool(np.isin(image[::16, ::16], (0, 255)).all())


def remove_stale_results(out_dir: Path, sha256: str, file_name: str, keep: set[str]) -> None:
    """A re-processed file may split differently: drop its old results not written again."""
    prefix = document_id(file_name, sha256, 1).rsplit("-p", 1)[0]
    results = out_dir / "results"
    if not results.is_dir():
        return
    for p in results.glob(f"{prefix}-p*.json"):
        if p.stem not in keep:
            p.unlink(missing_ok=True)
