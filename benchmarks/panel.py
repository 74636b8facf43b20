"""Computing the dyad-year panel for every dyad-year, beside a DuckDB GROUP BY floor.

    python benchmarks/panel.py                          # the working release, build/1.2.0
    python benchmarks/panel.py --records 10000 100000 1000000

The release: relations_data.dyad_panel.compute() over its published tables, by year and by
month. Synthetic: N records spread over the indicator tables like benchmarks/generate.py's
SHARES, between 60 states, 1950-2018, with coverage as explicit dyad rows for every dyad
used (3,540 dyads x 69 years = 244,260 dyad-years), built directly as frames (validation is
measured by scale.py, not here). A tenth of the recalls have no return date, so they run to
the end of coverage, like every tariff in effect.

Floor: DuckDB (in memory, over the same frames as Arrow) computes each indicator table's
GROUP BY actor, target, year (count, max, min, sum, bool_or) and nothing else: no coverage
expansion, no zero/missing rule, no periods for spans. The panel cannot be faster than it.
Each figure is the best of --repeat runs (seconds, wall clock).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from relations_data import dyad_panel  # noqa: E402

SHARES = {"events": 0.30, "diplomatic_recalls": 0.15, "tariff_threats": 0.15, "trade_partner_ranks": 0.15,
          "tariffs_imposed": 0.12, "decertifications": 0.10}
FIRST_YEAR, LAST_YEAR, STATES = 1950, 2018, 60

FLOOR_SQL = {
    "diplomatic_recalls": "SELECT actor, target, year(event_date) y, count(*) FROM diplomatic_recalls GROUP BY ALL",
    "tariff_threats": "SELECT actor, target, year(event_date) y, count(*), max(greatest(rate_pct, escalation_rate_pct)) FROM tariff_threats GROUP BY ALL",
    "tariffs_imposed": "SELECT actor, target, year(effective_date) y, max(rate_pct) FROM tariffs_imposed GROUP BY ALL",
    "decertifications": "SELECT actor, target, year(event_date) y, bool_or(status = 'decertified'), bool_or(waiver) FROM decertifications GROUP BY ALL",
    "trade_partner_ranks": "SELECT reporter, partner, year, flow, min(rank) FROM trade_partner_ranks GROUP BY ALL",
    "events": "SELECT actor, target, year(event_date) y, cameo_code[1:2], count(*), sum(goldstein) FROM events GROUP BY ALL",
}


def synthetic(n: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    codes = [f"S{i:02d}" for i in range(STATES)]
    countries = pd.DataFrame({"iso_alpha3": codes, "cow_code": np.arange(2, 2 + STATES)}).astype({"iso_alpha3": "string", "cow_code": "Int64"})
    dyads = [(a, t) for a in codes for t in codes if a != t]
    frames = {"countries": countries}
    for table, share in SHARES.items():
        m = int(n * share)
        pick = rng.integers(0, len(dyads), m)
        actor = pd.array([dyads[i][0] for i in pick], dtype="string")
        target = pd.array([dyads[i][1] for i in pick], dtype="string")
        days = rng.integers(0, (LAST_YEAR - FIRST_YEAR + 1) * 365 - 40, m)
        date = pd.Series(np.datetime64(f"{FIRST_YEAR}-01-01") + days.astype("timedelta64[D]")).astype("datetime64[s]")
        ids = pd.array([f"{table[:3]}-{i}" for i in range(m)], dtype="string")
        f = pd.DataFrame({"record_id": ids, "actor": actor, "target": target, "event_date": date})
        if table == "diplomatic_recalls":
            back = date + pd.to_timedelta(rng.integers(1, 40, m), unit="D")
            f["return_date"] = back.where(rng.random(m) > 0.1)
        elif table == "tariff_threats":
            f["rate_pct"] = pd.array(rng.integers(5, 100, m).astype(float), dtype="Float64")
            f["escalation_rate_pct"] = pd.array(np.where(rng.random(m) < 0.3, 150.0, np.nan), dtype="Float64")
        elif table == "tariffs_imposed":
            f["effective_date"] = date
            f["rate_pct"] = pd.array(rng.integers(1, 50, m).astype(float), dtype="Float64")
        elif table == "decertifications":
            f["status"] = pd.array(np.where(rng.random(m) < 0.7, "decertified", "certified"), dtype="string")
            f["waiver"] = pd.array(rng.random(m) < 0.5, dtype="boolean")
        elif table == "trade_partner_ranks":
            f = f.rename(columns={"actor": "reporter", "target": "partner"}).drop(columns="event_date")
            f["year"] = pd.array(date.dt.year, dtype="Int64")
            f["flow"] = pd.array(rng.choice(["exports", "imports", "total"], m), dtype="string")
            f["rank"] = pd.array(rng.integers(1, 60, m), dtype="Int64")
            f = f.drop_duplicates(["reporter", "partner", "year", "flow"])
        elif table == "events":
            f["cameo_code"] = pd.array([f"{c:02d}0" for c in rng.integers(1, 21, m)], dtype="string")
            f["goldstein"] = pd.array(rng.uniform(-10, 10, m).round(1), dtype="Float64")
        frames[table] = f
    frames["coverage"] = pd.DataFrame([
        {"table_name": t, "actor": a, "target": b, "first_year": FIRST_YEAR, "last_year": LAST_YEAR}
        for t in SHARES for a, b in dyads])
    return frames


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def floor(frames: dict[str, pd.DataFrame]) -> None:
    import duckdb

    con = duckdb.connect()
    for table in FLOOR_SQL:
        con.register(table, frames[table])
    for sql in FLOOR_SQL.values():
        con.sql(sql).fetchall()
    con.close()


def measure(label: str, frames: dict[str, pd.DataFrame], repeat: int, month: bool) -> dict:
    spec = dyad_panel.load_spec()
    records = sum(len(frames[t]) for t in FLOOR_SQL if t in frames)
    year_s, panel = best(lambda: dyad_panel.compute(frames, spec, "year"), repeat)
    floor_s, _ = best(lambda: floor(frames), repeat)
    point = {"label": label, "records": records, "dyad_years": len(panel), "panel_year_s": round(year_s, 4),
             "floor_groupby_s": round(floor_s, 4), "ratio": round(year_s / floor_s, 1)}
    if month:
        month_s, monthly = best(lambda: dyad_panel.compute(frames, spec, "month"), repeat)
        point.update(dyad_months=len(monthly), panel_month_s=round(month_s, 4))
    print(json.dumps(point), flush=True)
    return point


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="*", default=[], help="Synthetic sizes to measure as well.")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--month", action="store_true", help="Also time the monthly panel on synthetic data.")
    parser.add_argument("--out", type=Path, default=None, help="Write the results as JSON here.")
    args = parser.parse_args()
    os.environ.setdefault("RELATIONS_DATA_RELEASES", str(REPO / "build"))
    results = [measure("release 1.2.0", dyad_panel.release_frames("1.2.0"), args.repeat, True)]
    for n in args.records:
        results.append(measure(f"synthetic {n}", synthetic(n), args.repeat if n < 1_000_000 else 1, args.month))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
