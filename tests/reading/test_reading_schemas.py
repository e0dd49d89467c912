"""macros/reading/schemas.py: the schemas of the reading data refuse what staff can get wrong, and the fast
column-by-column loader judges every row exactly as the schema does."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from macros.core.errors import Problems
from macros.reading.records import check_row_rules
from macros.reading.schemas import Member, ReadingDataInfo, ReadingRecord, count_chars
from macros.sources.committee import read_committee_facts
from macros.sources.csvfiles import read_table

RECORD = dict(date="2021-03-01", member_id="W0001", book_id="jia-shu", minutes="40", activity="自学")
MEMBER = dict(member_id="W0001", sector="民盟", committee="提案委员会", district="卧龙区", role="委员", joined="2017")


def test_a_record_and_a_member_as_excel_saves_them():
    record = ReadingRecord(**{**RECORD, "date": "2021/3/1"})
    assert record.date == date(2021, 3, 1) and record.minutes == 40 and record.book_title is None
    assert Member(**MEMBER).joined == 2017


@pytest.mark.parametrize(
    "change,message",
    [
        ({"date": "2021-02-30"}, "不存在"),
        ({"date": "2099-01-01"}, "在今天"),
        ({"minutes": "-5"}, "正整数"),
        ({"minutes": "721"}, "超过 12 小时"),
        ({"activity": "读书会"}, "committee_value"),
        ({"book_id": None}, "都是空的"),
        ({"book_title": "活着"}, "只能填一个"),
        ({"notes": "一二三", "notes_chars": "5"}, "心得有 3 字"),
        ({"extra": "x"}, "extra"),
    ],
)
def test_record_rules(change, message):
    data = {k: v for k, v in {**RECORD, **change}.items() if v is not None}
    with pytest.raises(ValidationError, match=message):
        ReadingRecord(**data)


def test_member_rules():
    with pytest.raises(ValidationError, match="committee_value"):
        Member(**{**MEMBER, "district": "南阳市"})
    with pytest.raises(ValidationError, match="格式不对"):
        Member(**{**MEMBER, "member_id": "M0001"})
    with pytest.raises(ValidationError, match="extra"):
        Member(**MEMBER, name="张三")
    with pytest.raises(ValidationError):
        ReadingDataInfo(sample=True, note="x", source="y")


def test_real_names_of_nanyang_districts_and_sectors():
    facts = read_committee_facts()
    assert facts.allowed("districts") == (
        "市直",
        "宛城区",
        "卧龙区",
        "南召县",
        "方城县",
        "西峡县",
        "镇平县",
        "内乡县",
        "淅川县",
        "社旗县",
        "唐河县",
        "新野县",
        "桐柏县",
        "邓州市",
    )
    assert {"中国共产党", "民革", "九三学社", "无党派人士", "特邀人士"} <= set(facts.allowed("sectors"))


def test_characters_are_counted_without_spaces_and_line_breaks():
    assert count_chars("读 书\n心得， ok") == 7


ROWS = [
    "2021-03-01,W0001,jia-shu,,40,自学,0,,",
    "2021/3/2,W0001,,《活着》,40,集体共读,,三个字,",
    "2021-02-30,W0001,jia-shu,,40,自学,0,,",
    "2021-03-01,W0001,jia-shu,,0,自学,0,,",
    "2021-03-01,W0001,jia-shu,活着,40,自学,0,,",
    "2021-03-01,W0001,,,40,自学,0,,",
    "2021-03-01,W0001,,活着,40,自学,9,三个字,",
    "2021-03-01,W0001,,活着,40,自学,,,",
    "2021-03-01,W1,Bad Id,,4o,唱歌,x,,",
    " 2021-03-01 , W0001 , jia-shu ,, 40 , 自学 ,0,,",
]


def test_the_loader_judges_each_row_as_the_model_does(tmp_path: Path):
    """Same verdict and same value for every row: the column-wise checks are the model's own."""
    header = ",".join(ReadingRecord.model_fields)
    path = tmp_path / "records.csv"
    path.write_text("\n".join([header, *ROWS]) + "\n", encoding="utf-8")
    problems = Problems()
    table = read_table(path, ReadingRecord, problems)
    check_row_rules(table, problems)
    bad_rows = {p.line for p in problems.items}
    for i, row in enumerate(ROWS):
        cells = dict(zip(ReadingRecord.model_fields, row.split(",")))
        data = {k: v.strip() for k, v in cells.items() if v.strip()}
        try:
            model = ReadingRecord(**data)
        except ValidationError:
            assert i + 2 in bad_rows, f"the model refuses row {i + 2} but the loader accepts it"
            continue
        assert i + 2 not in bad_rows, f"the loader refuses row {i + 2} but the model accepts it"
        for name in ReadingRecord.model_fields:
            assert table.columns[name][i] == getattr(model, name), (i, name)
