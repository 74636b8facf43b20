"""The relations-data command line: a thin layer over the library.

Each command imports what it needs when it runs, so `relations-data --help` stays fast.
"""

from __future__ import annotations

import functools
from pathlib import Path

import click

from relations_data import __version__

RAW_OPTION = click.option("--raw", "raw_dir", type=click.Path(path_type=Path), default=Path("raw"),
                          show_default=True, help="Folder holding dataset.yaml, sources/, coded/, reference/, "
                                                  "candidates/ and imports/.")
IMPORTS_OPTION = click.option("--imports-dir", "imports_dir", type=click.Path(path_type=Path), default=None,
                              help="Folder holding the imports' upstream files (default: $RELATIONS_DATA_IMPORTS, "
                                   "else the cache `relations-data fetch-imports` fills).")


def _version(ctx: click.Context, on: bool) -> None:
    if not on or ctx.resilient_parsing:
        return
    from relations_data import loader

    try:
        found = loader.versions()
    except loader.RelationsDataError as exc:
        found, note = [], f" ({exc})"
    else:
        note = ""
    data = f"newest data release {found[-1]} (releases: {', '.join(found)})" if found else f"no data releases{note}"
    click.echo(f"relations-data package {__version__}; {data}")
    ctx.exit()


def _require(extra: str, what: str) -> None:
    """Stop in one line, saying what to install, when an optional extra is missing."""
    from relations_data import extras

    if (problem := extras.message(extra, what)) is not None:
        _fail(problem)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    raise SystemExit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=lambda ctx, _, on: _version(ctx, on),
              help="Show the package's version and the data releases it can load, and exit.")
def cli() -> None:
    """relations-data: evidence-backed indicators of relations between states.

    Build the dataset from raw/, and query, export and cite its releases. Releases are
    read from RELATIONS_DATA_RELEASES if set, else from those installed with the package,
    else (in a source checkout) from build/.

    \b
    Example:
        relations-data tables
        relations-data sql "SELECT actor, target, event_date FROM tariff_threats"
        relations-data export --out exported --bom
    """


@cli.command()
@RAW_OPTION
@IMPORTS_OPTION
def validate(raw_dir: Path, imports_dir: Path | None) -> None:
    """Check raw/ against the schemas without writing anything.

    Exits 1 with one line per problem (file, line, record, column, what to do).

    \b
    Example:
        relations-data validate --raw raw
    """
    _require("build", "`relations-data validate`")
    from relations_data.errors import DataError
    from relations_data.validate import check

    try:
        dataset = check(raw_dir, imports_dir=imports_dir)
    except DataError as exc:
        _fail(exc.report())
    rows = sum(len(f) for name, f in dataset.frames.items() if dataset.schemas[name].is_fact)
    click.echo(f"raw data in {raw_dir} is valid: {rows} records, "
               f"{len(dataset.frames['evidence'])} pieces of evidence, version {dataset.version}")


@cli.command()
@RAW_OPTION
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Folder that holds the releases, one sub-folder per version.")
@IMPORTS_OPTION
def build(raw_dir: Path, out_dir: Path, imports_dir: Path | None) -> None:
    """Validate raw/ and publish it as an immutable release in OUT/<version>/.

    Rebuilding an existing version succeeds only if it reproduces the same data. A release
    folder holding only its metadata (git keeps no data files from release 1.3.0 on) gets its
    data files made again, byte for byte as its manifest.json says.

    \b
    Example:
        relations-data build --raw raw --out build
    """
    _require("build", "`relations-data build`")
    from relations_data.errors import DataError, ReleaseError
    from relations_data.release import build as build_release

    try:
        result = build_release(raw_dir, out_dir, imports_dir=imports_dir)
    except DataError as exc:
        _fail(exc.report())
    except ReleaseError as exc:
        _fail(f"error: {exc}")
    except OSError as exc:
        _fail(f"error: could not write the release to {out_dir} ({exc.strerror or exc}): "
              "nothing was published and earlier releases are untouched; fix the cause and build again")
    if result.status == "unchanged":
        click.echo(f"release {result.version} already exists at {result.path} with identical content; nothing to do")
    elif result.status == "restored":
        click.echo(f"release {result.version}: rebuilt its data files, identical to its manifest.json, into {result.path}")
    else:
        total = sum(result.rows.values())
        click.echo(f"wrote release {result.version} to {result.path} ({total} rows in {len(result.rows)} tables)")


# ---------------------------------------------------------------------------------------
# Using the releases: tables, info, versions, sql, export, verify, cite.

VERSION_OPTION = click.option("--version", "version", metavar="V", default=None,
                              help="Release to use (default: the newest; list them with `relations-data versions`).")


def output_options(func):
    """--table (the default), --csv or --json: the one way every verb that prints rows prints them."""
    options = [
        click.option("--table", "fmt", flag_value="table", default=True,
                     help="Print rows as an aligned text table (the default)."),
        click.option("--csv", "fmt", flag_value="csv",
                     help="Print rows as CSV with a header row (formula-safe, like the release CSV files)."),
        click.option("--json", "fmt", flag_value="json", help="Print rows as a JSON array of objects."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def friendly_errors(func):
    """Turn the loader's errors (unknown table or version, damaged release) into one line and exit 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from relations_data.errors import RelationsDataError

        try:
            return func(*args, **kwargs)
        except RelationsDataError as exc:
            _fail(f"error: {exc}")

    return wrapper


@cli.command()
@VERSION_OPTION
@output_options
@friendly_errors
def tables(version: str | None, fmt: str) -> None:
    """List the tables of a release, with their row counts and titles.

    \b
    Example:
        relations-data tables
        relations-data tables --version 1.0.0 --json
    """
    import json

    from relations_data import loader

    release = loader.get_release(version)
    package = json.loads(release.file("datapackage.json").read_text(encoding="utf-8"))
    titles = {r["name"]: r.get("title") for r in package.get("resources", [])}
    rows = [(name, entry.get("rows"), titles.get(name)) for name, entry in release.manifest["tables"].items()]
    _print_rows(["table", "rows", "title"], rows, fmt)


@cli.command()
@click.argument("table_name", metavar="TABLE")
@VERSION_OPTION
@output_options
@friendly_errors
def info(table_name: str, version: str | None, fmt: str) -> None:
    """Describe TABLE: its row count and, per column, type, unit, allowed values and meaning.

    With --csv or --json only the column rows are printed.

    \b
    Example:
        relations-data info tariff_threats
        relations-data info coca_cultivation --json
    """
    import textwrap

    from relations_data import loader

    described = loader.table_info(table_name, version)
    columns = ["column", "type", "nullable", "unit", "allowed", "description"]
    rows = [tuple(c[k] for k in columns) for c in described["columns"]]
    if fmt == "table":
        click.echo(f"{described['table']}: {described['title']} (release {described['version']}, "
                   f"{described['rows']} rows)")
        click.echo(textwrap.fill(described["description"] or "", width=100))
        click.echo(f"Natural key: {', '.join(described['natural_key'])}")
        click.echo()
    _print_rows(columns, rows, fmt, wrap={"allowed": 24, "description": 60})


@cli.command()
@output_options
@friendly_errors
def versions(fmt: str) -> None:
    """List the releases available, oldest first, and where they were found.

    Releases come from RELATIONS_DATA_RELEASES if set, else those packaged with
    relations-data, else (in a source checkout) the repository's build/ folder.

    \b
    Example:
        relations-data versions
        RELATIONS_DATA_RELEASES=path/to/build relations-data versions --csv
    """
    from relations_data import loader

    root, origin, found = loader.scan_releases()
    rows = []
    for v in found:
        tables_ = loader.get_release(v).manifest.get("tables", {})
        rows.append((v, len(tables_), sum(t.get("rows", 0) for t in tables_.values())))
    _print_rows(["version", "tables", "rows"], rows, fmt)
    if fmt == "table":
        click.echo(f"\nreleases in {root} ({origin})" if found else
                   f"no releases in {root} ({origin}): set RELATIONS_DATA_RELEASES to a folder of releases")


@cli.command()
@click.argument("query")
@VERSION_OPTION
@output_options
@friendly_errors
def sql(query: str, version: str | None, fmt: str) -> None:
    """Run a read-only SQL QUERY (DuckDB dialect) on a release's database.

    The database cannot be changed and no file can be read or written: statements that
    would (CREATE, INSERT, COPY ... TO, ATTACH, INSTALL, SET ...) are refused.

    \b
    Example:
        relations-data sql "SELECT actor, target, event_date FROM diplomatic_recalls"
        relations-data sql "SELECT * FROM release_info" --version 1.0.0 --csv
    """
    import duckdb

    from relations_data import loader

    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as exc:
        _fail(_sql_error(exc))
    if not statements:
        _fail('error: the query is empty: give one SQL statement, e.g. relations-data sql "SELECT * FROM release_info"')
    if len(statements) > 1:
        _fail(f"error: the query holds {len(statements)} statements; give one at a time "
              "(only one result can be printed)")
    con = loader.connect(version)
    try:
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        rows = cursor.fetchall() if columns else []
    except duckdb.Error as exc:
        _fail(_sql_error(exc))
    finally:
        con.close()
    if columns:
        _print_rows(columns, rows, fmt)


def _sql_error(exc: Exception) -> str:
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if "read-only" in first:
        return (f"error: the release database is read-only ({first}); to work on the data, copy it out "
                "with `relations-data export --out DIR` or use rd.load() in Python")
    if "disabled by configuration" in first or "configuration has been locked" in first or \
            type(exc).__name__ == "PermissionException":
        return (f"error: refused: queries on a release cannot read or write files, attach databases, "
                f"load extensions or change settings ({first}); write files with `relations-data export --out DIR`")
    if type(exc).__name__ in ("CatalogException", "BinderException"):
        return (f"error: {first}; list the tables with `relations-data tables` and their columns with "
                "`relations-data info TABLE`")
    if type(exc).__name__ == "ParserException":
        return f"error: {first}; check the SQL and quote the whole query for the shell: relations-data sql \"SELECT ...\""
    return f"error: {first}"


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the files into (created if needed; files of the same name are replaced).")
@click.option("--format", "file_format", type=click.Choice(["csv", "parquet", "dta"]), default="csv", show_default=True,
              help="csv: UTF-8, RFC 4180, ISO 8601 dates, formula-safe. parquet: the release's own file. "
                   "dta: Stata 14+, with variable and value labels from the codebook.")
@click.option("--table", "table_names", metavar="T", multiple=True,
              help="Table to export; repeat for several (default: every table).")
@VERSION_OPTION
@click.option("--bom", is_flag=True, help="Start each CSV file with a UTF-8 byte order mark (for Excel).")
@friendly_errors
def export(out_dir: Path, file_format: str, table_names: tuple[str, ...], version: str | None, bom: bool) -> None:
    """Write tables of a release to OUT as <table>.csv or <table>.parquet.

    CSV files are UTF-8, RFC 4180 with CRLF line ends and a header row; dates are ISO 8601
    (YYYY-MM-DD); an empty cell is a missing value; booleans are true/false. A text value
    that starts with = + - @ a tab, a carriage return or ' gets one extra leading ' so no
    cell can run as a spreadsheet formula (the same rule as the release's own CSV files).

    \b
    Example:
        relations-data export --out exported
        relations-data export --out exported --table tariff_threats --table events --bom
        relations-data export --out exported --format parquet --version 1.0.0
        relations-data export --out exported --format dta --table dyad_years
    """
    import os
    import shutil

    from relations_data import loader

    if bom and file_format != "csv":
        _fail("error: --bom applies to CSV files only: drop --bom or use --format csv")
    release = loader.get_release(version)
    names = list(dict.fromkeys(table_names)) or release.table_names
    for name in names:
        release.table_entry(name)  # unknown names fail before anything is written
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in names:
            entry = release.table_entry(name)
            target = out_dir / f"{name}.{file_format}"
            partial = out_dir / f".{name}.{file_format}.partial"
            if file_format == "dta":
                from relations_data.stata import write_dta

                frame = loader.load(name, release.version)
                write_dta(frame, loader.table_info(name, release.version), partial)
            else:
                # The release's own files, checked against its manifest: one CSV writer, the build's.
                import gzip

                path = release.file(entry[file_format])
                # A large table's CSV is published gzip-compressed; the export is plain CSV.
                opener = gzip.open if path.suffix == ".gz" else open
                with opener(path, "rb") as source, open(partial, "wb") as out:
                    if bom:
                        out.write(b"\xef\xbb\xbf")
                    shutil.copyfileobj(source, out)
            os.replace(partial, target)
            click.echo(f"wrote {target} ({entry.get('rows')} rows)")
    except OSError as exc:
        _fail(f"error: could not write to {out_dir} ({exc.strerror or exc}): choose a folder you can write to "
              "(its parent must exist or be creatable); no file was left half-written")


@cli.command()
@VERSION_OPTION
@friendly_errors
def verify(version: str | None) -> None:
    """Recompute the SHA-256 of every file of the releases and compare with their manifest.json.

    Checks every release unless --version is given. Prints what differs and exits 1 if
    anything does.

    \b
    Example:
        relations-data verify
        relations-data verify --version 1.0.0
    """
    from relations_data import loader

    to_check = [loader.get_release(version).version] if version else loader.versions()
    if not to_check:
        loader.get_release()  # raises: says where it looked and what to do
    damaged = []
    for v in to_check:
        release = loader.get_release(v)
        problems = loader.verify(v)
        if problems:
            damaged.append(v)
            for problem in problems:
                click.echo(f"release {v}: {problem}")
        else:
            click.echo(f"release {v}: all {len(release.manifest.get('files', {}))} files match manifest.json "
                       f"({release.path})")
    if damaged:
        _fail(f"error: release {', '.join(damaged)} differs from its manifest: it was changed after it was built; "
              "reinstall relations-data (pip install --force-reinstall relations-data) or, in a source checkout, "
              "restore build/<version>/ from git")


@cli.command()
@VERSION_OPTION
@friendly_errors
def cite(version: str | None) -> None:
    """Print how to cite a release: a text citation and a BibTeX entry.

    \b
    Example:
        relations-data cite
        relations-data cite --version 1.0.0
    """
    from relations_data import loader

    click.echo(loader.cite(version))



@cli.command()
@VERSION_OPTION
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder to write the site into (created if missing).")
@click.option("--texts", "texts_dir", type=click.Path(path_type=Path), default=None,
              help="Folder holding the stored source texts (e.g. raw/), to show the text around each quote.")
@friendly_errors
def site(version: str | None, out_dir: Path, texts_dir: Path | None) -> None:
    """Write a static data portal for a release: charts, filterable tables, downloads, evidence.

    \b
    Example:
        relations-data site --out portal
        relations-data site --version 1.1.0 --out portal-1.1.0 --texts raw
    """
    try:
        from relations_data.site import generate
    except ImportError as exc:
        _fail(f"error: the site needs {exc.name}: pip install 'relations-data[site]'")
    index = generate(out_dir, version, texts_dir)
    click.echo(f"wrote {index}")


# ---------------------------------------------------------------------------------------
# Extraction: candidate records from article text, and the build's extracted records.

PROGRESS_FROM_FILES = 20  # fewer files finish before progress would help


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--published-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Date relative dates (\"on Monday\", \"last year\") resolve against, for every file; "
                   "default: a leading `date YYYY-MM-DD` line in each text, else left empty.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "yaml"]), default="jsonl", show_default=True,
              help="jsonl: one candidate per line; yaml: records in the shape of raw/coded/<table>.yaml.")
@click.option("--workers", type=int, default=None, help="Processes to use (default: every core).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run on a Dask cluster at ADDRESS (e.g. tcp://10.0.0.5:8786) instead of local processes; "
                   "needs `pip install relations-data[dask]` here and on the workers.")
@click.option("--determinations", is_flag=True,
              help="Read each text as a US drug-certification determination: propose one decertifications "
                   "candidate per country it lists or designates (the determination parser, not the article rules).")
def extract(paths: tuple[Path, ...], published_date, fmt: str, workers: int | None, scheduler: str | None,
            determinations: bool) -> None:
    """Propose candidate records, with their evidence, from plain-text articles.

    PATHS are text files, or folders searched for *.txt. Only facts asserted as having
    happened are proposed, for coca_cultivation, trade_partner_ranks, decertifications,
    tariff_threats and diplomatic_recalls. A file that cannot be read is reported on
    stderr and skipped; the rest are still processed (exit 1 if any was skipped).
    With --determinations, a text in which no determination is found is skipped too, and
    what the parser left out (a territory, a name it does not know) is noted on stderr.

    \b
    Example:
        relations-data extract raw/sources/004_cc09aaa7987bb886.txt
        relations-data extract articles/ --published-date 2025-07-07 --format yaml
        relations-data extract --determinations raw/sources/det_fy2011_state_2010-16.txt > det.jsonl
    """
    from relations_data.extract import SchedulerUnreachable, extract_paths, missing_extra, to_jsonl, to_yaml

    if (missing := missing_extra()) is not None:
        _fail(f"error: {missing}")
    files = _text_files(paths)
    if not files:
        _fail(f"error: no .txt files in {', '.join(map(str, paths))}: the extractor reads plain-text articles "
              "(save HTML or Markdown as .txt first)")
    skipped: list[Path] = []

    def on_error(path: Path, message: str) -> None:
        skipped.append(path)
        click.echo(f"{path}: skipped: {message}", err=True)

    if determinations:
        from relations_data.extract.determinations import parse_paths

        found = list(parse_paths(files, on_error, lambda path, note: click.echo(f"{path}: note: {note}", err=True)))
        click.echo(to_jsonl(found) if fmt == "jsonl" else to_yaml(found), nl=False)
        if skipped:
            raise SystemExit(1)
        return

    def on_progress(path: Path, done: int, total: int) -> None:
        if total >= PROGRESS_FROM_FILES and (done % max(1, total // 20) == 0 or done == total):
            click.echo(f"extract: {done}/{total} files", err=True)

    candidates = extract_paths(files, published_date=published_date.date() if published_date else None,
                               workers=workers, on_error=on_error, on_progress=on_progress, scheduler=scheduler)
    try:
        if fmt == "jsonl":
            for candidate in candidates:
                click.echo(to_jsonl([candidate]), nl=False)
        else:
            click.echo(to_yaml(list(candidates)), nl=False)
    except SchedulerUnreachable as exc:
        _fail(f"error: {exc}")
    if skipped:
        raise SystemExit(1)


def _text_files(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files += sorted(path.rglob("*.txt")) if path.is_dir() else [path]
    return files


@cli.command()
@RAW_OPTION
@click.option("--add", "add_files", multiple=True, type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="File proposals from `relations-data extract` output (JSONL or YAML) as open candidates.")
@click.option("--accept", "accept_ids", multiple=True, metavar="ID", help="Accept candidate ID (repeatable).")
@click.option("--reject", "reject_ids", multiple=True, metavar="ID", help="Reject candidate ID (repeatable).")
@click.option("--by", "by", default=None, help="Who decides (with --accept/--reject).")
@click.option("--reason", "reason", default=None, help="Why (with --accept/--reject).")
@click.option("--all", "show_all", is_flag=True, help="List decided candidates too, not only open ones.")
@output_options
def review(raw_dir: Path, add_files: tuple[Path, ...], accept_ids: tuple[str, ...], reject_ids: tuple[str, ...],
           by: str | None, reason: str | None, show_all: bool, fmt: str) -> None:
    """List the extractor's open proposals, file new ones, and record a coder's decisions.

    Proposals live in raw/candidates/<table>.yaml; the build publishes accepted ones only
    (as evidence of the hand-coded record with the same key, or as a record of its own with
    method = extracted). Before accepting, complete or correct a candidate's `values` in the
    file: an accepted candidate must give every required value.

    \b
    Example:
        relations-data review --add proposals.jsonl     # from `relations-data extract`
        relations-data review
        relations-data review --accept CAN-1a2b3c4d5e6f --by "A. Coder" --reason "matches the decree"
        relations-data review --all --csv > candidates.csv
    """
    from relations_data.inputs import review as rv

    try:
        if add_files:
            added, known = rv.add_proposals(raw_dir, add_files)
            click.echo(f"filed {added} new proposals as open ({known} already filed)", err=True)
        if accept_ids or reject_ids:
            if not by or not reason:
                _fail("error: a decision needs --by NAME and --reason TEXT (who decided and why)")
            decided = rv.decide(raw_dir, accept_ids, reject_ids, by, reason)
            click.echo(f"recorded {decided} decisions", err=True)
        rows = rv.listing(raw_dir, show_all)
    except rv.ReviewError as exc:
        _fail(f"error: {exc}")
    _print_rows(["status", "table", "id", "confidence", "values", "source", "quote"], rows, fmt,
                wrap={"values": 40, "quote": 50})


@cli.command("fetch-imports")
@RAW_OPTION
@IMPORTS_OPTION
def fetch_imports(raw_dir: Path, imports_dir: Path | None) -> None:
    """Download the imports' upstream files into the data directory, checking each sha256.

    Each file in raw/imports/<name>/origin.yaml is fetched from its URL unless already there.

    \b
    Example:
        relations-data fetch-imports
        relations-data fetch-imports --imports-dir ~/data/relations-imports
    """
    from relations_data.errors import DataError
    from relations_data.inputs.imports import default_data_dir, fetch, read_imports
    from relations_data.schema import load_schemas

    imports, problems = read_imports(raw_dir, load_schemas())
    if problems:
        _fail(DataError(problems).report())
    target = imports_dir or default_data_dir()
    try:
        for name, path in fetch(imports, target):
            click.echo(f"{name}: {path}")
    except (OSError, ValueError) as exc:  # network errors, and pooch's hash mismatch
        _fail(f"error: could not fetch the upstream files into {target}: {exc}")


# ---------------------------------------------------------------------------------------
# Printing rows


# ---------------------------------------------------------------------------------------
# The indicator panel (relations_data.dyad_panel): panel, explain.


def _years(text: str | None) -> list[int] | None:
    """--years 2025 or 2020-2025 or 2019,2025."""
    if not text:
        return None
    years: list[int] = []
    try:
        for part in text.split(","):
            first, _, last = part.strip().partition("-")
            years += list(range(int(first), int(last or first) + 1))
    except ValueError:
        _fail(f"error: --years {text!r} is not a year list: write e.g. 2025, 2020-2025 or 2019,2025")
    return years


@cli.command()
@click.option("--actor", "actors", metavar="ISO3", multiple=True, help="Acting state; repeat for several (default: all).")
@click.option("--target", "targets", metavar="ISO3", multiple=True, help="Target state; repeat for several (default: all).")
@click.option("--years", metavar="YEARS", default=None, help="A year, a range or a list: 2025, 2020-2025, 2019,2025.")
@click.option("--unit", type=click.Choice(["year", "month"]), default="year", show_default=True,
              help="One row per dyad and year, or per dyad and month.")
@VERSION_OPTION
@output_options
@friendly_errors
def panel(actors: tuple[str, ...], targets: tuple[str, ...], years: str | None, unit: str, version: str | None,
          fmt: str) -> None:
    """The indicators as a directed dyad-year (or dyad-month) panel.

    A value is 0 or false inside the coverage of its table with no record, and empty
    outside it (not coded); `relations-data explain` lists the records behind a value.

    \b
    Example:
        relations-data panel --actor USA --target COL --years 2025
        relations-data panel --actor USA --target COL --unit month --csv
    """
    from relations_data.dyad_panel import panel as compute_panel

    frame = compute_panel(actors or None, targets or None, _years(years), unit, version)
    _print_rows(list(frame.columns), _rows(frame), fmt)


@cli.command()
@click.argument("actor", metavar="ACTOR")
@click.argument("target", metavar="TARGET")
@click.argument("year", type=int)
@click.argument("indicator")
@click.option("--month", type=click.IntRange(1, 12), default=None, help="Explain the dyad-month value instead.")
@VERSION_OPTION
@output_options
@friendly_errors
def explain(actor: str, target: str, year: int, indicator: str, month: int | None, version: str | None,
            fmt: str) -> None:
    """The records and evidence behind one value of the panel.

    Prints the value and why (records, covered with none, or not covered), then one row per
    record and piece of evidence (its contribution before aggregation, source and quote).

    \b
    Example:
        relations-data explain COL USA 2025 recalls
        relations-data explain USA COL 2025 max_tariff_rate_pct --month 4
    """
    from relations_data.dyad_panel import explain as explain_cell

    try:
        frame = explain_cell(actor, target, year, indicator, version, month)
    except ValueError as exc:
        _fail(f"error: {exc}")
    cell = f"{actor}→{target} {year}" + (f"-{month:02d}" if month else "")
    click.echo(f"{cell} {indicator} = {_text(_plain(frame.attrs['value']))}: {frame.attrs['status']}", err=fmt != "table")
    if len(frame):
        _print_rows(list(frame.columns), _rows(frame), fmt, wrap={"quote": 60})


def _plain(value):
    """A pandas/numpy scalar as a plain Python value (None for missing)."""
    import pandas as pd

    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _rows(frame) -> list[tuple]:
    return [tuple(_plain(v) for v in row) for row in frame.itertuples(index=False)]


def _print_rows(columns: list[str], rows: list[tuple], fmt: str, wrap: dict[str, int] | None = None) -> None:
    if fmt == "json":
        import json

        records = [{c: _json_value(v) for c, v in zip(columns, row)} for row in rows]
        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        import csv
        import io

        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_csv_text(v) for v in row] for row in rows)
        click.echo(buffer.getvalue(), nl=False)
    else:
        click.echo(_text_table(columns, rows, wrap or {}))


def _text(value) -> str:
    import datetime as dt
    import math

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _csv_text(value) -> str:
    from relations_data.describe import CSV_FORMULA_STARTS

    text = _text(value)
    if isinstance(value, (str, list, tuple)) and text.startswith(CSV_FORMULA_STARTS):
        return "'" + text
    return text


def _json_value(value):
    import datetime as dt
    import decimal
    import math

    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _text_table(columns: list[str], rows: list[tuple], wrap: dict[str, int]) -> str:
    import textwrap

    import decimal

    numeric = [all(isinstance(v, (int, float, decimal.Decimal)) and not isinstance(v, bool) for v in col if v is not None)
               and any(v is not None for v in col) for col in zip(*rows)] if rows else [False] * len(columns)
    cells = []  # per row, per column: list of lines
    for row in rows:
        out = []
        for name, value in zip(columns, row):
            text = " ".join(_text(value).split("\n")).replace("\r", " ")
            width = wrap.get(name)
            out.append(textwrap.wrap(text, width) or [""] if width else [text])
        cells.append(out)
    widths = [max([len(c)] + [len(line) for r in cells for line in r[i]]) for i, c in enumerate(columns)]

    def line(parts: list[str]) -> str:
        padded = [p.rjust(w) if num else p.ljust(w) for p, w, num in zip(parts, widths, numeric)]
        return "  ".join(padded).rstrip()

    lines = [line(list(columns)), line(["-" * w for w in widths])]
    for r in cells:
        for k in range(max(len(c) for c in r) if r else 1):
            lines.append(line([c[k] if k < len(c) else "" for c in r]))
    return "\n".join(lines)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
