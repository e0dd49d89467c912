"""Everything the site shows, loaded and cross-checked in one pass: load → validate → one list of problems."""

from __future__ import annotations

from dataclasses import dataclass

from .core.errors import Problems
from .reading.records import ReadingData, load_reading_data
from .reading.stats import ReadingStats, compute_reading_stats
from .sources.book_lists import ListFile, load_reading_lists, validate_reading_lists
from .sources.committee import CommitteeFacts
from .sources.glossary import Term, load_glossary, validate_glossary
from .sources.policies import Policy, load_policies
from .sources.report import Report, load_reports
from .sources.schemas import Book, validate_committee


@dataclass(frozen=True)
class Content:
    committee: CommitteeFacts
    reports: dict[str, Report]  # newest first
    glossary: dict[str, Term]
    reading_lists: dict[str, ListFile]
    books: dict[str, Book]
    policies: list[Policy]
    reading: ReadingData
    stats: ReadingStats


def load_content() -> Content:
    """Load every content file; raise ContentError listing all problems if there is any."""
    problems = Problems()
    committee = validate_committee(problems)
    problems.raise_if_any()  # every other file is checked against its lists: they come first
    reports = load_reports(problems)
    glossary = load_glossary(problems)
    validate_glossary(glossary, reports, problems)
    before = len(problems)
    lists = load_reading_lists(problems)
    books = validate_reading_lists(lists, problems)
    lists_complete = len(problems) == before  # else records citing a broken list's books are not blamed too
    policies = load_policies(problems)
    reading = load_reading_data(books if lists_complete else None, problems)
    problems.raise_if_any()
    stats = compute_reading_stats(reading, lists, books)
    return Content(committee, reports, glossary, lists, books, policies, reading, stats)
