"""The review app's one Settings object (``HIM_`` env prefix, like the pipeline's)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Read from the environment; ``create_app`` arguments win over it."""

    model_config = SettingsConfigDict(env_prefix="HIM_", extra="ignore")

    database_url: str | None = None
    """SQLAlchemy URL; none = ``sqlite:///<out_dir>/him-intake.sqlite``."""
    out_dir: Path = Path("out")
    secret_key: str | None = None
    """Signs session cookies. None = a random key per process (sessions end on restart)."""
    session_idle_minutes: int = 30
    """Automatic logoff after this much inactivity (45 CFR 164.312(a)(2)(iii))."""
    session_max_hours: int = 12
    cookie_secure: bool = False
    """Set true when served over TLS (behind a proxy): cookies then never travel in clear."""
    host: str = "127.0.0.1"
    port: int = 8000


def default_database_url(out_dir: Path) -> str:
    """SQLite file beside the results: nothing to install for a single desk."""
    return f"sqlite:///{(Path(out_dir) / 'him-intake.sqlite').resolve()}"


def resolve_database_url(out_dir: Path, database_url: str | None) -> str:
    """Argument, else ``HIM_DATABASE_URL``, else the SQLite default."""
    return database_url or Settings().database_url or default_database_url(out_dir)
