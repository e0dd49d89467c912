"""macros/render/page_assets.py: a page loads a stylesheet of mkdocs.yml extra.page_stylesheets when it uses its classes."""

from __future__ import annotations

from macros.render.page_assets import page_stylesheets
from macros.sources.site_config import load_site_config

RULES = {"stats.css": ["stats-"], "handout.css": ["handout-", "glossary-cards"]}


def test_a_page_gets_the_sheets_whose_classes_it_uses():
    assert page_stylesheets('<div class="stats-figures">', RULES) == ["stats.css"]
    assert page_stylesheets('<div class="glossary-cards">\n{ .handout-toc }', RULES) == ["handout.css"]
    assert page_stylesheets("# 名词解释\n\n普通的正文", RULES) == []


def test_a_class_name_must_start_where_a_word_starts():
    assert page_stylesheets('<p class="my-stats-box">', RULES) == []
    assert page_stylesheets("stats.css 这个文件", RULES) == []


def test_the_site_names_sheets_that_exist():
    config = load_site_config()
    rules = config.raw["extra"]["page_stylesheets"]
    assert rules and all((config.docs_dir / sheet).is_file() for sheet in rules)
    assert (config.docs_dir / config.raw["extra"]["print_stylesheet"]).is_file()
