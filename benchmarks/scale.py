"""Scale benchmarks: wall time and peak memory of each pipeline stage beside a floor measured
in the same run, at several sizes, and the growth from one size to the next.

    python benchmarks/scale.py --quick                          # smoke run: 1e3 records, 10 MB
    python benchmarks/scale.py --sizes 1e3,1e5 --corpus-mb 10,100 --json benchmarks/results.json
    python benchmarks/scale.py --sizes 1e6 --corpus-mb 0 --json benchmarks/results.json   # adds to it

For each size, benchmarks/generate.py writes a synthetic raw/ (reused from --work when it is
already there). Every stage runs in a fresh subprocess that imports what it needs, loads its
input (untimed), then times the stage alone and reports its peak RSS (getrusage of itself,
read right after the timed part; of its worker processes too for extraction):

  validate      check(raw): read the inputs, locate quotes, validate (the validated
                dataset is then pickled for the stages below, untimed)
  to_arrow      release.to_arrow of every table
  parquet       to_arrow + write_parquet of every table, as write_release does
  csv           to_arrow + write_csv of every table, as write_release does (DuckDB COPY)
  duckdb        to_arrow + write_duckdb
  release       write_release: all formats, datapackage, codebook, sha256 manifest, fsync
  build         release.build(raw): the whole command (the build never runs the extractor)
                (--no-full-build skips it; it has a time limit, --stage-timeout)
  load          relations_data.load(<largest table>) of the release written above
  floors        DuckDB's own COPY ... TO Parquet (zstd) and to CSV of the same Arrow tables,
                CREATE TABLE AS into a DuckDB file, and pandas.read_parquet of the same file

Extraction (--corpus-mb): extract_paths over a generated corpus with every core (and with one
worker, extract_1), beside one compiled-regex pass over the same files in one process (read,
decode, lower-case, the extractor's keywords as one alternation); MB/s and MB/s per core.

Figures are printed as tables; --json FILE saves them, merged with what FILE already holds,
so sizes can be run as separate commands. Growth is time(10x data) / time(1x data), from
consecutive sizes scaled to one factor of 10 ((t2/t1) ** (1 / log10(n2/n1))).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import pickle
import platform
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

RECORD_STAGES = ["validate", "to_arrow", "parquet", "csv", "duckdb", "release", "build",
                 "floor_parquet", "floor_csv", "floor_duckdb", "load", "floor_load"]
REPEATED = {"load", "floor_load"}  # cheap and noisy: best of --load-repeat
FLOOR_OF = {"parquet": "floor_parquet", "csv": "floor_csv", "duckdb": "floor_duckdb",
            "release": "floor_release", "load": "floor_load"}
MB = 1e6


# ------------------------------------------------------------------------------------------
# Inside a stage's subprocess


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB


def _peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss * 1024 / MB  # ru_maxrss is in KiB on Linux


def _dataset(work: Path):
    with open(work / "dataset.pkl", "rb") as fh:
        return pickle.load(fh)


def _arrow_tables(ds):
    from relations_data.release import to_arrow

    return {name: to_arrow(ds.frames[name], ds.schemas[name], ds.version) for name in ds.schemas}


def _largest(work: Path) -> str:
    return json.loads((work / "facts.json").read_text())["largest_table"]


def run_stage(stage: str, work: Path, corpus: Path | None) -> dict:
    """Set up (untimed), run the stage (timed), return its figures."""
    import duckdb  # noqa: F401  (imported by every stage, so baselines compare)
    import pandas as pd
    import pyarrow.parquet as pq  # noqa: F401

    from relations_data import release
    from relations_data.validate import check

    out: dict = {}
    raw = work / "raw"
    rel_dir = work / "releases" / "1.0.0"
    ds = arrow = paths = None
    if stage in ("to_arrow", "parquet", "csv", "duckdb", "release", "floor_parquet", "floor_csv", "floor_duckdb"):
        ds = _dataset(work)
    if stage.startswith("floor_") and stage not in ("floor_load", "floor_extract"):
        arrow = _arrow_tables(ds)
    if stage in ("extract", "extract_1", "floor_extract"):
        paths = sorted(corpus.glob("doc_*.txt"))
        out["bytes"] = sum(p.stat().st_size for p in paths)
    target = work / f"out-{stage}"
    if target.exists():
        import shutil

        shutil.rmtree(target)
    target.mkdir(parents=True)
    rss_start = _rss_mb()
    t0 = time.perf_counter()

    if stage == "baseline":
        pass
    elif stage == "validate":
        ds = check(raw)
    elif stage == "to_arrow":
        _arrow_tables(ds)
    elif stage == "parquet":
        for name, table in ds.schemas.items():
            release.write_parquet(release.to_arrow(ds.frames[name], table, ds.version), target / f"{name}.parquet")
    elif stage == "csv":
        for name, table in ds.schemas.items():
            release.write_csv(release.to_arrow(ds.frames[name], table, ds.version), table, target / f"{name}.csv")
    elif stage == "duckdb":
        release.write_duckdb(_arrow_tables(ds).items(), ds, target / "relations.duckdb")
    elif stage == "release":
        if rel_dir.exists():
            import shutil

            shutil.rmtree(rel_dir)
        release.write_release(ds, rel_dir)
    elif stage == "build":
        result = release.build(raw, target)
        out["rows"] = result.rows
    elif stage in ("floor_parquet", "floor_csv", "floor_duckdb"):
        import duckdb

        con = duckdb.connect(str(target / "floor.duckdb") if stage == "floor_duckdb" else ":memory:")
        for name, table in arrow.items():
            con.register("incoming", table)
            if stage == "floor_parquet":
                con.execute(f"COPY (SELECT * FROM incoming) TO '{target / name}.parquet' (FORMAT parquet, COMPRESSION zstd)")
            elif stage == "floor_csv":
                con.execute(f"COPY (SELECT * FROM incoming) TO '{target / name}.csv' (FORMAT csv, HEADER)")
            else:
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
            con.unregister("incoming")
        if stage == "floor_duckdb":
            con.execute("CHECKPOINT")
        con.close()
    elif stage == "load":
        table = _largest(work)
        try:
            from relations_data.loader import load
            out["loader"] = "relations_data.loader.load"
        except ImportError:  # not written yet: what it would do
            out["loader"] = "pyarrow->pandas (relations_data.loader.load not importable)"

            def load(name):
                return pq.read_table(rel_dir / "parquet" / f"{name}.parquet").to_pandas()
        frame = load(table)
        out["rows"] = len(frame)
    elif stage == "floor_load":
        frame = pd.read_parquet(rel_dir / "parquet" / f"{_largest(work)}.parquet")
        out["rows"] = len(frame)
    elif stage in ("extract", "extract_1"):
        from relations_data.extract import extract_paths

        errors: list = []
        workers = 1 if stage == "extract_1" else os.cpu_count()
        out["candidates"] = sum(1 for _ in extract_paths(paths, workers=workers, on_error=lambda p, m: errors.append(m)))
        out["errors"] = len(errors)
        out["workers"] = workers
    elif stage == "floor_extract":
        import re

        from relations_data.extract.patterns import _KEYWORDS

        # Case-insensitive by lower-casing: CPython's re with re.I is about 5x slower on this
        # alternation, and a floor should be the fastest single pass.
        rx = re.compile(_KEYWORDS)
        hits = 0
        for p in paths:
            hits += sum(1 for _ in rx.finditer(p.read_bytes().decode("utf-8").lower()))
        out["hits"] = hits
    else:
        raise SystemExit(f"unknown stage {stage}")

    out["seconds"] = time.perf_counter() - t0
    out["peak_mb"] = _peak_mb()
    out["rss_start_mb"] = rss_start
    out["children_peak_mb"] = _peak_mb(resource.RUSAGE_CHILDREN)
    if stage == "validate":  # untimed: facts about the data, and the dataset for later stages
        frames = ds.frames
        out["data_mb"] = sum(float(f.memory_usage(deep=True).sum()) for f in frames.values()) / MB
        out["rows"] = {k: len(v) for k, v in frames.items()}
        facts = {"data_mb": out["data_mb"], "rows": out["rows"],
                 "largest_table": max(out["rows"], key=out["rows"].get),
                 "raw_mb": sum(p.stat().st_size for p in raw.rglob("*") if p.is_file()) / MB}
        (work / "facts.json").write_text(json.dumps(facts))
        for source in ds.sources.values():  # the texts are not used past validation
            source.text, source._normalised = None, None
        with open(work / "dataset.pkl", "wb") as fh:
            pickle.dump(ds, fh, protocol=pickle.HIGHEST_PROTOCOL)
    import shutil

    shutil.rmtree(target, ignore_errors=True)
    return out


# ------------------------------------------------------------------------------------------
# The driver


def spawn(stage: str, work: Path, corpus: Path | None, timeout: float) -> dict:
    """Run one stage in a fresh interpreter; its figures, or {'error': ...}."""
    result = work / f"result-{stage}.json"
    result.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--stage", stage, "--work", str(work)]
    if corpus:
        cmd += ["--corpus", str(corpus)]
    env = dict(os.environ, RELATIONS_DATA_MAX_FILE_BYTES=str(10**12), RELATIONS_DATA_RELEASES=str(work / "releases"))
    proc = subprocess.Popen(cmd, cwd=work, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    rusage = None
    while True:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)  # the stage and its workers: a group we started
            os.wait4(proc.pid, 0)
            proc.returncode = -9
            return {"error": f"timeout after {timeout:.0f} s"}
        time.sleep(0.05)
    log = proc.stdout.read().decode("utf-8", "replace")
    if proc.returncode != 0 or not result.exists():
        return {"error": f"exit {proc.returncode}: {log.strip().splitlines()[-1] if log.strip() else ''}"}
    figures = json.loads(result.read_text())
    figures["wait4_maxrss_mb"] = rusage.ru_maxrss * 1024 / MB
    return figures


def best(runs: list[dict]) -> dict:
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return runs[0]
    top = dict(min(ok, key=lambda r: r["seconds"]))
    top["runs"] = [round(r["seconds"], 4) for r in ok]
    return top


def records_point(n: int, args, previous: dict | None = None) -> dict:
    from generate import generate

    work = args.work / f"records-{n}"
    # --stages re-measures some stages and keeps the figures of the others
    point: dict = dict(previous or {}) if args.stages else {}
    point["records"] = n
    marker = work / ".generated"
    if not marker.exists():
        import shutil

        shutil.rmtree(work, ignore_errors=True)
        t0 = time.perf_counter()
        generate(work, n, seed=args.seed)
        point["generate_seconds"] = time.perf_counter() - t0
        marker.write_text("")
    stages = [s for s in RECORD_STAGES if not (s == "build" and args.no_full_build)]
    if args.stages:
        stages = [s for s in stages if s in args.stages.split(",")]
    stages = ["baseline"] + stages
    for stage in stages:
        repeat = args.load_repeat if stage in REPEATED else 1
        runs = []
        for _ in range(repeat):
            runs.append(spawn(stage, work, None, args.stage_timeout))
            if "error" in runs[-1]:
                break
        point[stage] = best(runs)
        fig = point[stage]
        shown = fig.get("error") or f"{fig['seconds']:.3f} s, peak {fig['peak_mb']:.0f} MB"
        print(f"  {n:>9,} records  {stage:<14} {shown}", flush=True)
        if stage == "validate" and "error" in fig:
            break
    facts = work / "facts.json"
    if facts.exists():
        point.update({k: v for k, v in json.loads(facts.read_text()).items()})
    fl = [point.get(s, {}).get("seconds") for s in ("floor_parquet", "floor_csv", "floor_duckdb")]
    if all(v is not None for v in fl):
        point["floor_release"] = {"seconds": sum(fl)}
    if not args.keep:
        for stale in ("dataset.pkl",):
            (work / stale).unlink(missing_ok=True)
    return point


def corpus_point(mb: float, args) -> dict:
    from generate import generate_corpus

    corpus = args.work / f"corpus-{mb:g}MB"
    t0 = time.perf_counter()
    paths = generate_corpus(corpus, mb, seed=args.seed)
    point: dict = {"megabytes": mb, "generate_seconds": time.perf_counter() - t0, "files": len(paths)}
    for stage in ("extract", "extract_1", "floor_extract"):
        point[stage] = spawn(stage, corpus, corpus, args.stage_timeout)
        fig = point[stage]
        if "error" not in fig:
            fig["mb_per_s"] = fig["bytes"] / MB / fig["seconds"]
            workers = fig.get("workers", 1)
            fig["mb_per_s_per_core"] = fig["mb_per_s"] / workers
        shown = fig.get("error") or f"{fig['seconds']:.2f} s, {fig['mb_per_s']:.2f} MB/s"
        print(f"  {mb:>7g} MB corpus  {stage:<14} {shown}", flush=True)
    return point


def machine() -> dict:
    import duckdb
    import pandas
    import pandera
    import pyarrow
    import yaml

    mem = next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split()[1]
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    return {"date": dt.datetime.now().isoformat(timespec="seconds"), "nproc": os.cpu_count(), "cpu": cpu,
            "memory_gb": round(int(mem) / 1024**2, 1), "python": platform.python_version(),
            "pandas": pandas.__version__, "pyarrow": pyarrow.__version__, "duckdb": duckdb.__version__,
            "pandera": pandera.__version__, "pyyaml": yaml.__version__, "libyaml": yaml.__with_libyaml__,
            "loadavg_at_start": os.getloadavg()}


# ------------------------------------------------------------------------------------------
# Report


def _growth(t1: float | None, t2: float | None, n1: float, n2: float) -> float | None:
    if not t1 or not t2 or n2 <= n1:
        return None
    return (t2 / t1) ** (1 / math.log10(n2 / n1))


def _f(x, fmt="{:.2f}") -> str:
    return "—" if x is None else fmt.format(x)


def report(results: dict) -> str:
    lines = []
    points = sorted(results.get("records", {}).values(), key=lambda p: p["records"])
    if points:
        base = {p["records"]: p.get("baseline", {}).get("peak_mb") for p in points}
        lines.append("Records: wall time s | peak RSS MB (peak - import baseline, / in-memory data) | x floor (same run)")
        header = f"{'stage':<14}" + "".join(f"| {p['records']:>11,} records{'':<29}" for p in points)
        lines += [header, "-" * len(header)]
        lines.append(f"{'data MB':<14}" + "".join(
            f"| in memory {_f(p.get('data_mb'), '{:.1f}'):>8}, raw files {_f(p.get('raw_mb'), '{:.1f}'):>8}{'':<15}" for p in points))
        for stage in RECORD_STAGES + ["floor_release"]:
            cells = []
            for p in points:
                fig = p.get(stage)
                if not fig:
                    cells.append(f"| {'':<40}")
                    continue
                if "error" in fig:
                    cells.append(f"| {fig['error'][:40]:<40}")
                    continue
                s = fig["seconds"]
                cell = f"{s:>9.3f} s"
                if "peak_mb" in fig:
                    over = fig["peak_mb"] - (base[p["records"]] or 0)
                    ratio = over / p["data_mb"] if p.get("data_mb") else None
                    cell += f" {fig['peak_mb']:>6.0f} MB ({_f(ratio, '{:.1f}'):>5}x)"
                else:
                    cell += " " * 20
                floor = p.get(FLOOR_OF.get(stage, ""), {})
                if floor and "seconds" in floor:
                    cell += f" {s / floor['seconds']:>5.1f}xF"
                cells.append(f"| {cell:<40}")
            lines.append(f"{stage:<14}" + "".join(cells))
        if len(points) > 1:
            lines += ["", "Growth of wall time per 10x records (time at 10x / time at 1x; consecutive sizes):"]
            pairs = list(zip(points, points[1:]))
            header = f"{'stage':<14}" + "".join(f"| {a['records']:>9,} -> {b['records']:>9,} " for a, b in pairs)
            lines += [header, "-" * len(header)]
            for stage in RECORD_STAGES + ["floor_release"]:
                cells = [f"| {_f(_growth(a.get(stage, {}).get('seconds'), b.get(stage, {}).get('seconds'), a['records'], b['records'])):>23} "
                         for a, b in pairs]
                lines.append(f"{stage:<14}" + "".join(cells))
    corpora = sorted(results.get("corpus", {}).values(), key=lambda p: p["megabytes"])
    if corpora:
        lines += ["", "Extraction: extract_paths with every core vs one compiled-regex pass in one process "
                  "(x floor = regex MB/s / extractor MB/s per core)"]
        header = (f"{'corpus MB':>10} {'files':>6} | {'extract s':>9} {'MB/s':>7} {'MB/s/core':>9} {'peak MB (worker)':>16} "
                  f"| {'1 worker MB/s':>13} | {'regex s':>8} {'MB/s':>7} | {'x floor':>7} {'growth/10x':>10}")
        lines += [header, "-" * len(header)]
        prev = None
        for c in corpora:
            e, f = c.get("extract", {}), c.get("floor_extract", {})
            if "error" in e or "error" in f:
                lines.append(f"{c['megabytes']:>10g} {c['files']:>6} | {e.get('error') or f.get('error')}")
                continue
            g = _growth(prev["extract"]["seconds"], e["seconds"], prev["megabytes"], c["megabytes"]) if prev else None
            lines.append(f"{c['megabytes']:>10g} {c['files']:>6} | {e['seconds']:>9.2f} {e['mb_per_s']:>7.2f} "
                         f"{e['mb_per_s_per_core']:>9.2f} {e['peak_mb']:>6.0f} ({e['children_peak_mb']:>6.0f}) "
                         f"| {_f(c.get('extract_1', {}).get('mb_per_s')):>13} "
                         f"| {f['seconds']:>8.2f} {f['mb_per_s']:>7.2f} | {f['mb_per_s'] / e['mb_per_s_per_core']:>7.1f} {_f(g):>10}")
            prev = c
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1e3,1e5,1e6", help="record counts, comma-separated (0 or '' for none)")
    ap.add_argument("--corpus-mb", default="10,100,1000", help="extraction corpus sizes in MB (0 for none)")
    ap.add_argument("--quick", action="store_true", help="smoke run: 1e3 records and a 10 MB corpus")
    ap.add_argument("--json", type=Path, help="save the figures here (merged with the file's)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/relations-scale"), help="generated data (reused)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--load-repeat", type=int, default=3, help="best of N for load and read_parquet")
    ap.add_argument("--stage-timeout", type=float, default=1800.0, help="seconds before a stage is stopped")
    ap.add_argument("--no-full-build", action="store_true", help="skip release.build() (check with extraction)")
    ap.add_argument("--keep", action="store_true", help="keep the pickled dataset of each size")
    ap.add_argument("--report", action="store_true", help="only print the tables of --json")
    ap.add_argument("--stages", help="only these record stages, e.g. load,floor_load (needs an earlier full run "
                                     "of the size in --work; other figures are kept from --json)")
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.stage:
        work = Path(args.work)
        figures = run_stage(args.stage, work, args.corpus)
        (work / f"result-{args.stage}.json").write_text(json.dumps(figures))
        return 0

    results: dict = {"records": {}, "corpus": {}}
    if args.json and args.json.exists():
        results = json.loads(args.json.read_text())
    if args.report:
        print(report(results))
        return 0
    sizes = [int(float(s)) for s in ("1e3" if args.quick else args.sizes).split(",") if s.strip() and float(s) > 0]
    corpora = [float(s) for s in ("10" if args.quick else args.corpus_mb).split(",") if s.strip() and float(s) > 0]
    args.work.mkdir(parents=True, exist_ok=True)
    results["machine"] = machine()
    print(f"machine: {results['machine']}", flush=True)
    for n in sizes:
        results["records"][str(n)] = records_point(n, args, results["records"].get(str(n)))
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
    for mb in corpora:
        results["corpus"][f"{mb:g}"] = corpus_point(mb, args)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
    print()
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
