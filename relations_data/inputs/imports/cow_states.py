"""Import `countries` from the Correlates of War state system list (via peacesciencer).

Every COW state gets one code in the column the fact tables' country columns hold
(`iso_alpha3`): its ISO 3166-1 alpha-3 code, matched from its COW name with pycountry (names
pycountry does not know are matched in cow_iso_names.yaml beside this module), or, for a state
ISO 3166-1 does not code, the code declared in schemas/_declared_states.yaml. The match is
checked to be one-to-one, so no two COW states share a code.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import yaml

from relations_data.inputs.imports.base import Imported, UpstreamError
from relations_data.schema import DECLARED_STATES_FILE as DECLARED_FILE
from relations_data.schema import declared_states_by_cow as declared_states

STATES_FILE = "cow_states.rda"
CROSSWALK_FILE = "cow_gw_years.rda"
STATES_ROWS = 243  # rows (membership spells) of COW State System Membership List v2016
NAMES_FILE = Path(__file__).with_name("cow_iso_names.yaml")
BASES = ("iso_3166_1", "iso_3166_3", "cow", "user")

COMPUTATION = (
    "One row per COW state number (ccode) in the COW State System Membership List v2016: COW "
    "abbreviation and name, membership spells as first-last years (an end year of 2016 is the "
    "end of the list, not an exit), the Gleditsch-Ward code matched to the state in its latest "
    "year in peacesciencer's cow_gw_years, and the code of the countries table (ISO 3166-1 "
    "alpha-3 matched from the COW name, or declared in schemas/_declared_states.yaml)."
)


def read_rda(path: Path, expected_rows: int | None = None) -> pd.DataFrame:
    """The one data frame in an R data file, checked against its documented row count."""
    import rdata

    # peacesciencer's files hold Latin-1 strings (e.g. Württemberg) and tibble classes rdata has
    # no constructor for; it falls back to data.frame, which is what we want, so mute that.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            frames = rdata.read_rda(path, default_encoding="latin1", force_default_encoding=True)
        except Exception as exc:  # rdata raises several types for a damaged file
            raise UpstreamError(f"{path}: not a readable R data file ({exc.__class__.__name__}: {exc}); "
                               "download it again from the URL in its origin.yaml") from None
    if len(frames) != 1:
        raise UpstreamError(f"{path}: expected one data frame, found {len(frames)}: {', '.join(frames)}")
    frame = next(iter(frames.values())).reset_index(drop=True)
    if expected_rows is not None and len(frame) != expected_rows:
        raise UpstreamError(f"{path}: {len(frame):,} rows, the documented count is {expected_rows:,}; "
                           "the file is truncated or a different version: download it again from the URL in its origin.yaml")
    return frame


@cache
@cache
def _iso_names() -> dict[int, str]:
    return {int(k): v["iso_alpha3"] for k, v in yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))["names"].items()}


def country_codes(states: pd.DataFrame, schema_dir: Path | None = None) -> pd.DataFrame:
    """One row per COW state (ccode): the countries-table code and how it was chosen.

    Columns ccode, code, basis. Raises UpstreamError naming the data file to fix when a state
    has no code or two states share one.
    """
    import pycountry

    declared = declared_states(schema_dir)
    names = _iso_names()
    current = {c.alpha_3 for c in pycountry.countries}
    former = {c.alpha_3 for c in pycountry.historic_countries}
    rows = []
    for ccode, name in states.drop_duplicates("ccode")[["ccode", "statenme"]].itertuples(index=False):
        ccode = int(ccode)  # ~220 states: a loop over states, not over trade rows
        if ccode in declared:
            entry = declared[ccode]
            code, basis = entry["code"], entry["basis"]
            if code in current:
                raise UpstreamError(f"schemas/{DECLARED_FILE}: state {ccode} ({name}): {code} is an ISO 3166-1 code: "
                                   "declare a code ISO does not use")
            if (basis == "iso_3166_3") != (code in former) or basis not in BASES[1:]:
                raise UpstreamError(f"schemas/{DECLARED_FILE}: state {ccode} ({name}): basis {basis!r} does not fit "
                                   f"{code}: use iso_3166_3 only for ISO 3166-3 former codes, else cow or user")
        else:
            code = names.get(ccode)
            if code is None:
                try:
                    code = pycountry.countries.lookup(name).alpha_3
                except LookupError:
                    raise UpstreamError(f"COW state {ccode} ({name}) matches no ISO 3166-1 name: add it to "
                                       f"{NAMES_FILE.name} or declare a code in schemas/{DECLARED_FILE}") from None
            basis = "iso_3166_1"
        rows.append((ccode, code, basis))
    codes = pd.DataFrame(rows, columns=["ccode", "code", "basis"])
    shared = codes[codes.duplicated("code", keep=False)]
    if len(shared):
        first = shared.groupby("code").ccode.agg(list).iloc[0]
        raise UpstreamError(f"COW states {first} share the code {shared.code.iloc[0]}: declare a code for the one "
                           f"that is not today's country in schemas/{DECLARED_FILE}")
    return codes


def _spells(group: pd.DataFrame) -> str:
    return "; ".join(f"{s}-{e}" for s, e in zip(group.styear, group.endyear))


def read(files: Mapping[str, Path]) -> Iterator[Imported]:
    """`countries`: one row per COW state, with its codes and years in the state system."""
    states = read_rda(files[STATES_FILE], STATES_ROWS)
    for col in ("ccode", "styear", "endyear"):
        states[col] = states[col].astype("int64")
    states = states.sort_values(["ccode", "styear"], kind="stable")
    crosswalk = read_rda(files[CROSSWALK_FILE]).dropna(subset=["ccode", "gwcode"])
    # The GW code of the state's latest year: GW's numbering of Germany and Serbia changes over
    # time (COW 255 is GW 255 to 1945 and 260 from 1990), and the current code is the one users join on.
    gw = crosswalk.sort_values(["ccode", "year"]).groupby("ccode").gwcode.last().astype("int64")
    codes = country_codes(states).set_index("ccode")
    by_state = states.groupby("ccode", sort=True)
    out = pd.DataFrame({
        "iso_alpha3": codes.code,
        "code_basis": codes.basis,
        "cow_code": codes.index,
        "cow_abbrev": by_state.stateabb.last(),
        "cow_name": by_state.statenme.last(),
        "gw_code": gw.reindex(codes.index).astype("Int64"),
        "cow_first_year": by_state.styear.min(),
        # A spell ending in the list's last year (2016) is no exit: the state is still a member.
        "cow_last_year": by_state.endyear.max().where(lambda end: end < states.endyear.max()).astype("Int64"),
        "cow_years": by_state[["styear", "endyear"]].apply(_spells),
    }).sort_values("cow_code", kind="stable").reset_index(drop=True)
    rows = pa.Table.from_pandas(out, preserve_index=False, schema=pa.schema([
        ("iso_alpha3", pa.string()), ("code_basis", pa.string()), ("cow_code", pa.int64()),
        ("cow_abbrev", pa.string()), ("cow_name", pa.string()), ("gw_code", pa.int64()),
        ("cow_first_year", pa.int64()), ("cow_last_year", pa.int64()), ("cow_years", pa.string())]))
    selection = pa.array([f"ccode = {c}" for c in out.cow_code], pa.string())
    yield Imported("countries", rows, selection, COMPUTATION, STATES_FILE)
