"""Reading-activity data: data/members.csv and the reading records, checked cell by cell and against each other and
the reading lists, kept column by column for the statistics.

The records come as one file per year, uploaded as exported (data/reading-records/2022.csv: a year grows by about
7 MB, too large to edit in a browser), and from data/reading_records.csv, the single file of the first years, if it
is there. Every file is read; a record in two files is a duplicate like one written twice in a file."""

from __future__ import annotations

import difflib
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

from ..core.bulk import cycle_collector_paused
from ..core.errors import Problems, relative_name
from ..core.paths import DATA_DIR
from ..sources.committee import CommitteeFacts, read_committee_facts
from ..sources.csvfiles import Invalid, Table, add_capped, read_table, read_tables
from ..sources.schemas import Book, validate_model
from ..sources.textfiles import load_yaml_file
from .schemas import Member, ReadingDataInfo, ReadingRecord, count_chars, record_row_problems

MEMBERS_FILE = "members.csv"
RECORDS_FILE = "reading_records.csv"  # the single file of the first years (still read if it is there)
RECORDS_DIR = "reading-records"  # one file a year, named by its year: data/reading-records/2022.csv
YEAR_NAME_RE = re.compile(r"^(19|20)\d\d$")
INFO_FILE = "reading-data.yaml"


@dataclass(frozen=True)
class RecordTable:
    """The reading records, one list per column; entry i of every list belongs to the same record."""

    rows: list[int] = field(default_factory=list)  # row number in its file
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
    committee: CommitteeFacts  # the facts the tables were checked against (their groups' order)


def load_reading_data(
    books: dict[str, Book] | None, problems: Problems, folder: Path = DATA_DIR, facts: CommitteeFacts | None = None
) -> ReadingData | None:
    """Load and cross-check the two tables against the committee's facts (None: data/committee.yaml as it is now).
    `books` is every book of the reading lists, or None when a list could not be read (then book ids are not
    checked, so a broken list is not reported 1,000 times)."""
    facts = facts if facts is not None else read_committee_facts()
    found = Problems()
    info = _load_info(folder / INFO_FILE, found)
    with cycle_collector_paused():
        members, known_ids = load_members(folder / MEMBERS_FILE, found, facts)
        records = load_records(record_files(folder, found), members, known_ids, books, found, folder, facts)
    add_capped(found, problems)
    if found or info is None or records is None or facts is None:
        return None
    return ReadingData(info, members, records, facts)


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


def load_members(
    path: Path, problems: Problems, facts: CommitteeFacts | None = None
) -> tuple[dict[str, Member], set[str] | None]:
    """The members by id, and every well-formed id in the file (also of rows with other mistakes, so
    that their reading records are not reported as unknown members as well); None for the ids if the file
    cannot be read (then no record is blamed for its member: one cause, one message)."""
    table = read_table(path, Member, problems, facts) if _require(path, problems) else None
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


def record_files(folder: Path = DATA_DIR, problems: Problems | None = None) -> list[Path]:
    """The files of reading records: data/reading_records.csv if it is there, then data/reading-records/*.csv by name
    (anything else in that folder is reported: the site reads CSV only)."""
    files = [folder / RECORDS_FILE] if (folder / RECORDS_FILE).is_file() else []
    year_folder = folder / RECORDS_DIR
    if not year_folder.is_dir():
        return files
    for path in sorted(year_folder.iterdir()):
        if path.is_file() and path.suffix.lower() == ".csv":
            files.append(path)
        elif problems is not None and path.is_file() and not path.name.startswith("."):
            problems.add(
                path,
                None,
                "这个文件夹只放读书记录的 CSV 文件（每年一个，例如 2022.csv），这个文件网站不会读取。"
                "Excel/WPS 的表格请「另存为」→「CSV UTF-8（逗号分隔）」后上传，再删掉这个文件",
            )
    return files


def load_records(
    paths: list[Path],
    members: dict[str, Member],
    known_ids: set[str] | None,
    books: dict[str, Book] | None,
    problems: Problems,
    folder: Path = DATA_DIR,
    facts: CommitteeFacts | None = None,
) -> RecordTable | None:
    """The records of all files, column by column, after every check; None if a file cannot be read."""
    if not paths:
        problems.add(
            folder / RECORDS_DIR,
            None,
            "还没有读书记录：请把每一年的记录存成 CSV 文件，以年份为文件名上传到这个文件夹（例如 2022.csv）。"
            "格式见 /contribute/ 页面「读书活动数据」一节",
        )
        return None
    tables = read_tables(paths, ReadingRecord, problems, facts)
    if any(table is None for table in tables):
        return None
    first_year = min(
        (d.year for t in tables for d in set(t.columns["date"]) if not isinstance(d, Invalid)), default=9999
    )
    for table in tables:
        check_row_rules(table, problems)
        _check_year(table, problems)
        if known_ids is not None:
            _check_members(table, members, known_ids, problems, first_year)
        if books is not None:
            _check_books(table, books, problems)
    _check_duplicates(tables, problems)
    columns: list[list] = [[] for _ in range(1 + len(ReadingRecord.model_fields))]
    for table in tables:
        kept = [table.rows, *(table.columns[name] for name in ReadingRecord.model_fields)]
        if table.bad:  # rows with problems are left out (they are reported, so the build stops anyway)
            keep = [i for i in range(len(table)) if i not in table.bad]
            kept = [[column[i] for i in keep] for column in kept]
        for joined, column in zip(columns, kept):
            joined += column
    rows, dates, member_ids, book_ids, titles, minutes, activities, chars, notes, consents = columns
    title_keys = {t: f"《{t}》" for t in set(titles) if t is not None}  # one key object per title
    book_keys = [b if b is not None else title_keys[t] for b, t in zip(book_ids, titles)]
    chars = [c if c is not None else (count_chars(n) if n else 0) for c, n in zip(chars, notes)]
    consents = [c == "是" for c in consents]
    return RecordTable(rows, dates, member_ids, book_keys, minutes, activities, chars, notes, consents)


def _check_year(table: Table, problems: Problems) -> None:
    """A file in data/reading-records/ is named by its year, and holds the records of that year only."""
    if table.path.parent.name != RECORDS_DIR:
        return
    if not YEAR_NAME_RE.match(table.path.stem):
        problems.add(
            table.path,
            None,
            f"文件名应是这些记录的年份，例如 2022.csv（现在是「{table.path.name}」）：请把文件改名为记录所在的年份",
        )
        return
    year = int(table.path.stem)
    dates = table.columns["date"]
    other = [i for i, day in enumerate(dates) if not isinstance(day, Invalid) and day.year != year]
    if not other:
        return
    years = {dates[i].year for i in other}
    valid = sum(1 for day in dates if not isinstance(day, Invalid))
    if len(other) == valid and len(years) == 1:  # the whole file is of another year: its name is what is wrong
        (actual,) = years
        problems.add(
            table.path,
            table.rows[other[0]],
            f"文件名说这是 {year} 年的记录，但全部 {valid} 行的日期都在 {actual} 年。"
            f"请把文件改名为 {actual}.csv；如果已经有 {actual}.csv，请核对是不是上传错了文件",
            "date",
        )
        table.bad.update(other)
        return
    for i in other:
        problems.add(
            table.path,
            table.rows[i],
            f"日期 {dates[i].isoformat()} 不在 {year} 年：这个文件（文件名即年份）只放 {year} 年的记录。"
            f"请核对日期，或把这一行移到 {dates[i].year}.csv",
            "date",
        )
        table.bad.add(i)


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


def _check_members(
    table: Table, members: dict[str, Member], known_ids: set[str], problems: Problems, first_year: int
) -> None:
    """Every member id is in members.csv, and no record is dated before its member joined (first_year: the earliest
    year of any record)."""
    col = table.columns
    unknown = {m for m in set(col["member_id"]) if not isinstance(m, Invalid) and m not in known_ids}
    year_of = {d: d.year for d in set(col["date"]) if not isinstance(d, Invalid)}
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


def _check_duplicates(tables: list[Table], problems: Problems) -> None:
    """One member, one day, one book, one kind of activity: one row, in one file."""
    names = ("date", "member_id", "book_id", "book_title", "activity")
    seen: set[tuple] = set()
    for t in tables:  # the usual case: every key once, found by one set of them all
        seen.update(zip(*(t.columns[n] for n in names)))
    if len(seen) == sum(map(len, tables)):
        return
    del seen
    keys = [list(zip(*(t.columns[n] for n in names))) for t in tables]
    first: dict[tuple, tuple[Table, int]] = {}
    for table, table_keys in zip(tables, keys):
        for i, key in enumerate(table_keys):
            if i in table.bad or any(isinstance(k, Invalid) for k in key):
                continue
            if key not in first:
                first[key] = (table, table.rows[i])
                continue
            where, row = first[key]
            place = f"第 {row} 行" if where is table else f" {relative_name(where.path)} 第 {row} 行"
            problems.add(
                table.path,
                table.rows[i],
                f"与{place}重复（同一位委员、同一天、同一本书、同一种活动）："
                "请删掉一行；如果确实读了两次，请合并成一行、分钟数相加",
            )
            table.bad.add(i)
