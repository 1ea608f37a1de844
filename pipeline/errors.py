"""The exceptions of the pipeline, each with a reason a person can act on.

An ``IntakeError`` means *this file* cannot be processed: the file goes to
quarantine with ``message`` as its ``error``. Messages never carry PHI: they
name the problem and what to do, not what the document says.
``MissingDependencyError`` is different: the machine is broken, so the run
stops instead of quarantining every file.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class ExitCode(IntEnum):
    OK = 0
    BAD_ARGS = 2
    MISSING_DEPENDENCY = 3
    MODEL_ERROR = 4
    INTERNAL = 15


class QuarantineReason(StrEnum):
    EMPTY = "empty_file"
    TRUNCATED = "truncated_file"
    ENCRYPTED = "encrypted"
    ZERO_PAGES = "zero_pages"
    NOT_A_DOCUMENT = "not_a_document"
    TOO_MANY_PAGES = "too_many_pages"
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"


class IntakeError(Exception):
    """A file that cannot be processed; goes to quarantine."""

    reason: QuarantineReason = QuarantineReason.UNREADABLE

    def __init__(self, message: str, reason: QuarantineReason | None = None) -> None:
        super().__init__(message)
        self.message = message
        if reason is not None:
            self.reason = reason


class EmptyFileError(IntakeError):
    reason = QuarantineReason.EMPTY


class TruncatedFileError(IntakeError):
    reason = QuarantineReason.TRUNCATED


class EncryptedFileError(IntakeError):
    reason = QuarantineReason.ENCRYPTED


class ZeroPagesError(IntakeError):
    reason = QuarantineReason.ZERO_PAGES


class NotADocumentError(IntakeError):
    reason = QuarantineReason.NOT_A_DOCUMENT


class LimitExceededError(IntakeError):
    reason = QuarantineReason.TOO_MANY_PAGES


class MissingDependencyError(Exception):
    """A program the pipeline needs (tesseract, pdftoppm) is missing: stop the run."""

    exit_code = ExitCode.MISSING_DEPENDENCY


class ModelError(Exception):
    """The shipped spaCy model is missing or of another version: stop the run."""

    exit_code = ExitCode.MODEL_ERROR
