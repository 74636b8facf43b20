"""The COW importers run on the real upstream files (shared/imports/peacesciencer-3db24a5, or
the folder RELATIONS_DATA_IMPORTS names): ranks checked against plain DuckDB SQL over the same
data, spot checks a user can repeat, clean failures on damaged files, determinism."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pycountry
import pytest
import yaml

from raw_fixtures import raw_dir, write_reference  # noqa: F401  (raw_dir is a fixture)
from relations_data.errors import DataError
from relations_data.inputs.imports import cow_states, cow_trade
from relations_data.validate import check
from relations_data.inputs.imports.cow_states import UpstreamError, declared_states, read_rda

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("RELATIONS_DATA_IMPORTS", REPO.parent / "shared" / "imports"))


def files(origin: str, folder: Path = DATA) -> dict[str, Path]:
    """The files an import's origin.yaml names, found in `folder` as the build finds them."""
    declared = yaml.safe_load((REPO / "raw" / "imports" / origin / "origin.yaml").read_text(encoding="utf-8"))
    return {f["name"]: next(p for p in [folder / f["name"], *folder.glob(f"*/{f['name']}")] if p.is_file())
            for f in declared["files"]}


@pytest.fixture(scope="module")
def trade():
    return next(cow_trade.read(files("cow_trade")))


@pytest.fixture(scope="module")
def countries() -> pd.DataFrame:
    return next(cow_states.read(files("cow_states"))).rows.to_pandas()


# ---- trade_partner_ranks ---------------------------------------------------------------

SQL = """
WITH dyads AS (
    SELECT ccode1 AS reporter, ccode2 AS partner, year, flow2 AS exports, flow1 AS imports FROM trade
    UNION ALL
    SELECT ccode2, ccode1, year, flow1, flow2 FROM trade
), long AS (
    SELECT reporter, partner, year, 'exports' AS flow, exports AS value FROM dyads
    UNION ALL SELECT reporter, partner, year, 'imports', imports FROM dyads
    UNION ALL SELECT reporter, partner, year, 'total', imports + exports FROM dyads
)
SELECT reporter::BIGINT AS reporter, partner::BIGINT AS partner, year::BIGINT AS year, flow,
       RANK() OVER w AS rank, (value * 1000000)::BIGINT AS value_usd, value / SUM(value) OVER p AS share
FROM long WHERE value > 0 AND reporter = ? AND year = ?
WINDOW w AS (PARTITION BY reporter, year, flow ORDER BY value DESC),
       p AS (PARTITION BY reporter, year, flow)
"""


def reporter_years() -> list[tuple[int, int]]:
    """Named cases plus a fixed random sample of the file's reporter-years."""
    named = [(100, 2014), (2, 2014), (710, 1995), (255, 1913), (200, 1870), (345, 1980), (365, 1950)]
    frame = read_rda(files("cow_trade")["cow_trade_ndy.rda"])
    pairs = sorted(set(zip(frame.ccode1.astype(int), frame.year.astype(int))) | set(zip(frame.ccode2.astype(int), frame.year.astype(int))))
    return named + random.Random(14).sample(pairs, 40)


def test_ranks_match_duckdb_sql(trade, countries):
    """Every rank, value and share of sampled reporter-years equals a DuckDB window query's."""
    code = dict(zip(countries.cow_code, countries.iso_alpha3))
    ours = trade.rows.to_pandas()
    con = duckdb.connect()
    con.register("trade", read_rda(files("cow_trade")["cow_trade_ndy.rda"]))
    checked = 0
    for ccode, year in reporter_years():
        theirs = con.execute(SQL, [ccode, year]).df()
        theirs = theirs.assign(reporter=theirs.reporter.map(code), partner=theirs.partner.map(code))
        mine = ours[(ours.reporter == code[ccode]) & (ours.year == year)]
        key = ["flow", "partner"]
        a = mine.sort_values(key).reset_index(drop=True)[["partner", "flow", "rank", "value_usd"]]
        b = theirs.sort_values(key).reset_index(drop=True)[["partner", "flow", "rank", "value_usd"]]
        pd.testing.assert_frame_equal(a.astype({"rank": "int64"}), b.astype({"rank": "int64"}), check_dtype=False,
                                      obj=f"ranks of {ccode} in {year}")
        assert mine.sort_values(key).share.to_numpy() == pytest.approx(theirs.sort_values(key).share.to_numpy(), rel=1e-12)
        checked += len(a)
    assert checked > 5_000  # the sample is not trivially small (7,797 rows)


def test_colombia_first_import_partner_2014(trade):
    """The README's spot check: Colombia's largest source of imports in 2014."""
    rows = trade.rows.to_pandas()
    first = rows[(rows.reporter == "COL") & (rows.year == 2014) & (rows.flow == "imports") & (rows["rank"] == 1)]
    assert first[["partner", "value_usd"]].values.tolist() == [["USA", 18_256_000_000]]
    assert first.share.iloc[0] == pytest.approx(0.293, abs=5e-4)


def test_rank_rules(trade):
    """Ties share the smallest rank; no zero or missing value is ranked; shares sum to 1."""
    rows = trade.rows.to_pandas()
    assert rows.value_usd.min() > 0 and rows.value_usd.notna().all()
    groups = rows.groupby(["reporter", "year", "flow"])
    assert groups.share.sum().to_numpy() == pytest.approx(1.0, abs=1e-9)
    tied = rows[rows.duplicated(["reporter", "year", "flow", "value_usd"], keep=False)]
    assert len(tied) > 0 and (tied.groupby(["reporter", "year", "flow", "value_usd"])["rank"].nunique() == 1).all()
    # min-rank: a rank r is preceded by exactly r - 1 larger partners
    larger = groups.value_usd.rank(method="min", ascending=False).astype("int64")
    assert (larger == rows["rank"]).all()
    assert set(rows.flow) == {"exports", "imports", "total"} and rows.year.between(1870, 2014).all()


def test_selection_names_the_upstream_rows(trade, countries):
    """Each row's selection picks the reporter's dyads in that year, which rank and share rest on."""
    assert len(trade.selection) == trade.rows.num_rows
    ccode = dict(zip(countries.iso_alpha3, countries.cow_code))
    rows = trade.rows.to_pandas()
    for i in random.Random(14).sample(range(len(rows)), 200):
        expected = f"year = {rows.year[i]} AND {ccode[rows.reporter[i]]} IN (ccode1, ccode2)"
        assert trade.selection[i].as_py() == expected
    assert trade.upstream_file == "cow_trade_ndy.rda" and trade.table == "trade_partner_ranks"


def test_two_runs_give_identical_tables(trade, tmp_path):
    """A second run gives the same table, and the same Parquet bytes."""
    import pyarrow.parquet as pq

    again = next(cow_trade.read(files("cow_trade")))
    assert again.rows.equals(trade.rows) and again.selection.equals(trade.selection)
    pq.write_table(trade.rows, tmp_path / "a.parquet")
    pq.write_table(again.rows, tmp_path / "b.parquet")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


def test_rows_match_the_declared_schema(trade):
    from relations_data.schema import load_schemas

    table = load_schemas()["trade_partner_ranks"]
    coded = [c.name for c in table.columns if c.name not in ("record_id", "method", "confidence", "disputed_columns", "notes")]
    assert trade.rows.column_names == coded
    assert trade.rows["rank"].to_numpy().max() <= table.column("rank").max


# ---- damaged upstream files ----------------------------------------------------------------

def test_truncated_row_count_fails_in_one_line(tmp_path):
    """A copy with fewer rows than documented stops with one line naming the file and the fix."""
    import rdata

    folder = tmp_path / "data"
    folder.mkdir()
    frame = read_rda(files("cow_trade")["cow_trade_ndy.rda"]).iloc[:-1000]
    rdata.write_rda(folder / "cow_trade_ndy.rda", {"cow_trade_ndy": frame})
    shutil.copy(files("cow_trade")["cow_states.rda"], folder / "cow_states.rda")
    with pytest.raises(UpstreamError) as err:
        next(cow_trade.read(files("cow_trade", folder)))
    message = str(err.value)
    assert "\n" not in message and "cow_trade_ndy.rda" in message and "672,654 rows" in message
    assert "673,654" in message and "download it again" in message


@pytest.mark.parametrize("damage", ["cut", "garbage"])
def test_damaged_file_fails_in_one_line(tmp_path, damage):
    data = files("cow_states")["cow_states.rda"].read_bytes()
    path = tmp_path / "cow_states.rda"
    path.write_bytes(data[: len(data) // 2] if damage == "cut" else b"not an R file\n" * 10)
    with pytest.raises(UpstreamError) as err:
        read_rda(path)
    assert "\n" not in str(err.value) and str(path) in str(err.value) and "origin.yaml" in str(err.value)


# ---- countries ------------------------------------------------------------------------------

@pytest.mark.parametrize(("cow_code", "code", "basis"), [
    (2, "USA", "iso_3166_1"), (100, "COL", "iso_3166_1"), (710, "CHN", "iso_3166_1"), (150, "PRY", "iso_3166_1"),
    (255, "DEU", "iso_3166_1"), (260, "GFR", "cow"), (265, "DDR", "iso_3166_3"), (315, "CSK", "iso_3166_3"),
    (345, "SRB", "iso_3166_1"), (365, "RUS", "iso_3166_1"), (437, "CIV", "iso_3166_1"), (730, "XKO", "user"),
    (347, "XKX", "user"), (680, "YMD", "iso_3166_3"),
])
def test_country_codes(countries, cow_code, code, basis):
    row = countries[countries.cow_code == cow_code]
    assert row[["iso_alpha3", "code_basis"]].values.tolist() == [[code, basis]]


def test_every_cow_state_once_with_a_unique_code(countries):
    states = read_rda(files("cow_states")["cow_states.rda"])
    assert sorted(countries.cow_code) == sorted(set(states.ccode.astype(int)))
    assert countries.iso_alpha3.is_unique and countries.cow_code.is_unique
    current = {c.alpha_3 for c in pycountry.countries}
    iso = countries.code_basis == "iso_3166_1"
    assert countries[iso].iso_alpha3.isin(current).all() and not countries[~iso].iso_alpha3.isin(current).any()
    former = {c.alpha_3 for c in pycountry.historic_countries}
    assert countries[countries.code_basis == "iso_3166_3"].iso_alpha3.isin(former).all()
    assert set(declared_states()) <= set(countries.cow_code)


@pytest.mark.parametrize(("cow_code", "years", "gw"), [
    (2, "1816-2016", 2), (40, "1902-1906; 1909-2016", 40), (255, "1816-1945; 1990-2016", 260),
    (260, "1955-1990", 260), (511, "1963-1964", 511), (221, "1993-2016", None),  # Monaco: not in GW's list
])
def test_membership_years_and_gw_codes(countries, cow_code, years, gw):
    row = countries[countries.cow_code == cow_code].iloc[0]
    assert row.cow_years == years
    assert (pd.isna(row.gw_code) and gw is None) or row.gw_code == gw
    spells = [tuple(map(int, s.split("-"))) for s in years.split("; ")]
    last = None if spells[-1][1] == 2016 else spells[-1][1]  # a member at the list's end: no last year
    assert row.cow_first_year == spells[0][0] and (pd.isna(row.cow_last_year) if last is None else row.cow_last_year == last)


def test_trade_codes_are_countries_codes(trade, countries):
    codes = set(countries.iso_alpha3)
    assert set(trade.rows["reporter"].to_pylist()) <= codes and set(trade.rows["partner"].to_pylist()) <= codes


def test_trade_dyad_years_lie_in_membership_years(countries):
    """cow_years says which dyad-years exist: every dyad-year of the trade file is in both states' spells."""
    spells = [(c, int(s.split("-")[0]), int(s.split("-")[1])) for c, y in zip(countries.cow_code, countries.cow_years)
              for s in y.split("; ")]
    con = duckdb.connect()
    con.register("trade", read_rda(files("cow_trade")["cow_trade_ndy.rda"]))
    con.register("spells", pd.DataFrame(spells, columns=["ccode", "first", "last"]))
    outside = con.execute("""
        SELECT count(*) FROM trade t WHERE NOT EXISTS (
            SELECT 1 FROM spells a, spells b WHERE a.ccode = t.ccode1 AND b.ccode = t.ccode2
              AND t.year BETWEEN a.first AND a.last AND t.year BETWEEN b.first AND b.last)""").fetchone()[0]
    assert outside == 0


# ---- hand-coded and imported rows ---------------------------------------------------------------

def fixture_with_states(raw: Path) -> Path:
    shutil.copytree(REPO / "raw" / "imports" / "cow_states", raw / "imports" / "cow_states")
    return raw


def test_hand_coded_countries_that_agree_with_the_import_give_way_to_it(raw_dir):
    """The fixture's hand-coded USA, COL and CHN agree with the COW list: one row each, the
    imported one; an entity outside the list (NDB) is kept."""
    rows = yaml.safe_load((raw_dir / "reference" / "countries.yaml").read_text(encoding="utf-8"))["rows"]
    write_reference(raw_dir, "countries", rows + [{"iso_alpha3": "NDB"}])
    countries = check(fixture_with_states(raw_dir), imports_dir=DATA).frames["countries"]
    assert countries["iso_alpha3"].is_unique and "NDB" in set(countries["iso_alpha3"])
    usa = countries.set_index("iso_alpha3").loc["USA"]
    assert usa["cow_code"] == 2 and usa["cow_name"] == "United States of America"


def test_a_hand_coded_country_that_disagrees_is_one_problem(raw_dir):
    write_reference(raw_dir, "countries", [{"iso_alpha3": "PRY", "cow_code": 150, "cow_abbrev": "PRY"}])
    with pytest.raises(DataError) as caught:
        check(fixture_with_states(raw_dir), imports_dir=DATA)
    lines = [str(p) for p in caught.value.problems if "PRY" in str(p)]
    assert lines == [lines[0]] and "countries.yaml" in lines[0] and "column cow_abbrev: 'PRY' differs from import " \
        "cow_states's 'PAR'" in lines[0]
