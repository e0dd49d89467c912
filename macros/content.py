"""Everything the site shows, loaded and cross-checked in one pass: load → validate → one list of problems."""

from __future__ import annotations

from dataclasses import dataclass

from .core.errors import Problems
from .reading.records import ReadingData, load_reading_data
from .reading.stats import ReadingStats, compute_reading_stats
from .sources.book_lists import ListFile, load_reading_lists, validate_print_pages, validate_reading_lists
from .sources.glossary import Term, load_glossary, validate_glossary
from .sources.policies import Policy, load_policies
from .sources.report import Report, load_report
from .sources.schemas import Book
from .sources.symlinks import check_symlinks


@dataclass(frozen=True)
class Content:
    report: Report
    glossary: dict[str, Term]
    reading_lists: dict[str, ListFile]
    books: dict[str, Book]
    policies: list[Policy]
    reading: ReadingData
    stats: ReadingStats


def load_content() -> Content:
    """Load every content file; raise ContentError listing all problems if there is any."""
    problems = Problems()
    check_symlinks(problems)  # first: nothing is read through a link that leaves the repository
    problems.raise_if_any()
    report = load_report(problems)
    glossary = load_glossary(problems)
    validate_glossary(glossary, report, problems)
    before = len(problems)
    lists = load_reading_lists(problems)
    books = validate_reading_lists(lists, problems)
    validate_print_pages(lists, problems)
    lists_complete = len(problems) == before  # else records citing a broken list's books are not blamed too
    policies = load_policies(problems)
    reading = load_reading_data(books if lists_complete else None, problems)
    problems.raise_if_any()
    stats = compute_reading_stats(reading, lists, books)
    return Content(report, glossary, lists, books, policies, reading, stats)
