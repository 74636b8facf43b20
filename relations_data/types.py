"""The declared column types and every mapping of them: Arrow, pandas, DuckDB, Frictionless.

A column's type is declared once in schemas/<table>.yaml as one of TYPES; every other module
asks this one what that type is in the system it writes or reads. Importing it costs nothing:
pyarrow and pandas are imported only by the functions that return their objects.
"""

from __future__ import annotations

from functools import cache

TYPES = ("string", "country", "date", "integer", "number", "boolean")

# Declared type -> pandas dtype of load(), and of the frames the build validates.
PANDAS_DTYPES = {"string": "string", "country": "string", "date": "datetime64[s]",
                 "integer": "Int64", "number": "Float64", "boolean": "boolean"}
DUCKDB_TYPES = {"string": "VARCHAR", "country": "VARCHAR", "date": "DATE", "integer": "BIGINT",
                "number": "DOUBLE", "boolean": "BOOLEAN"}
FRICTIONLESS_TYPES = {"string": "string", "country": "string", "date": "date", "integer": "integer",
                      "number": "number", "boolean": "boolean"}


@cache
def arrow_type(kind: str, *, building: bool = False, for_pandas: bool = False):
    """The Arrow type of a declared type: as published (Parquet), while the build holds rows
    (`building`: large_string, so a million quotes fit one array), or as the loader casts a
    column before handing it to pandas (`for_pandas`: dates as second timestamps)."""
    import pyarrow as pa

    if kind in ("string", "country"):
        return pa.large_string() if building else pa.string()
    if kind == "date":
        return pa.timestamp("s") if for_pandas else pa.date32()
    return {"integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}[kind]


def pandas_types_mapper():
    """types_mapper for pyarrow's to_pandas: the nullable pandas dtypes of PANDAS_DTYPES."""
    import pandas as pd
    import pyarrow as pa

    mapping = {pa.string(): pd.StringDtype("pyarrow"), pa.large_string(): pd.StringDtype("pyarrow"),
               pa.int64(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype(), pa.bool_(): pd.BooleanDtype()}
    return mapping.get


def declared_type_of_arrow(arrow) -> str | None:
    """The declared type an Arrow type stands for, for files that carry no declaration."""
    import pyarrow as pa

    if pa.types.is_string(arrow) or pa.types.is_large_string(arrow):
        return "string"
    if pa.types.is_date(arrow):
        return "date"
    if pa.types.is_integer(arrow):
        return "integer"
    if pa.types.is_floating(arrow):
        return "number"
    if pa.types.is_boolean(arrow):
        return "boolean"
    return None
