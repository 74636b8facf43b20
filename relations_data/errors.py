"""Problems found in the raw inputs, reported to the coder who has to fix them."""

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


class DataError(Exception):
    """The inputs cannot be published; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found; nothing was written."
        return "\n".join([head, *(str(p) for p in self.problems)])


class ReleaseError(Exception):
    """A release cannot be written (it exists with other data, or another build holds the lock)."""


def _sort_key(p: Problem) -> tuple:
    return (p.file, p.line or 0, p.record or "", p.column or "", p.message)
