"""Every error relations-data raises on purpose, under one base class, and the Problem a
coder is shown for each thing wrong with the raw inputs.

    RelationsDataError
    ├── DataError               the inputs cannot be published (carries every Problem)
    ├── ReleaseError            a release cannot be written
    ├── UnknownNameError        a table or version a release does not have (also a ValueError)
    ├── ReleasesNotFoundError   no release folder (also a FileNotFoundError)
    ├── ReleaseIntegrityError   a release file differs from its manifest
    └── ReviewError             a review request that cannot be carried out

The command line turns each into one line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the inputs: where it is, and what to do about it."""

    file: str
    line: int | None = None
    record: str | None = None
    column: str | None = None
    message: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.column:
            parts.append(f"column {self.column}")
        return ": ".join(parts) + f": {self.message}"


class RelationsDataError(Exception):
    """Base of the errors relations-data raises on purpose."""


class DataError(RelationsDataError):
    """The inputs cannot be published; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found; nothing was written."
        return "\n".join([head, *(str(p) for p in self.problems)])


class ReleaseError(RelationsDataError):
    """A release cannot be written (it exists with other data, or another build holds the lock)."""


class UnknownNameError(RelationsDataError, ValueError):
    """A table or version that the release does not have; the message lists the valid ones."""


class ReleasesNotFoundError(RelationsDataError, FileNotFoundError):
    """No release folder could be found."""


class ReleaseIntegrityError(RelationsDataError):
    """A release file differs from its manifest.json entry (changed, truncated or missing)."""


class ReviewError(RelationsDataError):
    """A review request that cannot be carried out; nothing was written."""


def _sort_key(p: Problem) -> tuple:
    return (p.file, p.line or 0, p.record or "", p.column or "", p.message)
