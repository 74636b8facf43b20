"""Everything that describes the tables, generated from their declarations in schemas/:
Parquet field metadata, DuckDB DDL and comments, datapackage.json and CODEBOOK.md."""

from __future__ import annotations

import json
from typing import Any

from relations_data import types
from relations_data.schema import Column, Table, load_declared_states
from relations_data.types import DUCKDB_TYPES, FRICTIONLESS_TYPES
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
CSV_NOTE = (
    "CSV files are UTF-8 (no BOM), RFC 4180 with CRLF line ends and a header row; dates are ISO 8601 "
    "(YYYY-MM-DD); an empty cell is a missing value; booleans are true/false. So that no cell can start "
    "a spreadsheet formula, a text value beginning with = + - @ a tab, a carriage return or ' is written "
    "with one extra leading ' (strip it to recover the value). Parquet and DuckDB hold the values unchanged."
)


def arrow_type(col: Column):
    return types.arrow_type(col.type)


def _key_required(table: Table) -> bool:
    return not any(table.column(name).nullable for name in table.primary_key)


def field_metadata(col: Column) -> dict[str, str]:
    meta = {"description": col.description, "relations_data.type": col.type}
    if col.unit:
        meta["unit"] = col.unit
    if col.allowed:
        meta["allowed"] = json.dumps(col.allowed, ensure_ascii=False)
    if col.codes:
        meta["codes"] = json.dumps(col.codes, ensure_ascii=False)
    if col.lookup:
        meta["derived_from"] = col.lookup["column"]
    return meta


def parquet_schema(table: Table, version: str):
    import pyarrow as pa

    fields = [pa.field(c.name, arrow_type(c), nullable=c.nullable, metadata=field_metadata(c)) for c in table.columns]
    return pa.schema(fields, metadata={
        "relations_data.table": table.name, "relations_data.version": version,
        "title": table.title, "description": table.description,
        "natural_key": json.dumps(list(table.natural_key)),
    })


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def duckdb_ddl(table: Table, indexed: bool = True) -> list[str]:
    """CREATE TABLE and COMMENT ON statements for one table. With indexed=False the natural key
    is stated in the table's comment but not declared as a constraint: DuckDB backs a key with
    an index that, for millions of rows, is several times the size of the data (the build has
    checked the key's uniqueness already)."""
    cols = []
    for c in table.columns:
        cols.append(f"{c.name} {DUCKDB_TYPES[c.type]}" + ("" if c.nullable else " NOT NULL"))
    comment = table.title + ". " + table.description
    if table.codes:
        comment += " Every row is " + ", ".join(f"{k} {v}" for k, v in table.codes.items()) + "."
    # A key with a column that may be empty (coverage's target for one-country tables) is a
    # UNIQUE constraint: SQL's PRIMARY KEY forbids empty values.
    key = "PRIMARY KEY" if _key_required(table) else "UNIQUE"
    constraint = f", {key} ({', '.join(table.primary_key)})" if indexed else ""
    if not indexed:
        comment += f" Natural key (unique; checked by the build, not declared): {', '.join(table.primary_key)}."
    statements = [f"CREATE TABLE {table.name} ({', '.join(cols)}{constraint})",
                  f"COMMENT ON TABLE {table.name} IS {_sql_text(comment)}"]
    for c in table.columns:
        statements.append(f"COMMENT ON COLUMN {table.name}.{c.name} IS {_sql_text(column_summary(c))}")
    return statements


def column_summary(col: Column) -> str:
    parts = [col.description]
    if col.unit:
        parts.append(f"Unit: {col.unit}.")
    if col.allowed:
        parts.append("Allowed: " + ", ".join(col.allowed) + ".")
    return " ".join(parts)


def constraints(col: Column) -> dict[str, Any]:
    out: dict[str, Any] = {"required": not col.nullable}
    if col.allowed:
        out["enum"] = list(col.allowed)
    if col.min is not None:
        out["minimum"] = str(col.min) if col.type == "date" else col.min
    if col.max is not None and col.max != "today":
        out["maximum"] = str(col.max) if col.type == "date" else col.max
    if col.type == "country":
        out["pattern"] = "[A-Z]{3}"
    return out


def datapackage(meta: dict, tables: dict[str, Table], row_counts: dict[str, int],
                organisations: dict[str, str], files: dict[str, dict] | None = None) -> dict:
    """A Frictionless Data Package describing the CSV files (the Parquet files hold the same rows).

    `files` gives each table's CSV path (the manifest's tables entries); a path ending .gz is a
    gzip-compressed CSV, declared with Frictionless's `compression`."""
    resources = []
    for table in tables.values():
        fields = []
        for c in table.columns:
            field = {"name": c.name, "type": FRICTIONLESS_TYPES[c.type], "description": c.description,
                     "constraints": constraints(c)}
            if c.unit:
                field["unit"] = c.unit
            if c.allowed and any(c.allowed.values()):
                field["categories"] = [{"value": k, "label": v, **(c.codes or {}).get(k, {})} for k, v in c.allowed.items()]
            if c.type == "boolean":
                field["trueValues"], field["falseValues"] = ["true"], ["false"]
            fields.append(field)
        schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
        if _key_required(table):  # Table Schema's primaryKey implies every key value is present
            schema["primaryKey"] = table.primary_key
        if table.kind == "evidence":
            schema["foreignKeys"] = [{"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}}]
        path = (files or {}).get(table.name, {}).get("csv", f"csv/{table.name}.csv")
        resources.append({
            "profile": "tabular-data-resource",
            "name": table.name, "path": path, "format": "csv", "mediatype": "text/csv",
            **({"compression": "gz"} if path.endswith(".gz") else {}),
            "encoding": "utf-8", "title": table.title, "description": table.description,
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
            "schema": schema, "natural_key": list(table.natural_key), "rows": row_counts[table.name],
            **({"event_codes": table.codes} if table.codes else {}),
        })
    return {
        "profile": "tabular-data-package", "name": meta["name"], "title": meta["title"],
        "description": " ".join(meta["description"].split()), "version": meta["version"],
        "licenses": [{"name": meta["license"]}], "csv_note": CSV_NOTE,
        "organisation_codes": organisations, "resources": resources,
    }


def codebook_markdown(meta: dict, tables: dict[str, Table], row_counts: dict[str, int],
                      organisations: dict[str, str]) -> str:
    lines = [f"# Codebook: {meta['name']} {meta['version']}", "",
             "Generated from the declarations in `schemas/` by `relations-data build`; do not edit.", "",
             " ".join(meta["description"].split()), "",
             "| table | rows | natural key | what a row is |", "|---|---:|---|---|"]
    for t in tables.values():
        lines.append(f"| [`{t.name}`](#{t.name}) | {row_counts[t.name]} | {', '.join(t.natural_key)} | {t.title} |")
    lines += ["", "## Formats", "", CSV_NOTE, "",
              "## Country and organisation codes", "",
              "Columns of type `country` hold ISO 3166-1 alpha-3 codes. International organisations, "
              "which ISO 3166 does not code, use these codes (none is an ISO 3166 code):", ""]
    lines += [f"- `{code}`: {_md(label)}" for code, label in organisations.items()]
    declared = load_declared_states()
    if declared:
        lines += ["", "States of the Correlates of War system that ISO 3166-1 does not code (states that ceased "
                      "to exist) have declared codes (schemas/_declared_states.yaml; `countries.code_basis` says "
                      "where each comes from):", ""]
        lines += [f"- `{code}`: {_md(why)}" for code, why in declared.items()]
    lines.append("")
    for t in tables.values():
        lines += [f"## {t.name}", "", f"**{t.title}.** {t.description}", "",
                  f"Natural key: {', '.join(t.natural_key)}. Rows: {row_counts[t.name]}.", ""]
        if t.dyad:
            who = " → ".join(f"`{c}`" for c in t.dyad) if len(t.dyad) == 2 else f"`{t.dyad[0]}` (one country)"
            lines += [f"Dyad: {who}. Period: `{t.period}` (its year is the year `coverage` speaks of).", ""]
        if t.codes:
            lines += ["In other event schemes every row is: " + "; ".join(f"{k} {v}" for k, v in t.codes.items()) + ".", ""]
        lines += ["| column | type | required | unit | range | description |", "|---|---|---|---|---|---|"]
        for c in t.columns:
            rng = ""
            if c.min is not None or c.max is not None:
                rng = f"{'' if c.min is None else c.min} – {'' if c.max is None else c.max}"
            lines.append(f"| `{c.name}` | {c.type} | {'no' if c.nullable else 'yes'} | {c.unit or ''} | {rng} | {_md(c.description)} |")
        for c in t.columns:
            if c.codes:
                keys = sorted({k for codes in c.codes.values() for k in codes if k != "judgement"})
                lines += ["", f"Values of `{c.name}`, with their codes in other schemes:", "",
                          "| value | meaning | " + " | ".join(keys) + " | judgement |",
                          "|---|---|" + "---|" * len(keys) + "---|"]
                for value, label in c.allowed.items():
                    codes = c.codes.get(value, {})
                    lines.append(f"| `{value}` | {_md(label)} | " + " | ".join(str(codes.get(k, "")) for k in keys)
                                 + f" | {_md(codes.get('judgement', ''))} |")
            elif c.allowed:
                lines += ["", f"Values of `{c.name}`:", ""]
                lines += [f"- `{value}`: {_md(label)}" if label else f"- `{value}`" for value, label in c.allowed.items()]
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|")
