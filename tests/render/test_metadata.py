"""macros/render/metadata.py and what search engines read on the built site: descriptions, lang, robots.txt, sitemap."""

from __future__ import annotations

import gzip
import re
from html import unescape
from xml.etree import ElementTree

import pytest
from conftest import read_page

from macros.render.metadata import (
    DESCRIPTION_LIMIT,
    attribute_text,
    page_description,
    plain_text,
    render_robots,
    shorten,
)
from scripts.sitecheck import site_pages

SITE_URL = "https://shuxiang.example/"


# --- the pure functions -----------------------------------------------------------------------------


def test_description_is_the_first_prose_paragraph_as_plain_text():
    markdown = """# 标题

<p class="reading-list-meta">2021 年 · 共 8 种</p>

!!! info "出处"

    缩进的提示框正文不算。

| 表 | 格 |
| --- | --- |

- 列表也不算

本页介绍[名词解释](../glossary/index.md)的**用法**，以及 `代码` 和 <span>标签</span>：
第二行接着写，不加空格。

第二段。
"""
    assert page_description(markdown) == "本页介绍名词解释的用法，以及 代码 和 标签：第二行接着写，不加空格。第二段。"


def test_code_blocks_are_not_prose():
    markdown = "```yaml\n这是代码里的一句很长很长的话，不应该成为页面的描述，因为它是代码不是正文内容啊啊啊啊。\n```\n\n正文在这里，这一段才是描述，而且足够长，超过四十个字符的最低要求，所以用它。"
    assert page_description(markdown).startswith("正文在这里")


def test_short_points_are_joined_and_a_page_without_prose_has_none():
    assert page_description("●第一点。\n\n●第二点。\n\n●第三点。") == "●第一点。●第二点。●第三点。"
    assert page_description("# 只有标题\n\n| a | b |\n| - | - |\n") is None


def test_latin_words_keep_their_spaces_when_lines_are_joined():
    assert plain_text(["Material for", "MkDocs 网站", "生成"]) == "Material for MkDocs 网站生成"


def test_long_text_is_cut_after_a_sentence_or_with_an_ellipsis():
    sentence = "这是一句完整的话。"  # 9 characters
    text = sentence * 20
    short = shorten(text)
    assert short.endswith("。") and len(short) <= DESCRIPTION_LIMIT and text.startswith(short)
    no_stop = "字" * 300
    assert shorten(no_stop) == "字" * (DESCRIPTION_LIMIT - 1) + "…"
    assert shorten("短。") == "短。"


def test_description_is_escaped_once_for_the_attribute():
    value = attribute_text('说"明" <b>&')
    assert str(value) == "说&#34;明&#34; &lt;b&gt;&amp;"
    assert attribute_text(value) is value  # already safe: not escaped twice


def test_robots_names_the_sitemap():
    assert render_robots(SITE_URL) == f"User-agent: *\nAllow: /\nSitemap: {SITE_URL}sitemap.xml\n"
    assert "Sitemap" not in render_robots(None)


# --- the built site -------------------------------------------------------------------------------


def _meta(html: str, name: str) -> str | None:
    m = re.search(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)"', html)
    return unescape(m.group(1)) if m else None


def test_every_page_has_its_own_description(site):
    site_description = _meta(read_page(site, "/"), "og:site_name")
    seen = {}
    for url in site_pages(site):
        if url == "/404.html":
            continue
        html = read_page(site, url)
        description = _meta(html, "description")
        assert description, f"{url} has no description"
        assert len(description) <= DESCRIPTION_LIMIT + 5, url
        assert description not in seen, f"{url} has the same description as {seen.get(description)}"
        assert description != site_description
        seen[description] = url
    # generated ones come from the page's text
    assert _meta(read_page(site, "/report/2020/plan-2021/"), "description").startswith("2021年是“十四五”开局之年")
    assert _meta(read_page(site, "/reading-lists/development/"), "description").startswith("2021年是“十四五”开局之年")
    # written ones are kept
    assert _meta(read_page(site, "/glossary/"), "description").startswith("南阳市政协常委会工作报告中的名词解释")


@pytest.mark.parametrize("url", ["/", "/glossary/", "/404.html"])
def test_pages_are_marked_as_chinese(site, url):
    assert re.search(r'<html lang="zh"', read_page(site, url))


def test_robots_txt_and_sitemap_list_every_page(site):
    assert (site / "robots.txt").read_text(encoding="utf-8") == render_robots(SITE_URL)
    tree = ElementTree.parse(site / "sitemap.xml")
    listed = {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    expected = {SITE_URL + url.lstrip("/") for url in site_pages(site) if url != "/404.html"}
    assert listed == expected  # the old report addresses (redirect pages) are taken out (macros/site/sitemap.py)
    with gzip.open(site / "sitemap.xml.gz", "rt", encoding="utf-8") as packed:
        assert packed.read() == (site / "sitemap.xml").read_text(encoding="utf-8")
