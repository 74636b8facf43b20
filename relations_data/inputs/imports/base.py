"""What an importer gives the input stage: records of one table computed from upstream files."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyarrow as pa

from relations_data.errors import RelationsDataError


@dataclass
class Imported:
    """Records of one table computed by an importer, with what each was computed from.

    `rows` holds one row per record, with the table's coded columns as declared in
    schemas/<table>.yaml (no record_id, method or other derived columns: the input stage adds
    them). `selection[i]` is the rule that selects the upstream rows record i was computed
    from (e.g. "year = 2014 AND 100 IN (ccode1, ccode2)"), and `computation` says how the
    value was computed from them; both become the record's `computed` evidence. `coverage`
    (optional) holds the coverage rows the import states for its records (columns of
    schemas/coverage.yaml but table_name): an importer knows which dyads and years it covers
    systematically, which a hand-typed list would only repeat.
    """

    table: str
    rows: pa.Table
    selection: pa.Array
    computation: str
    upstream_file: str  # the file of the import's origin.yaml the rows came from
    coverage: pa.Table | None = None


class UpstreamError(RelationsDataError, ValueError):
    """An upstream file is not what the importer expects (e.g. not the documented row count):
    the build reports the message as one line and publishes nothing."""


class Importer(Protocol):
    """One module per import, relations_data/inputs/imports/<name>.py, with this function."""

    def read(self, files: Mapping[str, Path]) -> Iterator[Imported]:
        """Records computed from the import's upstream files (file name in origin.yaml →
        local path, already checked against its sha256)."""
        ...
