"""Reading raw/ safely: size limits, UTF-8, YAML with line numbers, paths kept inside raw/.

Every reader here returns problems instead of raising, so a coder sees all of them at once.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from relations_data.errors import Problem

# Far above any real article or hand-coding file, so a larger one is almost surely a mistake;
# benchmarks of synthetic data at scale raise it with RELATIONS_DATA_MAX_FILE_BYTES.
MAX_FILE_BYTES = int(os.environ.get("RELATIONS_DATA_MAX_FILE_BYTES", 20 * 1024 * 1024))
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


class LineDict(dict):
    """A YAML mapping that remembers the line it starts on."""

    line: int | None = None


# libyaml's parser where PyYAML was built with it: about five times faster on large files.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """A safe loader that keeps line numbers and leaves dates as text.

    Dates stay text so that an impossible date ("2025-02-30") becomes a report naming the
    record, not a crash inside the YAML parser.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_map(loader: _Loader, node: yaml.MappingNode):
    loader.flatten_mapping(node)
    data = LineDict()
    data.line = node.start_mark.line + 1
    yield data
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    data.update(loader.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)


def display(path: Path) -> str:
    """How a file is named in reports: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_bytes(path: Path) -> tuple[bytes | None, Problem | None]:
    name = display(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, Problem(name, message=(
                f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit: "
                "split it or check it is the file you meant"))
        return path.read_bytes(), None
    except OSError as exc:
        return None, Problem(name, message=f"cannot read file ({exc.strerror}): check it exists and is readable")


def decode(data: bytes, name: str) -> tuple[str | None, Problem | None]:
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, Problem(name, line, message=(
            f"not valid UTF-8 (byte {exc.start}): re-save the file as UTF-8"))


def read_text(path: Path) -> tuple[str | None, Problem | None]:
    data, problem = read_bytes(path)
    if problem:
        return None, problem
    return decode(data, display(path))


def read_yaml(path: Path) -> tuple[Any, Problem | None]:
    """Parse a YAML file; an empty or unparsable file is a problem naming the line."""
    name = display(path)
    text, problem = read_text(path)
    if problem:
        return None, problem
    if not text.strip():
        return None, Problem(name, message="file is empty: add its content or delete the file")
    try:
        return yaml.load(text, Loader=_Loader), None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        what = getattr(exc, "problem", None) or str(exc)
        return None, Problem(name, line, message=f"malformed YAML ({what}): fix the syntax at this line")


def inside(path: Path, root: Path) -> bool:
    """True when path (after resolving links and '..') stays within root."""
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def read_dataset_meta(raw_dir: Path) -> tuple[dict | None, list[Problem]]:
    """raw/dataset.yaml: the dataset's name, title, licence and its one version number."""
    path = raw_dir / "dataset.yaml"
    meta, problem = read_yaml(path)
    if problem:
        return None, [problem]
    name = display(path)
    if not isinstance(meta, dict):
        return None, [Problem(name, message="expected a mapping with version, name, title, description, license")]
    problems = [
        Problem(name, getattr(meta, "line", None), column=key, message=f"missing {key!r}: add it")
        for key in ("version", "name", "title", "description", "license")
        if not meta.get(key)
    ]
    version = str(meta.get("version", ""))
    if meta.get("version") and not SEMVER.match(version):
        problems.append(Problem(name, column="version", message=(
            f"version {version!r} is not semantic versioning MAJOR.MINOR.PATCH (e.g. 1.0.0)")))
    return (None if problems else dict(meta, version=version)), problems
