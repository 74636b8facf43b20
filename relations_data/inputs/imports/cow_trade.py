"""Import `trade_partner_ranks` from Correlates of War Dyadic Trade v4.0 (via peacesciencer).

The upstream file holds one row per non-directed dyad-year: flow1 is ccode1's imports from
ccode2 and flow2 ccode2's imports from ccode1, in current millions of US dollars. Each row is
turned into two directed rows (each state as reporter), and for every reporter, year and flow
(imports, exports, total) the partners are ranked by value, largest first. The rules for ties,
zeros and missing flows are in schemas/trade_partner_ranks.yaml, which feeds the codebook.

Everything is computed column-wise with numpy and pandas (no loop over rows): the file has
673,654 dyad-years, which become about 1.4 million ranked rows.
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


def directed(trade: pd.DataFrame) -> pd.DataFrame:
    """Both directions of every dyad-year: reporter, partner, year and the three flows (NaN = missing)."""
    c1, c2 = trade.ccode1.to_numpy("int64"), trade.ccode2.to_numpy("int64")
    f1, f2 = trade.flow1.to_numpy("float64"), trade.flow2.to_numpy("float64")
    year = trade.year.to_numpy("int64")
    imports = np.concatenate([f1, f2])  # ccode1 imports flow1 from ccode2; ccode2 imports flow2
    exports = np.concatenate([f2, f1])  # what one imports from the other is the other's exports
    # R's NA is a NaN with a payload that numpy flags as invalid in arithmetic; NaN is the answer we want.
    with np.errstate(invalid="ignore"):
        total = imports + exports  # NaN when either flow is missing
    return pd.DataFrame({
        "reporter": np.concatenate([c1, c2]), "partner": np.concatenate([c2, c1]),
        "year": np.concatenate([year, year]),
        "exports": exports, "imports": imports, "total": total,
    })


def rank(dyads: pd.DataFrame) -> pd.DataFrame:
    """Long table of ranked partners: reporter, partner, year, flow, rank, value (million US$), share."""
    long = dyads.melt(id_vars=["reporter", "partner", "year"], value_vars=list(FLOWS),
                      var_name="flow", value_name="value")
    long = long[long.value > 0]  # NaN > 0 is False: missing and zero flows both go
    groups = long.groupby(["reporter", "year", "flow"], sort=False).value
    long = long.assign(rank=groups.rank(method="min", ascending=False).astype("int64"),
                       share=long.value / groups.transform("sum"))
    return long


def read(files: Mapping[str, Path]) -> Iterator[Imported]:
    """`trade_partner_ranks` for every reporter, year and flow in COW Dyadic Trade v4.0."""
    trade = read_rda(files[TRADE_FILE], TRADE_ROWS)
    codes = country_codes(read_rda(files[STATES_FILE], STATES_ROWS)).set_index("ccode").code
    ranked = rank(directed(trade))
    unknown = sorted(set(ranked.reporter.unique()) - set(codes.index))
    if unknown:
        raise UpstreamError(f"{files[TRADE_FILE]}: COW state numbers {unknown} are not in {STATES_FILE}: "
                         "the two files are from different versions; download both from their origin.yaml URLs")
    out = pd.DataFrame({
        "reporter": ranked.reporter.map(codes).to_numpy(object),
        "partner": ranked.partner.map(codes).to_numpy(object),
        "year": ranked.year.to_numpy("int64"),
        "rank": ranked["rank"].to_numpy("int64"),
        "flow": ranked.flow.to_numpy(object),
        # Flows are whole millions in this file; rint guards against a float just under the integer.
        "value_usd": np.rint(ranked.value.to_numpy("float64") * 1_000_000).astype("int64"),
        "share": ranked.share.to_numpy("float64"),
        "ccode": ranked.reporter.to_numpy("int64"),
    })
    # A total order (the natural key plus rank) so that two runs give identical tables.
    out["flow_order"] = out.flow.map({f: i for i, f in enumerate(FLOWS)})
    out = out.sort_values(["reporter", "year", "flow_order", "rank", "partner"], kind="stable", ignore_index=True)
    rows = pa.Table.from_pandas(out[SCHEMA.names], schema=SCHEMA, preserve_index=False)
    # Rank and share rest on all of the reporter's dyads in that year.
    selection = pc.binary_join_element_wise(
        "year = ", pc.cast(rows["year"], pa.string()), " AND ",
        pc.cast(pa.array(out.ccode.to_numpy()), pa.string()), " IN (ccode1, ccode2)", "")
    yield Imported("trade_partner_ranks", rows, selection.combine_chunks() if isinstance(selection, pa.ChunkedArray) else selection,
                   COMPUTATION, TRADE_FILE)
