"""Reading statistics: pure functions from the checked data to plain numbers, per calendar year.

Definitions (also stated on the /stats/ page):
- members of a year: members whose `joined` year is that year or earlier;
- participants: members with at least one reading record in the year; participation rate = participants / members;
- minutes per participant: total minutes / participants; the median is the median of each participant's total;
- books read: distinct books (a listed book by its id, any other by its title);
- readers of a book: distinct members who have a record of it (a member reading it twice counts once).

Members' privacy: no figure describes fewer than `min_group` members (data/reading-data.yaml, default 5). A group
smaller than that, a count of 1…K-1 participants or readers, and a count that leaves 1…K-1 members out (100% but
for a few) are replaced by `Hidden`, shown as 「不足5人」. Where a column adds up to a published total, more cells
are hidden (complementary suppression) until the hidden ones can be worked out neither one by one nor together
as a small group. 心得 are published only with the member's consent, and only their text.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import compress, islice
from operator import itemgetter, le

from ..core.bulk import cycle_collector_paused, side_by_side
from ..core.numbers import Hidden
from ..sources.book_lists import ListFile
from ..sources.committee import CommitteeFacts, read_committee_facts
from ..sources.schemas import Book
from .records import ReadingData, RecordTable, is_free_title
from .schemas import Member

TOP_BOOKS = 10
EXCERPTS = 5
#: From this many records the years are computed on two cores (below, the fork costs more than it saves).
SHARED_FROM = 400_000


Count = int | Hidden
Rate = float | Hidden | None


@dataclass(frozen=True)
class GroupRate:
    name: str
    members: Count
    participants: Count
    rate: Rate


@dataclass(frozen=True)
class BookReaders:
    key: str  # the book id, or 《title》 for a book outside the lists
    title: str
    book_id: str | None
    readers: Count
    acts: Count


@dataclass(frozen=True)
class ListCoverage:
    list_id: str
    title: str
    books: list[BookReaders]  # in the list's order
    readers: Count  # members who read at least one book of the list
    rate: Rate  # readers / members of the year
    books_read: int  # books of the list with at least one reader


@dataclass(frozen=True)
class KindCount:
    kind: str
    acts: Count
    participants: Count
    minutes: Count


@dataclass(frozen=True)
class MonthCount:
    month: int
    acts: Count
    participants: Count
    minutes: Count


@dataclass(frozen=True)
class NoteExcerpt:
    """A 心得 shown on the site, written by a member who agreed: its text only, without the date, book, activity,
    界别 or 县市区 that could tell who wrote it (records are matched by attendance lists of group activities)."""

    text: str
    chars: int


@dataclass(frozen=True)
class YearStats:
    year: int
    members: int
    participants: Count
    rate: Rate
    acts: int
    minutes: int
    minutes_per_participant: float | Hidden | None
    minutes_median: float | Hidden | None
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
    readers_by_book: dict[str, Count]  # all years together: distinct readers of each listed book
    sample: bool
    note: str
    min_group: int = 5

    @property
    def latest(self) -> YearStats | None:
        return self.years[0] if self.years else None


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def compute_reading_stats(data: ReadingData, lists: dict[str, ListFile], books: dict[str, Book]) -> ReadingStats:
    """Statistics of every year with records, and the all-time readers of each listed book."""
    minimum = data.info.min_group
    picks = sorted(positions_by_year(data.records).items(), reverse=True)
    with cycle_collector_paused():
        if len(data.records) < SHARED_FROM:
            years, all_pairs = _years_stats(data, picks, lists, books)
        else:  # the older years in a forked copy, on the other core, while this one does the newer
            split = _halfway(picks)
            (years, all_pairs), (older_years, older_pairs) = side_by_side(
                lambda: _years_stats(data, picks[:split], lists, books),
                lambda: _years_stats(data, picks[split:], lists, books),
            )
            years += older_years
            all_pairs |= older_pairs
        readers = {key: published(n, minimum) for key, n in Counter(map(itemgetter(0), all_pairs)).items()}
        del all_pairs  # before the collector resumes: it would go through every pair once for nothing
    return ReadingStats(years, readers, data.info.sample, data.info.note, minimum)


def _years_stats(
    data: ReadingData, picks: list[tuple[int, Sequence[int]]], lists: dict[str, ListFile], books: dict[str, Book]
) -> tuple[list[YearStats], set[tuple[str, str]]]:
    """The statistics of the given years (with their records' positions), and their (book, member) pairs together."""
    years = []
    pairs: list[set[tuple[str, str]]] = []  # each year's (book, member) pairs: together, every year's
    for year, positions in picks:
        taken = data.records.take(positions)
        pairs.append(set(zip(taken.book_keys, taken.member_ids)))
        years.append(
            compute_year_stats(year, data.members, taken, lists, books, data.info.min_group, data.committee, pairs[-1])
        )
    return years, set().union(*pairs)  # the years split the records: one pair set of them all, already made


def _halfway(picks: list[tuple[int, Sequence[int]]]) -> int:
    """Where to split the years so that each part has about half of the records."""
    total, running = sum(len(p) for _, p in picks), 0
    for i, (_, positions) in enumerate(picks):
        running += len(positions)
        if 2 * running >= total:
            return i + 1
    return len(picks)


def positions_by_year(records: RecordTable) -> dict[int, Sequence[int]]:
    """The positions of each year's records, increasing: one range a year when the records are in date order (as
    they usually are), else one pass over the dates (never one pass a year)."""
    dates = records.dates
    years = sorted({day.year for day in set(dates)})
    if all(map(le, dates, islice(dates, 1, None))):
        starts = [bisect_left(dates, date(year, 1, 1)) for year in years] + [len(dates)]
        return {year: range(starts[i], starts[i + 1]) for i, year in enumerate(years)}
    picks: dict[int, list[int]] = {year: [] for year in years}
    appenders = {day: picks[day.year].append for day in set(dates)}
    for i, day in enumerate(dates):
        appenders[day](i)
    return picks


def small(count: int, minimum: int, whole: int | None = None) -> bool:
    """True for a count of 1…minimum-1 members, or one that leaves 1…minimum-1 of `whole` out."""
    return 0 < count < minimum or (whole is not None and 0 < whole - count < minimum)


def published(count: int, minimum: int, whole: int | None = None) -> Count:
    return Hidden(minimum) if small(count, minimum, whole) else count


def suppress(columns: list[list[int]], hidden: set[int], minimum: int) -> set[int]:
    """Complementary suppression: the rows to hide so that, for every column adding up to a published total,
    the hidden cells are none or at least two whose sum is 0 or at least `minimum` (rows given as already hidden
    are kept hidden; the smallest further rows are added first)."""
    hidden = set(hidden)
    rest = sorted(set(range(len(columns[0]))) - hidden, key=lambda i: (columns[0][i], i))

    def exposed() -> bool:
        if not hidden:
            return False
        return len(hidden) == 1 or any(0 < sum(column[i] for i in hidden) < minimum for column in columns)

    while rest and exposed():
        hidden.add(rest.pop(0))
    return hidden


def members_of_year(members: dict[str, Member], year: int) -> list[Member]:
    return [m for m in members.values() if m.joined <= year]


def group_rates(
    eligible: list[Member], participants: set[str], attribute: str, order: tuple[str, ...], minimum: int = 1
) -> list[GroupRate]:
    """Members, participants and rate per group (界别, 专委会 or 县市区), in the conventional order; a small group,
    or a count of participants that tells about fewer than `minimum` members, hidden with its complements."""
    total = Counter(getattr(m, attribute) for m in eligible)
    active = Counter(getattr(m, attribute) for m in eligible if m.member_id in participants)
    names = [name for name in order if total[name]]
    members = [total[n] for n in names]
    readers = [active[n] for n in names]
    no_group = suppress([members], {i for i, m in enumerate(members) if m < minimum}, minimum)
    no_count = suppress(
        [readers, [m - r for m, r in zip(members, readers)]],
        no_group | {i for i in range(len(names)) if small(readers[i], minimum, members[i])},
        minimum,
    )
    hidden = Hidden(minimum)
    return [
        GroupRate(
            name,
            hidden if i in no_group else members[i],
            hidden if i in no_count else readers[i],
            hidden if i in no_count else rate(readers[i], members[i]),
        )
        for i, name in enumerate(names)
    ]


def compute_year_stats(
    year: int,
    members: dict[str, Member],
    records: RecordTable,
    lists: dict[str, ListFile],
    books: dict[str, Book],
    minimum: int = 1,
    committee: CommitteeFacts | None = None,
    reader_pairs: set[tuple[str, str]] | None = None,
) -> YearStats:
    """Every figure of one year, from that year's records (an empty table gives an empty year); groups in the order
    of the committee's lists (None: data/committee.yaml as it is now); `reader_pairs`: the records' (book, member)
    pairs if they are made already."""
    committee = committee if committee is not None else read_committee_facts()
    assert committee is not None, "data/committee.yaml has problems: load_content reports them"
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
    if reader_pairs is None:
        reader_pairs = set(zip(records.book_keys, records.member_ids))
    readers = Counter(map(itemgetter(0), reader_pairs))
    acts = Counter(records.book_keys)

    def book(key: str) -> BookReaders:
        free = is_free_title(key)
        title = key[1:-1] if free else books[key].title
        few = small(readers[key], minimum)
        shown = (Hidden(minimum), Hidden(minimum)) if few else (readers[key], acts[key])
        return BookReaders(key, title, None if free else key, *shown)

    top = sorted(readers, key=lambda k: (-readers[k], -acts[k], k))[:TOP_BOOKS]
    kind_acts = Counter(records.activities)
    kind_people = Counter(map(itemgetter(0), set(zip(records.activities, records.member_ids))))
    month_acts = Counter(months)
    month_people = Counter(map(itemgetter(0), set(zip(months, records.member_ids))))
    with_notes = len(records.notes_chars) - records.notes_chars.count(0)
    few_people = small(len(participants), minimum, len(eligible))
    hidden = Hidden(minimum)
    kinds = committee.allowed("activities")
    kind_rows = suppress(
        [[kind_people[k] for k in kinds], [kind_acts[k] for k in kinds], [per_kind[k] for k in kinds]],
        {i for i, k in enumerate(kinds) if small(kind_people[k], minimum)},
        minimum,
    )
    month_rows = suppress(
        [[month_people[m] for m in range(1, 13)], [month_acts[m] for m in range(1, 13)]],
        {m - 1 for m in range(1, 13) if small(month_people[m], minimum)},
        minimum,
    )
    return YearStats(
        year=year,
        members=len(eligible),
        participants=hidden if few_people else len(participants),
        rate=hidden if few_people else rate(len(participants), len(eligible)),
        acts=len(records),
        minutes=total_minutes,
        minutes_per_participant=(hidden if few_people else total_minutes / len(participants)) if participants else None,
        minutes_median=(hidden if few_people else statistics.median(per_member.values())) if per_member else None,
        books_read=len(readers),
        top_books=[book(k) for k in top],
        by_sector=group_rates(eligible, participants, "sector", committee.allowed("sectors"), minimum),
        by_committee=group_rates(eligible, participants, "committee", committee.allowed("committees"), minimum),
        by_district=group_rates(eligible, participants, "district", committee.allowed("districts"), minimum),
        lists=list_coverage(lists, reader_pairs, book, len(eligible), minimum),
        notes=with_notes,
        notes_chars=sum(records.notes_chars),
        kinds=[
            KindCount(k, hidden, hidden, hidden)
            if i in kind_rows
            else KindCount(k, kind_acts[k], kind_people[k], per_kind[k])
            for i, k in enumerate(kinds)
        ],
        months=[
            MonthCount(m, hidden, hidden, hidden)
            if m - 1 in month_rows
            else MonthCount(m, month_acts[m], month_people[m], per_month[m])
            for m in range(1, 13)
        ],
        excerpts=note_excerpts(records),
    )


def list_coverage(
    lists: dict[str, ListFile], reader_pairs: set[tuple[str, str]], book, members: int, minimum: int = 1
) -> list[ListCoverage]:
    """How many members read each recommended book, and each list as a whole."""
    list_of = {b.id: lst.id for lst in lists.values() for b in lst.data.books}
    # (list, member) for each pair, None for a book in no list; in C: map and zip, not a Python loop over the pairs
    list_ids = map(list_of.get, map(itemgetter(0), reader_pairs))
    list_readers = Counter(map(itemgetter(0), set(zip(list_ids, map(itemgetter(1), reader_pairs)))))
    coverage = []
    for lst in lists.values():
        rows = [book(b.id) for b in lst.data.books]
        coverage.append(
            ListCoverage(
                lst.id,
                lst.data.title,
                rows,
                published(list_readers[lst.id], minimum, members),
                Hidden(minimum)
                if small(list_readers[lst.id], minimum, members)
                else rate(list_readers[lst.id], members),
                sum(1 for r in rows if r.readers),
            )
        )
    return coverage


def note_excerpts(records: RecordTable) -> list[NoteExcerpt]:
    """The newest 心得 written out in full whose members agreed to publish them (latest first), text only."""
    found = [i for i in compress(range(len(records)), records.notes) if records.consents[i]]
    found.sort(key=lambda i: (records.dates[i], records.rows[i]), reverse=True)
    return [NoteExcerpt(records.notes[i], records.notes_chars[i]) for i in found[:EXCERPTS]]
