"""macros/site/search_index.py: the index the portal's search engine reads (text, glossary keys, pinyin)."""

from __future__ import annotations

import json

import pytest
from conftest import run_build
from sources.test_glossary import make_terms

from macros.core.errors import ContentError
from macros.site.search_index import build_search_index, glossary_keys, pinyin_keys, plain_text, write_search_index


def material_index(*docs: tuple[str, str, str]) -> dict:
    return {
        "config": {"lang": ["zh"], "separator": "[\\s]+", "pipeline": []},
        "docs": [{"location": loc, "title": title, "text": text} for loc, title, text in docs],
    }


def test_plain_text_drops_markup_entities_and_jieba_word_marks():
    markup = "<p>\u200b“\u200b微\u200b协商\u200b”</p><ul><li>a &lt;b&gt; &amp; c</li><li>下一项</li></ul>"
    assert plain_text(markup) == "“微协商” a <b> & c 下一项"


@pytest.mark.parametrize(
    "name,full,initials",
    [
        ("微协商", "weixieshang", "wxs"),
        ("十四五规划", "shisiwuguihua", "sswgh"),
        ("三作、三台、三评", "sanzuosantaisanping", "szstsp"),
        ("重要", "zhongyao", "zy"),  # polyphonic: read as a word, not character by character
        ("1+3+N", "", ""),  # no Chinese, no pinyin
    ],
)
def test_pinyin_keys(name, full, initials):
    assert pinyin_keys(name) == (full, initials)


def test_glossary_keys_pair_every_name_with_its_pinyin():
    keys = glossary_keys(make_terms(**{"shisiwu": ("十四五", "十四五规划"), "1-3-n": "1+3+N"}))
    assert keys["glossary/#shisiwu"] == {
        "keys": ["十四五", "十四五规划"],
        "pinyin": ["shisiwu", "ssw", "shisiwuguihua", "sswgh"],
    }
    assert keys["glossary/#1-3-n"] == {"keys": ["1+3+N"], "pinyin": ["", ""]}


def test_build_keeps_order_and_keys_only_glossary_entries():
    index = build_search_index(
        material_index(
            ("glossary/", "名词\u200b解释", "<p>共 1 个</p>"),
            ("glossary/#weixieshang", "微\u200b协商", "<p>wēi xié shāng</p>"),
            ("report/", "报告", "<p>微协商</p>"),
        ),
        make_terms(weixieshang="微协商"),
    )
    assert [d["location"] for d in index["docs"]] == ["glossary/", "glossary/#weixieshang", "report/"]
    entry = index["docs"][1]
    assert entry == {
        "location": "glossary/#weixieshang",
        "title": "微协商",
        "text": "wēi xié shāng",
        "keys": ["微协商"],
        "pinyin": ["weixieshang", "wxs"],
    }
    assert "keys" not in index["docs"][2]


def test_build_refuses_when_a_glossary_entry_is_not_in_the_index():
    with pytest.raises(ContentError, match="glossary/#weixieshang"):
        build_search_index(material_index(("glossary/", "名词解释", "")), make_terms(weixieshang="微协商"))


def test_write_rewrites_the_json_and_writes_the_script_for_file_urls(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(
        json.dumps(material_index(("", "首页", "<p>书香</p>"))), encoding="utf-8"
    )
    write_search_index(tmp_path, {})
    data = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert data["docs"] == [{"location": "", "title": "首页", "text": "书香"}]
    script = (tmp_path / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = {") and json.loads(script[len("var __index = ") :].rstrip(";\n")) == data


def test_write_says_what_to_do_when_materials_index_is_missing(tmp_path):
    with pytest.raises(ContentError, match="plugins 里 search 必须启用"):
        write_search_index(tmp_path, {})


def test_build_stops_with_a_chinese_message_when_the_search_plugin_is_off(project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - search:\n      lang: zh\n" in text
    config.write_text(
        text.replace("  - search:\n      lang: zh\n", "  - search:\n      enabled: false\n"), encoding="utf-8"
    )
    result = run_build(project_copy, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert "mkdocs.yml：没有找到 search/search_index.json" in output
