"""Import `trade_partner_ranks` from Correlates of War Dyadic Trade v4.0 (via peacesciencer).

The upstream file holds one row per non-directed dyad-year: flow1 is ccode1's imports from
ccode2 and flow2 ccode2's imports from ccode1, in current millions of US dollars. Each row is
turned into two directed rows (each state as reporter), and for every reporter, year and flow
(imports, exports, total) the partners are ranked by value, largest first. The rules for ties,
zeros and missing flows are in schemas/trade_partner_ranks.yaml, which feeds the codebook.

Everything is computed column-wise with numpy and pyarrow (no loop over rows): the file has
673,654 dyad-years, which become 1,803,790 ranked rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from relations_data.inputs.imports.base import Imported
from relations_data.inputs.imports.cow_states import STATES_FILE, STATES_ROWS, UpstreamError, country_codes, read_rda

TRADE_FILE = "cow_trade_ndy.rda"
TRADE_ROWS = 673_654  # documented in peacesciencer's R/data.R for cow_trade_ndy
FLOWS = ("exports", "imports", "total")  # the order rows are sorted in, within a reporter-year

COMPUTATION = (
    "COW Dyadic Trade v4.0, raw flows (flow1, flow2; not the smoothed flows), current million US$ "
    "times 1,000,000. Each dyad-year gives each state its imports from the other (its own flow) "
    "and its exports to the other (the other's imports); total = imports + exports, only when "
    "both are known. For the reporter's year and flow, partners with a missing or zero value are "
    "left out; the rest are ranked by value, largest first, tied values sharing the smallest rank "
    "(1, 2, 2, 4); share = value / sum of the ranked partners' values."
)

SCHEMA = pa.schema([
    ("reporter", pa.string()), ("partner", pa.string()), ("year", pa.int64()), ("rank", pa.int64()),
    ("flow", pa.string()), ("value_usd", pa.int64()), ("share", pa.float64()),
])


def directed(trade: pd.DataFrame) -> dict[str, np.ndarray]:
    """Both directions of every dyad-year and each flow, one entry per (reporter, partner, year, flow).

    Arrays reporter, partner (COW numbers), year, flow (index into FLOWS) and value (million US$,
    NaN = missing), only where the value is known and non-zero: missing is not zero, and zero
    trade makes no partner, so neither is ranked.
    """
    c1, c2 = trade.ccode1.to_numpy("int64"), trade.ccode2.to_numpy("int64")
    f1, f2 = trade.flow1.to_numpy("float64"), trade.flow2.to_numpy("float64")
    year = trade.year.to_numpy("int64")
    imports = np.concatenate([f1, f2])  # ccode1 imports flow1 from ccode2; ccode2 imports flow2
    exports = np.concatenate([f2, f1])  # what one imports from the other is the other's exports
    # R's NA is a NaN with a payload that numpy flags as invalid in arithmetic; NaN is the answer we want.
    with np.errstate(invalid="ignore"):
        total = imports + exports  # NaN when either flow is missing
    values = {"exports": exports, "imports": imports, "total": total}
    reporter, partner, years = np.concatenate([c1, c2]), np.concatenate([c2, c1]), np.concatenate([year, year])
    n = len(reporter)
    value = np.concatenate([values[f] for f in FLOWS])
    keep = value > 0  # NaN > 0 is False
    return {
        "reporter": np.tile(reporter, len(FLOWS))[keep], "partner": np.tile(partner, len(FLOWS))[keep],
        "year": np.tile(years, len(FLOWS))[keep], "flow": np.repeat(np.arange(len(FLOWS)), n)[keep],
        "value": value[keep],
    }


def rank(group: np.ndarray, value: np.ndarray, tiebreak: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rank values within groups, largest first, ties sharing the smallest rank (SQL RANK()).

    Returns (order, rank, share): `order` sorts the rows by group, then value descending, then
    `tiebreak` (so the order is total and runs are repeatable); rank and share are in that order.
    """
    # Three stable sorts, least significant key first: faster than np.lexsort here.
    order = np.argsort(tiebreak, kind="stable")
    order = order[np.argsort(-value[order], kind="stable")]
    order = order[np.argsort(group[order], kind="stable")]
    value, group = value[order], group[order]
    n = len(value)
    idx = np.arange(n)
    new_group = np.ones(n, bool)
    new_group[1:] = group[1:] != group[:-1]
    new_value = new_group.copy()
    new_value[1:] |= value[1:] != value[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, idx, 0))
    run_start = np.maximum.accumulate(np.where(new_value, idx, 0))  # first of the tied values
    starts = np.flatnonzero(new_group)
    totals = np.add.reduceat(value, starts)
    share = value / np.repeat(totals, np.diff(np.append(starts, n)))
    return order, run_start - group_start + 1, share


COVERAGE = (
    "Correlates of War Dyadic Trade v4.0 (the cow_trade import): every year in which both states "
    "were members of the state system, within the data's years; every partner with a known, "
    "non-zero flow is ranked, so a partner without a row had missing or zero trade."
)


def coverage(states: pd.DataFrame, codes: pd.DataFrame, first: int, last: int) -> pa.Table:
    """One systematic coverage row per ordered pair of states, for the years [first, last] in
    which both were members of the state system (from the first year of a state's first spell
    to the last year of its last one)."""
    spans = states.groupby("ccode").agg(start=("styear", "min"), end=("endyear", "max"))
    spans = spans.join(codes.set_index("ccode").code, how="inner").reset_index()
    pairs = spans.merge(spans, how="cross", suffixes=("_a", "_b"))
    pairs = pairs[pairs.ccode_a != pairs.ccode_b]
    start = np.maximum(np.maximum(pairs.start_a, pairs.start_b), first)
    end = np.minimum(np.minimum(pairs.end_a, pairs.end_b), last)
    pairs = pairs.assign(first_year=start, last_year=end)[start <= end].sort_values(["code_a", "code_b"])
    n = len(pairs)
    return pa.table({
        "actor": pa.array(pairs.code_a, pa.string()), "target": pa.array(pairs.code_b, pa.string()),
        "first_year": pa.array(pairs.first_year, pa.int64()), "last_year": pa.array(pairs.last_year, pa.int64()),
        "completeness": pa.array(["systematic"] * n, pa.string()), "description": pa.array([COVERAGE] * n, pa.string()),
    })


def read(files: Mapping[str, Path]) -> Iterator[Imported]:
    """`trade_partner_ranks` for every reporter, year and flow in COW Dyadic Trade v4.0."""
    trade = read_rda(files[TRADE_FILE], TRADE_ROWS)
    states = read_rda(files[STATES_FILE], STATES_ROWS)
    for col in ("ccode", "styear", "endyear"):
        states[col] = states[col].astype("int64")
    codes = country_codes(states)
    rows = directed(trade)
    unknown = sorted(set(np.unique(rows["reporter"])) - set(codes.ccode))
    if unknown:
        raise UpstreamError(f"{files[TRADE_FILE]}: COW state numbers {unknown} are not in {STATES_FILE}: "
                            "the two files are from different versions; download both from their origin.yaml URLs")
    # COW number -> position of its code in the sorted codes, so that sorting by the position
    # sorts by the code the table shows (reporter, then partner, alphabetically).
    names = np.sort(codes.code.to_numpy(str))
    position = np.zeros(int(codes.ccode.max()) + 1, "int64")
    position[codes.ccode.to_numpy("int64")] = np.searchsorted(names, codes.code.to_numpy(str))
    reporter, partner = position[rows["reporter"]], position[rows["partner"]]
    year = rows["year"]
    group = np.ravel_multi_index((reporter, year - year.min(), rows["flow"]),
                                 (len(names), int(year.max() - year.min()) + 1, len(FLOWS)))
    order, ranks, share = rank(group, rows["value"], partner)
    names_arrow = pa.array(names, pa.string())
    table = pa.table({
        "reporter": names_arrow.take(reporter[order]),
        "partner": names_arrow.take(partner[order]),
        "year": pa.array(rows["year"][order], pa.int64()),
        "rank": pa.array(ranks, pa.int64()),
        "flow": pa.array(FLOWS, pa.string()).take(rows["flow"][order]),
        # COW gives millions (whole ones in this copy); rint to the dollar keeps e.g. 0.1 * 1e6 exact.
        "value_usd": pa.array(np.rint(rows["value"][order] * 1_000_000).astype("int64")),
        "share": pa.array(share, pa.float64()),
    }, schema=SCHEMA)
    # Rank and share rest on all of the reporter's dyads in that year.
    selection = pc.binary_join_element_wise(
        "year = ", pc.cast(table["year"], pa.string()), " AND ",
        pc.cast(pa.array(rows["reporter"][order]), pa.string()), " IN (ccode1, ccode2)", "")
    yield Imported("trade_partner_ranks", table, selection.combine_chunks(), COMPUTATION, TRADE_FILE,
                   coverage(states, codes, int(year.min()), int(year.max())))
