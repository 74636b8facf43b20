"""The command line: every verb on the fixture releases, with CliRunner, near-exact output."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import click
import pytest
import yaml
from click.testing import CliRunner

import relations_data as rd
from conftest import EMPTY_TABLE, NEW, OLD, table_names
from relations_data.cli import cli
from relations_data.schema import load_schemas

TABLES = table_names()
SCHEMAS = load_schemas()
ROW_VERBS = {"tables": [], "info": ["events"], "versions": [], "sql": ["SELECT 1 AS one"]}
CONSTANT_QUERY = "SELECT 1 AS a, 'x=' AS b, NULL AS c, DATE '2025-01-02' AS d, true AS e, 2.5::DOUBLE AS f, '=1+1' AS g"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --- help ----------------------------------------------------------------------------

def all_commands(group: click.Group = cli, prefix: tuple[str, ...] = ()):
    if not prefix:
        yield (), group
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from all_commands(command, prefix + (name,))


@pytest.mark.parametrize("path,command", list(all_commands()), ids=lambda v: " ".join(v) or "relations-data" if isinstance(v, tuple) else "")
def test_every_command_has_help_and_an_example(path, command):
    assert command.help and command.help.strip(), f"{' '.join(path)} has no help text"
    assert "\b\n    Example:" in command.help, f"{' '.join(path)} has no `Example:` block protected by \\b"
    output = run(*path, "--help").stdout
    example = output[output.index("Example:"):].splitlines()
    assert example[1].startswith("    ") and example[1].split()[:len(path) + 1] == ["relations-data", *path], \
        "the example was re-wrapped: protect it with \\b"


@pytest.mark.parametrize("args", [["--help"], *([name, "--help"] for name in ["sql", "export", "tables", "info"])])
def test_help_does_not_import_pandas_or_pandera(args):
    code = (
        "import sys\nfrom relations_data.cli import cli\n"
        f"try:\n    cli({args!r})\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'pandera', 'pyarrow', 'duckdb', 'numpy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


@pytest.mark.parametrize("verb", ROW_VERBS)
def test_verbs_that_print_rows_share_the_output_flags(verb):
    options = {opt for p in cli.commands[verb].params for opt in p.opts if getattr(p, "name", "") == "fmt"}
    assert options == {"--table", "--csv", "--json"}


@pytest.mark.parametrize("fmt", ["--table", "--csv", "--json"])
@pytest.mark.parametrize("verb", ROW_VERBS)
def test_every_output_flag_works_on_every_row_verb(use_releases, verb, fmt):
    result = run(verb, *ROW_VERBS[verb], fmt)
    assert result.exit_code == 0, result.output
    if fmt == "--json":
        assert isinstance(json.loads(result.stdout), list)
    elif fmt == "--csv":
        assert len(list(csv.reader(io.StringIO(result.stdout)))) >= 2


# --- tables, versions, info ------------------------------------------------------------

def test_tables(use_releases):
    lines = run("tables").stdout.splitlines()
    assert lines[0] == "table" + " " * (max(map(len, TABLES)) - 3) + "rows  title"
    for line, name in zip(lines[2:], TABLES, strict=True):
        rows = 0 if name == EMPTY_TABLE else 4
        assert line.split()[:2] == [name, str(rows)] and line.endswith("  " + SCHEMAS[name].title)


def test_tables_json(use_releases):
    records = json.loads(run("tables", "--version", OLD, "--json").stdout)
    assert records == [{"table": name, "rows": 2, "title": SCHEMAS[name].title} for name in TABLES]


def test_versions(use_releases):
    n = len(TABLES)
    old_rows, new_rows = 2 * n, 4 * (n - 1)
    assert run("versions").stdout == (
        "version  tables  rows\n"
        "-------  ------  ----\n"
        f"1.2.0    {n:>6}  {old_rows:>4}\n"
        f"1.10.0   {n:>6}  {new_rows:>4}\n"
        "\n"
        f"releases in {use_releases.path} (RELATIONS_DATA_RELEASES)\n"
    )
    assert run("versions", "--csv").stdout == f"version,tables,rows\n1.2.0,{n},{old_rows}\n1.10.0,{n},{new_rows}\n"


@pytest.mark.parametrize("table", TABLES)
def test_info(use_releases, table):
    declared = SCHEMAS[table]
    rows = 0 if table == EMPTY_TABLE else 4
    lines = run("info", table).stdout.splitlines()
    assert lines[0] == f"{table}: {declared.title} (release {NEW}, {rows} rows)"
    assert f"Natural key: {', '.join(declared.natural_key)}" in lines
    starts = [line.split()[0] for line in lines[lines.index("") + 3:] if line[:1] != " "]
    assert starts == declared.column_names
    records = json.loads(run("info", table, "--json").stdout)
    assert records == [{"column": c.name, "type": c.type, "nullable": c.nullable, "unit": c.unit,
                        "allowed": list(c.allowed) if c.allowed else None, "description": c.description}
                       for c in declared.columns]


# --- sql -----------------------------------------------------------------------------

def test_sql_in_every_format(use_releases):
    assert run("sql", CONSTANT_QUERY).stdout == (
        "a  b   c  d           e       f  g\n"
        "-  --  -  ----------  ----  ---  ----\n"
        "1  x=     2025-01-02  true  2.5  =1+1\n"
    )
    assert run("sql", CONSTANT_QUERY, "--csv").stdout == "a,b,c,d,e,f,g\n1,x=,,2025-01-02,true,2.5,'=1+1\n"
    assert json.loads(run("sql", CONSTANT_QUERY, "--json").stdout) == [
        {"a": 1, "b": "x=", "c": None, "d": "2025-01-02", "e": True, "f": 2.5, "g": "=1+1"}]


def test_sql_reads_the_chosen_release(use_releases):
    query = "SELECT value FROM release_info WHERE key = 'version'"
    assert run("sql", query, "--csv").stdout == f"value\n{NEW}\n"
    assert run("sql", query, "--csv", "--version", OLD).stdout == f"value\n{OLD}\n"
    assert run("sql", f"SELECT count(*) AS n FROM {EMPTY_TABLE}", "--json").stdout == '[\n  {\n    "n": 0\n  }\n]\n'


@pytest.mark.parametrize("statement,says", [
    ("CREATE TABLE t (a INTEGER)", "error: the release database is read-only"),
    ("DELETE FROM release_info", "error: the release database is read-only"),
    ("SELECT 1; DROP TABLE release_info", "error: the query holds 2 statements"),  # never run
    ("COPY release_info TO 'out.csv'", "error: refused: queries on a release cannot read or write files"),
    ("ATTACH 'other.duckdb' AS other", "error: refused: queries on a release cannot read or write files"),
    ("INSTALL httpfs", "error: refused: queries on a release cannot read or write files"),
    ("SET enable_external_access = true", "error: refused: queries on a release cannot read or write files"),
])
def test_sql_refuses_writes_in_one_line(use_releases, tmp_path, monkeypatch, statement, says):
    monkeypatch.chdir(tmp_path)
    result = run("sql", statement)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(says) and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("statement,says", [
    ("SELEC 1", 'error: Parser Error: syntax error at or near "SELEC"; check the SQL'),
    ("SELECT * FROM no_such_table", "error: Catalog Error: Table with name no_such_table does not exist!"),
    ("SELECT no_such_column FROM events", "error: Binder Error: Referenced column"),
])
def test_bad_sql_is_one_line(use_releases, statement, says):
    result = run("sql", statement)
    assert result.exit_code == 1
    assert result.stderr.startswith(says) and result.stderr.count("\n") == 1, result.stderr


# --- export --------------------------------------------------------------------------

@pytest.mark.parametrize("table", TABLES)
def test_csv_export_is_the_release_csv(use_releases, tmp_path, table):
    result = run("export", "--out", str(tmp_path), "--table", table)
    rows = 0 if table == EMPTY_TABLE else 4
    assert result.stdout == f"wrote {tmp_path / table}.csv ({rows} rows)\n"
    assert (tmp_path / f"{table}.csv").read_bytes() == (use_releases.path / NEW / "csv" / f"{table}.csv").read_bytes()


def test_csv_export_with_bom_every_table(use_releases, tmp_path):
    result = run("export", "--out", str(tmp_path / "out"), "--bom", "--version", OLD)
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == len(TABLES)
    for table in TABLES:
        data = (tmp_path / "out" / f"{table}.csv").read_bytes()
        assert data == b"\xef\xbb\xbf" + (use_releases.path / OLD / "csv" / f"{table}.csv").read_bytes()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"{t}.csv" for t in TABLES)


def test_csv_export_is_formula_safe_and_iso(use_releases, tmp_path):
    run("export", "--out", str(tmp_path), "--table", "events")
    text = (tmp_path / "events.csv").read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert text.endswith("\r\n") and not text.startswith("\ufeff")
    record_ids = [r[0] for r in rows[1:]]
    assert record_ids[0] == "'=SUM(A1:A2) record_id 0" and record_ids[2] == "'-5 degrees record_id 2"
    date_col = rows[0].index("event_date")
    assert [r[date_col] for r in rows[1:]] == [d.date().isoformat() for d in rd.load("events")["event_date"]]
    assert rows[1][date_col].startswith("2025-0")
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)


def test_parquet_export_is_the_release_file(use_releases, tmp_path):
    result = run("export", "--out", str(tmp_path), "--format", "parquet", "--table", "events", "--table", "sources")
    assert result.stdout.splitlines() == [f"wrote {tmp_path / 'events'}.parquet (4 rows)",
                                          f"wrote {tmp_path / 'sources'}.parquet (4 rows)"]
    for table in ("events", "sources"):
        assert (tmp_path / f"{table}.parquet").read_bytes() == \
               (use_releases.path / NEW / "parquet" / f"{table}.parquet").read_bytes()


def test_export_errors_say_how_to_fix(use_releases, tmp_path):
    result = run("export", "--out", str(tmp_path / "x"), "--table", "events", "--table", "evnts")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown table 'evnts' in release 1.10.0 (did you mean 'events'?); valid tables: ")
    assert not (tmp_path / "x").exists()
    result = run("export", "--out", str(tmp_path / "x"), "--format", "parquet", "--bom")
    assert (result.exit_code, result.stderr) == (1, "error: --bom applies to CSV files only: drop --bom or use --format csv\n")


# --- verify, cite, errors ------------------------------------------------------------

def test_verify_passes_on_intact_releases(use_releases):
    result = run("verify")
    n = len(json.loads((use_releases.path / NEW / "manifest.json").read_text())["files"])
    assert result.exit_code == 0
    assert result.stdout == (f"release {OLD}: all {n} files match manifest.json ({use_releases.path / OLD})\n"
                             f"release {NEW}: all {n} files match manifest.json ({use_releases.path / NEW})\n")


def test_verify_says_what_differs(releases_copy):
    path = releases_copy / OLD / "csv" / "events.csv"
    path.write_bytes(path.read_bytes().replace(b"2025", b"2026", 1))
    result = run("verify")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"release {OLD}: csv/events.csv has sha256 ")
    assert lines[0].endswith("…")
    assert lines[1].startswith(f"release {NEW}: all ")
    assert result.stderr.startswith(f"error: release {OLD} differs from its manifest: it was changed after it was built; reinstall")
    assert run("verify", "--version", NEW).exit_code == 0


def test_cite(use_releases):
    assert run("cite").stdout == rd.cite() + "\n"
    assert f"Version {OLD} [data set]" in run("cite", "--version", OLD).stdout


@pytest.mark.parametrize("args", [["tables"], ["info", "events"], ["sql", "SELECT 1"], ["export", "--out", "x"],
                                  ["verify"], ["cite"]])
def test_unknown_version_is_one_line_listing_the_valid_ones(use_releases, args):
    result = run(*args, "--version", "2.0.0")
    assert result.exit_code == 1
    assert result.stderr == f"error: unknown version '2.0.0' in {use_releases.path}; valid versions: {OLD}, {NEW}\n"


def test_info_of_an_unknown_table(use_releases):
    result = run("info", "tarif_threats")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown table 'tarif_threats' in release 1.10.0 (did you mean 'tariff_threats'?)")


@pytest.mark.parametrize("damage, says", [
    (lambda path: path.write_bytes(path.read_bytes()[:4096]), "cannot be read as a DuckDB database"),
    (lambda path: _sql_on(path, "DELETE FROM countries"), "table countries differs"),
])
def test_damaged_release_is_reported_not_a_traceback(releases_copy, damage, says):
    damage(releases_copy / NEW / "relations.duckdb")
    result = run("sql", "SELECT 1")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: release {NEW}: ") and says in result.stderr
    assert "delete the file and connect again" in result.stderr and "Traceback" not in result.stderr


def _sql_on(path, statement: str) -> None:
    import duckdb

    with duckdb.connect(str(path)) as con:
        con.execute(statement)


def test_no_releases_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("RELATIONS_DATA_RELEASES", str(tmp_path))
    result = run("tables")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: no releases in {tmp_path} (RELATIONS_DATA_RELEASES)")
    assert run("verify").exit_code == 1
    assert run("versions").stdout.startswith("version  tables  rows\n")


def test_module_entry_point(fixture_releases):
    env = dict(os.environ, RELATIONS_DATA_RELEASES=str(fixture_releases.path))
    out = subprocess.run([sys.executable, "-m", "relations_data", "versions", "--csv"], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[1:] == [f"{OLD},{len(TABLES)},{2 * len(TABLES)}", f"{NEW},{len(TABLES)},{4 * (len(TABLES) - 1)}"]


# ---------------------------------------------------------------------------------------
# extract and review

THREAT = "On 26 January 2025, President Trump threatened to impose a 25% tariff on all Colombian goods.\n"


def test_extract_prints_one_candidate_per_line_with_verifiable_offsets(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(THREAT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(article)])
    assert result.exit_code == 0, result.output
    [line] = [json.loads(x) for x in result.stdout.splitlines()]
    assert (line["table"], line["actor"], line["target"], line["event_date"], line["rate_pct"]) == \
        ("tariff_threats", "USA", "COL", "2025-01-26", 25)
    assert THREAT[line["char_start"]:line["char_end"]] == line["quote"]
    assert line["source"] == "article" and line["path"] == str(article)  # the id, as in the YAML


def test_extract_yaml_has_the_shape_of_raw_coded(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(THREAT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(article), "--format", "yaml"])
    doc = yaml.safe_load(result.stdout)
    [record] = doc["tariff_threats"]["records"]
    assert record["method"] == "extracted" and record["evidence"][0]["source"] == "article"
    evidence = record["evidence"][0]
    assert THREAT[evidence["char_start"]:evidence["char_end"]] == evidence["quote"]


def test_extract_skips_an_unreadable_file_and_reports_it(tmp_path):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(THREAT, encoding="utf-8")
    bad.write_bytes(b"caf\xe9 \xff")
    result = CliRunner().invoke(cli, ["extract", str(bad), str(good), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{bad}: skipped:" in result.stderr and f"{tmp_path / 'missing.txt'}: skipped:" in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_extract_reports_progress_on_stderr_for_many_files(tmp_path):
    for i in range(25):
        (tmp_path / f"a{i:02d}.txt").write_text("Nothing to see here.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path), "--workers", "1"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "extract: 25/25 files" in result.stderr




@pytest.mark.parametrize("query,message", [
    ("", "error: the query is empty"), (" ", "error: the query is empty"), (";", "error: the query is empty"),
    ("SELECT 1; SELECT 2", "error: the query holds 2 statements; give one at a time"),
], ids=["empty", "blank", "semicolon", "two statements"])
def test_sql_refuses_empty_and_several_statements_in_one_line(query, message):
    result = CliRunner().invoke(cli, ["sql", query])
    assert result.exit_code == 1 and result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert result.stdout == ""


@pytest.mark.parametrize("where", ["a file", "below a file"])
def test_export_into_an_unwritable_place_is_one_line(tmp_path, where):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    out = blocker if where == "a file" else blocker / "sub"
    result = CliRunner().invoke(cli, ["export", "--out", str(out), "--table", "events"])
    assert result.exit_code != 0 and "Traceback" not in result.output and str(out) in result.stderr
    assert not list(tmp_path.glob("**/*.partial"))


def test_version_says_package_and_data():
    import relations_data as rd

    out = CliRunner().invoke(cli, ["--version"]).stdout
    assert out.startswith(f"relations-data package {rd.__version__}; newest data release {rd.data_version()}")


def test_the_public_names_are_visible_without_importing_the_loader():
    code = ("import sys, relations_data as rd\n"
            "names = dir(rd)\n"
            "assert {'load', 'tables', 'cite', 'UnknownNameError', 'data_version'} <= set(names), names\n"
            "assert 'pandas' not in sys.modules\n"
            "assert issubclass(rd.UnknownNameError, ValueError)\n")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_cite_gives_authors_and_year():
    import relations_data as rd

    text = rd.cite()
    assert "  author = {" in text and "  year = {" in text and "relations-data contributors" in text


@pytest.mark.parametrize("files,says", [
    ({"a.txt": "Colombia retiró a su embajador.\n".encode("latin-1")}, "a.txt: skipped: not UTF-8 (byte 0xf3 at offset 14)"),
    ({"a.txt": b""}, "a.txt: skipped: is empty: nothing to extract"),
    ({"a.md": b"# Colombia\n", "b.html": b"<p>x</p>"}, "error: no .txt files in"),
], ids=["latin-1", "empty file", "no text files"])
def test_extract_says_why_it_reads_nothing(tmp_path, files, says):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    result = CliRunner().invoke(cli, ["extract", str(tmp_path)])
    assert result.exit_code == 1 and says in result.stderr and "Traceback" not in result.output
