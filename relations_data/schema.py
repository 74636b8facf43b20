"""The table declarations in schemas/, read into plain objects.

Each table is declared once, in schemas/<table>.yaml. Everything else that describes a
table (the Pandera checks, Parquet field metadata, DuckDB comments, datapackage.json and
CODEBOOK.md) is generated from these objects, so nothing restates a declaration by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from relations_data.types import TYPES
FACT_COLUMNS_FILE = "_fact_columns.yaml"
ORGANISATIONS_FILE = "_organisations.yaml"
DECLARED_STATES_FILE = "_declared_states.yaml"


def default_schema_dir() -> Path:
    """schemas/ shipped inside the wheel, else the repository's top-level schemas/."""
    packaged = Path(__file__).parent / "schemas"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[1] / "schemas"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    nullable: bool = False
    unit: str | None = None
    allowed: dict[str, str] | None = None  # value -> what it means
    min: Any = None
    max: Any = None
    derived: bool = False  # computed by the build, never written by a coder
    default: Any = None
    codes: dict[str, dict] | None = None  # allowed value -> its codes in other schemes (CAMEO…)
    lookup: dict[str, str] | None = None  # derived from another column: {column, key}

    def bounds(self, today: dt.date) -> tuple[Any, Any]:
        """min and max with dates parsed and the word `today` resolved."""
        return _bound(self.min, self.type, today), _bound(self.max, self.type, today)

    @property
    def required(self) -> bool:
        """A coder must give a value: not nullable, not derived, and no default."""
        return not (self.nullable or self.derived or self.default is not None)


@dataclass(frozen=True)
class Table:
    name: str
    kind: str  # fact | reference | source | evidence | derived
    title: str
    description: str
    natural_key: tuple[str, ...]
    columns: tuple[Column, ...]
    id_prefix: str | None = None
    codes: dict | None = None  # what every row is in other event schemes (CAMEO, PLOVER…)
    dyad: tuple[str, ...] = ()  # fact tables: the actor and target columns, or the one country column
    period: str | None = None  # fact tables: the date or year column that places a row in time

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def primary_key(self) -> list[str]:
        """record_id for facts, evidence_id for evidence, otherwise the natural key."""
        if self.is_fact:
            return ["record_id"]
        return ["evidence_id"] if self.kind == "evidence" else list(self.natural_key)

    @property
    def is_fact(self) -> bool:
        return self.kind == "fact"

    @property
    def coded_columns(self) -> list[Column]:
        """Columns a coder writes in raw/coded/<table>.yaml."""
        return [c for c in self.columns if not c.derived]


def load_schemas(schema_dir: Path | None = None, derived: bool = False) -> dict[str, Table]:
    """Every declared table: fact tables by name, then sources, then evidence.

    Derived tables (kind `derived`, computed by the build from the others, never coded) are
    left out unless `derived` is true: the input stages have nothing to read for them.
    """
    schema_dir = Path(schema_dir) if schema_dir else default_schema_dir()
    common = yaml.safe_load((schema_dir / FACT_COLUMNS_FILE).read_text(encoding="utf-8"))
    tables = []
    for path in sorted(schema_dir.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        decl = yaml.safe_load(path.read_text(encoding="utf-8"))
        if decl["kind"] == "derived" and not derived:
            continue
        tables.append(_table(decl, common, path))
    order = {"fact": 0, "reference": 1, "source": 2, "evidence": 3, "derived": 4}
    tables.sort(key=lambda t: (order[t.kind], t.name))
    return {t.name: t for t in tables}


def common_fact_columns(schema_dir: Path | None = None) -> tuple[str, ...]:
    """The columns every fact table shares (schemas/_fact_columns.yaml, leading and trailing),
    as opposed to the columns a table declares itself."""
    schema_dir = Path(schema_dir) if schema_dir else default_schema_dir()
    common = yaml.safe_load((schema_dir / FACT_COLUMNS_FILE).read_text(encoding="utf-8"))
    return tuple(c["name"] for c in common["leading"] + common["trailing"])


def load_organisations(schema_dir: Path | None = None) -> dict[str, str]:
    """Codes for international organisations, accepted wherever a country code is."""
    schema_dir = Path(schema_dir) if schema_dir else default_schema_dir()
    path = schema_dir / ORGANISATIONS_FILE
    if not path.exists():
        return {}
    return {code: " ".join(label.split()) for code, label in yaml.safe_load(path.read_text(encoding="utf-8"))["organisations"].items()}


def declared_states_by_cow(schema_dir: Path | None = None) -> dict[int, dict]:
    """schemas/_declared_states.yaml: COW state number -> {code, basis, reason} for the states
    ISO 3166-1 does not code (historical states of the COW list)."""
    schema_dir = Path(schema_dir) if schema_dir else default_schema_dir()
    path = schema_dir / DECLARED_STATES_FILE
    if not path.exists():
        return {}
    return {int(k): v for k, v in yaml.safe_load(path.read_text(encoding="utf-8"))["states"].items()}


def load_declared_states(schema_dir: Path | None = None) -> dict[str, str]:
    """The declared codes, code -> why; accepted wherever a country code is."""
    return {s["code"]: " ".join(str(s["reason"]).split()) for s in declared_states_by_cow(schema_dir).values()}


def _table(decl: dict, common: dict, path: Path) -> Table:
    own = [_column(c, path) for c in decl["columns"]]
    if decl["kind"] == "fact":
        cols = [_column(c, path) for c in common["leading"]] + own
        cols += [_column(c, path) for c in common["trailing"]]
    else:
        cols = own
    names = [c.name for c in cols]
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: duplicate column names")
    for key in decl["natural_key"]:
        if key not in names:
            raise ValueError(f"{path}: natural key column {key!r} is not declared")
    dyad, period = tuple(decl.get("dyad") or ()), decl.get("period")
    if decl["kind"] == "fact":
        types = {c.name: c.type for c in cols}
        if not 1 <= len(dyad) <= 2 or any(types.get(c) != "country" for c in dyad):
            raise ValueError(f"{path}: declare `dyad:` as the actor and target country columns (or the one country column)")
        if types.get(period) not in ("date", "integer"):
            raise ValueError(f"{path}: declare `period:` as the date or year column that places a row in time")
    return Table(
        name=decl["table"],
        kind=decl["kind"],
        title=decl["title"],
        description=" ".join(decl["description"].split()),
        natural_key=tuple(decl["natural_key"]),
        columns=tuple(cols),
        id_prefix=decl.get("id_prefix"),
        codes=decl.get("codes"),
        dyad=dyad,
        period=period,
    )


def _column(decl: dict, path: Path) -> Column:
    if decl["type"] not in TYPES:
        raise ValueError(f"{path}: column {decl['name']}: unknown type {decl['type']!r}")
    allowed, codes = decl.get("allowed"), None
    if isinstance(allowed, list):
        allowed = {str(v): "" for v in allowed}
    elif isinstance(allowed, dict) and any(isinstance(v, dict) for v in allowed.values()):
        codes = {k: {a: b for a, b in v.items() if a != "label"} for k, v in allowed.items()}
        allowed = {k: " ".join(v["label"].split()) for k, v in allowed.items()}
    return Column(
        name=decl["name"],
        type=decl["type"],
        description=" ".join(decl["description"].split()),
        nullable=bool(decl.get("nullable", False)),
        unit=decl.get("unit"),
        allowed=allowed,
        min=decl.get("min"),
        max=decl.get("max"),
        derived=bool(decl.get("derived", False)),
        default=decl.get("default"),
        codes=codes,
        lookup=decl.get("lookup"),
    )


def _bound(value: Any, type_: str, today: dt.date) -> Any:
    if value is None:
        return None
    if type_ == "date":
        if value == "today":
            return today
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return value
