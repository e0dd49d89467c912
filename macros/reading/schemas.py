"""Schemas of the reading-activity data: data/members.csv, data/reading_records.csv, data/reading-data.yaml.

Column names are what staff see in the first row of the table in Excel/WPS. Each field's title and
description is what /contribute/ shows, so the documentation and the checks cannot drift apart.
The allowed values of 界别, 专委会, 县市区, 职务 and 活动类型 come from data/committee.yaml.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from ..sources import committee
from ..sources.schemas import MAX_TEXT, SLUG_RE, ShortText, Strict

# --- allowed values -----------------------------------------------------------------------------

# The values that differ between committees are data: data/committee.yaml (the 专委会 there are illustrative).
District = committee.committee_value("districts")
Sector = committee.committee_value("sectors")
Committee = committee.committee_value("committees")
Role = committee.committee_value("roles")
Activity = committee.committee_value("activities")

MEMBER_ID_RE = re.compile(r"^W\d{4}$")
MAX_MINUTES = 720  # one reading act of more than 12 hours is a typing mistake
EARLIEST = date(2000, 1, 1)
DATE_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


# --- cell checks (each raises ValueError with a message staff can act on) ------------------------


def _parse_date(value: object) -> object:
    """2021-03-15, and also 2021/3/15 as Excel and WPS save dates in a Chinese locale."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = DATE_RE.match(text)
    if not match:
        raise ValueError(f"日期「{text[:40]}」格式不对，请写成 2021-03-15（年-月-日）")
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValueError(f"日期「{text}」不存在，请核对月份和日子") from None


def _plausible_date(value: date) -> date:
    if value > date.today():
        raise ValueError(f"日期「{value.isoformat()}」在今天（{date.today().isoformat()}）之后，请核对年份")
    if value < EARLIEST:
        raise ValueError(f"日期「{value.isoformat()}」早于 {EARLIEST.year} 年，请核对年份")
    return value


def _whole_number(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(f"「{text[:40]}」应该是整数，只写阿拉伯数字，不带单位、逗号或小数点")
        return int(text)
    return value


def _plausible_minutes(value: int) -> int:
    if value < 1:
        raise ValueError(f"分钟数「{value}」不对：应该是正整数（负数或 0 说明填错了）")
    if value > MAX_MINUTES:
        raise ValueError(
            f"一次读书 {value} 分钟（超过 {MAX_MINUTES // 60} 小时），不合常理：是不是多打了一个 0，"
            "或把几次活动合成了一行？请核对后分行填写"
        )
    return value


def _plausible_chars(value: int) -> int:
    if not 0 <= value <= MAX_TEXT:
        raise ValueError(f"心得字数「{value}」不对：应在 0 到 {MAX_TEXT} 之间，没有心得填 0 或留空")
    return value


def _plausible_joined(value: int) -> int:
    if not 1980 <= value <= date.today().year:
        raise ValueError(f"加入年份「{value}」不对：应是 1980 到 {date.today().year} 之间的四位年份")
    return value


def _book_title(value: object) -> object:
    """A free title: book-title marks 《》 are dropped, so 《活着》 and 活着 count as one book."""
    return value.strip().strip("《》").strip() if isinstance(value, str) else value


def _member_id(value: object) -> object:
    if isinstance(value, str) and not MEMBER_ID_RE.match(value.strip()):
        raise ValueError(f"委员编号「{value.strip()[:40]}」格式不对：大写字母 W 加 4 位数字，例如 W0001")
    return value.strip() if isinstance(value, str) else value


def _book_id(value: object) -> object:
    if isinstance(value, str) and not SLUG_RE.match(value.strip()):
        raise ValueError(
            f"书目编号「{value.strip()[:40]}」格式不对：应是书单里的编号（小写拼音和连字符），"
            "例如 xiangtu-zhongguo；书单以外的书请把书名填在 book_title 列"
        )
    return value.strip() if isinstance(value, str) else value


RecordDate = Annotated[date, BeforeValidator(_parse_date), AfterValidator(_plausible_date)]
MemberId = Annotated[str, BeforeValidator(_member_id)]
BookId = Annotated[str, BeforeValidator(_book_id), Field(max_length=80)]
BookTitle = Annotated[str, BeforeValidator(_book_title), Field(min_length=1, max_length=200)]
Minutes = Annotated[int, BeforeValidator(_whole_number), AfterValidator(_plausible_minutes)]
Chars = Annotated[int, BeforeValidator(_whole_number), AfterValidator(_plausible_chars)]
Joined = Annotated[int, BeforeValidator(_whole_number), AfterValidator(_plausible_joined)]
NotesText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


def count_chars(text: str) -> int:
    """Characters of a 心得 as the site counts them: everything but spaces and line breaks."""
    return len("".join(text.split()))


def record_row_problems(
    book_id: str | None, book_title: str | None, notes_chars: int | None, notes: str | None
) -> list[tuple[str, str]]:
    """Rules that involve more than one cell of a record: (column, message) for each one broken."""
    found = []
    if book_id is None and book_title is None:
        found.append(
            (
                "book_id",
                "book_id 和 book_title 都是空的：书单里的书填 book_id（书目编号），"
                "书单以外的书填 book_title（书名），两者填一个",
            )
        )
    elif book_id is not None and book_title is not None:
        found.append(
            ("book_title", "book_id 和 book_title 只能填一个：书单里的书只填 book_id，书单以外的书只填 book_title")
        )
    if notes is not None and notes_chars is not None and notes_chars != count_chars(notes):
        found.append(
            (
                "notes_chars",
                f"心得字数填的是 {notes_chars}，但 notes 列的心得有 {count_chars(notes)} 字"
                "（不计空格和换行）：填了心得全文时 notes_chars 可以留空，网站会自动计算",
            )
        )
    return found


# --- data/members.csv ---------------------------------------------------------------------------


class Member(Strict):
    """One row of data/members.csv: one member of the CPPCC (市 or 县级), pseudonymous."""

    member_id: MemberId = Field(
        title="委员编号", description="化名编号，大写 `W` 加4位数字，如 `W0001`；全表唯一，不填姓名"
    )
    sector: Sector = Field(title="界别", description="委员所在界别")
    committee: Committee = Field(title="专委会", description="委员所在的专门委员会")
    district: District = Field(title="县市区", description="市政协委员填“市直”，县级政协委员填所在县市区")
    role: Role = Field(title="职务", description="委员或常委")
    joined: Joined = Field(
        title="加入年份", description="成为委员的年份，四位数字，如 `2017`；此前年份的读书记录会被指出"
    )


# --- data/reading_records.csv -------------------------------------------------------------------


class ReadingRecord(Strict):
    """One row of data/reading_records.csv: one reading act of one member on one day."""

    date: RecordDate = Field(
        title="日期", description="读书的日期，写成 `2021-03-15`（Excel存成的 `2021/3/15` 也可以）；不能晚于今天"
    )
    member_id: MemberId = Field(title="委员编号", description="`data/members.csv` 里已有的委员编号")
    book_id: BookId | None = Field(
        None,
        title="书目编号",
        description="推荐书目里的书：填书单中的编号（见各书单页面"
        "每本书的链接锚点，或 `reading_lists/` 里的 `id`）；否则留空",
    )
    book_title: BookTitle | None = Field(
        None, title="书名", description="推荐书目以外的书：填书名（不用加书名号）；填了 `book_id` 就留空"
    )
    minutes: Minutes = Field(title="分钟数", description=f"这次读了多少分钟，正整数，不超过{MAX_MINUTES}")
    activity: Activity = Field(title="活动类型", description="读书的方式")
    notes_chars: Chars | None = Field(
        None, title="心得字数", description="这次写的读书心得有多少字；没有心得填0或留空；填了 `notes` 可以留空"
    )
    notes: NotesText | None = Field(
        None,
        title="心得",
        description=f"心得全文（可选，不超过{MAX_TEXT}字）；只有 `notes_consent` 填了“是”的才会在统计页面摘录",
    )
    notes_consent: Literal["是"] | None = Field(
        None,
        title="同意公开心得",
        description="委员本人同意在网站上摘录这篇心得时填“是”，否则留空（不公开）；摘录不显示日期、书名和活动",
        json_schema_extra={"may_be_absent": True},  # files made before this column: no 心得 is published
    )

    @model_validator(mode="after")
    def _check_row(self) -> ReadingRecord:
        for _, message in record_row_problems(self.book_id, self.book_title, self.notes_chars, self.notes):
            raise ValueError(message)
        return self


# --- data/reading-data.yaml ---------------------------------------------------------------------


class ReadingDataInfo(Strict):
    """What the two tables are: sample data (labelled 示例数据 on the site) or real records."""

    sample: bool
    note: ShortText
    min_group: int = Field(
        5, ge=2, le=100, title="最小公布人数", description="统计里少于这么多委员的数字不公布，显示为“不足N人”"
    )


def example_rows(facts: committee.CommitteeFacts) -> tuple[tuple[str], tuple[str, ...]]:
    """Example rows of members.csv and reading_records.csv shown on /contribute/ (checked by the tests against the
    real loader). Their allowed values come from the committee's facts, so the examples stay valid for any committee;
    W0000 is an id no member has (the sample data counts from W0001)."""
    sectors, activities = facts.allowed("sectors"), facts.allowed("activities")
    member = (
        f"W0000,{sectors[min(2, len(sectors) - 1)]},{facts.allowed('committees')[0]},"
        f"{facts.allowed('districts')[-1]},{facts.allowed('roles')[0]},2017"
    )
    records = (
        f"2021-04-23,W0000,xiangtu-zhongguo,,45,{activities[0]},0,,",
        f"2021-05-08,W0000,,平凡的世界,90,{activities[-1]},,（示例心得）读到孙少平在矿上的日子，想起老家的亲戚。,是",
    )
    return (member,), records
