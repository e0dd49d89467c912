"""Reading statistics: pure functions from the checked data to plain numbers, per calendar year.

Definitions (also stated on the /stats/ page):
- members of a year: members whose `joined` year is that year or earlier;
- participants: members with at least one reading record in the year; participation rate = participants / members;
- minutes per participant: total minutes / participants; the median is the median of each participant's total;
- books read: distinct books (a listed book by its id, any other by its title);
- readers of a book: distinct members who have a record of it (a member reading it twice counts once).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import compress
from operator import itemgetter

from ..core.bulk import cycle_collector_paused
from ..sources.book_lists import ListFile
from ..sources.schemas import Book
from .records import ReadingData, RecordTable, is_free_title
from .schemas import Activity, Committee, District, Member, Sector, choices

TOP_BOOKS = 10
EXCERPTS = 5


@dataclass(frozen=True)
class GroupRate:
    name: str
    members: int
    participants: int
    rate: float | None


@dataclass(frozen=True)
class BookReaders:
    key: str  # the book id, or 《title》 for a book outside the lists
    title: str
    book_id: str | None
    readers: int
    acts: int


@dataclass(frozen=True)
class ListCoverage:
    list_id: str
    title: str
    books: list[BookReaders]  # in the list's order
    readers: int  # members who read at least one book of the list
    rate: float | None  # readers / members of the year
    books_read: int  # books of the list with at least one reader


@dataclass(frozen=True)
class KindCount:
    kind: str
    acts: int
    participants: int
    minutes: int


@dataclass(frozen=True)
class MonthCount:
    month: int
    acts: int
    participants: int
    minutes: int


@dataclass(frozen=True)
class NoteExcerpt:
    """A 心得 shown on the site: deliberately without its member's 界别 or 县市区, which in a small group
    would tell who wrote it."""

    date: date
    book: str
    activity: str
    text: str
    chars: int


@dataclass(frozen=True)
class YearStats:
    year: int
    members: int
    participants: int
    rate: float | None
    acts: int
    minutes: int
    minutes_per_participant: float | None
    minutes_median: float | None
    books_read: int
    top_books: list[BookReaders]
    by_sector: list[GroupRate]
    by_committee: list[GroupRate]
    by_district: list[GroupRate]
    lists: list[ListCoverage]
    notes: int
    notes_chars: int
    kinds: list[KindCount]
    months: list[MonthCount]
    excerpts: list[NoteExcerpt]


@dataclass(frozen=True)
class ReadingStats:
    years: list[YearStats]  # every year that has records, newest first
    readers_by_book: dict[str, int]  # all years together: distinct readers of each listed book
    sample: bool
    note: str

    @property
    def latest(self) -> YearStats | None:
        return self.years[0] if self.years else None


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def compute_reading_stats(data: ReadingData, lists: dict[str, ListFile], books: dict[str, Book]) -> ReadingStats:
    """Statistics of every year with records, and the all-time readers of each listed book."""
    records = data.records
    year_of = {day: day.year for day in set(records.dates)}
    record_years = list(map(year_of.__getitem__, records.dates))
    years = []
    with cycle_collector_paused():
        for year in sorted(set(year_of.values()), reverse=True):
            picks = list(compress(range(len(records)), map(year.__eq__, record_years)))
            years.append(compute_year_stats(year, data.members, records.take(picks), lists, books))
        readers = count_readers(records)
    return ReadingStats(years, readers, data.info.sample, data.info.note)


def count_readers(records: RecordTable) -> dict[str, int]:
    """Distinct readers of each book (a member who read a book twice counts once)."""
    return dict(Counter(map(itemgetter(0), set(zip(records.book_keys, records.member_ids)))))


def members_of_year(members: dict[str, Member], year: int) -> list[Member]:
    return [m for m in members.values() if m.joined <= year]


def group_rates(eligible: list[Member], participants: set[str], attribute: str, order) -> list[GroupRate]:
    """Members, participants and rate per group (界别, 专委会 or 县市区), in the conventional order."""
    total = Counter(getattr(m, attribute) for m in eligible)
    active = Counter(getattr(m, attribute) for m in eligible if m.member_id in participants)
    return [
        GroupRate(name, total[name], active[name], rate(active[name], total[name]))
        for name in choices(order)
        if total[name]
    ]


def compute_year_stats(
    year: int, members: dict[str, Member], records: RecordTable, lists: dict[str, ListFile], books: dict[str, Book]
) -> YearStats:
    """Every figure of one year, from that year's records (an empty table gives an empty year)."""
    eligible = members_of_year(members, year)
    participants = set(records.member_ids)
    month_of = {day: day.month for day in set(records.dates)}
    months = list(map(month_of.__getitem__, records.dates))
    per_member: defaultdict[str, int] = defaultdict(int)
    per_kind: defaultdict[str, int] = defaultdict(int)
    per_month: defaultdict[int, int] = defaultdict(int)
    for member_id, kind, month, minutes in zip(records.member_ids, records.activities, months, records.minutes):
        per_member[member_id] += minutes
        per_kind[kind] += minutes
        per_month[month] += minutes
    total_minutes = sum(records.minutes)
    reader_pairs = set(zip(records.book_keys, records.member_ids))
    readers = Counter(map(itemgetter(0), reader_pairs))
    acts = Counter(records.book_keys)

    def book(key: str) -> BookReaders:
        free = is_free_title(key)
        title = key[1:-1] if free else books[key].title
        return BookReaders(key, title, None if free else key, readers[key], acts[key])

    top = sorted(readers, key=lambda k: (-readers[k], -acts[k], k))[:TOP_BOOKS]
    kind_acts = Counter(records.activities)
    kind_people = Counter(map(itemgetter(0), set(zip(records.activities, records.member_ids))))
    month_acts = Counter(months)
    month_people = Counter(map(itemgetter(0), set(zip(months, records.member_ids))))
    with_notes = len(records.notes_chars) - records.notes_chars.count(0)
    return YearStats(
        year=year,
        members=len(eligible),
        participants=len(participants),
        rate=rate(len(participants), len(eligible)),
        acts=len(records),
        minutes=total_minutes,
        minutes_per_participant=total_minutes / len(participants) if participants else None,
        minutes_median=statistics.median(per_member.values()) if per_member else None,
        books_read=len(readers),
        top_books=[book(k) for k in top],
        by_sector=group_rates(eligible, participants, "sector", Sector),
        by_committee=group_rates(eligible, participants, "committee", Committee),
        by_district=group_rates(eligible, participants, "district", District),
        lists=list_coverage(lists, reader_pairs, book, len(eligible)),
        notes=with_notes,
        notes_chars=sum(records.notes_chars),
        kinds=[KindCount(k, kind_acts[k], kind_people[k], per_kind[k]) for k in choices(Activity)],
        months=[MonthCount(m, month_acts[m], month_people[m], per_month[m]) for m in range(1, 13)],
        excerpts=note_excerpts(records, books),
    )


def list_coverage(
    lists: dict[str, ListFile], reader_pairs: set[tuple[str, str]], book, members: int
) -> list[ListCoverage]:
    """How many members read each recommended book, and each list as a whole."""
    list_of = {b.id: lst.id for lst in lists.values() for b in lst.data.books}
    list_readers = Counter(lid for lid, _ in {(list_of[k], m) for k, m in reader_pairs if k in list_of})
    coverage = []
    for lst in lists.values():
        rows = [book(b.id) for b in lst.data.books]
        coverage.append(
            ListCoverage(
                lst.id,
                lst.data.title,
                rows,
                list_readers[lst.id],
                rate(list_readers[lst.id], members),
                sum(1 for r in rows if r.readers),
            )
        )
    return coverage


def note_excerpts(records: RecordTable, books: dict[str, Book]) -> list[NoteExcerpt]:
    """The newest 心得 written out in full (latest date first)."""
    found = list(compress(range(len(records)), records.notes))
    found.sort(key=lambda i: (records.dates[i], records.rows[i]), reverse=True)
    excerpts = []
    for i in found[:EXCERPTS]:
        key = records.book_keys[i]
        excerpts.append(
            NoteExcerpt(
                records.dates[i],
                key[1:-1] if is_free_title(key) else books[key].title,
                records.activities[i],
                records.notes[i],
                records.notes_chars[i],
            )
        )
    return excerpts
