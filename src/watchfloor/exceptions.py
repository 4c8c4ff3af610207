"""One hierarchy of errors. Each message says what failed, quotes the value and gives a hint.

The CLI turns any ``WatchfloorError`` into a single line and a non-zero exit code.
"""

from __future__ import annotations


class WatchfloorError(Exception):
    """Base of every error the library raises on purpose."""

    hint: str = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        base = super().__str__()
        return f"{base} — {self.hint}" if self.hint else base


class SettingsError(WatchfloorError):
    """A setting has a bad value (names the setting, the value and what is expected)."""


class OntologyError(WatchfloorError):
    """The ontology or catalogue data is malformed (names the file and key)."""


class InputError(WatchfloorError):
    """A file given to ingest cannot be read as a document."""

    def __init__(self, path: object, message: str, hint: str) -> None:
        super().__init__(f"{path}: {message}", hint)
        self.path = str(path)


class MissingPathError(InputError):
    pass


class UnsupportedTypeError(InputError):
    pass


class EmptyDocumentError(InputError):
    pass


class CorruptDocumentError(InputError):
    pass


class EncryptedDocumentError(InputError):
    pass


class TooLargeError(InputError):
    pass


class BinaryContentError(InputError):
    pass


class UnreadableError(InputError):
    """The file or folder exists but cannot be read (permissions, an I/O error)."""


class DateError(WatchfloorError):
    """A value is no EDTF date or interval (watchfloor.edtf quotes it)."""


class CorrectionError(WatchfloorError):
    """An analyst's correction would store a value the ontology or the export refuses."""


class StoreError(WatchfloorError):
    """The knowledge base cannot be opened or written."""


class NotFoundError(WatchfloorError):
    """A name or id asked for is not in the knowledge base."""


class ModelError(WatchfloorError):
    """The spaCy pipeline named in the settings cannot be loaded."""


class EngineError(WatchfloorError):
    """The engine that runs extraction cannot start or reach its workers (a Dask scheduler
    that does not answer, a worker without the model)."""
