"""Running the extractor: over one text (extract_text), and over files (extract_paths), in
batches, locally or on a Dask cluster."""

from __future__ import annotations

import contextlib
import functools
import datetime as dt
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from relations_data.extract.candidate import Candidate
from relations_data.extract.coca import _coca
from relations_data.extract.consolidate import _finish
from relations_data.extract.decertifications import _decertifications
from relations_data.extract.envoys import name_envoys
from relations_data.extract.patterns import KEYWORDS, patterns as _res
from relations_data.extract.positions import _positions
from relations_data.extract.recalls import _recalls
from relations_data.extract.tariffs import _tariffs
from relations_data.extract.text import _Doc, _Sent, _leading_date, _split_sentences
from relations_data.extract.trade import _trade
from relations_data.extract.lexicon import rx, words


# --------------------------------------------------------------------------------------------
# Driver

# Which extractor a sentence goes to: any of its table's words (data/lexicon.yaml
# sentence_words, lower case) in it.
_TABLE_TESTS: tuple[tuple[str, Callable[[_Doc, list[_Sent], int], None]], ...] = (
    ("tariff_threats", _tariffs), ("decertifications", _decertifications), ("coca_cultivation", _coca),
    ("trade_partner_ranks", _trade), ("diplomatic_recalls", _recalls),
)


@functools.cache
def _table_tests() -> tuple[re.Pattern, tuple[tuple[re.Pattern, Callable[[_Doc, list[_Sent], int], None]], ...]]:
    """_TABLE_TESTS as literal alternations: one over all words (most sentences of a keyword
    paragraph have none), then one per table."""
    table_words = words("sentence_words")
    every = [w for table, _ in _TABLE_TESTS for w in table_words[table]]
    return (re.compile("|".join(re.escape(w) for w in every)),
            tuple((re.compile("|".join(re.escape(w) for w in table_words[table])), fn)
                  for table, fn in _TABLE_TESTS))


_DATELINE = rx("run._DATELINE")


def _coerce_date(d: dt.date | str | None) -> dt.date | None:
    if d is None or isinstance(d, dt.date):
        return d
    return dt.date.fromisoformat(str(d))


def extract_text(text: str, source: str = "<text>",
                 published_date: dt.date | None = None) -> list[Candidate]:
    """Candidate records asserted by `text`, in text order.

    Relative dates resolve against `published_date`, else against a date line the text opens
    with; without either they are left empty.
    """
    lead, lead_end = _leading_date(text)
    pd = _coerce_date(published_date) or lead
    doc = _Doc(text, source, pd)
    dl = _DATELINE.search(text, lead_end, lead_end + 1500)
    if dl:
        doc.dateline = (dl.start(), dl.end())
    for ps, para_end in _keyword_paragraphs(text):
        ps = max(ps, lead_end)
        para = _split_sentences(doc, ps, para_end)
        any_table, tests = _table_tests()
        ranked = -2  # the last sentence that went to _trade
        for i, sent in enumerate(para):
            low = sent.text.lower()
            if any_table.search(low):
                for rx, fn in tests:
                    if rx.search(low):
                        fn(doc, para, i)
                        ranked = i if fn is _trade else ranked
            if i - ranked <= 1:  # "..., with Mexico a close second", "Italy came third."
                _positions(doc, para, i)
    name_envoys(doc)
    return _finish(doc)


def _keyword_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph (line) containing a keyword, in text order."""
    low = text.lower()
    n = len(text)
    if len(low) != n:  # a character whose lower case is longer: fall back to the regex
        hits = [m.start() for m in _res().keywords.finditer(text)]
    else:
        hits = []
        for kw in KEYWORDS:
            i = low.find(kw)
            while i >= 0:
                hits.append(i)
                i = low.find(kw, i + 1)
        hits.sort()
    out: list[tuple[int, int]] = []
    para_end = -1
    for h in hits:
        if h < para_end:
            continue
        ps = text.rfind("\n", 0, h) + 1
        pe = text.find("\n", h)
        para_end = n if pe < 0 else pe
        out.append((ps, para_end))
    return out


# --------------------------------------------------------------------------------------------
# Files


def _extract_batch(paths: list[str], published_date: dt.date | None) -> list[tuple[str, list[Candidate] | None, str | None]]:
    results = []
    for p in paths:
        try:
            with open(p, "rb") as fh:
                data = fh.read()
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            results.append((p, None, (f"not UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start}): convert it first, "
                                      f"e.g. iconv -f latin1 -t utf-8 {p} > converted.txt")))
            continue
        except OSError as exc:
            results.append((p, None, f"cannot be read ({exc.strerror or exc})"))
            continue
        if not text.strip():
            results.append((p, None, "is empty: nothing to extract"))
            continue
        if text.startswith("\ufeff"):
            text = text[1:]
        try:
            results.append((p, extract_text(text, source=p, published_date=published_date), None))
        except Exception as exc:  # noqa: BLE001 - one bad text must not stop a corpus
            results.append((p, None, f"extraction failed: {type(exc).__name__}: {exc}"))
    return results


def _batches(paths: list[Path], max_bytes: int = 1_000_000, max_files: int = 64) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for p in paths:
        try:
            sz = os.stat(p).st_size
        except OSError:
            sz = 0
        if batch and (size + sz > max_bytes or len(batch) >= max_files):
            yield batch
            batch, size = [], 0
        batch.append(str(p))
        size += sz
    if batch:
        yield batch


def extract_paths(paths: Iterable[Path | str], published_date: dt.date | None = None,
                  workers: int | None = None,
                  on_error: Callable[[Path, str], None] | None = None,
                  on_progress: Callable[[Path, int, int], None] | None = None,
                  scheduler: str | None = None) -> Iterator[Candidate]:
    """Extract from each file, spreading files over `workers` processes (default: all cores),
    or over the workers of the Dask cluster whose scheduler is at `scheduler`.

    Files are read one at a time in the workers (UTF-8; a file that cannot be read or
    decoded is reported through ``on_error(path, message)`` and skipped). Candidates are
    yielded in the order of `paths`; ``source`` is the path as given. On a cluster, every
    worker must see the files at the same paths (a shared file system) and have
    relations-data installed. ``on_progress(path, files_done, files_total)`` is called after
    each file.
    """
    paths = [Path(p) for p in paths]
    original = {str(p): p for p in paths}
    total = len(paths)
    pd = _coerce_date(published_date)
    workers = workers or os.cpu_count() or 1
    done = 0

    def handle(results):
        nonlocal done
        for p, cands, err in results:
            done += 1
            if err is not None:
                if on_error is not None:
                    on_error(original.get(p, Path(p)), err)
            else:
                yield from cands
            if on_progress is not None:
                on_progress(original.get(p, Path(p)), done, total)

    batches = _batches(paths)
    if scheduler is None and (workers <= 1 or total <= 1):
        for b in batches:
            yield from handle(_extract_batch(b, pd))
        return
    with _executor(workers, scheduler) as (pool, slots):
        # A bounded number of batches in flight: a corpus larger than memory streams through.
        pending: deque = deque()
        for b in batches:
            pending.append(pool.submit(_extract_batch, b, pd))
            if len(pending) >= slots * 3:
                yield from handle(pending.popleft().result())
        while pending:
            yield from handle(pending.popleft().result())


class SchedulerUnreachable(ConnectionError):
    """The Dask scheduler named by --scheduler could not be reached."""


@contextlib.contextmanager
def _executor(workers: int, scheduler: str | None):
    """A concurrent.futures executor and its number of parallel slots: local processes, or a
    Dask cluster's workers (Dask's Client.get_executor() speaks the same protocol)."""
    if scheduler is None:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield pool, workers
        return
    try:
        from distributed import Client
    except ImportError:
        raise SchedulerUnreachable("running on a Dask cluster needs the dask extra: "
                                   "pip install 'relations-data[dask]'") from None
    try:
        client = Client(scheduler, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerUnreachable(f"cannot reach the Dask scheduler at {scheduler} ({exc}); "
                                   "check the address and that the scheduler is running") from None
    try:
        slots = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
        yield client.get_executor(pure=False), slots
    finally:
        client.close()
