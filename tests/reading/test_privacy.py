"""macros/reading/stats.py's privacy rule on a small generated roster (200 members, as a county committee has):
no published figure describes fewer than min_group members, hidden cells cannot be worked out from the published
totals, and only 心得 with consent are published, text only."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from pathlib import Path

import pytest

from macros.core.errors import Problems
from macros.core.numbers import Hidden, format_int, format_percent
from macros.reading.records import load_reading_data
from macros.reading.stats import NoteExcerpt, compute_reading_stats, suppress
from macros.sources.book_lists import load_reading_lists
from scripts import sample_data

K = 5


@pytest.fixture(scope="module")
def roster(tmp_path_factory) -> tuple:
    folder = tmp_path_factory.mktemp("roster")
    for name, content in sample_data.build(members=200, year_totals={2020: 300, 2021: 1600}).items():
        (folder / name).write_bytes(content)
    (folder / "reading-data.yaml").write_text(
        f"sample: true\nnote: 测试用的示例数据（200 名化名委员）。\nmin_group: {K}\n", encoding="utf-8"
    )
    problems = Problems()
    lists = load_reading_lists(problems)
    books = {b.id: b for lst in lists.values() for b in lst.data.books}
    data = load_reading_data(books, problems, folder=folder)
    assert not problems, [str(p) for p in problems.items]
    shown = compute_reading_stats(data, lists, books)
    raw = compute_reading_stats(replace(data, info=data.info.model_copy(update={"min_group": 1})), lists, books)
    return shown, raw, data


def _dimensions(year):
    return {"界别": year.by_sector, "专委会": year.by_committee, "县市区": year.by_district}


def test_no_published_group_or_count_is_smaller_than_the_minimum(roster):
    shown, _, _ = roster
    hidden_cells = 0
    for year in shown.years:
        for rows in _dimensions(year).values():
            for g in rows:
                if isinstance(g.members, Hidden):
                    assert isinstance(g.participants, Hidden) and isinstance(g.rate, Hidden)
                    hidden_cells += 1
                    continue
                assert g.members >= K
                if isinstance(g.participants, Hidden):
                    assert isinstance(g.rate, Hidden)
                    hidden_cells += 1
                    continue
                assert g.participants == 0 or g.participants >= K
                assert g.members - g.participants == 0 or g.members - g.participants >= K  # "all but 2" is small too
        for counts in (year.kinds, year.months):
            for c in counts:
                assert isinstance(c.participants, Hidden) or c.participants == 0 or c.participants >= K
        books = [*year.top_books, *(b for lst in year.lists for b in lst.books)]
        for b in books:
            assert isinstance(b.readers, Hidden) or b.readers == 0 or b.readers >= K
            assert isinstance(b.readers, Hidden) == isinstance(b.acts, Hidden)
        for lst in year.lists:
            assert isinstance(lst.readers, Hidden) or lst.readers == 0 or lst.readers >= K
    assert all(isinstance(n, Hidden) or n >= K for n in shown.readers_by_book.values())
    assert hidden_cells > 10, "a roster of 200 has small groups: the rule must have hidden some cells"


def test_hidden_cells_cannot_be_worked_out_from_the_totals(roster):
    shown, raw, _ = roster
    for year, exact in zip(shown.years, raw.years):
        for name, rows in _dimensions(year).items():
            truth = _dimensions(exact)[name]
            for field, total in (("members", exact.members), ("participants", exact.participants)):
                hidden = [t for g, t in zip(rows, truth) if isinstance(getattr(g, field), Hidden)]
                published = sum(getattr(g, field) for g in rows if not isinstance(getattr(g, field), Hidden))
                assert sum(getattr(t, field) for t in truth) == total  # the column adds up to a published total
                if hidden:
                    assert len(hidden) >= 2, f"{year.year} {name} {field}: one hidden cell = total − the others"
                    assert total - published == sum(getattr(t, field) for t in hidden)
                    assert not 0 < total - published < K, f"{year.year} {name}: the hidden ones together are few"
        for counts, truth in ((year.kinds, exact.kinds), (year.months, exact.months)):
            hidden = [t for c, t in zip(counts, truth) if isinstance(c.acts, Hidden)]
            assert len(hidden) != 1


def test_suppression_adds_the_smallest_complement():
    assert suppress([[3, 40, 50, 60]], {0}, K) == {0, 1}  # 3 alone = total − 150: hide 40 too
    assert suppress([[1, 2, 40, 50]], {0, 1}, K) == {0, 1, 2}  # 1 + 2 = 3 together is still a small group
    assert suppress([[30, 40, 50]], set(), K) == set()


def test_only_notes_with_consent_are_published_and_only_their_text(roster):
    _, _, data = roster
    records = data.records
    written = [i for i in range(len(records)) if records.notes[i]]
    assert len(written) >= 4
    agreed = set(written[::2])  # every other writer agrees
    table = replace(records, consents=[i in agreed for i in range(len(records))])
    lists = load_reading_lists(Problems())
    books = {b.id: b for lst in lists.values() for b in lst.data.books}
    stats = compute_reading_stats(replace(data, records=table), lists, books)
    published = [e.text for y in stats.years for e in y.excerpts]
    assert published and set(published) <= {records.notes[i] for i in agreed}
    assert not set(published) & {records.notes[i] for i in written if i not in agreed}
    assert [f.name for f in dataclasses.fields(NoteExcerpt)] == ["text", "chars"]  # no date, book or activity


def test_hidden_figures_read_as_fewer_than_the_minimum():
    assert format_int(Hidden(5)) == "不足5人" and format_percent(Hidden(5)) == "不足5人"


def test_the_committed_sample_keeps_the_minimum():
    text = (Path(__file__).parents[2] / "data" / "reading-data.yaml").read_text(encoding="utf-8")
    assert "min_group: 5" in text
