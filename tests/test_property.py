"""Generated and mutated raw records: every outcome is a valid dataset or a clean report."""

from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from raw_fixtures import RECORDS, make_raw
from relations_data.errors import DataError
from relations_data.release import build, csv_reference, to_arrow, write_csv
from relations_data.schema import Column, Table, load_schemas
from relations_data.validate import check

TEMPLATE = Path(tempfile.mkdtemp(prefix="relations-data-property-"))
make_raw(TEMPLATE)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(["USA", "COL", "XX", "2025-07-03", "2025-02-30", "0001-01-01", "9999-12-31",
                     "=1+1", "hand", "extracted", "day", "total", "UNODC", "ambassador"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=6)
tables = st.sampled_from(sorted(RECORDS))


@st.composite
def mutated_records(draw):
    table = draw(tables)
    records = copy.deepcopy(RECORDS[table])
    record = records[0]
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["set", "delete", "evidence", "duplicate", "replace"]))
        keys = sorted(record) or ["actor"]
        if action == "set":
            record[draw(st.sampled_from(keys + ["unknown"]))] = draw(values)
        elif action == "delete" and record:
            record.pop(draw(st.sampled_from(keys)), None)
        elif action == "evidence":
            record["evidence"] = draw(st.one_of(values, st.lists(
                st.fixed_dictionaries({"source": st.sampled_from(["000_4a5cc6c1728668df", "nope"]),
                                       "quote": st.one_of(st.text(max_size=20), st.just("Colombia"))}),
                max_size=2)))
        elif action == "duplicate" and isinstance(records, list):
            records.append(copy.deepcopy(record))
        else:
            records = draw(values)
    return table, records


def _fresh_raw() -> Path:
    root = Path(tempfile.mkdtemp(prefix="relations-data-case-"))
    shutil.copytree(TEMPLATE / "raw", root / "raw")
    return root


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_records())
def test_mutated_records_give_a_dataset_or_a_clean_report(case):
    table, records = case
    root = _fresh_raw()
    try:
        doc = {"records": records} if not isinstance(records, dict) else records
        (root / "raw" / "coded" / f"{table}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        try:
            check(root / "raw")
        except DataError as exc:
            assert exc.problems
            assert all(p.file and p.message for p in exc.problems)
    finally:
        shutil.rmtree(root)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_in_a_coded_file_never_crash_the_build(data):
    root = _fresh_raw()
    try:
        (root / "raw" / "coded" / "events.yaml").write_bytes(data)
        try:
            result = build(root / "raw", root / "out")
            assert (result.path / "manifest.json").exists()
        except DataError as exc:
            assert exc.problems
            assert not (root / "out" / "1.0.0").exists()
    finally:
        shutil.rmtree(root)


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
@example("0\x850")  # U+0085 (NEL) is a line break to YAML: written raw it came back as a space
def test_text_round_trips_exactly_through_parquet_duckdb_and_csv(text):
    import csv
    import io

    import duckdb
    import pyarrow.parquet as pq

    if not text.strip():
        return  # an all-blank value is a missing value, reported as such
    root = _fresh_raw()
    try:
        record = dict(RECORDS["events"][0], description=text, notes=text)
        # Escaped (allow_unicode=False), every character survives YAML exactly; written raw, YAML's
        # own line breaks (U+0085, U+2028, U+2029) would be folded by any YAML reader.
        (root / "raw" / "coded" / "events.yaml").write_text(
            yaml.safe_dump({"records": [record]}, allow_unicode=False), encoding="utf-8")
        release = build(root / "raw", root / "out").path
        expected = text.strip()
        [row] = pq.read_table(release / "parquet" / "events.parquet").to_pylist()
        with duckdb.connect(str(release / "relations.duckdb"), read_only=True) as con:
            db = con.execute("SELECT description, notes FROM events").fetchone()
        cells = list(csv.DictReader(io.StringIO((release / "csv" / "events.csv").read_bytes().decode("utf-8"), newline="")))[0]
        unescaped = cells["description"][1:] if cells["description"].startswith("'") else cells["description"]
        assert row["description"] == row["notes"] == db[0] == db[1] == unescaped == expected
        assert not cells["description"].startswith(("=", "+", "-", "@", "\t", "\r"))
        schemas = load_schemas(derived=True)
        for path in (release / "csv").glob("*.csv"):
            frame = pq.read_table(release / "parquet" / f"{path.stem}.parquet").to_pandas()
            assert path.read_bytes() == csv_reference(frame, schemas[path.stem]), path.name
    finally:
        shutil.rmtree(root)


csv_texts = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["", "=", "-1", "\r\n", '"', ",", "#", "'"]))
csv_rows = st.lists(st.tuples(
    csv_texts,
    st.one_of(st.none(), st.integers(min_value=-2**63, max_value=2**63 - 1)),
    st.one_of(st.none(), st.floats(allow_nan=False), st.integers(-10**16, 10**16).map(float)),
    st.one_of(st.none(), st.booleans()),
    st.one_of(st.none(), st.dates()),
), max_size=30)
CSV_TABLE = Table(name="cells", kind="reference", title="Cells", description="Generated cells.", natural_key=(),
                  columns=tuple(Column(n, t, "", nullable=True) for n, t in
                                [("text", "string"), ("whole", "integer"), ("number", "number"), ("flag", "boolean"),
                                 ("day", "date")]))


@settings(max_examples=200, deadline=None)
@given(csv_rows)
def test_the_csv_writer_gives_the_bytes_of_the_cell_definition(rows):
    """DuckDB's COPY (write_csv) against csv_cell and Python's csv.writer (csv_reference)."""
    text, whole, number, flag, day = (list(c) for c in zip(*rows)) if rows else ([],) * 5
    frame = pd.DataFrame({
        "text": pd.array(text, dtype="string"), "whole": pd.array(whole, dtype="Int64"),
        "number": pd.array(number, dtype="Float64"), "flag": pd.array(flag, dtype="boolean"),
        "day": pd.Series(pd.to_datetime(pd.Series(day, dtype=object))).astype("datetime64[s]"),
    })
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cells.csv"
        write_csv(to_arrow(frame, CSV_TABLE, "0.0.0"), CSV_TABLE, path)
        assert path.read_bytes() == csv_reference(frame, CSV_TABLE)
