"""Everything the site shows, loaded and cross-checked in one pass: load → validate → one list of problems.

Each source is kept between calls and read again only when one of its files changed (path, mtime, size), so
that a preview rebuild after a glossary edit does not re-read the reading records, and an engine that calls
`define_env` once per page pays for the loading once. The committee's facts (data/committee.yaml) are part of
every key: every other file is checked against them, and each loader is handed the facts just loaded (never
facts read at import), so that an edit of data/committee.yaml takes effect on the next load.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .core.errors import Problem, Problems
from .core.paths import COMMITTEE_FILE, DATA_DIR, GLOSSARY_DIR, POLICIES_DIR, READING_LISTS_DIR, REPORTS_DIR, file_stamp
from .reading.records import INFO_FILE, MEMBERS_FILE, RECORDS_DIR, RECORDS_FILE, ReadingData, load_reading_data
from .reading.stats import ReadingStats, compute_reading_stats
from .sources.book_lists import ListFile, load_reading_lists, validate_reading_lists
from .sources.committee import CommitteeFacts
from .sources.glossary import Term, TermLinks, load_glossary, validate_glossary
from .sources.policies import Policy, load_policies
from .sources.report import Report, load_reports
from .sources.schemas import Book, validate_committee
from .sources.symlinks import check_symlinks


@dataclass(frozen=True)
class Content:
    committee: CommitteeFacts
    reports: dict[str, Report]  # newest first
    glossary: dict[str, Term]
    term_links: TermLinks  # what links pages to the glossary; the same object while names and short definitions stay
    reading_lists: dict[str, ListFile]
    books: dict[str, Book]
    policies: list[Policy]
    reading: ReadingData
    stats: ReadingStats


def _load_glossary(problems: Problems) -> tuple[tuple, CommitteeFacts, dict[str, Report], dict[str, Term]]:
    """The committee's facts (their key), the reports and the glossary, checked against each other."""
    check_symlinks(problems)  # first: nothing is read through a link that leaves the repository
    problems.raise_if_any()
    facts = fingerprint(COMMITTEE_FILE)
    committee = cached("committee", facts, validate_committee, problems)
    problems.raise_if_any()  # every other file is checked against its lists: they come first
    reports = cached("reports", (facts, fingerprint(REPORTS_DIR)), load_reports, problems)
    glossary = cached(
        "glossary", (facts, fingerprint(GLOSSARY_DIR)), lambda f: load_glossary(f, facts=committee), problems
    )
    checked("glossary check", (glossary, reports), lambda f: validate_glossary(glossary, reports, f), problems)
    return facts, committee, reports, glossary


def load_glossary_only() -> dict[str, Term]:
    """The glossary, checked as `load_content` checks it, without reading anything else it does not need (the
    steps after a build need the glossary only, and the reading records are the largest files by far); raise
    ContentError listing its problems if there is any."""
    problems = Problems()
    glossary = _load_glossary(problems)[3]
    problems.raise_if_any()
    return glossary


@dataclass(frozen=True)
class Printed:
    """What the printed handouts are listed from: the reports and the reading lists."""

    reports: dict[str, Report]
    reading_lists: dict[str, ListFile]


def load_printed() -> Printed:
    """The reports and reading lists, checked as `load_content` checks them, without the reading records (the PDF
    step lists the handouts from these alone, and the records are the largest files by far); raise ContentError
    listing their problems if there is any."""
    problems = Problems()
    facts, _, reports, _ = _load_glossary(problems)
    lists = cached("reading lists", (facts, fingerprint(READING_LISTS_DIR)), load_reading_lists, problems)
    checked("reading lists check", (lists,), lambda f: validate_reading_lists(lists, f), problems)
    problems.raise_if_any()
    return Printed(reports, lists)


def load_content() -> Content:
    """Load every content file; raise ContentError listing all problems if there is any."""
    problems = Problems()
    facts, committee, reports, glossary = _load_glossary(problems)
    before = len(problems)
    lists_key = (facts, fingerprint(READING_LISTS_DIR))
    lists = cached("reading lists", lists_key, load_reading_lists, problems)
    books = checked("reading lists check", (lists,), lambda f: validate_reading_lists(lists, f), problems)
    lists_complete = len(problems) == before  # else records citing a broken list's books are not blamed too
    policies = cached(
        "policies", (facts, fingerprint(POLICIES_DIR)), lambda f: load_policies(f, facts=committee), problems
    )
    reading_key = (
        fingerprint(*(DATA_DIR / name for name in (INFO_FILE, MEMBERS_FILE, RECORDS_FILE, RECORDS_DIR))),
        lists_key,
    )
    reading_key += (lists_complete,)
    reading = cached(
        "reading data",
        reading_key,
        lambda found: load_reading_data(books if lists_complete else None, found, facts=committee),
        problems,
    )
    problems.raise_if_any()
    stats = cached("statistics", reading_key, lambda _: compute_reading_stats(reading, lists, books), problems)
    links = same_if_equal("term links", TermLinks.of(glossary))
    return Content(committee, reports, glossary, links, lists, books, policies, reading, stats)


# --- the sources kept between calls ------------------------------------------------------------------


@dataclass(frozen=True)
class _Kept:
    key: tuple
    value: Any
    problems: tuple[Problem, ...]


_KEPT: dict[str, _Kept] = {}


def fingerprint(*places: Path) -> tuple:
    """What a source was read from: path, modification time (ns) and size of each file (of a folder: every file
    in it); a missing file counts too, so that creating it is a change."""
    stamps: list[tuple] = []
    for place in places:
        stamps += sorted(_stamps_under(place)) if place.is_dir() else [(str(place), *file_stamp(place))]
    return tuple(stamps)


def _stamps_under(folder: Path) -> list[tuple]:
    """(path, mtime, size) of every file under a folder, from its directory listings (`make serve` asks at every
    rebuild; a file's type comes with the listing, as Path.rglob would find it)."""
    found: list[tuple] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):  # as rglob: a linked folder is not entered
                found += _stamps_under(Path(entry.path))
            elif entry.is_file():
                status = entry.stat()
                found.append((str(Path(entry.path)), status.st_mtime_ns, status.st_size))
        except OSError:
            continue
    return found


def same_if_equal(name: str, value: Any) -> Any:
    """The value kept under this name if it equals the new one (so that it stays the same object), else the new one."""
    kept = _KEPT.get(name)
    if kept is not None and kept.value == value:
        return kept.value
    _KEPT[name] = _Kept((), value, ())
    return value


def checked(name: str, inputs: tuple, compute: Callable[[Problems], Any], problems: Problems) -> Any:
    """`compute(problems)` of sources kept above, or its kept result (and problems) while each input is the very
    object it was (a source read again is a new object): `make serve` checks an unchanged glossary once."""
    kept = _KEPT.get(name)
    if kept is None or len(kept.key) != len(inputs) or any(a is not b for a, b in zip(kept.key, inputs)):
        found = Problems()
        value = compute(found)
        kept = _KEPT[name] = _Kept(inputs, value, tuple(found.items))
    problems.items.extend(kept.problems)
    return kept.value


def cached(name: str, key: tuple, compute: Callable[[Problems], Any], problems: Problems) -> Any:
    """`compute(problems)` for this source, or its kept result (and the problems it found) if the key is unchanged."""
    kept = _KEPT.get(name)
    if kept is None or kept.key != key:
        found = Problems()
        value = compute(found)
        kept = _KEPT[name] = _Kept(key, value, tuple(found.items))
    problems.items.extend(kept.problems)
    return kept.value
