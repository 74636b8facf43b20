"""Stage 1, sources: the documents the dataset cites, and finding quotes in them.

raw/sources/*.yaml register every source. A stored source names its text file (kept in
raw/sources/) and the SHA-256 of its bytes, so a text changed after registration is caught;
a citation-only source names an outlet, URL and date, and its quotes cannot be checked.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from relations_data.errors import Problem
from relations_data.rawfiles import display, inside, read_bytes, decode, read_yaml

SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")
FIELDS = {"source_id", "file", "sha256", "title", "publisher", "published_date", "url", "retrieved", "language", "notes"}
TEXT_SUFFIXES = (".txt",)


@dataclass
class Source:
    source_id: str
    language: str
    title: str | None = None
    publisher: str | None = None
    published_date: dt.date | None = None
    url: str | None = None
    retrieved: dt.date | None = None  # when the URL was read
    notes: str | None = None
    path: str | None = None  # relative to raw/, for stored sources
    sha256: str | None = None
    text: str | None = field(default=None, repr=False)  # dropped after validation, see forget_text
    _normalised: Folded | None = field(default=None, repr=False)

    @property
    def stored(self) -> bool:
        """Its text was read and matched its sha256 (path is set only then)."""
        return self.path is not None

    def locate(self, quote: str) -> tuple[int, int] | None:
        """Offsets of quote in the text, or None; see locate_quote."""
        if self.text is None:
            return None
        if self._normalised is None:
            self._normalised = normalise(self.text)
        return _find(quote, self._normalised)

    def forget_folded(self) -> None:
        """Drop the folded copy of the text that locate keeps (as large as the text)."""
        self._normalised = None

    def forget_text(self) -> None:
        """Drop the text and the folded copy locate keeps, once every quote is located and
        extraction is done: nothing after validation reads them, and at scale they are as
        large as a third of the data. The file stays in raw/sources/."""
        self.text = self._normalised = None

    @classmethod
    def from_row(cls, row: dict) -> "Source":
        """A source that is not a stored text (an import's upstream file), from its `sources` row."""
        return cls(source_id=row["source_id"], language=row["language"], title=row["title"], publisher=row["publisher"],
                   published_date=row["published_date"], url=row["url"], retrieved=row["retrieved_date"],
                   notes=row["notes"], sha256=row["sha256"])

    def row(self) -> dict:
        return {
            "source_id": self.source_id, "title": self.title, "publisher": self.publisher,
            "published_date": self.published_date, "url": self.url, "retrieved_date": self.retrieved,
            "language": self.language,
            "stored": self.stored, "path": self.path, "sha256": self.sha256, "notes": self.notes,
        }


# Typographic quotes and apostrophes, and every kind of white space run, compare equal.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
})


_WHITESPACE_RUN = re.compile(r"\s{2,}")
_WHITESPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Folded:
    """A text with white space runs folded to one space and typographic quotes to straight
    ones, and a compact way back to the original offsets: only runs of two or more
    white-space characters shift offsets, so it keeps, per run, the folded offset just after
    it (`breaks`) and the total shift from there on (`shifts`)."""

    text: str
    breaks: list[int]
    shifts: list[int]

    def original(self, i: int) -> int:
        k = bisect.bisect_right(self.breaks, i)
        return i + (self.shifts[k - 1] if k else 0)


def normalise(text: str) -> Folded:
    parts, breaks, shifts, last, shift = [], [], [], 0, 0
    for run in _WHITESPACE_RUN.finditer(text):
        parts += [text[last:run.start()], " "]
        last = run.end()
        breaks.append(run.start() - shift + 1)
        shift += run.end() - run.start() - 1
        shifts.append(shift)
    parts.append(text[last:])
    return Folded(_WHITESPACE.sub(" ", "".join(parts)).translate(_FOLD), breaks, shifts)


def locate_quote(quote: str, text: str) -> tuple[int, int] | None:
    """(char_start, char_end) of quote in text, tolerating white space and quote-mark
    differences; None when the quote is not there."""
    return _find(quote, normalise(text))


def _find(quote: str, folded: Folded) -> tuple[int, int] | None:
    needle = normalise(quote).text.strip()
    if not needle:
        return None
    at = folded.text.find(needle)
    if at < 0:
        return None
    return folded.original(at), folded.original(at + len(needle) - 1) + 1


def read_sources(raw_dir: Path) -> tuple[dict[str, Source], list[Problem]]:
    """Every registered source, with stored texts read and their hashes checked."""
    src_dir = raw_dir / "sources"
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    registered_files: set[Path] = set()
    if not src_dir.is_dir():
        return {}, [Problem(display(src_dir), message="folder is missing: raw/sources/ must hold the source texts and their metadata")]
    for meta_path in sorted(src_dir.glob("*.yaml")):
        doc, problem = read_yaml(meta_path)
        name = display(meta_path)
        if problem:
            problems.append(problem)
            continue
        entries = doc.get("sources") if isinstance(doc, dict) else None
        if not isinstance(entries, list):
            problems.append(Problem(name, message="expected a top-level 'sources:' list"))
            continue
        for n, entry in enumerate(entries, 1):
            source, found = _source(entry, n, name, raw_dir, src_dir)
            problems += found
            if source is None:
                continue
            if source.source_id in sources:
                problems.append(Problem(name, getattr(entry, "line", None), f"source {n}", "source_id",
                                        f"source_id {source.source_id!r} is registered twice: give each source its own id"))
                continue
            sources[source.source_id] = source
            if source.path:
                registered_files.add((raw_dir / source.path).resolve())
    for text_path in sorted(src_dir.iterdir()):
        if text_path.suffix in TEXT_SUFFIXES and text_path.resolve() not in registered_files:
            digest = hashlib.sha256(text_path.read_bytes()).hexdigest()
            problems.append(Problem(display(text_path), message=(
                "text has no metadata record: register it in raw/sources/sources.yaml with "
                f"source_id: {text_path.stem}, file: {text_path.name}, sha256: {digest}, language")))
    return sources, problems


def _source(entry, n: int, name: str, raw_dir: Path, src_dir: Path) -> tuple[Source | None, list[Problem]]:
    line = getattr(entry, "line", None)
    label = f"source {n}"
    if not isinstance(entry, dict):
        return None, [Problem(name, line, label, message="expected a mapping of source fields")]
    label = f"source {n} ({entry.get('source_id', '?')})"
    problems = [
        Problem(name, line, label, key, f"unknown field: use one of {', '.join(sorted(FIELDS))}")
        for key in entry if key not in FIELDS
    ]
    sid = entry.get("source_id")
    if not isinstance(sid, str) or not SOURCE_ID.match(sid):
        problems.append(Problem(name, line, label, "source_id",
                                "missing or malformed: use letters, digits, '_', '.' or '-'"))
    if not isinstance(entry.get("language"), str) or not re.fullmatch(r"[a-z]{2}", entry["language"]):
        problems.append(Problem(name, line, label, "language", "missing or not an ISO 639-1 code such as 'en' or 'es'"))
    for key in ("title", "publisher", "url", "notes", "file", "sha256"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            problems.append(Problem(name, line, label, key, "expected text"))
    dates = {}
    for key in ("published_date", "retrieved"):
        if entry.get(key) is not None:
            try:
                dates[key] = dt.date.fromisoformat(str(entry[key]))
            except ValueError:
                problems.append(Problem(name, line, label, key, f"{entry[key]!r} is not a real date: write YYYY-MM-DD"))
    if not isinstance(entry.get("url"), str) or not re.match(r"^https?://\S+$", entry["url"]) \
            or re.search(r"(?:\.\.\.|…)$", entry["url"]):
        problems.append(Problem(name, line, label, "url", "every source needs the full http(s) URL of its page "
                                                          "(not an outlet name, not cut short with ...)"))
    elif "retrieved" not in dates:
        problems.append(Problem(name, line, label, "retrieved", "say when the URL was read: retrieved: YYYY-MM-DD"))
    if problems:
        return None, problems
    source = Source(
        source_id=sid, language=entry["language"], title=entry.get("title"),
        publisher=entry.get("publisher"), published_date=dates.get("published_date"), url=entry.get("url"),
        retrieved=dates.get("retrieved"),
        notes=" ".join(entry["notes"].split()) if entry.get("notes") else None,
    )
    if entry.get("file") is None:
        if entry.get("sha256") is not None:
            problems.append(Problem(name, line, label, "sha256", "a sha256 without a file: add the file or drop the hash"))
        return (None if problems else source), problems
    text_path = src_dir / entry["file"]
    if Path(entry["file"]).is_absolute() or not inside(text_path, src_dir):
        return None, [Problem(name, line, label, "file",
                              f"{entry['file']!r} points outside raw/sources/: store the text in raw/sources/ and name it relative to it")]
    data, problem = read_bytes(text_path)
    if problem:
        return None, [Problem(name, line, label, "file", problem.message)]
    digest = hashlib.sha256(data).hexdigest()
    if entry.get("sha256") != digest:
        # Still registered (without its text), so evidence citing it is not reported twice.
        return source, [Problem(name, line, label, "sha256", (
            f"{entry['file']} has sha256 {digest}, not the registered {entry.get('sha256')}: "
            "the text changed since it was registered; restore it, or if the change is intended "
            "record the new sha256 and re-check every quote from it"))]
    text, problem = decode(data, display(text_path))
    if problem:
        return None, [problem]
    if not text.strip():
        return None, [Problem(display(text_path), message="source text is empty: store the article's text")]
    source.text = text
    source.sha256 = digest
    source.path = text_path.resolve().relative_to(raw_dir.resolve()).as_posix()
    return source, []
