"""The indicators as a directed dyad-year (or dyad-month) panel, traceable to its records.

    dyad_years(frames, schemas)            # the release's `dyad_years` table
    compute(frames, spec, unit="month")    # the same panel by month
    contributions(frames, spec, unit)      # one row per record, period and indicator

Which indicators there are, the table each comes from and how records combine is declared
in schemas/dyad_years.yaml; this module only knows how to measure a record (`MEASURES`).
Every value is an aggregate of `contributions`, so rd.explain() can list the records
behind any cell by filtering the same frame the panel was built from.

The zero/missing rule: a cell inside the coverage of an indicator's table (raw/reference/
coverage.yaml, expanded to explicit dyad-years) is 0 or false when no record contributes;
outside it the value is missing. A row exists only where both states are states (listed in
countries with a COW code, and members of the state system that year when the countries
table gives membership years) and at least one indicator's table covers the dyad-year.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import yaml

from relations_data.types import PANDAS_DTYPES
from relations_data.schema import Table, default_schema_dir

SPEC_FILE = "dyad_years.yaml"
UNITS = ("year", "month")
# Countries columns giving a state's years in the state system; used when present (the
# countries table is gaining them), otherwise every listed state counts in every year.
MEMBERSHIP_COLUMNS = ("cow_first_year", "cow_last_year")
KEY = {"year": ["actor", "target", "year"], "month": ["actor", "target", "year", "month"]}


def load_spec(schema_dir: Path | None = None) -> dict:
    """schemas/dyad_years.yaml as written (the indicator and quad-class declarations)."""
    path = (Path(schema_dir) if schema_dir else default_schema_dir()) / SPEC_FILE
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def indicators(spec: dict) -> dict[str, dict]:
    """Indicator column -> its declaration {from, measure, aggregate, zero}."""
    return {c["name"]: {"zero": True, "reverse": False, **c["indicator"]} for c in spec["columns"] if "indicator" in c}


def _reversed(cells: pd.DataFrame) -> pd.DataFrame:
    return cells.rename(columns={"actor": "target", "target": "actor"})[cells.columns]


def add_derived(frames: dict[str, pd.DataFrame], schemas: dict[str, Table], schema_dir: Path | None = None) -> None:
    """Add the derived tables (dyad_years) and their declarations to a validated dataset."""
    from relations_data.schema import load_schemas

    derived = {n: t for n, t in load_schemas(schema_dir, derived=True).items() if t.kind == "derived"}
    if "dyad_years" in derived:
        schemas["dyad_years"] = derived["dyad_years"]
        frames["dyad_years"] = dyad_years(frames, schemas, schema_dir)


def dyad_years(frames: dict[str, pd.DataFrame], schemas: dict[str, Table], schema_dir: Path | None = None) -> pd.DataFrame:
    """The `dyad_years` table of a release, from its validated frames."""
    frame = compute(frames, load_spec(schema_dir), "year")
    table = schemas.get("dyad_years")
    return frame[table.column_names] if table else frame


def compute(frames: dict[str, pd.DataFrame], spec: dict, unit: str = "year") -> pd.DataFrame:
    """The panel by `unit` (year or month), with dtypes as declared in the spec."""
    import numpy as np

    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}: use one of {', '.join(UNITS)}")
    key, specs = KEY[unit], indicators(spec)
    states = state_years(frames["countries"])
    codes = pd.Index(sorted(states["iso_alpha3"].dropna().unique()))
    cells = {name: covered_cells(frames["coverage"], name, states, unit) for name in {s["from"] for s in specs.values()}}
    # Cells are matched as one int64 per dyad-period (see _cell_codes): far faster than
    # merging frames on three or four columns once per indicator.
    sides = {(s["from"], s["reverse"]) for s in specs.values()}
    inside = {(t, r): _cell_codes(_reversed(cells[t]) if r else cells[t], codes, unit) for t, r in sides}
    rows = np.unique(np.concatenate([*inside.values(), np.array([], dtype="int64")]))
    covers = {}  # (table, reverse) -> which rows lie inside that coverage (rows is sorted)
    for side, found in inside.items():
        covers[side] = np.zeros(len(rows), dtype=bool)
        covers[side][np.searchsorted(rows, found)] = True
    panel = _decode(rows, codes, unit)
    long = contributions(frames, spec, unit, states)
    long_codes = _cell_codes(long, codes, unit)
    for column, s in specs.items():
        mine = (long["indicator"] == column).to_numpy() & (long_codes >= 0)
        values = pd.Series(pd.to_numeric(long["value"][mine].astype("Float64"), errors="coerce").to_numpy(dtype="float64", na_value=np.nan))
        grouped = values.groupby(long_codes[mine])
        agg = {"sum": lambda g: g.sum(min_count=1), "max": lambda g: g.max(), "min": lambda g: g.min(),
               "any": lambda g: g.max()}[s["aggregate"]](grouped)
        result = agg.reindex(rows).to_numpy()
        covered = covers[(s["from"], s["reverse"])]
        if s["zero"]:  # 0 only where no record contributed: a threat that states no rate stays unknown
            had = pd.Index(rows).isin(np.unique(long_codes[mine]))
            result = np.where(covered & ~had & np.isnan(result), 0.0, result)
        result = np.where(covered, result, np.nan)  # not covered: missing, whatever a record says
        panel[column] = pd.array(result, dtype="Float64")
        if s["aggregate"] == "any":
            panel[column] = panel[column].astype("Float64") > 0
    cow = states.drop_duplicates("iso_alpha3").set_index("iso_alpha3")["cow_code"]
    panel.insert(len(key), "actor_cow", panel["actor"].map(cow))
    panel.insert(len(key) + 1, "target_cow", panel["target"].map(cow))
    types = {c["name"]: c["type"] for c in spec["columns"]} | {"month": "integer"}
    return panel.astype({c: PANDAS_DTYPES[types[c]] for c in panel.columns})


# One int64 per cell: ((actor * S + target) * 10000 + year) * 13 + month (month 0 by year),
# so sorting the codes sorts the cells by actor, target, year, month.
def _cell_codes(frame: pd.DataFrame, codes: pd.Index, unit: str):
    import numpy as np

    a = codes.get_indexer(frame["actor"].astype(object))
    t = codes.get_indexer(frame["target"].astype(object))
    year = frame["year"].to_numpy(dtype="int64", na_value=-1)
    month = frame["month"].to_numpy(dtype="int64", na_value=0) if unit == "month" else 0
    out = ((a.astype("int64") * len(codes) + t) * 10_000 + year) * 13 + month
    return np.where((a < 0) | (t < 0) | (year < 0), -1, out)


def _decode(cell_codes, codes: pd.Index, unit: str) -> pd.DataFrame:
    rest, month = divmod(cell_codes, 13)
    rest, year = divmod(rest, 10_000)
    a, t = divmod(rest, len(codes))
    frame = pd.DataFrame({"actor": pd.array(codes.to_numpy()[a], dtype="string"),
                          "target": pd.array(codes.to_numpy()[t], dtype="string"), "year": year})
    if unit == "month":
        frame["month"] = month
    return frame


# ---------------------------------------------------------------------------------------
# Coverage: which dyad-periods each table covers


def state_years(countries: pd.DataFrame) -> pd.DataFrame:
    """iso_alpha3, cow_code and the first and last year of each state (open where unknown)."""
    states = countries.loc[countries["cow_code"].notna(), ["iso_alpha3", "cow_code"]].copy()
    first, last = MEMBERSHIP_COLUMNS
    states["first_year"] = countries[first] if first in countries else pd.NA
    states["last_year"] = countries[last] if last in countries else pd.NA
    return states.astype({"first_year": "Int64", "last_year": "Int64"})


def covered_cells(coverage: pd.DataFrame, table_name: str, states: pd.DataFrame, unit: str = "year") -> pd.DataFrame:
    """Every (actor, target, year[, month]) a table's coverage rows state, both sides states.

    A `*` still left in coverage stands for every state; a row of a single-country table
    (target `-`) is not a dyad and covers no cell.
    """
    import numpy as np

    codes = states["iso_alpha3"].drop_duplicates().astype("string")
    rows = coverage.loc[coverage["table_name"] == table_name, ["actor", "target", "first_year", "last_year"]]
    # "*" rows stand for every state: expand them onto the codes, then every row to its years.
    for side in ("actor", "target"):
        star = rows[side] == "*"
        rows = pd.concat([rows[~star], rows[star].drop(columns=side).merge(codes.rename(side).to_frame(), how="cross")],
                         ignore_index=True)
    first = rows["first_year"].astype("int64").to_numpy()
    count = np.maximum(rows["last_year"].astype("int64").to_numpy() - first + 1, 0)
    index = np.repeat(np.arange(len(rows)), count)
    cells = pd.DataFrame({
        "actor": rows["actor"].to_numpy()[index], "target": rows["target"].to_numpy()[index],
        "year": first[index] + np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count),
    })
    cells = cells.astype({"actor": "string", "target": "string", "year": "Int64"})
    cells = cells[cells["actor"] != cells["target"]]
    for side in ("actor", "target"):
        cells = cells.merge(states[["iso_alpha3", "first_year", "last_year"]], left_on=side, right_on="iso_alpha3")
        member = cells["year"].ge(cells["first_year"]).fillna(True) & cells["year"].le(cells["last_year"]).fillna(True)
        cells = cells.loc[member, ["actor", "target", "year"]]
    cells = cells.drop_duplicates()
    if unit == "month":
        cells = cells.merge(pd.DataFrame({"month": range(1, 13)}), how="cross")
    return cells.astype({"month": "Int64"} if unit == "month" else {}).reset_index(drop=True)


def coverage_ends(coverage: pd.DataFrame, table_name: str) -> dict[tuple[str, str], int]:
    """(actor, target) -> last year the table's coverage reaches for that dyad ("*" rows apply to all)."""
    rows = coverage.loc[coverage["table_name"] == table_name]
    ends: dict[tuple[str, str], int] = {}
    for a, t, y in zip(rows["actor"], rows["target"], rows["last_year"]):  # a dyad may have several spans
        ends[(a, t)] = max(int(y), ends.get((a, t), int(y)))
    return ends


def _last_year(ends: dict[tuple[str, str], int], actor: str, target: str, default: int) -> int:
    found = [ends[k] for k in ((actor, target), (actor, "*"), ("*", target), ("*", "*")) if k in ends]
    return max(found, default=default)


# ---------------------------------------------------------------------------------------
# Contributions: what each record gives each indicator in each period


def contributions(frames: dict[str, pd.DataFrame], spec: dict, unit: str = "year",
                  states: pd.DataFrame | None = None) -> pd.DataFrame:
    """Long frame: record_id, table_name, actor, target, year[, month], indicator, value.

    One row per record, period it falls in and indicator it feeds; the panel is these rows
    aggregated per cell. Records of dyads that are not both states are kept (explain shows
    them); compute() drops them by merging onto the covered cells.
    """
    key = KEY[unit]
    specs = indicators(spec)
    parts = []
    for column, s in specs.items():
        frame = frames.get(s["from"])
        if frame is None or not len(frame):
            continue
        measured = MEASURES[s["measure"]](frame, frames, spec, unit, s["from"])
        if len(measured):
            parts.append(measured.assign(indicator=column, table_name=s["from"]))
    columns = ["record_id", "table_name", *key, "indicator", "value"]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    long = pd.concat(parts, ignore_index=True)
    long = long.astype({"actor": "string", "target": "string", "year": "Int64", **({"month": "Int64"} if unit == "month" else {})})
    return long[columns]


def _points(frame: pd.DataFrame, unit: str, value, date_col: str = "event_date",
            actor: str = "actor", target: str = "target") -> pd.DataFrame:
    """Records that fall in the one period of their date."""
    dates = frame[date_col]
    out = pd.DataFrame({"record_id": frame["record_id"].to_numpy(), "actor": frame[actor].to_numpy(),
                        "target": frame[target].to_numpy(), "year": dates.dt.year.to_numpy()})
    if unit == "month":
        out["month"] = dates.dt.month.to_numpy()
    out["value"] = value.to_numpy() if isinstance(value, pd.Series) else value
    return out[out["year"].notna()]


def _count(frame, frames, spec, unit, table):
    return _points(frame, unit, 1)


def _threatened_rate(frame, frames, spec, unit, table):
    rate = frame[["rate_pct", "escalation_rate_pct"]].astype("Float64").max(axis=1, skipna=True)
    return _points(frame, unit, rate.astype(object).where(rate.notna(), None))


def _decertified(frame, frames, spec, unit, table):
    return _points(frame, unit, frame["status"].eq("decertified").astype(object))


def _waiver(frame, frames, spec, unit, table):
    return _points(frame, unit, (frame["status"].eq("decertified") & frame["waiver"].fillna(False)).astype(object))


def _quad_class(name: str):
    def measure(frame, frames, spec, unit, table):
        low, high = spec["quad_classes"][name]
        root = pd.to_numeric(frame["cameo_code"].str[:2], errors="coerce")
        mine = frame[root.between(low, high).fillna(False).to_numpy()]
        return _points(mine, unit, 1)
    return measure


def _goldstein(frame, frames, spec, unit, table):
    return _points(frame, unit, frame["goldstein"].astype(object).where(frame["goldstein"].notna(), None))


def _rank(flow: str, reverse: bool):
    def measure(frame, frames, spec, unit, table):
        mine = frame[frame["flow"] == flow]
        actor, target = ("partner", "reporter") if reverse else ("reporter", "partner")
        out = pd.DataFrame({"record_id": mine["record_id"].to_numpy(), "actor": mine[actor].to_numpy(),
                            "target": mine[target].to_numpy(), "year": mine["year"].to_numpy(),
                            "value": mine["rank"].astype(object).to_numpy()})
        if unit == "month":  # a rank is a yearly measure: it holds for every month of its year
            out = out.merge(pd.DataFrame({"month": range(1, 13)}), how="cross")
        return out
    return measure


def _spans(frame: pd.DataFrame, frames: dict, unit: str, table: str, start_col: str,
           end_col: str | None) -> pd.DataFrame:
    """Records lasting from start_col to end_col (exclusive; open to the end of the last
    covered year of their dyad), split into the periods they overlap: one row per record and
    period, with `first` and `after` (the piece's first day and the day after its last)."""
    import numpy as np

    frame = frame[frame[start_col].notna()]
    ends = coverage_ends(frames["coverage"], table)
    start = frame[start_col].to_numpy().astype("datetime64[D]")
    last = np.array([_last_year(ends, a, t, y) for a, t, y in
                     zip(frame["actor"], frame["target"], start.astype("datetime64[Y]").astype(int) + 1970)], dtype=int)
    open_end = (last + 1 - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    stop = frame[end_col].to_numpy().astype("datetime64[D]") if end_col else np.full(len(frame), np.datetime64("NaT"), "datetime64[D]")
    stop = np.where(np.isnat(stop), open_end, stop)
    step = "Y" if unit == "year" else "M"
    p0 = start.astype(f"datetime64[{step}]")
    p1 = (stop - np.timedelta64(1, "D")).astype(f"datetime64[{step}]")
    count = np.maximum((p1 - p0).astype(int) + 1, 0) * (stop > start)
    index = np.repeat(np.arange(len(frame)), count)
    offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    period = p0[index] + offset.astype(f"timedelta64[{step}]")
    period_first = period.astype("datetime64[D]")
    period_after = (period + np.timedelta64(1, step)).astype("datetime64[D]")
    out = pd.DataFrame({
        "record_id": frame["record_id"].to_numpy()[index], "actor": frame["actor"].to_numpy()[index],
        "target": frame["target"].to_numpy()[index], "year": period.astype("datetime64[Y]").astype(int) + 1970,
    })
    if unit == "month":
        out["month"] = period.astype(int) % 12 + 1
    out["first"] = np.maximum(period_first, start[index])
    out["after"] = np.minimum(period_after, stop[index])
    out["_row"] = index
    return out


def _days_recalled(frame, frames, spec, unit, table):
    # Overlapping recalls of one dyad are counted once: each day goes to the first piece
    # (in date order) that covers it, so the sum over records is the length of the union.
    pieces = _spans(frame, frames, unit, table, "event_date", "return_date")
    pieces = pieces.sort_values(["actor", "target", "first"], kind="stable")
    dyad = [pieces["actor"], pieces["target"]]
    covered_to = pieces.groupby(dyad, sort=False)["after"].cummax().groupby(dyad, sort=False).shift()
    begin = pieces["first"].where(covered_to.isna() | (pieces["first"] > covered_to), covered_to)
    days = (pieces["after"] - begin).dt.days.clip(lower=0)
    return pieces.assign(value=days.astype(object)).drop(columns=["first", "after", "_row"])


def _rate_in_effect(frame, frames, spec, unit, table):
    pieces = _spans(frame, frames, unit, table, "effective_date", None)
    rate = frame.loc[frame["effective_date"].notna(), "rate_pct"].astype("Float64").to_numpy()
    return pieces.assign(value=pd.array(rate[pieces["_row"].to_numpy()]).astype(object)).drop(columns=["first", "after", "_row"])


MEASURES = {
    "count": _count,
    "days_recalled": _days_recalled,
    "threatened_rate": _threatened_rate,
    "rate_in_effect": _rate_in_effect,
    "decertified": _decertified,
    "waiver": _waiver,
    "goldstein": _goldstein,
    **{q: _quad_class(q) for q in ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")},
    **{f"{'reverse_' if rev else ''}rank_{flow}": _rank(flow, rev)
       for flow in ("exports", "imports", "total") for rev in (False, True)},
}


# ---------------------------------------------------------------------------------------
# From a release: rd.panel() and rd.explain()

INPUT_TABLES = ("countries", "coverage")


def release_frames(version: str | None = None, countries: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
    """The tables the panel is computed from, as published in a release (a table the release
    lacks is left out: its indicators are then missing). With `countries`, only records
    between those countries are kept: every cell of a record is its dyad or the reverse."""
    from relations_data import loader

    release = loader.get_release(version)
    wanted = {s["from"] for s in indicators(load_spec()).values()} | set(INPUT_TABLES) | {"evidence", "sources"}
    keep = sorted(set(countries)) if countries is not None else None
    frames = {}
    for name in sorted(wanted):
        if name not in release.table_names:
            continue
        sides = [c["column"] for c in loader.table_info(name, release.version)["columns"]
                 if c["column"] in ("actor", "target", "reporter", "partner")]
        # Records between the countries only, read as such: the imported trade ranks alone are
        # 1.8 million rows, of which one dyad needs a few hundred.
        where = {side: keep for side in sides} if keep is not None and len(sides) == 2 and name != "coverage" else None
        frames[name] = loader.load(name, release.version, where=where)
    if keep is not None:
        coverage = frames["coverage"]
        frames["coverage"] = coverage[coverage["actor"].isin(keep) & (coverage["target"].isin(keep) | coverage["target"].isna())
                                      ].reset_index(drop=True)
    return frames


def _as_set(value: str | Iterable | None) -> list | None:
    if value is None:
        return None
    return [value] if isinstance(value, (str, int)) else list(value)


def panel(actors: str | Iterable[str] | None = None, targets: str | Iterable[str] | None = None,
          years: int | Iterable[int] | None = None, unit: str = "year", version: str | None = None) -> pd.DataFrame:
    """The dyad-year (unit="year") or dyad-month (unit="month") panel of a release.

    actors, targets: ISO alpha-3 codes (one or several; default all); years: a year or years
    (e.g. range(2020, 2026)). Computed on demand from the release's records, with the same
    zero/missing rule as its dyad_years table.
    """
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}: use one of {', '.join(UNITS)}")
    actors, targets, years = _as_set(actors), _as_set(targets), _as_set(years)
    countries = None if actors is None or targets is None else set(actors) | set(targets)
    frame = compute(release_frames(version, countries), load_spec(), unit)
    mask = pd.Series(True, index=frame.index)
    if actors is not None:
        mask &= frame["actor"].isin(actors)
    if targets is not None:
        mask &= frame["target"].isin(targets)
    if years is not None:
        mask &= frame["year"].isin([int(y) for y in years])
    return frame[mask].reset_index(drop=True)


def explain(actor: str, target: str, year: int, indicator: str, version: str | None = None,
            month: int | None = None) -> pd.DataFrame:
    """The records behind one value of the panel, each with its evidence.

    One row per record and piece of evidence: record_id, table_name, contribution (what the
    record gives this cell before aggregation), source_id, quote, url. `value` and `status`
    are in .attrs: the cell's value and why (records, covered with none, or not covered).
    """
    spec = load_spec()
    specs = indicators(spec)
    if indicator not in specs:
        import difflib

        close = difflib.get_close_matches(indicator, list(specs), n=1)
        raise ValueError(f"unknown indicator {indicator!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
                         + f"; the indicators are: {', '.join(specs)}")
    unit = "month" if month is not None else "year"
    frames = release_frames(version, {actor, target})
    cell = {"actor": actor, "target": target, "year": int(year), **({"month": int(month)} if month else {})}
    long = contributions(frames, spec, unit)
    mine = long[(long["indicator"] == indicator) & _matches(long, cell)]
    full = compute(frames, spec, unit)
    row = full[_matches(full, cell)]
    value = row[indicator].iat[0] if len(row) else pd.NA
    table = specs[indicator]["from"]
    if len(mine):
        status = f"{len(mine)} record(s) of {table}"
    elif len(row) and not pd.isna(value):
        status = f"inside the coverage of {table}, and no record"
    else:
        status = f"missing: {'no source states one' if len(row) else 'the dyad-year is outside every coverage'}"
        if len(row) and not specs[indicator]["zero"]:
            status = f"missing: inside the coverage of {table}, but no source states a value"
        elif len(row):
            status = f"missing: outside the coverage of {table}"
    evidence = frames.get("evidence", pd.DataFrame(columns=["record_id", "source_id", "quote"]))
    out = mine[["record_id", "table_name", "value"]].rename(columns={"value": "contribution"})
    out = out.merge(evidence[["record_id", "source_id", "quote"]], on="record_id", how="left")
    if "sources" in frames:
        out = out.merge(frames["sources"][["source_id", "url"]], on="source_id", how="left")
    out = out.reset_index(drop=True)
    out.attrs.update(value=value, status=status)
    return out


def _matches(frame: pd.DataFrame, cell: dict) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, wanted in cell.items():
        mask &= frame[column].eq(wanted).fillna(False).astype(bool)
    return mask
