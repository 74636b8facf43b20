"""Rows of a table as Arrow columns, with where each row came from (used by stage 2 on).

Rows arrive one at a time from the coded YAML and from extraction; holding them as columns
keeps the whole dataset at about the size of the published frames.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator

from relations_data.schema import Table
from relations_data.types import arrow_type


class Rows:
    """One table's rows, held as columns, with where each row came from.

    Rows arrive one at a time as Python values; every CHUNK rows they are packed into Arrow
    arrays, which take about the memory of the published frames, where a dict per row would
    take several times as much. Origins are kept as numbers, and a row's label ("record 7
    (actor=USA, …)") is made only when a report needs it.
    """

    CHUNK = 16_384

    def __init__(self, table: Table):
        self.types = {col.name: col.type for col in table.columns}
        self.pending: dict[str, list] = {name: [] for name in self.types}
        self.chunks: list[dict] = []  # column -> pyarrow.Array
        self.starts: list[int] = []  # the index of each chunk's first row
        self.packed = 0  # rows in chunks; the rest are pending
        self.files: list[str] = []
        self._file_index: dict[str, int] = {}
        self.file = array("i")  # index into files
        self.line = array("i")  # 0: not known
        self.number = array("i")  # the record's ordinal in its file
        self.parent = array("i")  # evidence: index of its record in table_name's rows; else -1
        self.labels: dict[int, str] = {}  # labels given in reports already, or that no row can rebuild
        self.word = "record"  # reference tables' rows are "row n"

    def __len__(self) -> int:
        return len(self.file)

    def add(self, row: dict, file: str, line: int | None, number: int = 0, label: str | None = None,
            parent: int = -1) -> int:
        index = len(self.file)
        for name, values in self.pending.items():
            values.append(row.get(name))
        if file not in self._file_index:
            self._file_index[file] = len(self.files)
            self.files.append(file)
        self.file.append(self._file_index[file])
        self.line.append(line or 0)
        self.number.append(number)
        self.parent.append(parent)
        if label is not None:
            self.labels[index] = label
        if len(self.file) - self.packed == self.CHUNK:
            self._pack()
        return index

    def extend(self, columns: dict, file: str, parents: array | None = None) -> int:
        """Rows given as whole Arrow columns (an import's records), kept as one chunk; columns
        not given are empty. Returns the index of the first of them."""
        import pyarrow as pa

        if len(self) > self.packed:
            self._pack()
        start = len(self.file)
        n = len(next(iter(columns.values())))
        self.chunks.append({name: columns[name].cast(_arrow_type(kind)) if name in columns else pa.nulls(n, _arrow_type(kind))
                            for name, kind in self.types.items()})
        self.starts.append(start)
        if file not in self._file_index:
            self._file_index[file] = len(self.files)
            self.files.append(file)
        self.file.extend(array("i", [self._file_index[file]]) * n)
        self.line.extend(array("i", [0]) * n)
        self.number.extend(array("i", range(1, n + 1)))
        self.parent.extend(parents if parents is not None else array("i", [-1]) * n)
        self.packed = len(self.file)
        return start

    def _pack(self) -> None:
        import pyarrow as pa

        self.chunks.append({name: pa.array(values, type=_arrow_type(self.types[name]))
                            for name, values in self.pending.items()})
        self.starts.append(self.packed)
        self.packed = len(self.file)
        self.pending = {name: [] for name in self.types}

    def consolidate(self) -> None:
        """Every row in one Arrow array per column, made a column at a time so that only one
        column is ever held twice, and text columns not even that (see join_text). pandas would otherwise join the chunks again, a copy each
        time, for every check of a column."""
        import pyarrow as pa

        if len(self) > self.packed:
            self._pack()
        if len(self.chunks) <= 1:
            return
        whole = {}
        for name, kind in self.types.items():
            parts = [chunk.pop(name) for chunk in self.chunks]
            whole[name] = join_text(parts) if kind in ("string", "country") else pa.concat_arrays(parts)
        self.chunks, self.starts = [whole], [0]

    def row(self, index: int) -> dict:
        if index >= self.packed:
            return {name: values[index - self.packed] for name, values in self.pending.items()}
        k = bisect.bisect_right(self.starts, index) - 1
        return {name: values[index - self.starts[k]].as_py() for name, values in self.chunks[k].items()}

    def records(self) -> Iterator[dict]:
        """Every row as a dict, one at a time."""
        return (self.row(i) for i in range(len(self)))

    def column(self, name: str) -> Iterator:
        """A column's values in row order, a chunk at a time."""
        for chunk in self.chunks:
            yield from chunk[name].to_pylist()
        yield from self.pending[name]

    def arrays(self) -> dict:
        """Every column as a pyarrow.ChunkedArray (rows added later are not included)."""
        import pyarrow as pa

        tail = [{name: pa.array(values, type=_arrow_type(self.types[name])) for name, values in self.pending.items()}]
        chunks = self.chunks + (tail if len(self) > self.packed else [])
        return {name: pa.chunked_array([chunk[name] for chunk in chunks], type=_arrow_type(kind))
                for name, kind in self.types.items()}

    @classmethod
    def from_dicts(cls, rows: list[dict], table: Table) -> Rows:
        result = cls(table)
        for row in rows:
            result.add(row, "", None)
        return result


def _arrow_type(kind: str):
    return arrow_type(kind, building=True)


def join_text(parts: list) -> "pyarrow.Array":
    """One large_string array from several, as pa.concat_arrays would make it, but freeing each
    part as soon as it is copied (the list is emptied): the join then needs about one copy of
    the column, not two. A million quotes are the largest column of the dataset.
    """
    import numpy as np
    import pyarrow as pa

    length = sum(len(p) for p in parts)
    data_bytes = sum(last - first for first, last in map(_text_span, parts))
    offsets = np.empty(length + 1, dtype=np.int64)
    data = np.empty(data_bytes, dtype=np.uint8)  # pages become resident only as they are written
    valid = np.ones(length, dtype=bool)
    row = at = 0
    offsets[0] = 0
    pool = pa.default_memory_pool()
    while parts:
        part = parts.pop(0)
        n = len(part)
        first, last = _text_span(part)
        own = np.frombuffer(part.buffers()[1], dtype=np.int64)[part.offset:part.offset + n + 1]
        offsets[row + 1:row + n + 1] = own[1:] - first + at
        if last > first:
            data[at:at + last - first] = np.frombuffer(part.buffers()[2], dtype=np.uint8)[first:last]
        if part.null_count:
            valid[row:row + n] = part.is_valid().to_numpy(zero_copy_only=False)
        row, at = row + n, at + last - first
        del part, own
        pool.release_unused()
    nulls = int(length - valid.sum())
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little")) if nulls else None
    return pa.Array.from_buffers(pa.large_string(), length, [bitmap, pa.py_buffer(offsets), pa.py_buffer(data)],
                                 null_count=nulls)


def _text_span(part) -> tuple[int, int]:
    """The byte range of a large_string array's characters within its data buffer."""
    import numpy as np

    if len(part) == 0:
        return 0, 0
    own = np.frombuffer(part.buffers()[1], dtype=np.int64)
    return int(own[part.offset]), int(own[part.offset + len(part)])
