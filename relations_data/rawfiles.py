"""Reading raw/ safely: size limits, UTF-8, YAML with line numbers, paths kept inside raw/.

Every reader here returns problems instead of raising, so a coder sees all of them at once.
"""

from __future__ import annotations

import codecs
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


class _Unusual(Exception):
    """A YAML feature the fast path leaves to _Loader (anchors, aliases, tags, complex or
    duplicate keys, several documents), so that its values and errors stay PyYAML's own."""


class _Builder:
    """Values built straight from libyaml's parse events, as _Loader would build them.

    PyYAML's loader first composes a graph of nodes for the whole document; skipping it is
    about five times faster, and lets a long list be read one item at a time.
    """

    _NO_KEY = object()
    _STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq"))

    def __init__(self) -> None:
        self.resolvers = _Loader.yaml_implicit_resolvers
        self.constructors = _Loader.yaml_constructors
        self.constructor = _Loader("")

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        if event.anchor or event.tag not in (None, "!"):
            raise _Unusual
        value = event.value
        if not event.implicit[0]:
            return value
        wildcard = self.resolvers.get(None, [])
        for tag, pattern in self.resolvers.get(value[:1] if value else "", []) + wildcard:
            if pattern.match(value):
                if tag == self._STR:
                    return value
                if tag not in self.constructors or tag.endswith(":merge"):
                    raise _Unusual
                return self.constructors[tag](self.constructor, yaml.ScalarNode(tag, value))
        return value

    def value(self, event: yaml.Event, events) -> Any:
        """The value starting at event, reading its remaining events from events."""
        stack: list[list] = []
        while True:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                value = self.scalar(event)
            elif kind is yaml.MappingStartEvent:
                if event.anchor or event.tag not in (None, "!", self._MAP):
                    raise _Unusual
                mapping = LineDict()
                mapping.line = event.start_mark.line + 1
                stack.append([mapping, self._NO_KEY])
                event = next(events)
                continue
            elif kind is yaml.SequenceStartEvent:
                if event.anchor or event.tag not in (None, "!", self._SEQ):
                    raise _Unusual
                stack.append([[], None])
                event = next(events)
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                value = stack.pop()[0]
            else:  # an alias
                raise _Unusual
            if not stack:
                return value
            top = stack[-1]
            if top[1] is None:
                top[0].append(value)
            elif top[1] is self._NO_KEY:
                if isinstance(value, (dict, list)) or value in top[0]:
                    raise _Unusual
                top[1] = value
            else:
                top[0][top[1]] = value
                top[1] = self._NO_KEY
            event = next(events)

    def document(self, stream) -> Any:
        events = yaml.parse(stream, Loader=_BaseLoader)
        next(events)  # stream start
        event = next(events)
        if type(event) is yaml.StreamEndEvent:
            return None
        root = self.value(next(events), events)
        next(events)  # document end
        if type(next(events)) is not yaml.StreamEndEvent:
            raise _Unusual  # several documents: _Loader reports it
        return root


def _load(text: str) -> Any:
    try:
        return _Builder().document(text)
    except _Unusual:
        return yaml.load(text, Loader=_Loader)


def _yaml_problem(name: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark else None
    what = getattr(exc, "problem", None) or str(exc)
    return Problem(name, line, message=f"malformed YAML ({what}): fix the syntax at this line")


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
        return _load(text), None
    except yaml.YAMLError as exc:
        return None, _yaml_problem(name, exc)


def _list_shape_problem(name: str, line: int | None, key: str) -> Problem:
    return Problem(name, line, message=f"expected exactly one top-level key, '{key}:', holding a list")


class YamlList:
    """The items of a file holding one top-level list (`key:`), read one at a time.

    A file of a million records is never held whole, as text or as values: memory stays
    near the size of one record. Iterate it, then look at .problem: the file's own problem
    (unreadable, not UTF-8, empty, malformed at some line, or the wrong shape), if any.
    Items before a syntax error are still yielded, so their problems are reported too.
    """

    def __init__(self, path: Path, key: str):
        self.path, self.key, self.name = path, key, display(path)
        self.problem: Problem | None = None

    def __iter__(self):
        self.problem = _check_text_file(self.path, self.name)
        if self.problem:
            return
        yielded = 0
        try:
            with open(self.path, "rb") as stream:
                for item in self._items(stream):
                    yield item
                    yielded += 1
        except _Unusual:
            items = self._load_whole()
            yield from items[yielded:]
        except yaml.YAMLError as exc:
            self.problem = _yaml_problem(self.name, exc)

    def _items(self, stream):
        builder = _Builder()
        events = yaml.parse(stream, Loader=_BaseLoader)
        next(events)  # stream start
        event = next(events)
        if type(event) is yaml.StreamEndEvent:
            self.problem = _list_shape_problem(self.name, None, self.key)
            return
        event = next(events)
        if type(event) is not yaml.MappingStartEvent:
            builder.value(event, events)
            self.problem = _list_shape_problem(self.name, None, self.key)
        else:
            if event.anchor or event.tag not in (None, "!", builder._MAP):
                raise _Unusual
            line, keys, found = event.start_mark.line + 1, set(), False
            while type(event := next(events)) is not yaml.MappingEndEvent:
                if type(event) is not yaml.ScalarEvent:
                    raise _Unusual
                key = builder.scalar(event)
                if key in keys:
                    raise _Unusual
                keys.add(key)
                event = next(events)
                if key == self.key and type(event) is yaml.SequenceStartEvent and not event.anchor \
                        and event.tag in (None, "!", builder._SEQ):
                    found = True
                    while type(event := next(events)) is not yaml.SequenceEndEvent:
                        yield builder.value(event, events)
                else:
                    builder.value(event, events)
            if not found or keys != {self.key}:
                self.problem = _list_shape_problem(self.name, line, self.key)
        next(events)  # document end
        if type(next(events)) is not yaml.StreamEndEvent:
            raise _Unusual

    def _load_whole(self) -> list:
        doc, self.problem = read_yaml(self.path)
        if self.problem:
            return []
        items = doc.get(self.key) if isinstance(doc, dict) else None
        if not isinstance(items, list) or set(doc) - {self.key}:
            self.problem = _list_shape_problem(self.name, getattr(doc, "line", None), self.key)
            return []
        return items


def _check_text_file(path: Path, name: str) -> Problem | None:
    """The checks of read_text (size, UTF-8) and emptiness, reading in chunks."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > MAX_FILE_BYTES:
        return read_bytes(path)[1]
    decoder = codecs.getincrementaldecoder("utf-8")()
    blank = True
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(1 << 22):
                blank = blank and not decoder.decode(chunk).strip()
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return read_text(path)[1]  # read again whole, to name the byte and line
    except OSError:
        return read_bytes(path)[1]
    if blank:
        return Problem(name, message="file is empty: add its content or delete the file")
    return None


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
