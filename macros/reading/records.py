"""Reading-activity data: data/members.csv and data/reading_records.csv, checked cell by cell and against
each other and the reading lists, kept column by column for the statistics."""

from __future__ import annotations

import difflib
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

from ..core.bulk import cycle_collector_paused
from ..core.errors import Problems
from ..core.paths import DATA_DIR
from ..sources.csvfiles import Invalid, Table, add_capped, read_table
from ..sources.schemas import Book, validate_model
from ..sources.textfiles import load_yaml_file
from .schemas import Member, ReadingDataInfo, ReadingRecord, count_chars, record_row_problems

MEMBERS_FILE = "members.csv"
RECORDS_FILE = "reading_records.csv"
INFO_FILE = "reading-data.yaml"


@dataclass(frozen=True)
class RecordTable:
    """The reading records, one list per column; entry i of every list belongs to the same record."""

    rows: list[int] = field(default_factory=list)  # row number in reading_records.csv
    dates: list[date] = field(default_factory=list)
    member_ids: list[str] = field(default_factory=list)
    book_keys: list[str] = field(default_factory=list)  # a book id, or 《free title》
    minutes: list[int] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    notes_chars: list[int] = field(default_factory=list)
    notes: list[str | None] = field(default_factory=list)
    consents: list[bool] = field(default_factory=list)  # the member agreed that the 心得 may be published

    def __len__(self) -> int:
        return len(self.rows)

    def take(self, picks: Sequence[int]) -> RecordTable:
        """The records at the given positions (distinct and increasing, as the year split makes them)."""
        if len(picks) == len(self):  # positions are distinct, so these are all the records
            return self
        if isinstance(picks, range) and picks.step == 1:  # a run of records: sliced, not picked one by one
            return RecordTable(*(column[picks.start : picks.stop] for column in self._columns()))
        return RecordTable(*(list(map(column.__getitem__, picks)) for column in self._columns()))

    def _columns(self) -> tuple[list, ...]:
        return (
            self.rows,
            self.dates,
            self.member_ids,
            self.book_keys,
            self.minutes,
            self.activities,
            self.notes_chars,
            self.notes,
            self.consents,
        )


def is_free_title(book_key: str) -> bool:
    """True for a book outside the reading lists (its key is its title in 《》; a book id never has 《)."""
    return book_key.startswith("《")


@dataclass(frozen=True)
class ReadingData:
    info: ReadingDataInfo
    members: dict[str, Member]
    records: RecordTable


def load_reading_data(books: dict[str, Book] | None, problems: Problems, folder: Path = DATA_DIR) -> ReadingData | None:
    """Load and cross-check the two tables. `books` is every book of the reading lists, or None when a
    list could not be read (then book ids are not checked, so a broken list is not reported 1,000 times)."""
    found = Problems()
    info = _load_info(folder / INFO_FILE, found)
    with cycle_collector_paused():
        members, known_ids = load_members(folder / MEMBERS_FILE, found)
        records = load_records(folder / RECORDS_FILE, members, known_ids, books, found)
    add_capped(found, problems)
    if found or info is None or records is None:
        return None
    return ReadingData(info, members, records)


def _load_info(path: Path, problems: Problems) -> ReadingDataInfo | None:
    if not path.exists():
        problems.add(
            path,
            None,
            "缺少数据说明文件：请新建它，写两行：sample: true（示例数据）或 false（真实数据），"
            "以及 note: 一句话说明数据的来源",
        )
        return None
    loaded = load_yaml_file(path, problems)
    return None if loaded is None else validate_model(ReadingDataInfo, loaded[0], path, loaded[1], problems)


def _require(path: Path, problems: Problems) -> bool:
    if path.exists():
        return True
    problems.add(path, None, "缺少这个数据文件。格式见 /contribute/ 页面「读书活动数据」一节")
    return False


def load_members(path: Path, problems: Problems) -> tuple[dict[str, Member], set[str] | None]:
    """The members by id, and every well-formed id in the file (also of rows with other mistakes, so
    that their reading records are not reported as unknown members as well); None for the ids if the file
    cannot be read (then no record is blamed for its member: one cause, one message)."""
    table = read_table(path, Member, problems) if _require(path, problems) else None
    if table is None:
        return {}, None
    ids = table.columns["member_id"]
    first: dict[str, int] = {}
    for i, member_id in enumerate(ids):
        if isinstance(member_id, Invalid):
            continue
        if member_id in first:
            problems.add(
                path,
                table.rows[i],
                f"委员编号「{member_id}」重复（第 {first[member_id]} 行已有）。"
                "每位委员只占一行；不同的委员请换一个编号",
                "member_id",
            )
            table.bad.add(i)
        else:
            first[member_id] = table.rows[i]
    names = list(table.columns)
    members = {
        ids[i]: Member.model_construct(**{n: table.columns[n][i] for n in names})
        for i in range(len(table))
        if i not in table.bad
    }
    return members, set(first)


def load_records(
    path: Path,
    members: dict[str, Member],
    known_ids: set[str] | None,
    books: dict[str, Book] | None,
    problems: Problems,
) -> RecordTable | None:
    """The records, column by column, after every check; None if the file cannot be read."""
    table = read_table(path, ReadingRecord, problems) if _require(path, problems) else None
    if table is None:
        return None
    check_row_rules(table, problems)
    if known_ids is not None:
        _check_members(table, members, known_ids, problems)
    if books is not None:
        _check_books(table, books, problems)
    _check_duplicates(table, problems)
    columns = [table.rows, *(table.columns[name] for name in ReadingRecord.model_fields)]
    if table.bad:  # rows with problems are left out (they are reported, so the build stops anyway)
        keep = [i for i in range(len(table)) if i not in table.bad]
        columns = [[column[i] for i in keep] for column in columns]
    rows, dates, member_ids, book_ids, titles, minutes, activities, chars, notes, consents = columns
    title_keys = {t: f"《{t}》" for t in set(titles) if t is not None}  # one key object per title
    book_keys = [b if b is not None else title_keys[t] for b, t in zip(book_ids, titles)]
    chars = [c if c is not None else (count_chars(n) if n else 0) for c, n in zip(chars, notes)]
    consents = [c == "是" for c in consents]
    return RecordTable(rows, dates, member_ids, book_keys, minutes, activities, chars, notes, consents)


def check_row_rules(table: Table, problems: Problems) -> None:
    """The rules that involve more than one cell (the same function the ReadingRecord model uses)."""
    col = table.columns
    candidates = [
        i
        for i, (b, t, n) in enumerate(zip(col["book_id"], col["book_title"], col["notes"]))
        if (b is None) == (t is None) or n is not None
    ]
    for i in candidates:
        cells = (col["book_id"][i], col["book_title"][i], col["notes_chars"][i], col["notes"][i])
        if any(isinstance(c, Invalid) for c in cells):
            continue
        for column, message in record_row_problems(*cells):
            problems.add(table.path, table.rows[i], message, column)
            table.bad.add(i)


def _check_members(table: Table, members: dict[str, Member], known_ids: set[str], problems: Problems) -> None:
    """Every member id is in members.csv, and no record is dated before its member joined."""
    col = table.columns
    unknown = {m for m in set(col["member_id"]) if not isinstance(m, Invalid) and m not in known_ids}
    year_of = {d: d.year for d in set(col["date"]) if not isinstance(d, Invalid)}
    first_year = min(year_of.values(), default=9999)
    late = {m: member.joined for m, member in members.items() if member.joined > first_year}
    if late:  # members who joined after the first records: only those with a record before they joined
        first_day = first_days(col["member_id"], col["date"])
        late = {m: y for m, y in late.items() if m in first_day and year_of.get(first_day[m], 9999) < y}
    suspects = unknown | late.keys()
    if not suspects:
        return
    for i in [i for i, member_id in enumerate(col["member_id"]) if member_id in suspects]:
        member_id, day = col["member_id"][i], col["date"][i]
        if member_id in unknown:
            problems.add(
                table.path,
                table.rows[i],
                f"未知委员编号「{member_id}」（data/members.csv 中没有）："
                "请核对编号，或先在 members.csv 里加上这位委员",
                "member_id",
            )
            table.bad.add(i)
        elif not isinstance(day, Invalid) and day.year < late[member_id]:
            problems.add(
                table.path,
                table.rows[i],
                f"委员 {member_id} 是 {late[member_id]} 年加入的（见 data/members.csv），"
                f"这条记录的日期 {day.isoformat()} 在加入之前：请核对日期或加入年份",
                "date",
            )
            table.bad.add(i)


def first_days(member_ids: list, dates: list) -> dict:
    """Each member's earliest date (Invalid dates left out); one quick pass when the rows are in date order, as
    the records usually are (a member's first row is then their earliest)."""
    if not any(isinstance(d, Invalid) for d in set(dates)) and all(map(operator.le, dates, islice(dates, 1, None))):
        return dict(zip(reversed(member_ids), reversed(dates)))
    first: dict = {}
    for member_id, day in set(zip(member_ids, dates)):
        if not isinstance(day, Invalid) and (member_id not in first or day < first[member_id]):
            first[member_id] = day
    return first


def _check_books(table: Table, books: dict[str, Book], problems: Problems) -> None:
    col = table.columns
    unknown = {b for b in set(col["book_id"]) if isinstance(b, str) and b not in books}
    by_title = {book.title: book_id for book_id, book in books.items()}
    listed = {t for t in set(col["book_title"]) if isinstance(t, str) and t in by_title}
    if not unknown and not listed:
        return
    for i, (book_id, title) in enumerate(zip(col["book_id"], col["book_title"])):
        if book_id in unknown:
            guess = difflib.get_close_matches(book_id, list(books), n=1)
            hint = f"是不是「{guess[0]}」？" if guess else ""
            problems.add(
                table.path,
                table.rows[i],
                f"书目编号「{book_id}」不在任何书单里（reading_lists/）。{hint}"
                "书单以外的书请把书名填在 book_title 列，book_id 留空",
                "book_id",
            )
            table.bad.add(i)
        elif title in listed:
            problems.add(
                table.path,
                table.rows[i],
                f"《{title}》在推荐书目里：请在 book_id 填「{by_title[title]}」，"
                "book_title 留空（否则这次阅读不会计入书单统计）",
                "book_title",
            )
            table.bad.add(i)


def _check_duplicates(table: Table, problems: Problems) -> None:
    """One member, one day, one book, one kind of activity: one row."""
    col = table.columns
    if len(set(zip(col["date"], col["member_id"], col["book_id"], col["book_title"], col["activity"]))) == len(table):
        return
    keys = list(zip(col["date"], col["member_id"], col["book_id"], col["book_title"], col["activity"]))
    first: dict[tuple, int] = {}
    for i, key in enumerate(keys):
        if i in table.bad or any(isinstance(k, Invalid) for k in key):
            continue
        if key in first:
            problems.add(
                table.path,
                table.rows[i],
                f"与第 {first[key]} 行重复（同一位委员、同一天、同一本书、同一种活动）："
                "请删掉一行；如果确实读了两次，请合并成一行、分钟数相加",
            )
            table.bad.add(i)
        else:
            first[key] = table.rows[i]
