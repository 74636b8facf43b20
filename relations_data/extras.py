"""Which optional extras (pyproject.toml's [project.optional-dependencies]) are installed.

Read from the installed package's own metadata, so the extras are declared in one place.
"""

from __future__ import annotations

import importlib
import re
from importlib import metadata

_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)[^;]*;\s*(.*)$")


def missing(extra: str) -> list[str]:
    """The distributions of `extra` that are not installed (other extras it names included)."""
    try:
        requires = metadata.requires("relations-data") or []
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return []
    absent, seen = [], set()
    _collect(extra, requires, absent, seen)
    return absent


def _collect(extra: str, requires: list[str], absent: list[str], seen: set[str]) -> None:
    if extra in seen:
        return
    seen.add(extra)
    for line in requires:
        m = _REQUIREMENT.match(line)
        if not m or not re.search(rf"""extra\s*==\s*["']{re.escape(extra)}["']""", m.group(2)):
            continue
        name = m.group(1)
        if name.lower().replace("_", "-") == "relations-data":  # another extra, e.g. relations-data[build]
            for inner in re.findall(r"\[([^\]]*)\]", line.split(";")[0])[:1]:
                for other in inner.split(","):
                    _collect(other.strip(), requires, absent, seen)
            continue
        try:
            metadata.version(name)
            importlib.import_module(name.replace("-", "_"))  # installed, and importable as itself
        except (metadata.PackageNotFoundError, ImportError):
            absent.append(name)


def message(extra: str, what: str) -> str | None:
    """None when `extra` is installed, else one line saying how to install it."""
    absent = missing(extra)
    if not absent:
        return None
    return f"error: {what} needs the {extra} extra (missing: {', '.join(absent)}): pip install 'relations-data[{extra}]'"
