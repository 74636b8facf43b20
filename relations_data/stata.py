"""Stata .dta files of a release's tables, labelled from the codebook.

Stata has no boolean, nullable-integer or text-with-vocabulary types, so: a column with
allowed values becomes a labelled integer (value labels are the allowed values, in the
codebook's order); a boolean becomes 0/1 labelled false/true; integers and numbers become
doubles (Stata's missing value `.` for empty cells, where Int64 would refuse them); dates
become Stata dates (%td). Each variable label is the column's description, cut to Stata's
80 characters; the data label is the table's title.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

STATA_LABEL_LIMIT = 80
STATA_VERSION = 118  # Stata 14 and later: Unicode text and strL for long quotes


def stata_frame(frame: pd.DataFrame, columns: list[dict[str, Any]]) -> tuple[pd.DataFrame, list[str]]:
    """The frame converted to types Stata holds, and the names of its date columns."""
    out, dates = {}, []
    for col in columns:
        name, series = col["column"], frame[col["column"]]
        if col.get("allowed"):
            out[name] = pd.Categorical(series.astype(object).where(series.notna(), None), categories=col["allowed"])
        elif col["type"] == "boolean":
            out[name] = pd.Categorical(series.map({True: "true", False: "false"}).astype(object)
                                       .where(series.notna(), None), categories=["false", "true"])
        elif col["type"] in ("integer", "number"):
            out[name] = series.astype("float64")
        elif col["type"] == "date":
            out[name] = series.astype("datetime64[ns]")
            dates.append(name)
        else:
            out[name] = series.astype(object).where(series.notna(), "")
    return pd.DataFrame(out), dates


def write_dta(frame: pd.DataFrame, info: dict[str, Any], path: Path) -> None:
    """Write one table as a labelled .dta file; info is loader.table_info() of the table."""
    data, dates = stata_frame(frame, info["columns"])
    labels = {c["column"]: _label(c["description"] or c["column"]) for c in info["columns"]}
    data.to_stata(path, write_index=False, version=STATA_VERSION, convert_dates={d: "td" for d in dates},
                  variable_labels=labels, data_label=_label(info.get("title") or info["table"]))


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= STATA_LABEL_LIMIT else text[:STATA_LABEL_LIMIT - 1] + "…"
