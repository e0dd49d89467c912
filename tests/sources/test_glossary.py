"""macros/sources/glossary.py: pinyin order, letter groups, CJK-aware term linking."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.core.errors import Problems
from macros.render.glossary_links import link_terms
from macros.sources import glossary
from macros.sources.glossary import (
    Term,
    TermLinks,
    check_search_keys,
    entry_pages,
    find_terms,
    glossary_parts,
    initial_letter,
    letter_page,
    load_glossary,
    pinyin_key,
    sort_terms,
)
from macros.sources.schemas import GlossaryEntry


def make_terms(**names: str | tuple[str, ...]) -> dict[str, Term]:
    terms = {}
    for tid, spec in names.items():
        term, *aliases = (spec,) if isinstance(spec, str) else spec
        entry = GlossaryEntry(
            term=term, aliases=aliases, category="履职活动", short=f"{term}的释义", definition="释义", source="测试"
        )
        terms[tid] = Term(tid, entry, Path(f"glossary/{tid}.yaml"))
    return terms


def test_polyphonic_characters_sort_by_their_reading_in_context():
    # 重庆 is chóng qìng, 重要 is zhòng yào: 重庆 sorts among the c's, before 中国 (zhōng)
    words = ["重要", "中国", "重庆", "长城", "长大"]
    assert sorted(words, key=pinyin_key) == ["长城", "重庆", "长大", "中国", "重要"]


def test_digit_terms_come_first_and_group_under_hash():
    assert sorted(["微协商", "1+3+N", "三评"], key=pinyin_key)[0] == "1+3+N"
    assert initial_letter("1+3+N") == "#"
    assert initial_letter("微协商") == "W"
    assert initial_letter("重庆") == "C"


def test_each_initial_has_a_page_of_its_own_named_by_the_letter():
    """An entry's page follows from its term's initial (pinyin, as the order) while the initial has at most
    PAGE_ENTRIES entries: the page's name is the letter."""
    terms = make_terms(wxs="微协商", cq="重庆", zy="重要", n="1+3+N")
    assert entry_pages(terms) == {
        "wxs": "glossary/w.md",
        "cq": "glossary/c.md",  # 重庆 chóng: the reading in its phrase, as the order reads it
        "zy": "glossary/z.md",
        "n": "glossary/0-9.md",
    }
    assert [(p.letter, p.slug, p.number, p.parts) for p in glossary_parts(terms)] == [
        ("#", "0-9", 1, 1),
        ("C", "c", 1, 1),
        ("W", "w", 1, 1),
        ("Z", "z", 1, 1),
    ]
    assert letter_page("W") == "glossary/w.md" and letter_page("#") == "glossary/0-9.md"


def test_an_initial_with_more_entries_than_a_page_holds_is_shared_out_evenly_in_pinyin_order(monkeypatch):
    """Ten 三… terms at four a page: three pages of four, four and two would leave a thin last page; the pages
    hold four, three and three, the first keeping the letter's own address, every entry on exactly one page."""
    monkeypatch.setattr(glossary, "PAGE_ENTRIES", 4)
    names = ["三农", "三严三实", "三会一课", "三个代表", "三评", "三作", "三台", "三下乡", "三公", "三线"]
    terms = make_terms(**{f"s{i}": name for i, name in enumerate(names)}, wxs="微协商")
    parts = glossary_parts(terms)
    assert [(p.slug, p.number, p.parts, len(p.terms)) for p in parts] == [
        ("s", 1, 3, 4),
        ("s-2", 2, 3, 3),
        ("s-3", 3, 3, 3),
        ("w", 1, 1, 1),
    ]
    order = [t.entry.term for p in parts[:3] for t in p.terms]
    assert order == [t.entry.term for t in sort_terms(terms) if t.id != "wxs"]
    pages = entry_pages(terms)
    assert sorted(pages) == sorted(terms) and pages["wxs"] == "glossary/w.md"
    assert {pages[t.id] for t in parts[1].terms} == {"glossary/s-2.md"}


def test_longest_name_is_linked_not_the_shorter_one_inside_it():
    terms = make_terms(**{"1-3-n": "1+3+N", "3-n": "3+N", "sx": "书香", "sxzx": "书香政协"})
    out = link_terms("着力构建“1+3+N”格局，建设“书香政协”。", TermLinks.of(terms), "report/a.md")
    assert "[1+3+N](../glossary/0-9.md#1-3-n" in out
    assert "#3-n" not in out
    assert "[书香政协](../glossary/s.md#sxzx" in out
    assert find_terms("构建1+3+N", terms) == {"1-3-n"}


def test_only_first_mention_is_linked_and_title_carries_short_definition():
    terms = make_terms(wxs="微协商")
    out = link_terms("微协商很好。\n\n再说微协商。", TermLinks.of(terms), "policies/x.md")
    assert out.count("](../glossary/w.md#wxs") == 1
    assert '"微协商的释义"' in out


@pytest.mark.parametrize(
    "line",
    [
        "# 微协商",
        "`微协商`",
        "[微协商](https://example.org)",
        '<span title="微协商">x</span>',
        "    微协商 (indented code)",
    ],
)
def test_protected_markdown_is_left_alone(line):
    terms = make_terms(wxs="微协商")
    assert link_terms(line, TermLinks.of(terms), "report/a.md") == line


def test_fenced_code_is_left_alone():
    terms = make_terms(wxs="微协商")
    text = "```\n微协商\n```\n"
    assert link_terms(text, TermLinks.of(terms), "report/a.md") == text


def test_aliases_link_to_their_entry():
    terms = make_terms(dsxx=("党史学习教育", "中共党史学习教育"))
    out = link_terms("深入开展中共党史学习教育", TermLinks.of(terms), "report/plan.md")
    assert "[中共党史学习教育](../glossary/d.md#dsxx" in out


def test_broken_entry_is_reported_with_file_and_line(tmp_path):
    (tmp_path / "ok.yaml").write_text(
        "term: 甲\ncategory: 履职活动\nshort: 短\ndefinition: 长\nsource: 源\n", encoding="utf-8"
    )
    (tmp_path / "bad.yaml").write_text(
        "term: 乙\ncategory: 活动\nshort: 短\ndefinition: 长\nsource: 源\ndefintion: 拼错\n", encoding="utf-8"
    )
    problems = Problems()
    terms = load_glossary(problems, tmp_path)
    assert set(terms) == {"ok"}
    messages = [str(p) for p in problems.items]
    assert any("bad.yaml 第 2 行「category」" in m and "不是允许的值" in m for m in messages)
    assert any("bad.yaml 第 6 行「defintion」" in m and "不认识的字段" in m for m in messages)


def test_an_id_written_in_the_file_must_be_its_name(tmp_path):
    # the forms at /admin/ name a new entry's file after its id; by hand the id may be left out
    text = "term: 测试词目\ncategory: 履职活动\nshort: 测试文本\ndefinition: 测试文本\nsource: 测试\n"
    (tmp_path / "ceshi.yaml").write_text("id: ceshi\n" + text, encoding="utf-8")
    (tmp_path / "bie-de.yaml").write_text("id: ceshi-b\n" + text.replace("测试词目", "另一个词目"), encoding="utf-8")
    (tmp_path / "meiyou.yaml").write_text(text.replace("测试词目", "第三个词目"), encoding="utf-8")
    problems = Problems()
    terms = load_glossary(problems, tmp_path)
    assert set(terms) == {"ceshi", "bie-de", "meiyou"}
    [problem] = problems.items
    assert problem.file.endswith("bie-de.yaml") and problem.line == 1
    assert "「ceshi-b」" in problem.message and "bie-de.yaml" in problem.message


# --- one search key, one entry (issue 25) ------------------------------------------------------


@pytest.mark.parametrize("other", ["3＋N", "3\u200b+N", "三加N"])
def test_two_entries_that_search_cannot_tell_apart_are_refused_naming_both_files(other):
    problems = Problems()
    clashing = check_search_keys(make_terms(**{"3-n": "3+N", "other": other}), problems)
    assert clashing == {"3-n", "other"}
    [problem] = problems.items
    assert str(problem.file) == "glossary/other.yaml"
    assert "glossary/3-n.yaml" in problem.message and "在搜索里是同一个词" in problem.message
    assert ("看不见的字符" in problem.message) == ("\u200b" in other)


def test_names_of_one_entry_may_share_a_key_and_different_numbers_do_not_clash():
    problems = Problems()
    terms = make_terms(
        **{"sanzuo": ("三作三台三评", "三作、三台、三评"), "1-3-n": "1+3+N", "3-n": "3+N", "3-3-n": "3+3+N"}
    )
    assert check_search_keys(terms, problems) == set() and not problems.items
