"""macros/render/page_finish.py: the page finisher both engines run after a page's macros."""

from __future__ import annotations

import jinja2
import pytest

from macros.content import load_content
from macros.render.page_finish import FinishPage, finish_page
from macros.sources.glossary import entry_pages
from macros.sources.site_config import load_site_config


def environment(seen: list[str], **options) -> jinja2.Environment:
    env = jinja2.Environment(extensions=[FinishPage], **options)
    env.filters["finish_page"] = lambda text: seen.append(text) or text.upper()
    return env


@pytest.mark.parametrize(
    "source", ["正文 {{ 1 + 1 }}\n", "正文 {{ 1 + 1 }}", "一\r\n二\r\n", "{% set x = 3 %}{{ x }}\n\n"]
)
def test_the_filter_gets_the_page_as_jinja_would_render_it(source):
    seen: list[str] = []
    plain = jinja2.Environment().from_string(source).render()
    assert environment(seen).from_string(source).render() == plain.upper()
    assert seen == [plain]


def test_included_templates_are_not_pages():
    seen: list[str] = []
    env = environment(seen, loader=jinja2.DictLoader({"part.md": "部分\n"}))
    assert env.from_string('{% include "part.md" %}尾').render() == "部分尾"
    assert seen == ["部分尾"]


@pytest.fixture(scope="module")
def portal():
    return load_content(), load_site_config().raw


def test_report_pages_get_glossary_links_and_what_the_theme_reads(portal):
    content, config = portal
    entry = next(iter(content.glossary.values()))
    term = entry.entry.term
    done = finish_page(content, config, "report/notes.md", "report/notes/", f"# 注释\n\n说到{term}。\n", {})
    assert (
        "{ .glossary-term }" in done.markdown
        and f"(../{entry_pages(content.glossary)[entry.id]}#{entry.id} " in done.markdown
    )
    assert done.meta["description"] == f"说到{term}。"
    assert done.meta["printing"].margin_title == '"注释"'
    assert done.meta["stylesheets"] == []


def test_other_pages_keep_their_text_and_handouts_say_so(portal):
    content, config = portal
    term = next(iter(content.glossary.values())).entry.term
    text = (
        f'# 讲义\n\n<div class="handout-cover">{term}</div>\n\n这一段是讲义的说明文字，足够长，可以作为页面描述使用。\n'
    )
    done = finish_page(content, config, "print/glossary.md", "print/glossary/", text, {"title": "名词解释讲义"})
    assert done.markdown == text
    assert done.meta["description"].startswith("打印讲义：")
    assert done.meta["stylesheets"] == ["assets/stylesheets/handout.css"]
    assert done.meta["title"] == "名词解释讲义"
