"""macros/render/pages.py: the glossary's index and letter pages as Markdown (the built pages: tests/test_site.py)."""

from __future__ import annotations

import re

import pytest

from macros.content import load_content
from macros.core.errors import ContentError
from macros.render.pages import render_glossary, render_glossary_letter

CONTENT = load_content()


def test_the_index_has_a_line_per_term_anchored_by_its_id_and_linking_to_its_letter_page():
    text = render_glossary(CONTENT, "glossary/index.md")
    lines = re.findall(r"^- \[(.+?)\]\((\S+?)\)：.+\n\{ #(\S+) \}$", text, re.M)
    assert len(lines) == len(CONTENT.glossary)
    assert ("微协商", "w.md#weixieshang", "weixieshang") in lines
    assert all(link.endswith(f"#{anchor}") for _, link, anchor in lines)
    assert "依托" in text and "出处" not in text  # the short definition, not the entry


def test_a_letter_page_holds_its_initials_entries_and_links_related_ones_where_they_are():
    text = render_glossary_letter(CONTENT, "w", "glossary/w.md")
    entries = re.findall(r"^## .+ \{ #(\S+) \}$", text, re.M)
    assert "weixieshang" in entries and "xiaojiangtang" not in entries
    assert "[小讲堂](x.md#xiaojiangtang)" in text  # a related entry on another letter's page
    assert "**W**" in text and "[S](s.md)" in text and "[全部词条一览](index.md)" in text  # the letter bar


def test_an_unknown_letter_page_is_named_with_the_ones_there_are():
    with pytest.raises(ContentError) as raised:
        render_glossary_letter(CONTENT, "q", "glossary/q.md")
    message = raised.value.problems[0].message
    assert "「q」不存在" in message and "0-9、d、l、s、w、x、y、z" in message


def test_an_initial_too_large_for_one_page_gets_pages_that_name_each_other(monkeypatch):
    """With at most 5 entries a page, today's S (more than 5 entries) is shared out over s, s-2 …: each page says
    which of the initial's pages it is and links the others, and the nav and the generated pages list them all."""
    from macros.render.generated_pages import nav_from_content, pages_from_content
    from macros.sources import glossary

    monkeypatch.setattr(glossary, "PAGE_ENTRIES", 5)
    parts = [p for p in glossary.glossary_parts(CONTENT.glossary) if p.letter == "S"]
    assert len(parts) > 1 and all(len(p.terms) <= 5 for p in parts)
    text = render_glossary_letter(CONTENT, "s-2", "glossary/s-2.md")
    entries = re.findall(r"^## .+ \{ #(\S+) \}$", text, re.M)
    assert entries == [t.id for t in parts[1].terms]
    assert f"S（2/{len(parts)}）：{len(parts[1].terms)}个词条" in text
    assert "**第2页**" in text and f"[第1页（{parts[0].terms[0].entry.term}起）](s.md)" in text
    generated = dict(pages_from_content(CONTENT))
    assert all(p.page in generated for p in parts) and 'glossary_letter("s-2")' in generated["glossary/s-2.md"]
    nav = nav_from_content(CONTENT)["glossary"]
    assert {f"S（2/{len(parts)}）": "glossary/s-2.md"} in nav
    index = render_glossary(CONTENT, "glossary/index.md")
    assert f"(s-2.md#{parts[1].terms[0].id})" in index  # the index line links to the entry's own page
