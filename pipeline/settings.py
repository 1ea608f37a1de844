"""One Settings object for the CLI, the flow and the review app (``HIM_`` env prefix)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HIM_", extra="ignore")

    max_pages: int = 200
    """Files with more pages are quarantined (a fax server never sends more)."""
    max_pixels: int = 60_000_000
    """Per page; guards against decompression bombs."""
    max_file_bytes: int = 300_000_000
    ocr_dpi: int = 300
    """Cap: finer pages are brought down to this square dpi before OCR."""
    ocr_min_dpi: int = 0
    """Floor: coarser pages (a 204-dpi fax) are upscaled to this before OCR; 0 = read at their own dpi.
    300 reads fields better (held-out synthesised inbox: field F1 0.644 vs 0.634, planted violations
    0.875 vs 0.812) but the page classifier was trained on 204-dpi OCR and loses form types on
    unseen layouts at 300 (dev 0.959 vs 0.986), at 0.46 of bare Tesseract's speed against 0.69.
    Left at 0 until the classifier is retrained on 300-dpi OCR."""
    ocr_timeout_s: int = 120
    workers: int = 2
    stable_wait_s: float = 1.0
    """``run``: a file whose size changes across this wait is left for the next run."""
    model_dir: Path = REPO_ROOT / "models" / "him_pipeline"
    database_url: str | None = None
    registry_url: str | None = None
    """Patient registry (SQLAlchemy URL); none = patient match not checked."""
    field_threshold: float = 0.85
    form_type_threshold: float = 0.90
    page_threshold: float = 0.70
