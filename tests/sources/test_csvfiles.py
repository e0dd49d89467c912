"""macros/sources/csvfiles.py: tables as Excel and WPS save them: separators and headers staff type."""

from __future__ import annotations

from conftest import PROJECT_ROOT, fresh_python

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


def test_large_files_read_in_two_halves_give_what_one_read_gives(tmp_path):
    """From SHARED_FROM_CHARS the second half of each file's rows is read in a forked copy: the tables, row numbers,
    bad rows and problems are those of reading each file whole (in a fresh Python: a pytest-xdist worker has
    threads, and started_aside does not fork there). The files: the committed records with a bad cell in each half,
    a header in Chinese titles (one message, not one per half), a misnamed column (no table, its messages once), a nameless column filled in the second half only,
    a quoted cell and a short row in the second half (both read whole)."""
    lines = (PROJECT_ROOT / "data" / "reading_records.csv").read_text(encoding="utf-8-sig").splitlines()
    header, rows = lines[0], lines[1:]
    half = len(rows) // 2
    bad = [*rows]
    cells = bad[10].split(",")
    bad[10] = ",".join([*cells[:4], "九十", *cells[5:]])  # minutes not a number
    bad[half + 50] = "2020-02-30" + bad[half + 50][10:]
    titled = header.replace("date,", "日期,", 1)
    nameless = [f"{row}," if i < half else f"{row},多出的内容" for i, row in enumerate(rows)]
    quoted = [*rows[:-1], rows[-1].replace(",,", ',"",', 1)]
    short = [*rows[:-5], rows[-5].rsplit(",", 1)[0], *rows[-4:]]
    files = {
        "bad.csv": [header, *bad],
        "titled.csv": [titled, *rows],
        "misnamed.csv": [header.replace("minutes", "minute"), *rows],
        "nameless.csv": [header + ",", *nameless],
        "quoted.csv": [header, *quoted],
        "short.csv": [header, *short],
    }
    for name, content in files.items():
        (tmp_path / name).write_text("\n".join(content) + "\n", encoding="utf-8")
    out = fresh_python(f"""
        import json
        from pathlib import Path
        from macros.core.errors import Problems
        from macros.reading.schemas import ReadingRecord
        from macros.sources import csvfiles
        paths = [Path({str(tmp_path)!r}) / name for name in {list(files)!r}]
        def cells(table):
            if table is None:
                return None
            columns = {{n: [c.message if isinstance(c, csvfiles.Invalid) else c for c in v] for n, v in table.columns.items()}}
            return table.rows, columns, sorted(table.bad), table.distinct
        whole = Problems()
        alone = [csvfiles.read_table(path, ReadingRecord, whole) for path in paths]
        csvfiles.SHARED_FROM_CHARS = 0
        halved = Problems()
        shared = csvfiles.read_tables(paths, ReadingRecord, halved)
        dates = shared[0].columns["date"]
        print(json.dumps({{
            "same": [cells(a) == cells(b) for a, b in zip(alone, shared)],
            "problems": sorted(map(str, whole.items)) == sorted(map(str, halved.items)),
            "found": len(whole.items),
            "forks": len(FORKS),
            "one_object_per_date": len(set(map(id, dates))) == len(set(dates)),
        }}))
    """)
    assert out["same"] == [True] * len(files) and out["problems"] and out["one_object_per_date"], out
    assert out["forks"] == 1 and out["found"] >= 7, out
