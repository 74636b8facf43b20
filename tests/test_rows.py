"""rows: rows held as Arrow-packed columns must give back exactly what was added."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relations_data.rows import Rows, join_text
from relations_data.schema import load_schemas
from relations_data.validate import to_frame
from tests.conftest import synthetic_rows

SCHEMAS = load_schemas()


@pytest.mark.parametrize("name", sorted(SCHEMAS))
@pytest.mark.parametrize("n", [0, 1, 7, 8, 23])
def test_rows_give_back_what_was_added(monkeypatch, name, n):
    monkeypatch.setattr(Rows, "CHUNK", 8)  # several packed chunks and a pending tail
    table = SCHEMAS[name]
    added = synthetic_rows(table, n, all_nulls=False)
    rows = Rows.from_dicts(added, table)
    assert len(rows) == n
    assert [rows.row(i) for i in range(n)] == added
    for col in table.column_names:
        assert list(rows.column(col)) == [r[col] for r in added]
    frame = to_frame(rows, table)  # packs every row into one array per column
    assert len(frame) == n and list(frame.columns) == table.column_names
    assert [rows.row(i) for i in range(n)] == added


def test_frames_do_not_depend_on_how_rows_were_packed(monkeypatch):
    table = SCHEMAS["diplomatic_recalls"]
    added = synthetic_rows(table, 30, all_nulls=False)
    whole = to_frame(added, table)
    monkeypatch.setattr(Rows, "CHUNK", 4)
    assert to_frame(added, table).equals(whole)
    assert str(whole["event_date"].dtype) == "datetime64[s]"


texts = st.lists(st.one_of(st.none(), st.text(max_size=6)), max_size=9)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(texts, st.integers(0, 3)), max_size=6))
def test_join_text_equals_concat_arrays(parts):
    """Nulls, empty strings, any characters, and parts that are slices of larger arrays."""
    arrays = [pa.array(values, type=pa.large_string())[min(skip, len(values)):] for values, skip in parts]
    expected = pa.concat_arrays(arrays) if arrays else pa.array([], type=pa.large_string())
    joined = join_text(list(arrays))
    joined.validate(full=True)
    assert joined.equals(expected)
    assert joined.null_count == expected.null_count
