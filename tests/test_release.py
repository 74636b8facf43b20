"""The release: three formats with the same rows, deterministic bytes, atomic and immutable."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from raw_fixtures import REPO, RECORDS, raw_dir, write_records  # noqa: F401
from relations_data import release
from relations_data.errors import ReleaseError
from relations_data.manifest import sha256_file
from relations_data.release import build, build_lock
from relations_data.schema import load_schemas

TABLES = list(load_schemas())


COMMITTED = sorted((p for p in (REPO / "build").glob("[0-9]*") if p.is_dir()),
                   key=lambda p: tuple(int(x) for x in p.name.split(".")))


@pytest.fixture
def built(raw_dir, tmp_path) -> Path:
    return build(raw_dir, tmp_path / "out").path


@pytest.fixture(params=["fixture"] + [p.name for p in COMMITTED])
def release_and_raw(request, raw_dir, tmp_path) -> tuple[Path, Path]:
    """A release built from the fixture, and every committed release, with its raw/."""
    if request.param == "fixture":
        return build(raw_dir, tmp_path / "out").path, raw_dir
    return REPO / "build" / request.param, REPO / "raw"


def read_csv_unescaped(path: Path) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
    return [[cell[1:] if cell.startswith("'") else cell for cell in row] for row in rows]


def as_text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:10] if hasattr(value, "isoformat") else str(value)


def test_parquet_duckdb_and_csv_hold_the_same_rows(release_and_raw):
    built, _ = release_and_raw
    tables = json.loads((built / "manifest.json").read_text())["tables"]
    assert tables
    for table in tables:
        assert_same_rows(built, table)


def assert_same_rows(built: Path, table: str) -> None:
    parquet = pq.read_table(built / "parquet" / f"{table}.parquet").to_pylist()
    with duckdb.connect(str(built / "relations.duckdb"), read_only=True) as con:
        cursor = con.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cursor.description]
        db = [dict(zip(names, row)) for row in cursor.fetchall()]
    header, *body = read_csv_unescaped(built / "csv" / f"{table}.csv")
    assert header == names == list(parquet[0].keys() if parquet else names)
    assert [[as_text(r[c]) for c in names] for r in parquet] == [[as_text(r[c]) for c in names] for r in db] == body


def test_rebuild_is_byte_identical_for_parquet_and_csv(raw_dir, tmp_path):
    first = build(raw_dir, tmp_path / "a").path
    second = build(raw_dir, tmp_path / "b").path
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.suffix in (".parquet", ".csv"))
    assert len(files) == 2 * len(TABLES)
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_rebuilding_the_same_version_with_the_same_data_changes_nothing(raw_dir, built):
    before = {p: p.read_bytes() for p in built.rglob("*") if p.is_file()}
    result = build(raw_dir, built.parent)
    assert result.status == "unchanged"
    assert {p: p.read_bytes() for p in built.rglob("*") if p.is_file()} == before


def test_rebuilding_the_same_version_with_other_data_is_refused(raw_dir, built):
    before = {p: p.read_bytes() for p in built.rglob("*") if p.is_file()}
    records = [dict(RECORDS["events"][0], description="Changed wording.")]
    write_records(raw_dir, "events", records)
    with pytest.raises(ReleaseError, match="bump `version` in raw/dataset.yaml"):
        build(raw_dir, built.parent)
    assert {p: p.read_bytes() for p in built.rglob("*") if p.is_file()} == before
    assert [p.name for p in built.parent.iterdir() if p.name != ".lock"] == ["1.0.0"]


def test_a_failure_mid_write_leaves_no_release(raw_dir, tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(release, "write_duckdb", fail)
    with pytest.raises(OSError):
        build(raw_dir, tmp_path / "out")
    assert [p.name for p in (tmp_path / "out").iterdir()] == [".lock"]
    monkeypatch.undo()
    assert build(raw_dir, tmp_path / "out").status == "written"


def test_staging_left_by_a_killed_build_is_cleared(raw_dir, tmp_path):
    stale = tmp_path / "out" / ".tmp-1.0.0-99999"
    (stale / "csv").mkdir(parents=True)
    build(raw_dir, tmp_path / "out")
    assert not stale.exists()


def test_a_second_build_at_once_is_refused(raw_dir, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with build_lock(out):
        with pytest.raises(ReleaseError, match="another build"):
            build(raw_dir, out)


def test_manifest_matches_the_files(release_and_raw):
    built, _ = release_and_raw
    manifest = json.loads((built / "manifest.json").read_text())
    assert manifest["version"] == built.name
    on_disk = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(manifest["files"]) == on_disk
    for rel, entry in manifest["files"].items():
        assert sha256_file(built / rel) == entry["sha256"]


def test_quotes_sit_at_their_offsets(release_and_raw):
    built, raw = release_and_raw
    evidence = pq.read_table(built / "parquet" / "evidence.parquet").to_pylist()
    sources = {s["source_id"]: s for s in pq.read_table(built / "parquet" / "sources.parquet").to_pylist()}
    checked = 0
    for row in evidence:
        source = sources[row["source_id"]]
        assert row["verified"] == source["stored"]
        if source["stored"]:
            text = (raw / source["path"]).read_text(encoding="utf-8")
            assert text[row["char_start"]:row["char_end"]] == row["quote"]
            checked += 1
        else:
            assert row["char_start"] is None and row["char_end"] is None
    assert checked > 0


def test_csv_cells_cannot_start_a_formula(built):
    raw = (built / "csv" / "diplomatic_recalls.csv").read_text(encoding="utf-8")
    assert ",'=statements on a coup plot," in raw
    for path in (built / "csv").glob("*.csv"):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_metadata_comes_from_the_schema(built):
    schemas = load_schemas()
    field = pq.read_schema(built / "parquet" / "coca_cultivation.parquet").field("hectares")
    assert field.metadata[b"unit"] == b"hectares"
    assert field.metadata[b"description"].decode() == schemas["coca_cultivation"].column("hectares").description
    with duckdb.connect(str(built / "relations.duckdb"), read_only=True) as con:
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name='coca_cultivation' "
                              "AND column_name='hectares'").fetchone()[0]
    assert comment.startswith(schemas["coca_cultivation"].column("hectares").description)
    package = json.loads((built / "datapackage.json").read_text())
    names = [r["name"] for r in package["resources"]]
    assert names == TABLES
    codebook = (built / "CODEBOOK.md").read_text()
    for table in schemas.values():
        for col in table.columns:
            assert f"`{col.name}`" in codebook


def test_nullability_is_declared_not_inferred(built):
    schema = pq.read_schema(built / "parquet" / "diplomatic_recalls.parquet")
    assert schema.field("return_date").nullable  # all values empty today, still nullable
    assert not schema.field("actor").nullable


@pytest.mark.parametrize("older, newer", list(zip(COMMITTED, COMMITTED[1:])), ids=lambda p: p.name)
def test_records_keep_their_ids_across_releases(older, newer):
    """A later release may add or correct records, never silently drop or re-key one."""
    for table in json.loads((older / "manifest.json").read_text())["tables"]:
        if table in ("sources", "evidence", "countries", "coverage"):
            continue
        before = {r["record_id"] for r in pq.read_table(older / "parquet" / f"{table}.parquet").to_pylist()}
        after = {r["record_id"] for r in pq.read_table(newer / "parquet" / f"{table}.parquet").to_pylist()}
        assert before <= after, (table, before - after)


TRICKY = {
    "string": pd.array(["=1+1", "-5", "+x", "@a", "\tt", "\rr", "'q", "plain", "a,b", 'say "hi"', "new\nline", None, "é"], dtype="string"),
    "integer": pd.array([0, -3, 2**40, None], dtype="Int64"),
    "number": pd.array([253000.0, 0.1, -2.5, 1e20, 1e15, 999999999999999.0, 3.0e-7, None], dtype="Float64"),
    "boolean": pd.array([True, False, None], dtype="boolean"),
    "date": pd.Series(pd.to_datetime(["1900-01-01", "2025-07-03", None])).astype("datetime64[s]"),
}


@pytest.mark.parametrize("col_type", sorted(TRICKY))
def test_vectorised_csv_column_matches_the_cell_definition(col_type):
    from relations_data.release import csv_cell, csv_column

    series = pd.Series(TRICKY[col_type])
    assert csv_column(series, col_type) == [csv_cell(v, col_type) for v in series.tolist()]
