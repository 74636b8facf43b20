"""Stage 3, validation: every table checked against its declaration, all problems at once.

The Pandera schemas are generated from schemas/<table>.yaml; failures are turned into
reports that name the file, line, record and column, in our words rather than Pandera's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from relations_data.coded import Coded, Origin, read_coded
from relations_data.errors import DataError, Problem
from relations_data.extracted import Review, merge, read_rejections
from relations_data.loader import PANDAS_DTYPES  # the same dtypes users get from load()
from relations_data.rawfiles import read_dataset_meta
from relations_data.schema import Table, load_organisations, load_schemas
from relations_data.sources import Source, read_sources



@dataclass
class Dataset:
    """A validated dataset, ready to publish."""

    meta: dict
    schemas: dict[str, Table]
    frames: dict[str, pd.DataFrame]
    sources: dict[str, Source]
    organisations: dict[str, str]
    review: Review

    @property
    def version(self) -> str:
        return self.meta["version"]


def check(raw_dir: Path = Path("raw"), schema_dir: Path | None = None, today: dt.date | None = None,
          extract: bool = True) -> Dataset:
    """Read and validate raw/, with extracted records merged in; raise DataError listing every problem."""
    raw_dir = Path(raw_dir)
    today = today or dt.date.today()
    schemas = load_schemas(schema_dir)
    organisations = load_organisations(schema_dir)
    actor_codes = country_codes() | set(organisations)
    meta, problems = read_dataset_meta(raw_dir)
    problems += [Problem("schemas/_organisations.yaml", None, None, code, "is an ISO 3166-1 code: pick a code ISO does not use")
                 for code in sorted(set(organisations) & country_codes())]
    sources, found = read_sources(raw_dir)
    problems += found
    coded, found = read_coded(raw_dir, schemas, sources)
    problems += found
    rejections, found = read_rejections(raw_dir)
    problems += found
    review = Review()
    if extract and not problems:
        review = merge(coded, schemas, sources, rejections, _acceptor(coded, today, actor_codes, set(organisations)))
    add_sources(coded, sources, raw_dir)
    frames = {name: to_frame(coded.rows.get(name, []), table) for name, table in schemas.items()}
    for name, table in schemas.items():
        found = validate_frame(frames[name], table, coded.origins.get(name, []), today, actor_codes)
        problems += [p for i, p in found if (name, i, p.column) not in coded.reported]
    problems += cross_table_problems(frames, schemas, coded)
    problems += reference_problems(frames, schemas, coded, set(organisations))
    if problems:
        raise DataError(problems)
    frames = {name: sort_rows(frames[name], schemas[name]) for name in schemas}
    return Dataset(meta=meta, schemas=schemas, frames=frames, sources=sources, organisations=organisations,
                   review=review)


def _acceptor(coded: Coded, today: dt.date, actor_codes: set[str], organisations: set[str]):
    """Why each of a table's extracted records cannot be published (None when it can): the
    same checks as for hand-coded records, so extraction can never break a build."""
    countries = {r["iso_alpha3"] for r in coded.rows.get("countries", [])} | organisations
    coverage = coded.rows.get("coverage", [])

    def accept(table: Table, rows: list[dict]) -> list[str | None]:
        reasons: list[str | None] = [None] * len(rows)
        for index, problem in validate_frame(to_frame(rows, table), table, [], today, actor_codes):
            if index is not None and reasons[index] is None:
                reasons[index] = f"{problem.column}: {problem.message}" if problem.column else problem.message
        statements = [c for c in coverage if c["table_name"] == table.name]
        for i, row in enumerate(rows):
            if reasons[i]:
                continue
            for col in (c for c in table.columns if c.type == "country"):
                if row.get(col.name) and len(countries) > len(organisations) and row[col.name] not in countries:
                    reasons[i] = f"{col.name}: {row[col.name]} is not in raw/reference/countries.yaml"
            if not reasons[i] and coverage and not covered(row, table, statements):
                reasons[i] = "outside the coverage statement in raw/reference/coverage.yaml"
        return reasons

    return accept


def add_sources(coded: Coded, sources: dict[str, Source], raw_dir: Path) -> None:
    for source in sources.values():
        coded.add("sources", source.row(), Origin(str(raw_dir / "sources"), None, f"source {source.source_id}"))


def to_frame(rows: list[dict], table: Table) -> pd.DataFrame:
    data = {}
    for col in table.columns:
        values = [row.get(col.name) for row in rows]
        if col.type == "date":
            data[col.name] = pd.Series(
                [pd.Timestamp(v) if v is not None else pd.NaT for v in values], dtype="datetime64[s]")
        else:
            data[col.name] = pd.Series(values, dtype=PANDAS_DTYPES[col.type])
    return pd.DataFrame(data, columns=table.column_names)


def sort_rows(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """A stable, readable order: by natural key, then id. Output bytes depend on it."""
    by = list(table.natural_key) + [c for c in ("record_id", "evidence_id") if c in frame and c not in table.natural_key]
    return frame.sort_values(by, na_position="last", kind="mergesort").reset_index(drop=True)


def pandera_schema(table: Table, today: dt.date, actor_codes: frozenset[str] | set[str]):
    import pandera.pandas as pa

    columns = {}
    for col in table.columns:
        checks = []
        if col.allowed:
            checks.append(pa.Check.isin(list(col.allowed), error=f"allowed:{','.join(col.allowed)}"))
        if col.type == "country":
            checks.append(pa.Check.isin(sorted(actor_codes), error="country"))
        lo, hi = col.bounds(today)
        if col.type == "date":
            lo = pd.Timestamp(lo) if lo is not None else None
            hi = pd.Timestamp(hi) if hi is not None else None
        if lo is not None:
            checks.append(pa.Check.ge(lo, error=f"min:{col.min}"))
        if hi is not None:
            checks.append(pa.Check.le(hi, error=f"max:{col.max}"))
        columns[col.name] = pa.Column(PANDAS_DTYPES[col.type], checks=checks, nullable=col.nullable)
    return pa.DataFrameSchema(columns, unique=list(table.natural_key), strict=True, name=table.name)


def validate_frame(frame: pd.DataFrame, table: Table, origins: list[Origin], today: dt.date,
                   actor_codes: frozenset[str] | set[str]) -> list[tuple[int | None, Problem]]:
    """(row index, problem) for every failed check."""
    import pandera.pandas as pa

    try:
        pandera_schema(table, today, actor_codes).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.to_dict("records")
        return [(_index(case), _problem(case, table, origins)) for case in cases]
    return []


def _index(case: dict) -> int | None:
    index = case.get("index")
    return None if index is None or pd.isna(index) else int(index)


def _problem(case: dict, table: Table, origins: list[Origin]) -> Problem:
    index = _index(case)
    origin = origins[index] if index is not None and index < len(origins) else None
    column = case.get("column")
    col = table.column(column) if column in table.column_names else None
    check = str(case.get("check") or "")
    value = case.get("failure_case")
    if check == "multiple_fields_uniqueness":
        message = (f"two records share the natural key ({', '.join(table.natural_key)}): "
                   "merge them into one record with all their evidence, or correct the key")
        column = None
    elif check == "not_nullable":
        message = "missing value: this column cannot be empty"
    elif check.startswith("allowed:"):
        message = f"{value!r} is not an allowed value: use one of {', '.join(col.allowed)}"
    elif check == "country":
        message = (f"{value!r} is not an ISO 3166-1 alpha-3 country code (e.g. USA, COL, CHN) "
                   "nor an organisation code declared in schemas/_organisations.yaml")
    elif check.startswith(("min:", "max:")):
        message = _range_message(value, col)
    else:
        message = f"failed check {check} with value {value!r}"
    if origin is None:
        return Problem(f"table {table.name}", None, None, column, message)
    return Problem(origin.file, origin.line, origin.record, column, message)


def _range_message(value, col) -> str:
    if col.type == "date":
        shown = pd.Timestamp(value).date().isoformat() if not pd.isna(value) else value
        return (f"{shown} is outside {col.min} to {col.max}: dates cannot be before 1900 or "
                "in the future; check the year")
    unit = f" {col.unit}" if col.unit else ""
    return f"{value}{unit} is outside the valid range {col.min} to {col.max}: check the figure and its units"


def cross_table_problems(frames: dict[str, pd.DataFrame], schemas: dict[str, Table], coded: Coded) -> list[Problem]:
    """What one table's checks cannot see: evidence and sources that point nowhere."""
    problems = []
    evidence = frames["evidence"]
    known_sources = set(frames["sources"]["source_id"].dropna())
    origins = coded.origins.get("evidence", [])
    for i, sid in enumerate(evidence["source_id"]):
        if sid not in known_sources:
            o = origins[i]
            problems.append(Problem(o.file, o.line, o.record, "evidence", f"names source {sid!r}, which is not registered"))
    evidenced = set(evidence["record_id"])
    for name, table in schemas.items():
        if not table.is_fact:
            continue
        for i, rid in enumerate(frames[name]["record_id"]):
            if rid not in evidenced and (name, i, "evidence") not in coded.reported:
                o = coded.origins[name][i]
                problems.append(Problem(o.file, o.line, o.record, "evidence", "has no evidence: add a source and quote"))
    return problems


def reference_problems(frames: dict[str, pd.DataFrame], schemas: dict[str, Table], coded: Coded,
                       organisations: set[str]) -> list[Problem]:
    """Every state coded is in the countries table, and every record inside the coverage statement."""
    problems: list[Problem] = []
    # An empty reference table was reported as missing already: don't repeat it per record.
    if "countries" in frames and len(frames["countries"]):
        known = set(frames["countries"]["iso_alpha3"].dropna()) | organisations
        for name, table in schemas.items():
            if not table.is_fact:
                continue
            for col in (c for c in table.columns if c.type == "country"):
                for i, code in enumerate(frames[name][col.name]):
                    if not pd.isna(code) and code not in known and code in country_codes():
                        o = coded.origins[name][i]
                        problems.append(Problem(o.file, o.line, o.record, col.name, (
                            f"{code} is not in raw/reference/countries.yaml: add it with its Correlates of War code")))
    if "coverage" in frames and len(frames["coverage"]):
        problems += _coverage_problems(frames, schemas, coded)
    return problems


def _coverage_problems(frames, schemas, coded) -> list[Problem]:
    coverage = frames["coverage"].to_dict("records")
    problems = []
    for name, table in schemas.items():
        if not table.is_fact or not len(frames[name]):
            continue
        statements = [c for c in coverage if c["table_name"] == name]
        if not statements:
            problems.append(Problem("raw/reference/coverage.yaml", None, None, "table_name",
                                    f"no coverage statement for table {name}: add rows saying which dyads and years were coded"))
            continue
        for i, row in enumerate(frames[name].to_dict("records")):
            if any((name, i, c) in coded.reported for c in table.column_names):
                continue  # its values were reported already; coverage would only echo them
            if not covered(row, table, statements):
                actor, target, year = _dyad_year(row, table)
                o = coded.origins[name][i]
                problems.append(Problem(o.file, o.line, o.record, None, (
                    f"falls outside the coverage statement for {name} ({actor}–{target}, {year}): "
                    "extend a row of raw/reference/coverage.yaml, or check the record")))
    return problems


def covered(row: dict, table: Table, statements: list[dict]) -> bool:
    """True when some coverage statement of the table includes the record's dyad and year."""
    actor, target, year = _dyad_year(row, table)
    return year is not None and any(
        c["actor"] in ("*", actor) and c["target"] in ("*", target) and c["first_year"] <= year <= c["last_year"]
        for c in statements)


def _dyad_year(row: dict, table: Table) -> tuple[str, str, int | None]:
    actor_col, target_col = _dyad_columns(table)
    return row[actor_col], (row[target_col] if target_col else "-"), _record_year(row, table)


def _dyad_columns(table: Table) -> tuple[str, str | None]:
    countries = [c.name for c in table.columns if c.type == "country"]
    return countries[0], (countries[1] if len(countries) > 1 else None)


def _record_year(row: dict, table: Table) -> int | None:
    if row.get("year") is not None and not pd.isna(row["year"]):
        return int(row["year"])
    for col in table.columns:
        if col.type == "date" and row.get(col.name) is not None and not pd.isna(row[col.name]):
            return pd.Timestamp(row[col.name]).year
    return None


_COUNTRIES: frozenset[str] | None = None


def country_codes() -> frozenset[str]:
    global _COUNTRIES
    if _COUNTRIES is None:
        import pycountry

        _COUNTRIES = frozenset(c.alpha_3 for c in pycountry.countries)
    return _COUNTRIES
