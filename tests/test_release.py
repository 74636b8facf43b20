"""The release: three formats with the same rows, deterministic bytes, atomic and immutable."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
import yaml

from raw_fixtures import REPO, RECORDS, raw_dir, write_records  # noqa: F401
from relations_data import release
from relations_data.errors import ReleaseError
from relations_data.manifest import sha256_file
from relations_data.release import build, build_lock
from relations_data.schema import Column, Table, load_schemas

TABLES = list(load_schemas(derived=True))  # a release publishes the derived tables too


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
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    return [[cell[1:] if cell.startswith("'") else cell for cell in row] for row in rows]


def sample_rows(n: int, size: int = 3000) -> list[int] | None:
    """Every row of a small table (None); for a large one the first and last `size` rows and
    `size` rows drawn with a fixed seed, so that comparing three formats stays fast."""
    if n <= 3 * size:
        return None
    import random

    return sorted(set(range(size)) | set(range(n - size, n)) | set(random.Random(n).sample(range(n), size)))


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
    entry = json.loads((built / "manifest.json").read_text())["tables"][table]
    arrow = pq.read_table(built / entry["parquet"])
    rows = sample_rows(arrow.num_rows)
    parquet = (arrow.take(rows) if rows else arrow).to_pylist()
    with duckdb.connect(str(built / "relations.duckdb"), read_only=True) as con:
        cursor = con.execute(f"SELECT * FROM {table} ORDER BY rowid")
        names = [d[0] for d in cursor.description]
        db = [dict(zip(names, row)) for row in cursor.fetchall()]
        assert len(db) == arrow.num_rows
        db = [db[i] for i in rows] if rows else db
    header, *body = read_csv_unescaped(built / entry["csv"])
    assert len(body) == arrow.num_rows
    body = [body[i] for i in rows] if rows else body
    assert header == names == list(parquet[0].keys() if parquet else names)
    assert [[as_text(r[c]) for c in names] for r in parquet] == [[as_text(r[c]) for c in names] for r in db] == body


def test_rebuild_is_byte_identical_for_parquet_and_csv(raw_dir, tmp_path):
    first = build(raw_dir, tmp_path / "a").path
    second = build(raw_dir, tmp_path / "b").path
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.suffix in (".parquet", ".csv"))
    assert len(files) == 2 * len(TABLES)
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_the_committed_inputs_rebuild_the_newest_release_without_the_extractor(tmp_path):
    """A clean build of raw/ with relations_data.extract unimportable gives the content of the
    committed release of raw/'s version (its CSV, datapackage and codebook bytes)."""
    import subprocess
    import sys

    code = ("import sys\nsys.modules['relations_data.extract'] = None\n"
            "from relations_data.release import build\n"
            f"print(build({str(REPO / 'raw')!r}, {str(tmp_path / 'out')!r}).path)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    rebuilt = json.loads((Path(done.stdout.strip()) / "manifest.json").read_text(encoding="utf-8"))
    committed = json.loads((REPO / "build" / rebuilt["version"] / "manifest.json").read_text(encoding="utf-8"))
    assert release.content_hashes(rebuilt) == release.content_hashes(committed)


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

    from relations_data import database

    monkeypatch.setattr(database, "write", fail)
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
    if "database" in manifest:  # from 1.3.0: made from the Parquet, checked by content, not hashed
        on_disk -= {manifest["database"]["path"]}
    assert set(manifest["files"]) == on_disk
    for rel, entry in manifest["files"].items():
        assert sha256_file(built / rel) == entry["sha256"]


def test_quotes_sit_at_their_offsets(release_and_raw):
    built, raw = release_and_raw
    evidence = pq.read_table(built / "parquet" / "evidence.parquet")
    if "kind" in evidence.column_names:  # computed evidence has no quote; the build verified its value
        computed = pc.equal(evidence["kind"], "computed")
        assert pc.all(pc.or_(pc.invert(computed), evidence["verified"])).as_py()
        evidence = evidence.filter(pc.invert(computed))
    sources = {s["source_id"]: s for s in pq.read_table(built / "parquet" / "sources.parquet").to_pylist()}
    checked = 0
    for row in evidence.to_pylist():
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
    schemas = load_schemas(derived=True)
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


def retired(release: str, table: str) -> set[str]:
    """Record ids deliberately withdrawn in `release`, each listed with its reason."""
    listed = yaml.safe_load((REPO / "raw" / "reference" / "retired_records.yaml").read_text(encoding="utf-8"))["retired"]
    assert all(r["reason"] for r in listed)
    return {r["record_id"] for r in listed if (r["release"], r["table"]) == (release, table)}


@pytest.mark.parametrize("older, newer", list(zip(COMMITTED, COMMITTED[1:])), ids=lambda p: p.name)
def test_records_keep_their_ids_across_releases(older, newer):
    """A later release may add or correct records, never silently drop or re-key one: a record
    may disappear only if raw/reference/retired_records.yaml lists it, with why."""
    for table in json.loads((older / "manifest.json").read_text())["tables"]:
        if table in ("sources", "evidence", "countries", "coverage"):
            continue
        if "record_id" not in pq.read_schema(older / "parquet" / f"{table}.parquet").names:
            continue  # derived tables (dyad_years) have no records
        before = set(pq.read_table(older / "parquet" / f"{table}.parquet", columns=["record_id"])["record_id"].to_pylist())
        after = set(pq.read_table(newer / "parquet" / f"{table}.parquet", columns=["record_id"])["record_id"].to_pylist())
        withdrawn = retired(newer.name, table)
        assert before - after == withdrawn & before, (table, before - after, withdrawn)
        assert not withdrawn & after, (table, "listed as retired but still published", withdrawn & after)


STRINGS = ["=1+1", "-5", "+x", "@a", "\tt", "\rr", "\r\nx", "'q", "''", "plain", "a,b", 'say "hi"', '"', "new\nline",
           "crlf\r\nin", "#hash", " lead", "trail ", "back\\slash", "semi;colon", "NULL", "nul\x00byte", "\x00", "é",
           "“curly”", "\u2028", "\x1c", "\x85", "😀", "=", "-", "@", "'", "", None]
TRICKY = {
    "string": pd.array(STRINGS, dtype="string"),
    "integer": pd.array([0, -3, 2**40, 2**63 - 1, -(2**63), None], dtype="Int64"),
    "number": pd.array([253000.0, 0.1, -2.5, 1e20, 1e15, -1e15, 999999999999999.0, 1e16, 2.0**53 + 2, 3.0e-7, 1e-7,
                        5e-324, -0.0, 0.0, 1 / 3, 1.7976931348623157e308, float("inf"), float("-inf"), 123456.789,
                        None], dtype="Float64"),
    "boolean": pd.array([True, False, None], dtype="boolean"),
    "date": pd.Series(pd.to_datetime(["0001-01-01", "0099-03-04", "1900-01-01", "2025-07-03", "9999-12-31", None],
                                     format="%Y-%m-%d")).astype("datetime64[s]"),
}


def tricky_table(col_type: str) -> tuple[pd.DataFrame, Table]:
    """One column of awkward values of a type, beside a plain one (a lone empty cell in a row
    of one column is quoted by csv.writer, and no release table has a single column)."""
    values = pd.Series(TRICKY[col_type])
    frame = pd.DataFrame({"value": values, "other": pd.array(["x"] * len(values), dtype="string")})
    table = Table(name="tricky", kind="reference", title="Tricky", description="Awkward values.", natural_key=("other",),
                  columns=(Column("value", col_type, "A value.", nullable=True), Column("other", "string", "Text.")))
    return frame, table


@pytest.mark.parametrize("col_type", sorted(TRICKY))
def test_csv_writer_matches_the_cell_definition(col_type, tmp_path):
    """write_csv (DuckDB) gives byte for byte what csv_cell and Python's csv.writer give."""
    frame, table = tricky_table(col_type)
    release.write_csv(release.to_arrow(frame, table, "0.0.0"), table, tmp_path / "t.csv")
    expected = release.csv_reference(frame, table)
    assert (tmp_path / "t.csv").read_bytes() == expected
    assert expected.count(b"\r\n") >= len(frame) + 1


def test_csv_writer_keeps_row_order_and_empty_tables(tmp_path):
    n = 300_000
    frame = pd.DataFrame({"value": pd.array([f"r{i}" if i % 7 else None for i in range(n)], dtype="string"),
                          "other": pd.array(range(n), dtype="Int64")})
    table = Table(name="big", kind="reference", title="Big", description="Many rows.", natural_key=("other",),
                  columns=(Column("value", "string", "Text.", nullable=True), Column("other", "integer", "Row.")))
    release.write_csv(release.to_arrow(frame, table, "0.0.0"), table, tmp_path / "big.csv")
    assert (tmp_path / "big.csv").read_bytes() == release.csv_reference(frame, table)
    empty = frame.iloc[:0]
    release.write_csv(release.to_arrow(empty, table, "0.0.0"), table, tmp_path / "empty.csv")
    assert (tmp_path / "empty.csv").read_bytes() == b"value,other\r\n" == release.csv_reference(empty, table)


def test_csv_files_are_the_csv_reference_of_the_parquet_rows(release_and_raw):
    """Every CSV of the fixture and committed releases is what csv_reference makes of its rows."""
    built, _ = release_and_raw
    schemas = load_schemas(derived=True)
    for path in sorted((built / "csv").glob("*.csv")):
        frame = pq.read_table(built / "parquet" / f"{path.stem}.parquet").to_pandas()
        table = schemas[path.stem]
        if list(frame.columns) != table.column_names:  # an older release: its types from its Parquet
            fields = pq.read_schema(built / "parquet" / f"{path.stem}.parquet")
            table = Table(name=path.stem, kind=table.kind, title="", description="", natural_key=(),
                          columns=tuple(Column(f.name, f.metadata[b"relations_data.type"].decode(), "")
                                        for f in fields))
        assert path.read_bytes() == release.csv_reference(frame, table), path


@pytest.mark.parametrize("which", ["fixture", "newest committed"])
def test_the_data_package_validates_with_the_reference_implementation(built, which):
    """frictionless-py, the reference implementation, finds every CSV valid against its schema.
    Releases 1.0.0 and 1.1.0 predate the tabular-data-resource profile and are never rewritten."""
    from frictionless import validate

    folder = built if which == "fixture" else COMMITTED[-1]
    if which != "fixture" and COMMITTED[-1].name in ("1.0.0", "1.1.0"):
        pytest.skip("no release built by this code is committed")
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["title", "message"])[:5]


# --- releases whose data files are not in git (1.3.0 on) --------------------------------

def test_a_release_folder_holding_only_its_metadata_gets_its_data_files_made_again(raw_dir, built):
    before = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    for data in ("parquet", "csv"):
        shutil.rmtree(built / data)
    (built / "relations.duckdb").unlink()
    result = build(raw_dir, built.parent)
    assert result.status == "restored"
    after = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    database = Path("relations.duckdb")
    assert {k: v for k, v in after.items() if k != database} == {k: v for k, v in before.items() if k != database}
    assert database in after and build(raw_dir, built.parent).status == "unchanged"


def test_a_metadata_only_folder_of_other_data_is_refused_and_left_alone(raw_dir, built):
    shutil.rmtree(built / "csv")
    write_records(raw_dir, "events", [dict(RECORDS["events"][0], description="Changed wording.")])
    with pytest.raises(ReleaseError, match="already exists .* with different content"):
        build(raw_dir, built.parent)
    assert not (built / "csv").exists()


def test_large_tables_are_gzipped_reproducibly(raw_dir, tmp_path, monkeypatch):
    plain = build(raw_dir, tmp_path / "plain").path
    monkeypatch.setattr(release, "LARGE_TABLE_ROWS", -1)  # every table, empty ones too
    first, second = (build(raw_dir, tmp_path / name).path for name in ("a", "b"))
    manifest = json.loads((first / "manifest.json").read_text())
    assert all(t["csv"].endswith(".csv.gz") for t in manifest["tables"].values())
    for name, entry in manifest["tables"].items():
        assert (first / entry["csv"]).read_bytes() == (second / entry["csv"]).read_bytes()
        assert gzip.decompress((first / entry["csv"]).read_bytes()) == (plain / "csv" / f"{name}.csv").read_bytes()
    package = json.loads((first / "datapackage.json").read_text())
    assert {r["path"]: r.get("compression") for r in package["resources"]} == {
        e["csv"]: "gz" for e in manifest["tables"].values()}
