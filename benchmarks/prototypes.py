"""Measured prototypes of the pipeline changes that benchmarks/README.md recommends.

Nothing in relations_data/ is changed: each prototype is applied by patching the module in a
fresh subprocess, then timed against the unpatched code on the same generated raw/, and its
output compared with the original's (same frames, same CSV bytes) where it claims to be exact.

    python benchmarks/prototypes.py --records 1e5 [--work /tmp/relations-scale]

Variants of check(raw, extract=False):
  as_is        the pipeline as it is
  display      coded._read_table_file names the file once, not once per record (display()
               resolves the path each call)
  normalise    sources.normalise without a per-character Python loop: whitespace runs folded
               with one regex, and the folded->original offsets kept as the runs' positions
               (bisect) instead of a list of one Python int per character
  hint         + the quote search starts where the previous quote of the same source was found
               (then wraps round): linear in the text instead of once per quote
  yaml         rawfiles.read_yaml builds the document from libyaml's parse events instead
               of composing a node graph first (stream_load; unusual YAML falls back)
  all          display + normalise + hint + yaml

Variants of check(raw, extract=True), the check that release.build() runs:
  extract_as_is    as it is
  extract_index    extracted._matching_records looks in a bucket of the records that share
                   the candidate's text/country key values instead of scanning them all
  extract_all      extract_index + all of the above

write_csv variants (--csv; needs the dataset.pkl that scale.py --keep leaves): as_is: the
release's writer (since applied: each cell formatted in SQL as csv_cell does, written by DuckDB's
COPY ... TO from the Arrow table, to_arrow included in the time); python: the writer it replaced,
columns formatted once each (vectorised), rows written by csv.writer.writerows in chunks;
reference: release.csv_reference, csv_cell and csv.writer row by row (up to 1e5 records).
Bytes compared with as_is.
--release: write_release as it is (time, peak and content hashes).
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


# ------------------------------------------------------------------------------------------
# Prototypes (what the pipeline would contain)

_RUNS = re.compile(r"\s{2,}")
_SPACE = re.compile(r"\s")


class Folded:
    """Folded text with a compact map back to the original offsets: only the runs of two or
    more white-space characters shift offsets, so keep (folded start, cumulative shift)."""

    __slots__ = ("text", "starts", "shifts")

    def __init__(self, text: str) -> None:
        from relations_data.sources import _FOLD

        starts, shifts, shift, parts, last = [], [], 0, [], 0
        for m in _RUNS.finditer(text):
            parts.append(text[last:m.start()])
            parts.append(" ")
            last = m.end()
            shift += m.end() - m.start() - 1
            starts.append(m.start() + 1 - (shift - (m.end() - m.start() - 1)))  # folded index after the run's space
            shifts.append(shift)
        parts.append(text[last:])
        self.text = _SPACE.sub(" ", "".join(parts)).translate(_FOLD)
        self.starts, self.shifts = starts, shifts

    def original(self, i: int) -> int:
        k = bisect.bisect_right(self.starts, i)
        return i + (self.shifts[k - 1] if k else 0)


def patched_locate(hint: bool):
    from relations_data import sources

    def locate(self, quote: str):
        if self.text is None:
            return None
        if self._normalised is None:
            self._normalised = Folded(self.text)
            self._hint = 0
        f = self._normalised
        needle = _fold_quote(quote)
        if not needle:
            return None
        if hint:
            at = f.text.find(needle, self._hint)
            if at < 0:
                at = f.text.find(needle, 0, self._hint + len(needle) - 1)
        else:
            at = f.text.find(needle)
        if at < 0:
            return None
        if hint:
            self._hint = at + len(needle)
        return f.original(at), f.original(at + len(needle) - 1) + 1

    sources.Source.locate = locate
    sources.Source._hint = 0


def _fold_quote(quote: str) -> str:
    from relations_data.sources import _FOLD

    return re.sub(r"\s+", " ", quote).translate(_FOLD).strip()


class _Fallback(Exception):
    """Something the streaming reader leaves to the full loader (anchors, aliases, merge keys,
    explicit tags, duplicate or complex keys, several documents): it re-reads the text, so
    results and error messages stay exactly the loader's."""


def stream_load(text: str):
    """rawfiles.read_yaml's yaml.load(text, Loader=_Loader), built straight from libyaml's
    parse events: no node graph (yaml.compose), so less time and memory. Same values, same
    LineDict line numbers; anything unusual goes to the full loader."""
    import yaml
    from yaml.events import (MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
                             SequenceStartEvent, StreamEndEvent, StreamStartEvent, DocumentStartEvent,
                             DocumentEndEvent)

    from relations_data.rawfiles import LineDict, _Loader

    resolvers = _Loader.yaml_implicit_resolvers
    wildcard = resolvers.get(None, [])
    constructor = _Loader("")
    builders = _Loader.yaml_constructors
    str_tag = "tag:yaml.org,2002:str"
    nokey = object()
    try:
        root, stack, docs = None, [], 0
        for ev in yaml.parse(text, Loader=yaml.CSafeLoader):
            cls = type(ev)
            if cls is ScalarEvent:
                if ev.anchor or (ev.tag not in (None, "!")):
                    raise _Fallback
                v = ev.value
                if ev.implicit[0]:
                    tag = str_tag
                    for t, rx in resolvers.get(v[:1], []) + wildcard if v else resolvers.get("", []) + wildcard:
                        if rx.match(v):
                            tag = t
                            break
                    if tag != str_tag:
                        if tag not in builders or tag == "tag:yaml.org,2002:merge":
                            raise _Fallback
                        v = builders[tag](constructor, yaml.ScalarNode(tag, v))
                value = v
            elif cls is MappingStartEvent:
                if ev.anchor or ev.tag not in (None, "!", "tag:yaml.org,2002:map"):
                    raise _Fallback
                d = LineDict()
                d.line = ev.start_mark.line + 1
                stack.append([d, nokey])
                continue
            elif cls is SequenceStartEvent:
                if ev.anchor or ev.tag not in (None, "!", "tag:yaml.org,2002:seq"):
                    raise _Fallback
                stack.append([[], None])
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                value = stack.pop()[0]
            elif cls is DocumentStartEvent:
                docs += 1
                if docs > 1:
                    raise _Fallback
                continue
            elif cls in (StreamStartEvent, StreamEndEvent, DocumentEndEvent):
                continue
            else:  # AliasEvent
                raise _Fallback
            if not stack:
                root = value
                continue
            top = stack[-1]
            if top[1] is None:
                top[0].append(value)
            elif top[1] is nokey:
                if isinstance(value, (dict, list)) or value in top[0]:
                    raise _Fallback
                top[1] = value
            else:
                top[0][top[1]] = value
                top[1] = nokey
        return root
    except _Fallback:
        return yaml.load(text, Loader=_Loader)


def patch_stream_yaml() -> None:
    """rawfiles.read_yaml with stream_load in place of yaml.load (same errors: a YAMLError
    raised by the parser is raised the same way)."""
    import yaml

    from relations_data import rawfiles

    real_load = yaml.load

    class _Shim:
        @staticmethod
        def load(text, Loader=None):
            return stream_load(text) if Loader is rawfiles._Loader else real_load(text, Loader=Loader)

        def __getattr__(self, name):
            return getattr(yaml, name)

    shim = _Shim()
    shim.YAMLError = yaml.YAMLError
    rawfiles.yaml = shim


def patch_display() -> None:
    """What computing `name = display(path)` once in coded._read_table_file amounts to."""
    import functools

    from relations_data import coded

    coded.display = functools.lru_cache(maxsize=None)(coded.display)


def patch_matching_records() -> None:
    """extracted._matching_records scans every record of the table for each candidate. The
    prototype buckets the hand-coded records once by the natural-key columns compared by plain
    equality (text and country columns: _same casefolds and squeezes white space), and scans
    only the candidate's bucket; a candidate that lacks one of those values falls back to the
    full scan. Same matches, same order."""
    from relations_data import extracted

    original = extracted._matching_records
    cache: dict = {}

    def norm(v):
        return " ".join(v.split()).casefold() if isinstance(v, str) else v

    def matching(table, row, records):
        cols = [c.name for c in table.columns if c.name in table.natural_key and c.type in ("string", "country")]
        if not cols or any(row.get(k) is None for k in cols):
            return original(table, row, records)
        key = (id(records), len(records), table.name)
        index = cache.get(key)
        if index is None:
            index = {}
            for r in records:
                index.setdefault(tuple(norm(r.get(k)) for k in cols), []).append(r)
            cache.clear()
            cache[key] = index
        return original(table, row, index.get(tuple(norm(row.get(k)) for k in cols), []))

    extracted._matching_records = matching


def fast_write_csv(frame, table, path: Path, chunk: int = 100_000) -> None:
    """The CSV writer before DuckDB's COPY (same bytes): each column formatted once, rows
    written by csv.writer in chunks."""
    import csv

    import numpy as np
    import pandas as pd

    from relations_data import describe

    columns = []
    for c in table.columns:
        s = frame[c.name]
        na = s.isna().to_numpy()
        if c.type == "date":
            text = s.dt.strftime("%Y-%m-%d").astype(object).to_numpy()
        elif c.type == "boolean":
            text = np.where(s.fillna(False).to_numpy(dtype=bool), "true", "false").astype(object)
        elif c.type == "integer":
            text = s.fillna(0).astype("int64").astype(str).astype(object).to_numpy()
        elif c.type == "number":
            v = s.fillna(0).to_numpy(dtype="float64")
            whole = (np.mod(v, 1) == 0) & (np.abs(v) < 1e15)
            text = np.array([str(int(x)) if w else repr(x) for x, w in zip(v.tolist(), whole.tolist())], dtype=object)
        else:
            text = s.fillna("").astype(object).to_numpy()
            risky = pd.Series(text).str.startswith(describe.CSV_FORMULA_STARTS).to_numpy(dtype=bool)
            if risky.any():
                text = text.copy()
                text[risky] = "'" + text[risky]
        text = text.copy() if not text.flags.writeable else text
        text[na] = ""
        columns.append(text)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(table.column_names)
        for start in range(0, len(frame), chunk):
            writer.writerows(zip(*(col[start:start + chunk].tolist() for col in columns)))


# ------------------------------------------------------------------------------------------
# Measurement (each variant in its own process)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def _frames_digest(ds) -> str:
    h = hashlib.sha256()
    for name in sorted(ds.frames):
        h.update(name.encode())
        h.update(ds.frames[name].to_csv(index=False).encode())
    return h.hexdigest()[:16]


def variant(name: str, raw: Path) -> dict:
    from relations_data.validate import check

    extract = name.startswith("extract")
    if name in ("extract_index", "extract_all"):
        patch_matching_records()
    if name == "extract_all":
        name = "all"
    if name in ("display", "all"):
        patch_display()
    if name in ("yaml", "all"):
        patch_stream_yaml()
    if name in ("normalise", "hint", "all"):
        patched_locate(hint=name in ("hint", "all"))
    t0 = time.perf_counter()
    ds = check(raw, extract=extract)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "peak_mb": _peak_mb(), "digest": _frames_digest(ds)}


def csv_variant(name: str, work: Path) -> dict:
    import pickle

    from relations_data import release

    with open(work / "dataset.pkl", "rb") as fh:
        ds = pickle.load(fh)
    out = work / f"proto-csv-{name}"
    out.mkdir(exist_ok=True)
    start = _peak_mb()
    t0 = time.perf_counter()
    for tname, table in ds.schemas.items():
        if name == "as_is":
            release.write_csv(release.to_arrow(ds.frames[tname], table, ds.version), table, out / f"{tname}.csv")
        elif name == "reference":
            (out / f"{tname}.csv").write_bytes(release.csv_reference(ds.frames[tname], table))
        else:
            fast_write_csv(ds.frames[tname], table, out / f"{tname}.csv")
    seconds = time.perf_counter() - t0
    digest = hashlib.sha256(b"".join((out / f"{t}.csv").read_bytes() for t in sorted(ds.schemas))).hexdigest()[:16]
    return {"seconds": seconds, "peak_mb": _peak_mb(), "start_mb": start, "digest": digest}


def release_variant(name: str, work: Path) -> dict:
    """write_release as it is."""
    import pickle
    import shutil

    from relations_data import release

    with open(work / "dataset.pkl", "rb") as fh:
        ds = pickle.load(fh)
    out = work / f"proto-release-{name}"
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    manifest = release.write_release(ds, out)
    seconds = time.perf_counter() - t0
    digest = hashlib.sha256(json.dumps(release.content_hashes(manifest), sort_keys=True).encode()).hexdigest()[:16]
    shutil.rmtree(out, ignore_errors=True)
    return {"seconds": seconds, "peak_mb": _peak_mb(), "start_mb": 0, "digest": digest}


def spawn(kind: str, name: str, path: Path) -> dict:
    env = dict(os.environ, RELATIONS_DATA_MAX_FILE_BYTES=str(10**12))
    out = subprocess.run([sys.executable, __file__, "--child", kind, name, str(path)], env=env, cwd=path.parent,
                         capture_output=True, text=True)
    if out.returncode:
        return {"error": out.stderr.strip().splitlines()[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=float, default=1e5)
    ap.add_argument("--work", type=Path, default=Path("/tmp/relations-scale"))
    ap.add_argument("--variants", default="as_is,display,normalise,hint,yaml,all",
                    help="comma-separated; extract_as_is,extract_index,extract_all for check with extraction")
    ap.add_argument("--csv", action="store_true", help="also the CSV writer (needs the dataset.pkl that scale.py --keep leaves)")
    ap.add_argument("--release", action="store_true", help="also write_release (needs dataset.pkl)")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, name, path = args.child
        fig = {"check": variant, "csv": csv_variant, "release": release_variant}[kind](name, Path(path))
        print(json.dumps(fig))
        return 0
    n = int(args.records)
    work = args.work / f"records-{n}"
    if not (work / ".generated").exists():
        from generate import generate

        generate(work, n)
        (work / ".generated").write_text("")
    print(f"check(raw) on {n:,} records ({work})")
    bases: dict = {}  # the first variant of each kind (with or without extraction) is the reference
    for name in [v for v in args.variants.split(",") if v]:
        fig = spawn("check", name, work / "raw")
        if "error" in fig:
            print(f"  {name:<14} {fig['error']}")
            continue
        base = bases.setdefault(name.startswith("extract"), fig)
        print(f"  {name:<14} {fig['seconds']:8.2f} s ({base['seconds'] / fig['seconds']:4.1f}x faster)  "
              f"peak {fig['peak_mb']:6.0f} MB  output {'same' if fig['digest'] == base['digest'] else 'DIFFERENT'}", flush=True)
    if args.csv and (work / "dataset.pkl").exists():
        print(f"write_csv of every table on {n:,} records")
        base = None
        for name in ("as_is", "python", "reference")[:3 if n <= 100_000 else 2]:
            fig = spawn("csv", name, work)
            base = base or fig
            print(f"  {name:<10} {fig['seconds']:8.2f} s ({base['seconds'] / fig['seconds']:4.1f}x faster)  "
                  f"peak {fig['peak_mb']:6.0f} MB (input loaded: {fig['start_mb']:.0f} MB)  "
                  f"bytes {'same' if fig['digest'] == base['digest'] else 'DIFFERENT'}", flush=True)
    if args.release and (work / "dataset.pkl").exists():
        print(f"write_release on {n:,} records (digest of the content hashes of csv/, datapackage.json, CODEBOOK.md)")
        base = None
        for name in ("as_is",):
            fig = spawn("release", name, work)
            base = base or fig
            print(f"  {name:<10} {fig['seconds']:8.2f} s ({base['seconds'] / fig['seconds']:4.1f}x faster)  "
                  f"peak {fig['peak_mb']:6.0f} MB  content hashes {fig['digest']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
