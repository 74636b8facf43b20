"""What `relations-data review` does to raw/candidates/: file proposals, record decisions, list.

It reads the extractor's output files; it never imports the extractor.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from relations_data.errors import ReviewError
from relations_data.inputs.candidates import FOLDER, candidate_id, read_candidate_files, write_candidate_file
from relations_data.schema import load_schemas

PROPOSED_BY = "relations-data extract"


def add_proposals(raw_dir: Path, files: tuple[Path, ...]) -> tuple[int, int]:
    """File each proposal of the extract output files as an open candidate; returns (added,
    already filed). A proposal's source must be a text registered in raw/sources/."""
    tables = load_schemas()
    registered = _registered_texts(raw_dir)
    existing, problems = read_candidate_files(raw_dir, tables)
    if problems:
        raise ReviewError(f"{problems[0]} (fix raw/candidates/ first)")
    by_table: dict[str, list[dict]] = {}
    for c in existing:
        by_table.setdefault(c.table, []).append(c.entry)
    known = {c.id for c in existing}
    added = seen = 0
    for path in files:
        for n, proposal in enumerate(_proposals(path), 1):
            table = proposal.get("table")
            if table not in tables or not tables[table].is_fact:
                raise ReviewError(f"{path}: proposal {n} names no fact table ({table!r}); is it `relations-data extract` output?")
            source = registered.get(str(proposal.get("source")))
            if source is None:
                raise ReviewError(f"{path}: proposal {n}: source {proposal.get('source')!r} is not a text registered in "
                                  f"{raw_dir}/sources/*.yaml: store and register the article first, then extract from it")
            columns = {c.name for c in tables[table].coded_columns} - {"method", "confidence", "notes"}
            values = {k: v for k, v in proposal.items() if k in columns and v is not None}
            cid = candidate_id(table, source, proposal["quote"], values)
            if cid in known:
                seen += 1
                continue
            known.add(cid)
            by_table.setdefault(table, []).append({
                "id": cid, "status": "open", "source": source, "quote": proposal["quote"],
                "confidence": proposal.get("confidence"), "values": values,
                "proposed_by": PROPOSED_BY, "note": f"filed from {path.name} on {dt.date.today().isoformat()}"})
            added += 1
    for table, entries in by_table.items():
        write_candidate_file(raw_dir / FOLDER / f"{table}.yaml", table, entries)
    return added, seen


def _proposals(path: Path) -> list[dict]:
    """The proposals in an extract output file: JSON lines, or the raw/coded-shaped YAML."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".yaml", ".yml"):
        import yaml

        doc = yaml.safe_load(text) or {}
        out = []
        for table, body in doc.items():
            for record in (body or {}).get("records", []):
                values = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in record.items()
                          if k not in ("evidence", "method", "confidence")}
                for ev in record.get("evidence", []):
                    out.append(dict(values, table=table, source=ev["source"], quote=ev["quote"],
                                    confidence=record.get("confidence")))
        return out
    try:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise ReviewError(f"{path}: line {exc.lineno} is not JSON: give `relations-data extract` output "
                          "(JSON lines, or --format yaml)") from None


def _registered_texts(raw_dir: Path) -> dict[str, str]:
    """Source id, file name and path of every registered stored text -> its source id."""
    from relations_data.sources import read_sources

    sources, _ = read_sources(raw_dir)
    names = {}
    for source in sources.values():
        if source.stored:
            for alias in (source.source_id, Path(source.path).name, Path(source.path).stem, f"{raw_dir}/{source.path}",
                          f"raw/{source.path}"):
                names[alias] = source.source_id
    return names


def decide(raw_dir: Path, accept: tuple[str, ...], reject: tuple[str, ...], by: str, reason: str) -> int:
    """Mark candidates accepted or rejected, with who, when and why."""
    tables = load_schemas()
    existing, problems = read_candidate_files(raw_dir, tables)
    if problems:
        raise ReviewError(f"{problems[0]} (fix raw/candidates/ first)")
    both = set(accept) & set(reject)
    if both:
        raise ReviewError(f"{sorted(both)[0]} is both accepted and rejected: choose one")
    wanted = {cid: "accepted" for cid in accept} | {cid: "rejected" for cid in reject}
    found = {c.id for c in existing}
    missing = sorted(set(wanted) - found)
    if missing:
        raise ReviewError(f"no candidate {missing[0]} in {raw_dir}/{FOLDER}/: list them with `relations-data review --all`")
    by_table: dict[str, list[dict]] = {}
    for c in existing:
        entry = dict(c.entry)
        if c.id in wanted:
            entry.update(status=wanted[c.id], decided_by=by, decided_on=dt.date.today().isoformat(), reason=reason)
        by_table.setdefault(c.table, []).append(entry)
    for table in {c.table for c in existing if c.id in wanted}:
        write_candidate_file(raw_dir / FOLDER / f"{table}.yaml", table, by_table[table])
    return len(wanted)


def listing(raw_dir: Path, show_all: bool) -> list[tuple]:
    """(status, table, id, confidence, values, source, quote) per candidate: open ones, or all."""
    existing, problems = read_candidate_files(raw_dir, load_schemas())
    if problems:
        raise ReviewError("\n".join(str(p) for p in problems))
    return [(c.status, c.table, c.id, c.confidence, ", ".join(f"{k}={v}" for k, v in c.values.items()), c.source,
             c.quote) for c in existing if show_all or c.status == "open"]
