"""macros/sources/csvfiles.py: tables as Excel and WPS save them: separators and headers staff type."""

from __future__ import annotations

from macros.core.errors import Problems
from macros.reading.schemas import Member
from macros.sources.csvfiles import read_table

ROW = "W0001,中国共产党,提案委员会,南召县,委员,2017\n"


def _read(tmp_path, text: str):
    path = tmp_path / "members.csv"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    return read_table(path, Member, problems), [str(p) for p in problems.items]


def test_a_tab_separated_file_is_named_once(tmp_path):
    table, messages = _read(tmp_path, "member_id\tsector\tcommittee\tdistrict\trole\tjoined\n" + ROW.replace(",", "\t"))
    assert table is None
    (message,) = messages  # one cause, one message: no missing columns, no bad rows
    assert "第 1 行" in message and "制表符（Tab）" in message


def test_a_header_in_chinese_column_titles_is_understood_with_one_message(tmp_path):
    table, messages = _read(tmp_path, "委员编号,界别,专委会,县市区,职务,加入年份\n" + ROW)
    assert table is not None and table.columns["member_id"] == ["W0001"] and table.columns["joined"] == [2017]
    (message,) = messages
    assert "第 1 行" in message and "「委员编号」改成 member_id" in message and "「加入年份」改成 joined" in message
