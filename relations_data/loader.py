"""Use the data: load the published tables of a release, offline, from wherever they are.

    import relations_data as rd
    rd.tables()                                  # table names in the newest release
    rd.load("diplomatic_recalls")                # pandas DataFrame, newest release
    rd.load("coca_cultivation", version="1.0.0") # a pinned release
    rd.versions()                                # releases available, oldest first
    rd.connect()                                 # read-only DuckDB connection
    rd.codebook("tariff_threats")                # columns, types, units, descriptions, allowed values
    rd.cite()                                    # how to cite the release

Where releases are found (the first that applies):

1. the folder named by the environment variable RELATIONS_DATA_RELEASES;
2. the releases packaged in the wheel, relations_data/releases/<version>/;
3. in a source checkout, the repository's build/<version>/.

A release is a folder <version>/ holding manifest.json; versions are ordered by semantic
version (1.10.0 is newer than 1.9.0). Folders that are not a version (such as a build's
.tmp-* staging folders) are ignored.

Column dtypes of load(), decided by each column's declared type (stored in the Parquet
field metadata), so they are the same in every release, for empty tables and all-empty
columns alike; missing values are pd.NA (pd.NaT for dates):

    declared type      pandas dtype
    string, country    string  (pd.StringDtype("pyarrow"))
    date               datetime64[s]
    integer            Int64
    number             Float64
    boolean            boolean

to_pandas() applies the same conversion to any Arrow table, e.g. a DuckDB result.

Errors: an unknown table or version raises UnknownNameError (a ValueError) listing the
valid ones; no releases at all raises ReleasesNotFoundError (a FileNotFoundError).

Integrity: every file is checked against the SHA-256 in the release's manifest.json the
first time it is used in a process, before any of its data is returned (load() hashes the
Parquet file in a thread while pyarrow reads it; the result is cached per file, keyed by size
and modification time). A file that does not match raises ReleaseIntegrityError naming it;
`relations-data verify` rechecks every file of a release.

connect() opens relations.duckdb read-only with file access, extensions and configuration
changes disabled. The file is written with DuckDB's v1.0.0 storage format and opens with
DuckDB 1.1 to 2.0 (tested with 1.1.0, 1.5.6 and 2.0.0).

This module imports only the standard library; pyarrow, pandas and DuckDB are imported by
the functions that need them.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relations_data.errors import (ReleaseIntegrityError, ReleasesNotFoundError,  # noqa: F401 (part of the API)
                                   RelationsDataError, UnknownNameError)
from relations_data.manifest import MANIFEST, sha256_file
from relations_data.types import PANDAS_DTYPES, TYPES, arrow_type, declared_type_of_arrow, pandas_types_mapper

ENV_VAR = "RELATIONS_DATA_RELEASES"
DATABASE = "relations.duckdb"
# Where each published release folder is served, as <RELEASES_URL>/<version>/<path> (the
# maintainers upload build/<version>/ there when they publish). The wheel carries every
# release's manifest but the data files of the newest release only: older files are
# downloaded on first use, checked against the packaged manifest and cached.
RELEASES_URL = "https://relations-data.github.io/releases"
RELEASES_URL_ENV = "RELATIONS_DATA_RELEASES_URL"
METADATA_FILES = ("manifest.json", "datapackage.json", "CODEBOOK.md")  # installed with every release
# What the wheel carries of the newest release besides its metadata: the Parquet files, which
# load() reads. Its CSV files are downloaded on first use and its database is made from the
# Parquet on the first connect(), which keeps the wheel under 60 MB with every pair of states.
PACKAGED_DATA = ("parquet/",)


def packaged(relpath: str, newest: bool) -> bool:
    """Whether a release file goes into the wheel (hatch_build.py)."""
    return relpath in METADATA_FILES or (newest and relpath.startswith(PACKAGED_DATA))
CACHE_ENV = "RELATIONS_DATA_CACHE"


# Settings of every connection made by connect(): besides read_only, no file access
# (COPY ... TO, EXPORT, ATTACH, read_csv), no extensions, and no way to change that.
DUCKDB_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,
}

_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$")




# ---------------------------------------------------------------------------------------
# Finding releases


def releases_root() -> tuple[Path, str]:
    """The folder holding the releases, and where that choice came from."""
    env = os.environ.get(ENV_VAR)
    if env:
        path = Path(env).expanduser()
        if not path.is_dir():
            raise ReleasesNotFoundError(
                f"{ENV_VAR} is set to {env!r}, which is not a folder: point it at a folder holding "
                f"<version>/{MANIFEST} (e.g. a repository's build/), or unset it")
        return path, ENV_VAR
    here = Path(__file__).resolve().parent
    packaged = here / "releases"
    if packaged.is_dir():
        return packaged, "packaged with relations-data"
    checkout = here.parent
    if (checkout / "pyproject.toml").is_file():
        return checkout / "build", "source checkout"
    raise ReleasesNotFoundError(
        f"this installation of relations-data has no releases ({packaged} does not exist): reinstall it "
        f"(pip install --force-reinstall relations-data) or set {ENV_VAR} to a folder of releases")


def version_key(version: str) -> tuple:
    """Sort key of a semantic version: 1.2.0 < 1.10.0, and 2.0.0-rc.1 < 2.0.0."""
    m = _SEMVER.match(version)
    if not m:
        raise ValueError(f"{version!r} is not a semantic version (MAJOR.MINOR.PATCH)")
    major, minor, patch, pre = m.groups()
    if pre is None:
        tail: tuple = (1,)
    else:
        tail = (0, *((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split(".")))
    return (int(major), int(minor), int(patch), tail)


def scan_releases() -> tuple[Path, str, list[str]]:
    root, origin = releases_root()
    try:
        names = [p.name for p in root.iterdir()]
    except FileNotFoundError:
        names = []
    found = [n for n in names if _SEMVER.match(n) and (root / n / MANIFEST).is_file()]
    return root, origin, sorted(found, key=version_key)


def data_version() -> str | None:
    """The newest data release's version (the package's own version is relations_data.__version__)."""
    found = versions()
    return found[-1] if found else None


def versions() -> list[str]:
    """Versions of the releases available, oldest first (by semantic version)."""
    return scan_releases()[2]


@dataclass(frozen=True)
class Release:
    version: str
    path: Path
    manifest: dict

    @property
    def table_names(self) -> list[str]:
        return list(self.manifest.get("tables", {}))

    def file(self, relpath: str) -> Path:
        """Path of one of the release's files, checked against manifest.json first."""
        path = self.locate(relpath)
        _check_file(path, relpath, self.manifest.get("files", {}).get(relpath), self.version)
        return path

    def locate(self, relpath: str) -> Path:
        """Where one of the release's files is: in the release folder, else in the download
        cache, else downloaded now (pooch checks it against manifest.json's sha256)."""
        path = self.path / relpath
        entry = self.manifest.get("files", {}).get(relpath)
        if path.exists() or entry is None or self.installed(relpath):
            return path  # a file missing among installed ones of its kind is damage, not a download
        return fetch_release_file(self.version, relpath, entry)

    def installed(self, relpath: str) -> bool:
        """Whether files of relpath's kind (parquet/, csv/; metadata at the top) were installed
        with the release: the wheel carries the newest release's metadata and Parquet only, and
        a source checkout the metadata of releases built elsewhere; the rest is downloaded."""
        if relpath in METADATA_FILES:
            return True
        # A release's other top-level file (the hashed database of releases before 1.3.0) is
        # installed with its Parquet files.
        kind = relpath.split("/")[0] + "/" if "/" in relpath else "parquet/"
        return any((self.path / rel).exists() for rel in self.manifest.get("files", {}) if rel.startswith(kind))

    def database(self) -> Path:
        """The release's DuckDB file, checked first: by its sha256 for releases before 1.3.0,
        else by content against the verified Parquet files (relations_data.database). A release
        that comes without one gets it made from its Parquet files, in the download cache."""
        from relations_data import database

        if DATABASE in self.manifest.get("files", {}):
            return self.file(DATABASE)
        spec = self.manifest["database"]
        parquet = {name: self.file(t["parquet"]) for name, t in self.manifest["tables"].items()}
        path = self.path / spec["path"]
        if not path.exists():
            path = release_cache(self.version) / spec["path"]
            if not path.exists():
                database.make_from_parquet(path, spec["ddl"], parquet, spec["info"])
        st = path.stat()
        stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
        if _VERIFIED.get(path) != stamp:
            problems = database.content_problems(path, parquet, spec["info"])
            if problems:
                raise ReleaseIntegrityError(
                    f"release {self.version}: {path} does not hold the release's tables: {problems[0]}; delete the "
                    "file and connect again (a missing database is made from the verified Parquet files)")
            _VERIFIED[path] = stamp
        return path


    def table_entry(self, table: str) -> dict:
        tables = self.manifest.get("tables", {})
        if table not in tables:
            raise UnknownNameError(_unknown("table", table, list(tables), f" in release {self.version}"))
        return tables[table]


def release_cache(version: str) -> Path:
    """Where downloaded (or locally made) files of a release are kept: $RELATIONS_DATA_CACHE,
    else the user cache folder."""
    import pooch

    return Path(os.environ.get(CACHE_ENV) or pooch.os_cache("relations-data")) / "releases" / version


def fetch_release_file(version: str, relpath: str, entry: dict) -> Path:
    """Download a published release file into the cache (once), refusing it if its sha256
    differs from the manifest's."""
    import pooch

    base = os.environ.get(RELEASES_URL_ENV) or RELEASES_URL
    url = f"{base.rstrip('/')}/{version}/{relpath}"
    target = release_cache(version) / relpath
    try:
        return Path(pooch.retrieve(url, known_hash=f"sha256:{entry['sha256']}", fname=target.name,
                                   path=target.parent, progressbar=False))
    except ValueError as exc:  # pooch: the downloaded file's hash differs
        raise ReleaseIntegrityError(
            f"release {version}: {relpath} downloaded from {url} differs from its manifest.json entry ({exc}); "
            "it was not kept: report it, or point " + RELEASES_URL_ENV + " at a trusted copy") from None
    except Exception as exc:  # no network, HTTP errors: whatever the transport raised
        raise ReleasesNotFoundError(
            f"release {version}: {relpath} is not installed and could not be downloaded from {url} "
            f"({type(exc).__name__}: {exc}); connect to the internet, or set {RELEASES_URL_ENV} to where the "
            f"release folders are served, or {ENV_VAR} to a folder holding the whole release") from None


def get_release(version: str | None = None) -> Release:
    """The release `version`, or the newest one."""
    root, origin, found = scan_releases()
    if not found:
        hint = (f"; {root} is itself one release: point {ENV_VAR} at the folder that holds it"
                if (root / MANIFEST).is_file() else "")
        raise ReleasesNotFoundError(
            f"no releases in {root} ({origin}): a release is a folder <version>/ holding {MANIFEST}; "
            f"build one with `relations-data build`, or set {ENV_VAR} to a folder of releases{hint}")
    if version is None:
        version = found[-1]
    elif version not in found:
        raise UnknownNameError(_unknown("version", str(version), found, f" in {root}"))
    path = root / version
    return Release(version, path, _manifest(path / MANIFEST))


def _unknown(kind: str, name: str, valid: list[str], where: str) -> str:
    message = f"unknown {kind} {name!r}{where}"
    close = difflib.get_close_matches(name, valid, n=1) if kind in ("table", "column") else []
    if close:
        message += f" (did you mean {close[0]!r}?)"
    return f"{message}; valid {kind}s: {', '.join(valid) if valid else 'none'}"


_MANIFESTS: dict[Path, tuple[int, dict]] = {}


def _manifest(path: Path) -> dict:
    mtime = path.stat().st_mtime_ns
    cached = _MANIFESTS.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ReleaseIntegrityError(f"{path} is not valid JSON ({exc}): the release is damaged; "
                                    "reinstall relations-data or restore the file") from None
    _MANIFESTS[path] = (mtime, manifest)
    return manifest


# ---------------------------------------------------------------------------------------
# Integrity

_VERIFIED: dict[Path, tuple[int, int, int]] = {}


def _check_file(path: Path, relpath: str, entry: dict | None, version: str) -> None:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ReleaseIntegrityError(
            f"release {version}: {relpath} is missing from {path.parent}; reinstall relations-data "
            "(or restore the release folder) and run `relations-data verify`") from None
    stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
    if _VERIFIED.get(path) == stamp:
        return
    problem = file_problem(path, relpath, entry)
    if problem:
        raise ReleaseIntegrityError(
            f"release {version}: {problem}; the file was changed after the release was built: reinstall "
            "relations-data (or restore the release folder) and run `relations-data verify`")
    _VERIFIED[path] = stamp


def file_problem(path: Path, relpath: str, entry: dict | None) -> str | None:
    """What is wrong with one file compared with its manifest entry, or None."""
    if entry is None:
        return f"{relpath} is not listed in {MANIFEST}"
    if not path.is_file():
        return f"{relpath} is missing"
    size = path.stat().st_size
    if "bytes" in entry and size != entry["bytes"]:
        return f"{relpath} has {size} bytes, {MANIFEST} says {entry['bytes']}"
    actual = sha256_file(path)
    if actual != entry.get("sha256"):
        return f"{relpath} has sha256 {actual[:12]}…, {MANIFEST} says {str(entry.get('sha256'))[:12]}…"
    return None


def verify(version: str | None = None) -> list[str]:
    """Recompute the SHA-256 of every file of a release (no cache); one line per difference."""
    release = get_release(version)
    files = release.manifest.get("files", {})
    problems = [p for rel, entry in files.items() if (p := file_problem(release.locate(rel), rel, entry))]
    derived = release.manifest.get("database")
    on_disk = {p.relative_to(release.path).as_posix() for p in release.path.rglob("*") if p.is_file()}
    known = set(files) | {MANIFEST} | ({derived["path"]} if derived else set())
    problems += [f"{rel} is not listed in {MANIFEST}" for rel in sorted(on_disk - known)]
    if derived and not problems and (release.path / derived["path"]).exists():
        from relations_data import database

        parquet = {name: release.path / t["parquet"] for name, t in release.manifest["tables"].items()}
        problems += [f"{derived['path']}: {p}" for p in
                     database.content_problems(release.path / derived["path"], parquet, derived["info"])]
    return problems


# ---------------------------------------------------------------------------------------
# The public API


def tables(version: str | None = None) -> list[str]:
    """Names of the tables published in a release (default: the newest)."""
    return get_release(version).table_names


def load(table: str, version: str | None = None, where: dict[str, Any] | None = None):
    """One table of a release (default: the newest) as a pandas DataFrame.

    Read from the release's Parquet file with pyarrow after checking it against
    manifest.json. Dtypes follow the declared column types (see the module docstring):
    string/country -> string, date -> datetime64[s], integer -> Int64, number -> Float64,
    boolean -> boolean. Raises UnknownNameError (a ValueError) for an unknown table, column or
    version, ReleaseIntegrityError if the file differs from the manifest.

    `where` keeps the rows whose columns equal the values given, a value or a list of values
    per column: where={"reporter": "COL", "year": [2013, 2014]}. Only the Parquet row groups
    that can hold such rows are read, so one reporter of a large table loads far faster.
    """
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow.parquet as pq

    release = get_release(version)
    relpath = release.table_entry(table)["parquet"]
    path = release.locate(relpath)
    filters = _filters(table, release, where) if where else None
    # The file's hash is checked in a thread while pyarrow reads it (both release the GIL),
    # and always before any of its data is returned: a check first would cost a second pass.
    with ThreadPoolExecutor(1) as pool:
        checked = pool.submit(release.file, relpath)
        try:
            if filters is None:
                with pq.ParquetFile(path) as parquet:  # one file: no dataset discovery
                    arrow_table = parquet.read()
            else:
                arrow_table = pq.read_table(path, filters=filters)
        except Exception:
            checked.result()  # a missing or altered file: say so rather than how parsing failed
            raise
        checked.result()
    return to_pandas(arrow_table)


def _filters(table: str, release: Release, where: dict[str, Any]) -> list[tuple]:
    """load()'s `where` as pyarrow filters, each value cast to its column's Arrow type."""
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(release.file(release.table_entry(table)["parquet"]))
    filters = []
    for column, wanted in where.items():
        if column not in schema.names:
            raise UnknownNameError(_unknown("column", column, schema.names, f" in table {table}"))
        values = list(wanted) if isinstance(wanted, (list, tuple, set, frozenset)) else [wanted]
        field_type = schema.field(column).type
        if pa.types.is_date(field_type):
            values = [dt.date.fromisoformat(v) if isinstance(v, str) else v for v in values]
        try:
            filters.append((column, "in", pa.array(values, field_type)))
        except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError, TypeError) as exc:
            raise UnknownNameError(f"where={{{column!r}: {wanted!r}}}: not values of {table}.{column} "
                                   f"({field_type}): {exc}") from None
    return filters


def read_csv(path: str | Path, table: str | None = None, version: str | None = None):
    """A release's CSV file (or an export of it) as load() gives the table: declared dtypes, so
    codes such as events.cameo_code "057" keep their leading zero, booleans are booleans, and a
    text's formula guard (one leading ') is removed. `table` defaults to the file's name; the
    declared types come from release `version` (default: the newest)."""
    import pandas as pd

    path = Path(path)
    name = table or path.name.split(".")[0]
    declared = {c["column"]: c["type"] for c in table_info(name, version)["columns"]}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    unknown = [c for c in frame.columns if c not in declared]
    if unknown:
        raise UnknownNameError(f"{path}: column {unknown[0]!r} is not a column of {name} in release "
                               f"{get_release(version).version}: pass table= the file's table")
    for column, kind in declared.items():
        if column not in frame:
            continue
        values = frame[column]
        if kind in ("string", "country"):
            frame[column] = values.where(~values.str.startswith("'", na=False), values.str[1:]).astype(PANDAS_DTYPES[kind])
        elif kind == "boolean":
            frame[column] = values.map({"true": True, "false": False}).astype("boolean")
        elif kind == "date":
            frame[column] = pd.to_datetime(values, format="%Y-%m-%d").astype("datetime64[s]")
        else:
            frame[column] = pd.to_numeric(values).astype(PANDAS_DTYPES[kind])
    return frame


def to_pandas(arrow_table, declared: dict[str, str] | None = None):
    """Convert a pyarrow Table to pandas with the dtypes of load().

    Each column's declared type comes from `declared`, else from the field metadata
    (relations_data.type), else from its Arrow type.
    """
    import pandas as pd
    import pyarrow as pa

    declared = declared or {}
    fields, changed = [], False
    for field in arrow_table.schema:
        kind = declared.get(field.name) or _declared_type(field)
        target = _arrow_targets().get(kind)
        if target is not None and field.type != target:
            field, changed = field.with_type(target), True
        fields.append(field)
    if changed:
        arrow_table = arrow_table.cast(pa.schema(fields, metadata=arrow_table.schema.metadata))
    return arrow_table.to_pandas(types_mapper=pandas_types_mapper(), coerce_temporal_nanoseconds=False)


def _arrow_targets() -> dict:
    return {kind: arrow_type(kind, for_pandas=True) for kind in TYPES}


def _declared_type(field) -> str | None:
    meta = field.metadata or {}
    kind = meta.get(b"relations_data.type")
    if kind is not None:
        return kind.decode()
    return declared_type_of_arrow(field.type)


def table_info(table: str, version: str | None = None) -> dict[str, Any]:
    """What the Parquet metadata says about a table: title, description, rows, key, columns.

    Needs pyarrow only (not pandas); codebook() and `relations-data info` are built on it.
    """
    import pyarrow.parquet as pq

    release = get_release(version)
    entry = release.table_entry(table)
    schema = pq.read_schema(release.file(entry["parquet"]))
    meta = {k.decode(): v.decode() for k, v in (schema.metadata or {}).items()}
    columns = []
    for field in schema:
        fm = {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}
        kind = fm.get("relations_data.type") or _declared_type(field)
        allowed = json.loads(fm["allowed"]) if "allowed" in fm else None
        columns.append({
            "column": field.name, "type": kind, "dtype": PANDAS_DTYPES.get(kind, str(field.type)),
            "nullable": field.nullable, "unit": fm.get("unit"), "description": fm.get("description"),
            "allowed": list(allowed) if allowed else None,
        })
    return {"table": table, "version": release.version, "title": meta.get("title"),
            "description": meta.get("description"), "rows": entry.get("rows"),
            "natural_key": entry.get("natural_key", []), "columns": columns}


def codebook(table: str, version: str | None = None):
    """The columns of a table as a DataFrame, one row per column.

    Columns: column, type (declared: string, country, date, integer, number, boolean),
    dtype (what load() gives), nullable, unit, description, allowed (list of the allowed
    values, or None when any value is allowed).
    """
    import pandas as pd

    rows = table_info(table, version)["columns"]
    frame = pd.DataFrame(rows, columns=["column", "type", "dtype", "nullable", "unit", "description", "allowed"])
    for col in ("column", "type", "dtype", "unit", "description"):
        frame[col] = frame[col].astype(pd.StringDtype("pyarrow"))
    frame["nullable"] = frame["nullable"].astype("boolean")
    return frame


def connect(version: str | None = None):
    """A read-only DuckDB connection to a release's database (default: the newest).

    Opened read_only, with file access, ATTACH, COPY ... TO, EXPORT and extensions disabled
    and the configuration locked, so no statement can change the release or write files.
    Query the published tables by name; `release_info` says which release it is. Close it
    when done (or use it as a context manager). To combine the data with your own files,
    load tables with load(), or work on a copy of the file get_release().file("relations.duckdb").
    """
    import duckdb

    path = get_release(version).database()
    return duckdb.connect(str(path), read_only=True, config=dict(DUCKDB_CONFIG))


def cite(version: str | None = None) -> str:
    """How to cite a release (default: the newest): a text citation and a BibTeX entry with
    authors, year, version and where to get it."""
    release = get_release(version)
    m = release.manifest
    name, title, license_ = m.get("name", "relations-data"), m.get("title", "relations-data"), m.get("license", "")
    authors = m.get("authors") or ["relations-data contributors"]
    year = str(m.get("year", "n.d."))  # releases before 1.2.0 did not record their year
    url = m.get("repository") or m.get("homepage") or f"https://pypi.org/project/{name}/"
    key = re.sub(r"\W", "_", f"{name}_{release.version}")
    lines = [
        f"{', '.join(authors)} ({year}). {title}. Version {release.version} [data set]. Licence: {license_}. {url}",
        "",
        "Cite individual records by their record_id, which is stable across releases.",
        "",
        f"@misc{{{key},",
        f"  author = {{{' and '.join('{' + a + '}' for a in authors)}}},",
        f"  title = {{{title}}},",
        f"  year = {{{year}}},",
        f"  version = {{{release.version}}},",
        f"  note = {{Data set, version {release.version}; licence {license_}}},",
        f"  howpublished = {{\\url{{{url}}}}},",
        "}",
    ]
    return "\n".join(lines)
