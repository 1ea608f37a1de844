"""The result contract (shared/spec/result.schema.json) as pydantic models.

These models are what leaves the pipeline; internal stages use the light
dataclasses in ``pipeline.pages``. Keeping the two apart means the JSON shape
can only change here, and tests validate every output against the schema.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field as PydField

SCHEMA_VERSION = 1


class FormType(StrEnum):
    ACCESS_REQUEST = "access_request"
    THIRD_PARTY_AUTHORIZATION = "third_party_authorization"
    PORTAL_PROXY_AUTHORIZATION = "portal_proxy_authorization"
    MINOR_PORTAL_AUTHORIZATION = "minor_portal_authorization"
    AMENDMENT_REQUEST = "amendment_request"
    REVOCATION = "revocation"
    OTHER = "other"


class PageRole(StrEnum):
    FORM = "form"
    COVER_SHEET = "cover_sheet"
    ATTACHMENT = "attachment"
    BLANK = "blank"


class Channel(StrEnum):
    FAX = "fax"
    MAIL = "mail"
    EMAIL = "email"
    PORTAL = "portal"
    UNKNOWN = "unknown"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Validity(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    UNKNOWN = "unknown"


class Route(StrEnum):
    AUTO = "auto"
    REVIEW = "review"
    QUARANTINE = "quarantine"


class MatchStatus(StrEnum):
    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"
    NOT_CHECKED = "not_checked"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Source(_Model):
    file: str
    sha256: str = PydField(pattern=r"^[0-9a-f]{64}$")
    received_at: str
    channel: Channel
    sender_fax: str | None = None


class PageInfo(_Model):
    number: int = PydField(ge=1)
    role: PageRole
    rotation: int | None = None
    skew_degrees: float | None = None
    ocr_confidence: float | None = PydField(default=None, ge=0, le=1)


class FieldValue(_Model):
    """One extracted field: the normalised value and where it was read."""

    value: str | bool | list[str] | float
    confidence: float = PydField(ge=0, le=1)
    page: int | None = PydField(default=None, ge=1)
    bbox: list[float] | None = PydField(default=None, min_length=4, max_length=4)


class PatientMatch(_Model):
    mrn: str | None = None
    score: float | None = None
    status: MatchStatus


class Finding(_Model):
    code: str
    severity: Severity
    message: str
    citation: str | None = None
    field: str | None = None


class DocumentResult(_Model):
    schema_version: int = SCHEMA_VERSION
    document_id: str
    source: Source
    pages: list[PageInfo]
    form_type: FormType
    form_type_confidence: float = PydField(ge=0, le=1)
    fields: dict[str, FieldValue]
    patient_match: PatientMatch | None = None
    findings: list[Finding]
    validity: Validity
    route: Route
    review_reasons: list[str]
    due_date: str | None = None
    error: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON form: optional members left out rather than written as null."""
        return self.model_dump(mode="json", exclude_none=True)
