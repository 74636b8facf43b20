"""Stage 3, validation: every table checked against its declaration, all problems at once.

The Pandera schemas are generated from schemas/<table>.yaml; failures are turned into
reports that name the file, line, record and column, in our words rather than Pandera's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from relations_data.coded import Coded, Origin, Rows, read_coded
from relations_data.dyad_panel import add_derived
from relations_data.errors import DataError, Problem
from relations_data.inputs.candidates import accepted_candidates, add_new_records
from relations_data.inputs.imports import default_data_dir, locate_files, read_imports, run_importers
from relations_data.inputs.imports import source_rows as import_source_rows
from relations_data.types import PANDAS_DTYPES, pandas_types_mapper  # the same dtypes users get from load()
from relations_data.rawfiles import read_dataset_meta
from relations_data.schema import (DECLARED_STATES_FILE, ORGANISATIONS_FILE, Table, load_declared_states,
                                   load_organisations, load_schemas)
from relations_data.sources import Source, read_sources



@dataclass
class Dataset:
    """A validated dataset, ready to publish."""

    meta: dict
    schemas: dict[str, Table]
    frames: dict[str, pd.DataFrame]
    sources: dict[str, Source]
    organisations: dict[str, str]

    @property
    def version(self) -> str:
        return self.meta["version"]


def check(raw_dir: Path = Path("raw"), schema_dir: Path | None = None, today: dt.date | None = None,
          imports_dir: Path | None = None) -> Dataset:
    """Read and validate the committed inputs in raw/ (hand-coded records, reviewed candidates,
    imports); raise DataError listing every problem."""
    raw_dir = Path(raw_dir)
    today = today or dt.date.today()
    schemas = load_schemas(schema_dir)
    organisations = load_organisations(schema_dir)
    declared = load_declared_states(schema_dir)
    actor_codes = country_codes() | set(organisations) | set(declared)
    meta, problems = read_dataset_meta(raw_dir)
    problems += [Problem(f"schemas/{file}", None, None, code, "is an ISO 3166-1 code: pick a code ISO does not use")
                 for file, codes in ((ORGANISATIONS_FILE, organisations), (DECLARED_STATES_FILE, declared))
                 for code in sorted(set(codes) & country_codes())]
    sources, found = read_sources(raw_dir)
    problems += found
    imports, found = read_imports(raw_dir, schemas)
    problems += found
    imports = [i for i in imports if i.status == "published"]
    if imports:
        problems += locate_files(imports, Path(imports_dir) if imports_dir else default_data_dir())
        sources.update((row["source_id"], Source.from_row(row)) for row in import_source_rows(imports))
    accepted, found = accepted_candidates(raw_dir, schemas)
    problems += found
    coded, found = read_coded(raw_dir, schemas, sources, accepted.evidence)
    problems += found
    problems += add_new_records(coded, accepted, schemas, sources)
    for source in sources.values():
        source.forget_text()  # every quote is located: nothing after this reads the texts
    release_free_memory()
    problems += run_importers([i for i in imports if len(i.paths) == len(i.files)], schemas, coded)
    add_sources(coded, sources, raw_dir)
    release_free_memory()
    frames = {}
    for name, table in schemas.items():
        frames[name] = to_frame(coded[name], table)
        found = validate_frame(frames[name], table, lambda i, name=name: coded.origin(name, i), today, actor_codes)
        problems += [p for i, p in found if (name, i, p.column) not in coded.reported]
        # Reported once is enough: the coverage check below would only echo a bad value.
        coded.reported.update((name, i, p.column) for i, p in found if i is not None and p.column)
        release_free_memory()
    fill_disputed_columns(frames, schemas)
    problems += cross_table_problems(frames, schemas, coded)
    problems += reference_problems(frames, schemas, coded, set(organisations))
    if problems:
        raise DataError(problems)
    del coded  # reports are done with: free its copy of the rows before the frames are sorted
    for name in schemas:
        frames[name] = sort_rows(frames.pop(name), schemas[name])
        release_free_memory()
    add_derived(frames, schemas, schema_dir)  # the derived tables (dyad_years), from the validated frames
    return Dataset(meta=meta, schemas=schemas, frames=frames, sources=sources, organisations=organisations)


def release_free_memory() -> None:
    """Hand memory freed by the last stage back to the system (glibc and Arrow; elsewhere Arrow only).

    Parsing, checks and sorting leave many freed blocks between live ones; glibc and Arrow's
    allocator keep them for reuse, so without this the process holds each stage's high-water
    mark from then on.
    """
    global _LIBC
    if _LIBC is None:
        import ctypes
        import ctypes.util

        try:
            _LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _LIBC.malloc_trim
        except (OSError, AttributeError):
            _LIBC = False
    if _LIBC:
        _LIBC.malloc_trim(0)
    pa.default_memory_pool().release_unused()  # Arrow's allocator keeps freed pages too


_LIBC = None


def add_sources(coded: Coded, sources: dict[str, Source], raw_dir: Path) -> None:
    for source in sources.values():
        coded.add("sources", source.row(), Origin(str(raw_dir / "sources"), None, f"source {source.source_id}"))


def to_frame(rows: Rows | list[dict], table: Table) -> pd.DataFrame:
    """A table's rows as a frame with the dtypes users get from load()."""
    if not isinstance(rows, Rows):
        rows = Rows.from_dicts(rows, table)
    rows.consolidate()
    arrays = rows.arrays()
    data = {}
    for col in table.columns:
        values = arrays[col.name]
        if col.type == "date":
            values = values.cast(pa.timestamp("s"))
        data[col.name] = values.to_pandas(types_mapper=pandas_types_mapper()).astype(PANDAS_DTYPES[col.type])
    return pd.DataFrame(data, columns=table.column_names)


def sort_rows(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """A stable, readable order: by natural key, then id, empty values last. Output bytes
    depend on it.

    The frame is taken apart column by column as the sorted one is built (so pass one that is
    not used afterwards): at no point are both copies of a table held whole. Arrow's stable
    sort gives pandas' mergesort order without turning text into Python objects.
    """
    by = list(table.natural_key) + [c for c in ("record_id", "evidence_id") if c in frame and c not in table.natural_key]
    order = _sorted_by(frame, by)[1].to_numpy()
    columns = list(frame.columns)
    return pd.DataFrame({c: frame.pop(c).take(order).reset_index(drop=True) for c in columns}, columns=columns)


def _sorted_by(frame: pd.DataFrame, columns: list[str]) -> tuple[pa.Table, pa.Array]:
    """The columns as an Arrow table (no copy of the text) and the row numbers in their
    stable ascending order, empty values last."""
    import pyarrow.compute as pc

    keys = pa.table({c: pa.array(frame[c]) for c in columns})
    return keys, pc.sort_indices(keys, sort_keys=[(c, "ascending") for c in columns])


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
    # Natural-key uniqueness is checked by duplicate_keys: Pandera's check factorizes every key
    # column, quotes included, which at a million evidence rows was the build's peak memory.
    return pa.DataFrameSchema(columns, strict=True, name=table.name)


def validate_frame(frame: pd.DataFrame, table: Table, origin: Callable[[int], Origin] | None, today: dt.date,
                   actor_codes: frozenset[str] | set[str]) -> list[tuple[int | None, Problem]]:
    """(row index, problem) for every failed check; origin(i) says where row i came from."""
    import pandera.pandas as pa

    found = [(i, _problem({"index": i, "check": "duplicate_key"}, table, origin))
             for i in duplicate_keys(frame, table)]
    try:
        pandera_schema(table, today, actor_codes).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.to_dict("records")
        found += [(_index(case), _problem(case, table, origin)) for case in cases]
    return found


def duplicate_keys(frame: pd.DataFrame, table: Table, block: int = 65_536) -> list[int]:
    """Rows whose natural key another row shares (all of them, as Pandera reports; empty
    values count as equal).

    Arrow sorts row numbers by key without copying the keys; neighbours in that order are then
    compared a block at a time, so at most one block of key values is ever copied.
    """
    import numpy as np
    import pyarrow.compute as pc

    if len(frame) < 2:
        return []
    keys, order = _sorted_by(frame, list(table.natural_key))
    same_as_next = np.zeros(len(frame), dtype=bool)  # by sorted position
    for start in range(0, len(frame) - 1, block):
        rows = keys.take(order[start:start + block + 1])
        same = np.ones(len(rows) - 1, dtype=bool)
        for column in rows.columns:
            column = column.combine_chunks()
            a, b = column[:-1], column[1:]
            equal = pc.fill_null(pc.equal(a, b), False)
            both_empty = pc.and_(pc.is_null(a), pc.is_null(b))
            same &= pc.or_(equal, both_empty).to_numpy(zero_copy_only=False)
        same_as_next[start:start + len(same)] = same
    duplicated = same_as_next.copy()
    duplicated[1:] |= same_as_next[:-1]
    return sorted(order.to_numpy()[duplicated].tolist())


def _index(case: dict) -> int | None:
    index = case.get("index")
    return None if index is None or pd.isna(index) else int(index)


def _problem(case: dict, table: Table, origin_of: Callable[[int], Origin] | None) -> Problem:
    index = _index(case)
    origin = origin_of(index) if origin_of is not None and index is not None else None
    column = case.get("column")
    col = table.column(column) if column in table.column_names else None
    check = str(case.get("check") or "")
    value = case.get("failure_case")
    if check == "duplicate_key":
        message = (f"two records share the natural key ({', '.join(table.natural_key)}): "
                   "merge them into one record with all their evidence, or correct the key")
        column = None
    elif check == "not_nullable":
        message = "missing value: this column cannot be empty"
    elif check.startswith("allowed:"):
        message = f"{value!r} is not an allowed value: use one of {', '.join(col.allowed)}"
    elif check == "country":
        message = (f"{value!r} is not an ISO 3166-1 alpha-3 country code (e.g. USA, COL, CHN) "
                   "nor a code declared in schemas/_organisations.yaml or schemas/_declared_states.yaml")
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


def fill_disputed_columns(frames: dict[str, pd.DataFrame], schemas: dict[str, Table]) -> None:
    """Each record's disputed_columns: the columns on which some of its evidence, from any input
    (a quote, an accepted candidate, an import), claims another value than the record's."""
    import json

    evidence = frames["evidence"]
    claimed = evidence[evidence["claims"].notna()]
    disputed: dict[str, set[str]] = {}
    for rid, claims in zip(claimed["record_id"], claimed["claims"]):
        disputed.setdefault(rid, set()).update(json.loads(claims))
    columns = pd.Series({rid: ",".join(sorted(cols)) for rid, cols in disputed.items()}, dtype="string")
    for name, table in schemas.items():
        if table.is_fact:
            frames[name]["disputed_columns"] = frames[name]["record_id"].map(columns).astype("string")


def cross_table_problems(frames: dict[str, pd.DataFrame], schemas: dict[str, Table], coded: Coded) -> list[Problem]:
    """What one table's checks cannot see: evidence and sources that point nowhere."""
    problems = []
    evidence = frames["evidence"]
    unregistered = ~_isin(evidence["source_id"], frames["sources"]["source_id"].dropna())
    for i in _positions(unregistered):
        o = coded.origin("evidence", i)
        problems.append(Problem(o.file, o.line, o.record, "evidence",
                                f"names source {evidence['source_id'].iat[i]!r}, which is not registered"))
    for name, table in schemas.items():
        if not table.is_fact:
            continue
        for i in _positions(~_isin(frames[name]["record_id"], evidence["record_id"])):
            if (name, i, "evidence") not in coded.reported:
                o = coded.origin(name, i)
                problems.append(Problem(o.file, o.line, o.record, "evidence", "has no evidence: add a source and quote"))
    problems += evidence_kind_problems(evidence, frames["sources"], coded)
    return problems


def evidence_kind_problems(evidence: pd.DataFrame, sources: pd.DataFrame, coded: Coded) -> list[Problem]:
    """Each kind of evidence has what its kind promises: a quote its offsets locate in a stored
    text; a citation, a quote and a source with an http(s) URL and the date it was read; a
    computation, the upstream rows and how."""
    stored = sources.set_index("source_id")
    url = evidence["source_id"].map(stored["url"]).astype("string")
    retrieved = evidence["source_id"].map(stored["retrieved_date"])
    kind = evidence["kind"]
    has = {c: evidence[c].notna() for c in ("quote", "char_start", "char_end", "selection", "computation")}
    wrong = {
        "quote": (kind == "quote") & ~(has["quote"] & has["char_start"] & has["char_end"] & evidence["verified"].fillna(False)),
        "citation": (kind == "citation") & ~(has["quote"] & url.str.match(r"^https?://\S+$").fillna(False)
                                             & ~url.str.contains(r"(?:\.\.\.|…)$").fillna(False) & retrieved.notna()),
        "computed": (kind == "computed") & ~(has["selection"] & has["computation"]),
    }
    why = {
        "quote": "is not located at offsets in its stored text",
        "citation": ("cites a source without a whole http(s) URL (not cut short with ...) and a retrieval date: give "
                     "the source in raw/sources/*.yaml its page's full `url:` and `retrieved: YYYY-MM-DD`, or quote a "
                     "source that has them"),
        "computed": "names no upstream rows or computation",
    }
    problems = []
    for name, mask in wrong.items():
        for i in _positions(mask.fillna(False)):
            o = coded.origin("evidence", i)
            problems.append(Problem(o.file, o.line, o.record, "evidence",
                                    f"{name} evidence from {evidence['source_id'].iat[i]} {why[name]}"))
    return problems


def _positions(mask: pd.Series) -> list[int]:
    return mask.to_numpy(dtype=bool, na_value=False).nonzero()[0].tolist()


def _isin(column: pd.Series, values: pd.Series | set[str]) -> pd.Series:
    """column.isin(values) for text, through Arrow: pandas would first turn a value set of a
    million ids into Python objects one at a time."""
    import pyarrow.compute as pc

    data = pa.array(column)
    wanted = pa.array(values) if isinstance(values, pd.Series) else pa.array(sorted(values), type=pa.string())
    if isinstance(wanted, pa.ChunkedArray):
        wanted = wanted.combine_chunks()
    found = pc.is_in(data, value_set=wanted.cast(data.type))
    return pd.Series(found.to_numpy(zero_copy_only=False), index=column.index, dtype=bool)


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
                codes = frames[name][col.name]
                # A code ISO does not know was reported by the column check already.
                for i in _positions(codes.notna() & ~_isin(codes, known) & _isin(codes, country_codes())):
                    o = coded.origin(name, i)
                    problems.append(Problem(o.file, o.line, o.record, col.name, (
                        f"{codes.iat[i]} is not in raw/reference/countries.yaml: add it with its Correlates of War code")))
    if "coverage" in frames and len(frames["coverage"]):
        problems += _coverage_problems(frames, schemas, coded)
    return problems


def _coverage_problems(frames, schemas, coded) -> list[Problem]:
    coverage = frames["coverage"].to_dict("records")
    problems = []
    for name, table in schemas.items():
        frame = frames[name]
        if not table.is_fact or not len(frame):
            continue
        statements = [c for c in coverage if c["table_name"] == name]
        if not statements:
            problems.append(Problem("raw/reference/coverage.yaml", None, None, "table_name",
                                    f"no coverage statement for table {name}: add rows saying which dyads and years were coded"))
            continue
        actor, target, year = _dyad_year_columns(frame, table)
        for i in _positions(~covered(frame, table, statements)):
            if any((name, i, c) in coded.reported for c in table.column_names):
                continue  # its values were reported already; coverage would only echo them
            row_year = year.iat[i]
            o = coded.origin(name, i)
            problems.append(Problem(o.file, o.line, o.record, None, (
                f"falls outside the coverage statement for {name} ({actor.iat[i]}–{target.iat[i]}, "
                f"{None if pd.isna(row_year) else int(row_year)}): "
                "extend a row of raw/reference/coverage.yaml, or check the record")))
    return problems


def covered(frame: pd.DataFrame, table: Table, statements: list[dict]) -> pd.Series:
    """For each row, whether some coverage statement of the table includes its dyad and year."""
    actor, target, year = _dyad_year_columns(frame, table)
    rows = pd.DataFrame({"actor": actor.astype(object).to_numpy(), "target": target.astype(object).fillna("").to_numpy(),
                         "year": year.to_numpy(dtype="float64", na_value=float("nan")), "row": range(len(frame))})
    spans = pd.DataFrame(statements, columns=["actor", "target", "first_year", "last_year"]).astype(object)
    spans["target"] = [("" if _empty(t) else t) for t in spans["target"]]
    # One merge on the dyad, then the year test: imported coverage has tens of thousands of
    # statements, so a pass over the rows per statement would take hours.
    joined = rows.merge(spans, on=["actor", "target"])
    inside = joined.loc[(joined["year"] >= joined["first_year"].astype(float)) & (joined["year"] <= joined["last_year"].astype(float)), "row"]
    result = pd.Series(False, index=frame.index)
    result.iloc[inside.unique()] = True
    return result


def _empty(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _dyad_year_columns(frame: pd.DataFrame, table: Table) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Each row's actor and target (empty for one-country tables) and year, from the columns
    the table declares as its dyad and period."""
    actor = frame[table.dyad[0]]
    target = frame[table.dyad[1]] if len(table.dyad) > 1 else pd.Series(pd.NA, index=frame.index, dtype="string")
    period = frame[table.period]
    year = period.dt.year.astype("Int64") if table.column(table.period).type == "date" else period.astype("Int64")
    return actor, target, year


_COUNTRIES: frozenset[str] | None = None


def country_codes() -> frozenset[str]:
    global _COUNTRIES
    if _COUNTRIES is None:
        import pycountry

        _COUNTRIES = frozenset(c.alpha_3 for c in pycountry.countries)
    return _COUNTRIES
