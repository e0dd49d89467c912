"""macros/reading/stats.py: every figure against numbers worked out by hand from tests/fixtures/reading/.

The fixture (see its README): five members, six records over 2020 and 2021; W0001 reads 甲书 twice in
2020, W0004 joins in 2021, W0005 never reads. 2019 has no records at all.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import fresh_python

from macros.core.errors import Problems
from macros.reading.records import RecordTable, load_reading_data
from macros.reading.stats import compute_reading_stats, compute_year_stats, positions_by_year
from macros.sources.book_lists import load_reading_lists

FIXTURES = Path(__file__).parents[1] / "fixtures" / "reading"


@pytest.fixture(scope="module")
def loaded():
    problems = Problems()
    lists = load_reading_lists(problems, folder=FIXTURES / "reading_lists")
    books = {b.id: b for lst in lists.values() for b in lst.data.books}
    data = load_reading_data(books, problems, folder=FIXTURES)
    assert not problems, [str(p) for p in problems.items]
    return data, lists, books


@pytest.fixture(scope="module")
def stats(loaded):
    """The figures without the privacy rule (min_group 1: nothing hidden), to check the arithmetic; the rule is
    tested in test_privacy.py."""
    data, lists, books = loaded
    data = replace(data, info=data.info.model_copy(update={"min_group": 1}))
    return compute_reading_stats(data, lists, books)


@pytest.fixture(scope="module")
def y2020(stats):
    return next(y for y in stats.years if y.year == 2020)


@pytest.fixture(scope="module")
def y2021(stats):
    return next(y for y in stats.years if y.year == 2021)


def test_years_with_records_newest_first(stats):
    assert [y.year for y in stats.years] == [2021, 2020]
    assert stats.latest.year == 2021
    assert stats.sample is True


def test_participation_counts_only_members_of_that_year(y2020, y2021):
    # 2020: W0001, W0002, W0003, W0005 are members (W0004 joins in 2021); W0001-3 read.
    assert (y2020.members, y2020.participants, y2020.rate) == (4, 3, 0.75)
    # 2021: all five are members; W0001 and W0004 read.
    assert (y2021.members, y2021.participants, y2021.rate) == (5, 2, 0.4)


def test_minutes_total_per_participant_and_median(y2020, y2021):
    # 2020: 30 + 45 + 60 + 90 = 225; per member W0001 75, W0002 60, W0003 90.
    assert (y2020.acts, y2020.minutes) == (4, 225)
    assert y2020.minutes_per_participant == 75
    assert y2020.minutes_median == 75
    # 2021: W0004 20, W0001 40 → mean 30, median of an even count is the middle average, 30.
    assert (y2021.acts, y2021.minutes, y2021.minutes_per_participant, y2021.minutes_median) == (2, 60, 30, 30)


def test_a_book_read_twice_by_one_member_has_one_reader(y2020):
    by_key = {b.key: b for b in y2020.top_books}
    assert (by_key["jia-shu"].readers, by_key["jia-shu"].acts) == (1, 2)
    assert y2020.books_read == 3  # 甲书, 乙书 and 《活着》 (outside the lists)


def test_most_read_books_order_and_titles(y2020):
    # All have one reader; 甲书 has two acts so it leads; then by key ("yi-shu" sorts before "《活着》").
    assert [(b.title, b.book_id, b.readers, b.acts) for b in y2020.top_books] == [
        ("甲书", "jia-shu", 1, 2),
        ("乙书", "yi-shu", 1, 1),
        ("活着", None, 1, 1),
    ]


def test_notes_count_and_characters(y2020, y2021):
    # 120 and 300 given; 很好的书 counted from the text: 4. A zero is no 心得.
    assert (y2020.notes, y2020.notes_chars) == (3, 424)
    assert (y2021.notes, y2021.notes_chars) == (0, 0)
    assert y2020.excerpts == []  # the file has no notes_consent column: no member agreed, nothing is published


def test_activity_kinds_listed_in_order_with_zeros(y2020):
    kinds = {k.kind: (k.acts, k.participants, k.minutes) for k in y2020.kinds}
    assert list(kinds) == ["自学", "线上读书", "集体共读", "小讲堂", "微协商", "深走访"]
    assert kinds == {
        "自学": (2, 1, 75),
        "线上读书": (0, 0, 0),
        "集体共读": (1, 1, 60),
        "小讲堂": (1, 1, 90),
        "微协商": (0, 0, 0),
        "深走访": (0, 0, 0),
    }


def test_monthly_trend_has_twelve_months(y2020):
    months = {m.month: (m.acts, m.participants, m.minutes) for m in y2020.months}
    assert list(months) == list(range(1, 13))
    assert months[5] == (2, 1, 75) and months[6] == (1, 1, 60) and months[12] == (1, 1, 90)
    assert all(months[m] == (0, 0, 0) for m in (1, 2, 3, 4, 7, 8, 9, 10, 11))


def test_rates_by_group_include_members_without_records(y2020):
    district = {g.name: (g.members, g.participants) for g in y2020.by_district}
    assert district == {"宛城区": (3, 2), "邓州市": (1, 1)}  # 市直's only member (W0004) joins in 2021
    sector = {g.name: (g.members, g.participants, g.rate) for g in y2020.by_sector}
    assert sector == {"中国共产党": (1, 1, 1.0), "民盟": (2, 2, 1.0), "九三学社": (1, 0, 0.0)}
    committee = {g.name: (g.members, g.participants) for g in y2020.by_committee}
    assert committee == {"提案委员会": (3, 2), "经济委员会": (1, 1)}


def test_reading_list_coverage(y2020, y2021):
    (coverage,) = y2020.lists
    assert (coverage.list_id, coverage.readers, coverage.rate, coverage.books_read) == ("tiny", 2, 0.5, 2)
    assert [(b.book_id, b.readers, b.acts) for b in coverage.books] == [("jia-shu", 1, 2), ("yi-shu", 1, 1)]
    (coverage,) = y2021.lists
    assert (coverage.readers, coverage.rate) == (2, 0.4)


def test_readers_of_each_book_over_all_years(stats):
    # 甲书: W0001 (2020, twice) and W0004 (2021); 乙书: W0003 (2020) and W0001 (2021).
    assert stats.readers_by_book == {"jia-shu": 2, "yi-shu": 2, "《活着》": 1}


def test_empty_year(loaded):
    data, lists, books = loaded
    year = compute_year_stats(2019, data.members, RecordTable(), lists, books)
    assert (year.members, year.participants, year.rate, year.acts, year.minutes) == (3, 0, 0.0, 0, 0)
    assert year.minutes_per_participant is None and year.minutes_median is None
    assert year.books_read == 0 and year.top_books == [] and year.excerpts == []
    assert (year.notes, year.notes_chars) == (0, 0)
    assert all(m.acts == 0 for m in year.months) and len(year.months) == 12
    assert [(c.readers, c.books_read) for c in year.lists] == [(0, 0)]
    assert {g.name: g.participants for g in year.by_district} == {"宛城区": 0}


def test_year_before_anyone_joined_has_no_rate(loaded):
    data, lists, books = loaded
    year = compute_year_stats(2010, data.members, RecordTable(), lists, books)
    assert (year.members, year.rate, year.by_sector) == (0, None, [])


def test_records_out_of_date_order_give_the_same_figures(loaded, stats):
    """The year split takes one range a year from records in date order, else one pass: both give the same."""
    data, lists, books = loaded
    data = replace(data, info=data.info.model_copy(update={"min_group": 1}))
    columns = data.records._columns()
    shuffled = RecordTable(*(list(reversed(column)) for column in columns))
    assert shuffled.dates != sorted(shuffled.dates)  # the fixture has records on more than one day
    assert compute_reading_stats(replace(data, records=shuffled), lists, books) == stats


def test_positions_by_year_are_ranges_for_records_in_date_order(loaded):
    data = loaded[0]
    picks = positions_by_year(data.records)
    assert all(isinstance(p, range) for p in picks.values())
    assert [i for year in sorted(picks) for i in picks[year]] == list(range(len(data.records)))
    assert all({data.records.dates[i].year for i in p} == {year} for year, p in picks.items())


def test_years_computed_on_two_cores_give_the_same_figures():
    """From SHARED_FROM records the older years are computed in a forked copy: the figures are the same (in a
    fresh Python: a pytest-xdist worker has threads, and started_aside does not fork there)."""
    out = fresh_python(f"""
        import json
        from dataclasses import replace
        from pathlib import Path
        from macros.core.errors import Problems
        from macros.reading import stats
        from macros.reading.records import load_reading_data
        from macros.sources.book_lists import load_reading_lists
        folder = Path({str(FIXTURES)!r})
        problems = Problems()
        lists = load_reading_lists(problems, folder=folder / "reading_lists")
        books = {{b.id: b for lst in lists.values() for b in lst.data.books}}
        data = load_reading_data(books, problems, folder=folder)
        data = replace(data, info=data.info.model_copy(update={{"min_group": 1}}))
        alone = stats.compute_reading_stats(data, lists, books)
        stats.SHARED_FROM = 0
        shared = stats.compute_reading_stats(data, lists, books)
        print(json.dumps({{"same": shared == alone, "years": len(alone.years), "forks": len(FORKS)}}))
    """)
    assert out == {"same": True, "years": 2, "forks": 1}
