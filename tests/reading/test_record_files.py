"""macros/reading/records.py: a year of reading records as a file of its own (data/reading-records/<year>.csv),
read together with the single data/reading_records.csv of the first years."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_records import FIXTURES, RECORDS_HEADER, books  # noqa: F401  (books: the fixture)

from macros.core.errors import Problems
from macros.reading.records import load_reading_data

ROW_2022 = "2022-03-01,W0001,jia-shu,,40,自学,0,"


def load_years(tmp_path: Path, books, files: dict[str, str]):  # noqa: F811
    """The fixture's data folder plus files under data/reading-records/ (name → rows below the header)."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES, folder, ignore=shutil.ignore_patterns("reading_lists", "README.md"))
    (folder / "reading-records").mkdir()
    for name, rows in files.items():
        (folder / "reading-records" / name).write_text(f"{RECORDS_HEADER}\n{rows}\n", encoding="utf-8")
    problems = Problems()
    data = load_reading_data(books, problems, folder=folder)
    return data, [str(p).replace(f"{tmp_path}/", "") for p in problems.items]


def test_a_year_file_adds_its_records_to_the_single_file(tmp_path, books):  # noqa: F811
    data, problems = load_years(tmp_path, books, {"2022.csv": ROW_2022})
    assert problems == [] and len(data.records) == 7
    assert {d.year for d in data.records.dates} == {2020, 2021, 2022}


def test_the_year_files_alone_are_enough(tmp_path, books):  # noqa: F811
    """The single file split by year, as `make fix` would not need to: the same records, no problem."""
    single = FIXTURES / "reading_records.csv"
    rows = single.read_text(encoding="utf-8").strip().split("\n")[1:]
    by_year = {f"{y}.csv": "\n".join(r for r in rows if r.startswith(y)) for y in ("2020", "2021")}
    folder = tmp_path / "data"
    shutil.copytree(
        FIXTURES, folder, ignore=shutil.ignore_patterns("reading_lists", "README.md", "reading_records.csv")
    )
    (folder / "reading-records").mkdir()
    for name, text in by_year.items():
        (folder / "reading-records" / name).write_text(f"{RECORDS_HEADER}\n{text}\n", encoding="utf-8")
    problems = Problems()
    data = load_reading_data(books, problems, folder=folder)
    assert not problems and len(data.records) == 6


def test_a_mistake_names_the_year_file_and_its_line(tmp_path, books):  # noqa: F811
    _, problems = load_years(tmp_path, books, {"2022.csv": f"{ROW_2022}\n2022-03-02,W9999,jia-shu,,40,自学,0,"})
    assert problems == [
        "data/reading-records/2022.csv 第 3 行「member_id」：未知委员编号「W9999」（data/members.csv 中没有）："
        "请核对编号，或先在 members.csv 里加上这位委员"
    ]


def test_a_record_in_two_files_is_a_duplicate(tmp_path, books):  # noqa: F811
    first = (FIXTURES / "reading_records.csv").read_text(encoding="utf-8").split("\n")[1]
    year = first[:4]
    _, problems = load_years(tmp_path, books, {f"{year}.csv": first})
    assert len(problems) == 1, problems
    assert (
        problems[0].startswith(f"data/reading-records/{year}.csv 第 2 行：与 ")
        and "reading_records.csv 第 2 行重复" in problems[0]
    )


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            "2021-03-01,W0001,jia-shu,,40,自学,0,\n2021-03-02,W0002,jia-shu,,40,自学,0,",
            "data/reading-records/2022.csv 第 2 行「date」：文件名说这是 2022 年的记录，但全部 2 行的日期都在 2021 年。"
            "请把文件改名为 2021.csv",
        ),
        (
            f"{ROW_2022}\n2021-12-31,W0002,jia-shu,,40,自学,0,",
            "data/reading-records/2022.csv 第 3 行「date」：日期 2021-12-31 不在 2022 年：这个文件（文件名即年份）只放 2022 年的记录",
        ),
    ],
)
def test_a_file_whose_name_disagrees_with_its_dates_is_refused(tmp_path, books, rows, expected):  # noqa: F811
    _, problems = load_years(tmp_path, books, {"2022.csv": rows})
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_a_file_not_named_by_its_year_is_refused(tmp_path, books):  # noqa: F811
    _, problems = load_years(tmp_path, books, {"2022年读书记录.csv": ROW_2022})
    assert len(problems) == 1 and "文件名应是这些记录的年份，例如 2022.csv" in problems[0], problems
