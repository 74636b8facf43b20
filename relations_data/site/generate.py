"""Writes the portal: home, one page per table (and per reporter for large panels), one page
per record with its evidence, and the codebook."""
from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

import relations_data as rd
from relations_data.loader import get_release, table_info
from relations_data.site import charts

# A page never embeds more rows than this; the full table is always a download away.
MAX_ROWS = 500
# CSV downloads bigger than this are gzipped (the page says how to open them).
GZIP_BYTES = 5_000_000
# Tables whose rows are long-lived panels get a page per reporter as well.
PER_REPORTER = {"trade_partner_ranks": "reporter"}
# Record pages are written for tables up to this size; beyond it (a full trade panel) the
# record's row in the table pages and the downloads carry it, and the page says so.
MAX_RECORD_PAGES = 20_000
CONTEXT_CHARS = 300


def _chart(table: str, frame: pd.DataFrame) -> str:
    """The chart suited to each table (empty when the table has none)."""
    if table == "coca_cultivation":
        return charts.lines(frame, "year", "hectares", ["country", "estimator"], "Coca cultivation (hectares) by country and estimator")
    if table == "decertifications":
        return charts.grid(frame, "target", "fiscal_year", "status", "Decertification status by country and fiscal year")
    if table == "trade_partner_ranks":
        return charts.lines(frame, "year", "rank", ["partner", "flow"], "Partner rank over time (1 = top)", invert=True)
    if table in ("tariff_threats", "tariffs_imposed", "diplomatic_recalls", "events"):
        lanes = frame.assign(lane=frame["actor"].astype(str) + "→" + frame["target"].astype(str))
        label = next(c for c in ("scope", "envoy_name", "description", "rate_pct") if c in frame)
        return charts.timeline(lanes, "event_date", "lane", label, f"{table.replace('_', ' ')} on a timeline")
    return ""


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", str(value))


def _cells(frame: pd.DataFrame) -> list[list[str]]:
    return [["" if pd.isna(v) else str(v) for v in row] for row in frame.itertuples(index=False)]


def changes(version: str, previous: str | None) -> list[dict]:
    """Rows added, removed and changed (same key, a shared column differs) per table.

    The key is the table's first `*_id` column that is unique in both releases (record_id,
    evidence_id, source_id); tables without one (countries, coverage) are not compared.
    """
    if previous is None:
        return []
    out = []
    for table in rd.tables(version):
        if table not in rd.tables(previous):
            continue
        new, old = rd.load(table, version), rd.load(table, previous)
        key = next((c for c in new.columns if c.endswith("_id") and c in old.columns
                    and new[c].is_unique and old[c].is_unique), None)
        if key is None:
            continue
        new_ids, old_ids = set(new[key]), set(old[key])
        shared = [c for c in new.columns if c in old.columns]
        both = old[shared].merge(new[shared], on=key, suffixes=("_old", "_new"))
        # Column by column (vectorised: panels reach millions of rows); both-missing is equal.
        differs = {}
        for c in shared:
            if c == key:
                continue
            a, b = both[c + "_old"], both[c + "_new"]
            mask = (a.astype(str) != b.astype(str)) & ~(a.isna() & b.isna())
            differs[c] = mask.to_numpy(dtype=bool)
        flags = pd.DataFrame(differs, index=both[key])
        flags = flags[flags.any(axis=1)] if len(flags.columns) else flags.iloc[0:0]
        changed = [(k, ", ".join(flags.columns[row])) for k, row in zip(flags.index, flags.to_numpy())]
        out.append({"table": table, "key": key, "added": sorted(new_ids - old_ids),
                    "removed": sorted(old_ids - new_ids), "changed": sorted(changed),
                    "linked": key == "record_id"})
    return out


def _context(text_root: Path | None, source: dict, start, end) -> str | None:
    """The stored text around a quote, when the source text is available locally."""
    if text_root is None or not source.get("path") or pd.isna(start) or pd.isna(end):
        return None
    path = text_root / str(source["path"])
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    # Widen to whole sentences (or lines), at most CONTEXT_CHARS either side.
    lo, hi = max(0, int(start) - CONTEXT_CHARS), min(len(text), int(end) + CONTEXT_CHARS)
    before = max(text.rfind(". ", lo, int(start)), text.rfind("\n", lo, int(start)))
    after = [i for i in (text.find(". ", int(end), hi), text.find("\n", int(end), hi)) if i >= 0]
    return text[before + 1 if before >= 0 else lo:(min(after) + 1) if after else hi].strip()


def generate(out: Path, version: str | None = None, texts: Path | None = None) -> Path:
    """Write the site for release `version` (default: newest) into `out`; returns index.html.

    `texts` is a folder holding the stored source texts (e.g. raw/), for the sentence around
    each quote; without it a record page shows the quote and the source link only.
    """
    release = get_release(version)
    version = release.version
    all_versions = rd.versions()
    idx = all_versions.index(version)
    previous = all_versions[idx - 1] if idx else None
    out = Path(out)
    for sub in ("tables", "records", "codebook", "downloads"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    env = Environment(loader=PackageLoader("relations_data.site", "templates"), autoescape=select_autoescape())
    static = Path(__file__).parent / "static"
    for f in static.iterdir():
        shutil.copy(f, out / f.name)

    names = rd.tables(version)
    infos = {t: table_info(t, version) for t in names}
    sources = rd.load("sources", version).set_index("source_id", drop=False)
    evidence = rd.load("evidence", version) if "evidence" in names else pd.DataFrame(columns=["record_id"])
    common = {"version": version, "tables": names, "infos": infos}

    def write(rel: str, template: str, **ctx) -> None:
        root = "../" * rel.count("/")
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(env.get_template(template).render(root=root, **common, **ctx), encoding="utf-8")

    for table in names:
        frame = rd.load(table, version)
        info = infos[table]
        entry = release.table_entry(table)
        csv_src, pq_src = release.file(entry["csv"]), release.file(entry["parquet"])
        shutil.copy(pq_src, out / "downloads" / f"{table}.parquet")
        if entry["csv"].endswith(".gz"):  # the release's own compressed CSV
            shutil.copy(csv_src, out / "downloads" / f"{table}.csv.gz")
            csv_name = f"{table}.csv.gz"
        elif csv_src.stat().st_size > GZIP_BYTES:
            with open(csv_src, "rb") as fi, gzip.open(out / "downloads" / f"{table}.csv.gz", "wb") as fo:
                shutil.copyfileobj(fi, fo)
            csv_name = f"{table}.csv.gz"
        else:
            shutil.copy(csv_src, out / "downloads" / f"{table}.csv")
            csv_name = f"{table}.csv"
        split = PER_REPORTER.get(table)
        record_pages = "record_id" in frame and table != "evidence" and len(frame) <= MAX_RECORD_PAGES
        views = []
        if split and split in frame:
            for key, part in frame.groupby(split, sort=True):
                views.append(str(key))
                write(f"tables/{table}/{_slug(key)}.html", "table.html", table=table, info=info,
                      view=str(key), chart=_chart(table, part), columns=list(part.columns),
                      rows=_cells(part.head(MAX_ROWS)), total=len(part), max_rows=MAX_ROWS,
                      csv_name=csv_name, views=[], slug=_slug, record_pages=record_pages)
        # A large panel's overview charts only the first reporter; the per-reporter pages chart each.
        overview = frame[frame[split] == frame[split].iloc[0]] if split and len(frame) else frame
        write(f"tables/{table}.html", "table.html", table=table, info=info, view=None,
              chart=_chart(table, overview), columns=list(frame.columns),
              rows=_cells(frame.head(MAX_ROWS)), total=len(frame), max_rows=MAX_ROWS,
              csv_name=csv_name, views=views, slug=_slug, record_pages=record_pages,
              overview_of=str(overview[split].iloc[0]) if split and len(frame) else None)
        write(f"codebook/{table}.html", "codebook.html", table=table, info=info)
        if record_pages:
            ev_by_record = evidence[evidence["table_name"] == table].groupby("record_id") if len(evidence) else {}
            ev_groups = dict(list(ev_by_record)) if len(evidence) else {}
            for row in frame.to_dict("records"):
                items = []
                for ev in ev_groups.get(row["record_id"], pd.DataFrame()).to_dict("records"):
                    src = sources.loc[ev["source_id"]].to_dict() if ev["source_id"] in sources.index else {}
                    items.append({"ev": ev, "source": src,
                                  "context": _context(texts, src, ev.get("char_start"), ev.get("char_end"))})
                write(f"records/{_slug(row['record_id'])}.html", "record.html", table=table,
                      record=row, evidence=items, isna=pd.isna)
    write("index.html", "index.html", citation=rd.cite(version), previous=previous,
          changes=changes(version, previous))
    return out / "index.html"
