"""macros/sources/csvfiles.py: tables as Excel and WPS save them: separators and headers staff type."""

from __future__ import annotations

from macros.core.errors import Problems
from macros.reading.schemas import Member
from macros.sources.csvfiles import Invalid, read_table

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


HEADER = "member_id,sector,committee,district,role,joined\n"
SECOND = "W0002,中国共产党,提案委员会,南召县,常委,2018\n"


def _cells(table) -> tuple:
    """A table's rows, cells (a bad cell as its message) and bad rows."""
    columns = {n: [c.message if isinstance(c, Invalid) else c for c in cells] for n, cells in table.columns.items()}
    return table.rows, columns, table.bad


def test_a_plain_file_and_the_same_file_with_quotes_give_the_same_table(tmp_path):
    # a file without quotes is split column by column at once; one with a quoted cell is read row by row by the
    # csv module: both readings must agree cell by cell, row number by row number, problem by problem
    cases = [
        HEADER + ROW + SECOND,
        HEADER + ROW + SECOND.removesuffix("\n"),  # no line end after the last row
        HEADER,  # the header alone
        HEADER.removesuffix("\n"),
        HEADER + ROW + ",,,,,\n" + SECOND,  # an empty row: left out
        HEADER + ROW + "W0003,中国共产党\n" + SECOND,  # a short row: reported
        HEADER + ROW + "\n" + SECOND + "\n\n",  # blank lines
        HEADER + "W0001,中国共产党,提案委员会,南召县,委员,2017,,\n",  # a row too wide
        HEADER + ROW + "W0001,中国共产党,提案委员会,南召县,委员,1900\n",  # a repeated id and a bad year: reported
        HEADER.replace("role,", ",role,") + ROW.replace("委员,", "委员,x,", 1),  # a nameless column with content
    ]
    for text in cases:
        plain = _read(tmp_path, text)
        quoted = _read(tmp_path, text.replace("南召县", '"南召县"'))  # the same cells, read by the csv module
        assert (plain[0] is None) == (quoted[0] is None), text
        if plain[0] is not None:
            assert _cells(plain[0]) == _cells(quoted[0]), text
        assert plain[1] == [m.replace('"南召县"', "南召县") for m in quoted[1]], text
