"""macros/reading/records.py and macros/sources/csvfiles.py: every mistake staff can make in the two tables is
reported, in Chinese, with the file, the row as Excel numbers it, the column and what to do."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from macros.core.errors import Problems
from macros.reading.records import first_days, load_reading_data
from macros.reading.schemas import Member, ReadingRecord, example_rows
from macros.sources.book_lists import load_reading_lists
from macros.sources.committee import read_committee_facts

FIXTURES = Path(__file__).parents[1] / "fixtures" / "reading"
RECORDS_HEADER = "date,member_id,book_id,book_title,minutes,activity,notes_chars,notes"
MEMBERS_HEADER = "member_id,sector,committee,district,role,joined"
GOOD = "2021-03-01,W0001,jia-shu,,40,自学,0,"


@pytest.fixture(scope="module")
def books():
    problems = Problems()
    lists = load_reading_lists(problems, folder=FIXTURES / "reading_lists")
    assert not problems
    return {b.id: b for lst in lists.values() for b in lst.data.books}


def load(tmp_path: Path, books, records: str | bytes | None = None, members: str | bytes | None = None):
    """Load a data folder made of the fixture with the given records and/or members table."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES, folder, ignore=shutil.ignore_patterns("reading_lists", "README.md"))
    for name, content in (("reading_records.csv", records), ("members.csv", members)):
        if content is not None:
            path = folder / name
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    problems = Problems()
    data = load_reading_data(books, problems, folder=folder)
    return data, [str(p) for p in sorted(problems.items, key=lambda p: (p.file, p.line or 0, p.message))]


def one_problem(tmp_path, books, *rows: str, header: str = RECORDS_HEADER) -> str:
    _, problems = load(tmp_path, books, "\n".join([header, *rows]) + "\n")
    assert len(problems) == 1, problems
    return problems[0]


def test_the_fixture_loads_without_problems(tmp_path, books):
    data, problems = load(tmp_path, books)
    assert problems == [] and len(data.records) == 6 and len(data.members) == 5


def test_example_rows_on_the_contribute_page_are_valid(tmp_path, books):
    example_books = {**books, "xiangtu-zhongguo": books["jia-shu"]}
    (example_member,), example_records = example_rows(read_committee_facts())
    members = f"{MEMBERS_HEADER}\n{example_member}\n"
    records = "\n".join([",".join(ReadingRecord.model_fields), *example_records]) + "\n"  # the header shown there
    data, problems = load(tmp_path, example_books, records, members)
    assert problems == [] and len(data.records) == len(example_records)
    assert (
        ",".join(Member.model_fields) == MEMBERS_HEADER
        and ",".join(ReadingRecord.model_fields) == RECORDS_HEADER + ",notes_consent"
    )


# --- encodings and the shape of the file -------------------------------------------------------


def test_excel_utf8_bom_and_crlf_are_read(tmp_path, books):
    data, problems = load(tmp_path, books, ("\ufeff" + RECORDS_HEADER + "\r\n" + GOOD + "\r\n").encode("utf-8"))
    assert problems == [] and data.records.member_ids == ["W0001"]


def test_gbk_is_refused_with_a_resave_hint(tmp_path, books):
    _, problems = load(tmp_path, books, (RECORDS_HEADER + "\n2021-03-01,W0001,,活着,40,自学,0,\n").encode("gbk"))
    (problem,) = problems
    assert problem.startswith("data/reading_records.csv 第 2 行") or "reading_records.csv 第 2 行" in problem
    assert "GBK" in problem and "CSV UTF-8" in problem


def test_gbk_records_are_read_so_their_real_mistakes_are_listed_too(tmp_path, books):
    rows = RECORDS_HEADER + "\n2021-03-01,W0001,,活着,40,自学,0,\n2021-02-30,W0001,,活着,40,自学,0,\n"
    _, problems = load(tmp_path, books, rows.encode("gb18030"))
    assert len(problems) == 2 and "GBK" in problems[0] and "第 3 行「date」" in problems[1], problems


def test_an_unreadable_members_table_is_one_message_without_follow_ons(tmp_path, books):
    _, problems = load(tmp_path, books, members=bytes(range(256)))
    (problem,) = problems  # not one "unknown member" per reading record as well
    assert problem.startswith("") and "members.csv" in problem and "无法识别文件的编码" in problem


def test_missing_column(tmp_path, books):
    header = RECORDS_HEADER.replace(",minutes", "")
    problem = one_problem(tmp_path, books, "2021-03-01,W0001,jia-shu,,自学,0,", header=header)
    assert "reading_records.csv 第 1 行「minutes」" in problem and "缺少「minutes」列" in problem


def test_extra_column_with_a_guess(tmp_path, books):
    _, problems = load(tmp_path, books, f"{RECORDS_HEADER},minute\n{GOOD},5\n")
    (problem,) = problems
    assert "第 1 行「minute」" in problem and "多出一列「minute」" in problem and "是不是「minutes」" in problem


def test_repeated_column(tmp_path, books):
    _, problems = load(tmp_path, books, f"{RECORDS_HEADER},minutes\n{GOOD},5\n")
    assert any("列名「minutes」出现了两次" in p for p in problems)


def test_semicolon_separated_file(tmp_path, books):
    problem = one_problem(tmp_path, books, GOOD.replace(",", ";"), header=RECORDS_HEADER.replace(",", ";"))
    assert "第 1 行" in problem and "不是用英文逗号分隔" in problem


def test_row_with_too_many_cells(tmp_path, books):
    problem = one_problem(tmp_path, books, GOOD, "2021-03-02,W0001,,论语,译注,40,自学,0,")
    assert "第 3 行" in problem and "有 9 个单元格，表头有 8 列" in problem


def test_unclosed_quote(tmp_path, books):
    _, problems = load(tmp_path, books, f'{RECORDS_HEADER}\n{GOOD}\n2021-03-02,W0001,,活着,40,自学,,"没有结尾的引号\n')
    (problem,) = problems
    assert "第 3 行" in problem and "引号没有成对" in problem


def test_empty_rows_are_ignored_but_half_empty_rows_are_not(tmp_path, books):
    _data, problems = load(tmp_path, books, f"{RECORDS_HEADER}\n{GOOD}\n,,,,,,,\n\n2021-03-02,W0001,,,,,,\n")
    assert len(problems) == 3 and all("第 5 行" in p for p in problems)  # book, minutes, activity
    assert any("「minutes」：这一格是空的，请填写分钟数" in p for p in problems)


def test_rows_are_numbered_as_excel_shows_them_even_with_line_breaks_in_a_cell(tmp_path, books):
    text = f'{RECORDS_HEADER}\n2021-03-01,W0001,,活着,40,自学,,"第一段\n第二段"\n2021-03-02,W0001,jia-shu,,-5,自学,0,\n'
    _, problems = load(tmp_path, books, text)
    (problem,) = problems
    assert "第 3 行「minutes」" in problem  # Excel row 3 (the text file's line 4)


def test_a_huge_cell_is_refused(tmp_path, books):
    problem = one_problem(tmp_path, books, f"2021-03-01,W0001,,活着,40,自学,,{'字' * 200_000}")
    assert "第 2 行「notes」" in problem and "内容太长（200000 个字符，上限 20000）" in problem


def test_many_problems_are_listed_up_to_a_limit_and_counted(tmp_path, books):
    rows = [f"2021-03-01,W0001,jia-shu,,{n},自学,0," for n in range(1000, 1300)]
    _, problems = load(tmp_path, books, "\n".join([RECORDS_HEADER, *rows]) + "\n")
    assert len(problems) == 201
    assert any("共有 300 处问题，这里只列出前 200 处" in p for p in problems)


# --- cells ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "row,where,message",
    [
        ("2021-02-30,W0001,jia-shu,,40,自学,0,", "「date」", "日期「2021-02-30」不存在"),
        ("2021-13-01,W0001,jia-shu,,40,自学,0,", "「date」", "日期「2021-13-01」不存在"),
        ("3月1日,W0001,jia-shu,,40,自学,0,", "「date」", "格式不对，请写成 2021-03-15"),
        ("2099-03-01,W0001,jia-shu,,40,自学,0,", "「date」", "在今天"),
        ("1999-03-01,W0001,jia-shu,,40,自学,0,", "「date」", "早于 2000 年"),
        ("2021-03-01,W0001,jia-shu,,-30,自学,0,", "「minutes」", "应该是正整数"),
        ("2021-03-01,W0001,jia-shu,,0,自学,0,", "「minutes」", "应该是正整数"),
        ("2021-03-01,W0001,jia-shu,,4500,自学,0,", "「minutes」", "超过 12 小时"),
        ("2021-03-01,W0001,jia-shu,,45分钟,自学,0,", "「minutes」", "应该是整数"),
        ("2021-03-01,W0001,jia-shu,,1.5,自学,0,", "「minutes」", "应该是整数"),
        ("2021-03-01,W0001,jia-shu,,40,读书会,0,", "「activity」", "「读书会」不是允许的值，只能填：自学、线上读书"),
        ("2021-03-01,w1,jia-shu,,40,自学,0,", "「member_id」", "委员编号「w1」格式不对"),
        ("2021-03-01,W0001,Jia Shu,,40,自学,0,", "「book_id」", "书目编号「Jia Shu」格式不对"),
        ("2021-03-01,W0001,jia-shu,,40,自学,-1,", "「notes_chars」", "心得字数「-1」不对"),
        (",W0001,jia-shu,,40,自学,0,", "「date」", "这一格是空的，请填写日期"),
        ("2021-03-01,,jia-shu,,40,自学,0,", "「member_id」", "这一格是空的，请填写委员编号"),
        ("2021-03-01,W0001,jia-shu,,40,,0,", "「activity」", "这一格是空的，请填写活动类型"),
    ],
)
def test_bad_cell(tmp_path, books, row, where, message):
    problem = one_problem(tmp_path, books, row)
    assert f"data/reading_records.csv 第 2 行{where}" in problem or f"reading_records.csv 第 2 行{where}" in problem
    assert message in problem


def test_excel_dates_are_accepted(tmp_path, books):
    data, problems = load(tmp_path, books, f"{RECORDS_HEADER}\n2021/3/1,W0001,jia-shu,,40,自学,0,\n")
    assert problems == [] and data.records.dates[0].isoformat() == "2021-03-01"


# --- rows and cross-checks --------------------------------------------------------------------


@pytest.mark.parametrize(
    "row,where,message",
    [
        ("2021-03-01,W0001,,,40,自学,0,", "「book_id」", "book_id 和 book_title 都是空的"),
        ("2021-03-01,W0001,jia-shu,活着,40,自学,0,", "「book_title」", "只能填一个"),
        (
            "2021-03-01,W0001,,活着,40,自学,10,四个字呀",
            "「notes_chars」",
            "心得字数填的是 10，但 notes 列的心得有 4 字",
        ),
        ("2021-03-01,W9999,jia-shu,,40,自学,0,", "「member_id」", "未知委员编号「W9999」（data/members.csv 中没有）"),
        (
            "2021-03-01,W0001,jia-sh,,40,自学,0,",
            "「book_id」",
            "书目编号「jia-sh」不在任何书单里（reading_lists/）。是不是「jia-shu」？",
        ),
        ("2021-03-01,W0001,,《甲书》,40,自学,0,", "「book_title」", "《甲书》在推荐书目里：请在 book_id 填「jia-shu」"),
        ("2020-03-01,W0004,jia-shu,,40,自学,0,", "「date」", "委员 W0004 是 2021 年加入的"),
    ],
)
def test_bad_row(tmp_path, books, row, where, message):
    problem = one_problem(tmp_path, books, row)
    assert f"reading_records.csv 第 2 行{where}" in problem and message in problem


def test_duplicate_row(tmp_path, books):
    problem = one_problem(tmp_path, books, GOOD, "2021-03-02,W0001,jia-shu,,40,自学,0,", GOOD.replace(",40,", ",25,"))
    assert "第 4 行" in problem and "与第 2 行重复" in problem


def test_same_book_same_day_in_another_activity_is_not_a_duplicate(tmp_path, books):
    data, problems = load(tmp_path, books, f"{RECORDS_HEADER}\n{GOOD}\n{GOOD.replace('自学', '集体共读')}\n")
    assert problems == [] and len(data.records) == 2


def test_duplicate_member_and_bad_member_cells(tmp_path, books):
    members = (
        f"{MEMBERS_HEADER}\nW0001,中国共产党,提案委员会,宛城区,常委,2019\nW0001,民盟,经济委员会,宛城区,委员,2019\n"
        "W0002,民盟,经济委员会,南阳县,委员,2019\nW0003,民盟,提案委员会,邓州市,主席,2030\n"
    )
    _, problems = load(tmp_path, books, f"{RECORDS_HEADER}\n{GOOD}\n", members)
    text = "\n".join(problems)
    assert "members.csv 第 3 行「member_id」：委员编号「W0001」重复（第 2 行已有）" in text
    assert "members.csv 第 4 行「district」：「南阳县」不是允许的值" in text
    assert "members.csv 第 5 行「role」" in text and "members.csv 第 5 行「joined」" in text


def test_records_of_a_member_with_a_broken_row_are_not_blamed_too(tmp_path, books):
    members = f"{MEMBERS_HEADER}\nW0001,中国共产党,提案委员会,宛城区,常委,二〇一九\n"
    _, problems = load(tmp_path, books, f"{RECORDS_HEADER}\n{GOOD}\n", members)
    assert len(problems) == 1 and "members.csv 第 2 行「joined」" in problems[0]


def test_book_ids_are_not_checked_when_the_lists_could_not_be_read(tmp_path):
    _, problems = load(tmp_path, None, f"{RECORDS_HEADER}\n2021-03-01,W0001,no-such-book,,40,自学,0,\n")
    assert problems == []


def test_every_problem_of_both_files_at_once(tmp_path, books):
    members = f"{MEMBERS_HEADER}\nW0001,中国共产党,提案委员会,宛城区,常委,2019\nW0002,民盟,经济委员会,宛城区,委员,\n"
    records = f"{RECORDS_HEADER}\n2021-02-30,W0001,jia-shu,,40,自学,0,\n2021-03-01,W0007,jia-shu,,-1,自学,0,\n"
    _, problems = load(tmp_path, books, records, members)
    text = "\n".join(problems)
    assert "members.csv 第 3 行「joined」" in text
    assert "reading_records.csv 第 2 行「date」" in text
    assert "reading_records.csv 第 3 行「minutes」" in text and "reading_records.csv 第 3 行「member_id」" in text
    assert len(problems) == 4


def test_missing_files_and_description(tmp_path, books):
    folder = tmp_path / "data"
    folder.mkdir()
    problems = Problems()
    assert load_reading_data(books, problems, folder=folder) is None
    text = "\n".join(str(p) for p in problems.items)
    assert "members.csv：缺少这个数据文件" in text and "reading-records：还没有读书记录" in text
    assert "reading-data.yaml：缺少数据说明文件" in text


def test_empty_file(tmp_path, books):
    _, problems = load(tmp_path, books, "")
    (problem,) = problems
    assert "第 1 行" in problem and "文件是空的" in problem and RECORDS_HEADER in problem


def test_description_file_is_checked(tmp_path, books):
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES, folder, ignore=shutil.ignore_patterns("reading_lists", "README.md"))
    (folder / "reading-data.yaml").write_text("sample: 也许\nnote: 说明\nsource: 多余\n", encoding="utf-8")
    problems = Problems()
    load_reading_data(books, problems, folder=folder)
    text = "\n".join(str(p) for p in problems.items)
    assert "reading-data.yaml 第 1 行「sample」" in text and "不认识的字段「source」" in text


def test_first_days_in_and_out_of_date_order():
    """Each member's earliest date: the quick pass for rows in date order and the general one agree."""
    days = [date(2020, 1, 1), date(2020, 3, 5), date(2021, 2, 2), date(2021, 7, 1)]
    members = ["W0002", "W0001", "W0002", "W0003"]
    expected = {"W0001": date(2020, 3, 5), "W0002": date(2020, 1, 1), "W0003": date(2021, 7, 1)}
    assert first_days(members, days) == expected
    assert first_days(members[::-1], days[::-1]) == expected
