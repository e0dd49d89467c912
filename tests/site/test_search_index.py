"""macros/site/search_index.py: the index the portal's search engine reads (text, glossary keys, pinyin)."""

from __future__ import annotations

import gzip
import json

import pytest
from conftest import run_build
from sources.test_glossary import make_terms

from macros.core.errors import ContentError
from macros.site.search_index import (
    INDEX_JSON,
    SYLLABLE_BASE,
    build_search_index,
    check_generic_pages,
    compact_sound_table,
    fold_table,
    gb2312_hanzi,
    glossary_keys,
    join_search_index,
    load_search_words,
    phrase_readings,
    pinyin_keys,
    plain_text,
    read_search_index,
    readings,
    shared_title_places,
    sound_table,
    split_search_index,
    write_search_index,
)
from macros.sources.search_key import common_characters


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
    assert keys["glossary/s/#shisiwu"] == {
        "keys": ["十四五", "十四五规划"],
        "pinyin": ["shisiwu", "ssw", "shisiwuguihua", "sswgh"],
    }
    assert keys["glossary/0-9/#1-3-n"] == {"keys": ["1+3+N"], "pinyin": ["", ""]}


def test_build_keeps_order_and_keys_only_glossary_entries():
    index = build_search_index(
        material_index(
            ("glossary/", "名词\u200b解释", "<p>共 1 个</p>"),
            ("glossary/w/#weixieshang", "微\u200b协商", "<p>wēi xié shāng</p>"),
            ("report/", "报告", "<p>微协商</p>"),
        ),
        make_terms(weixieshang="微协商"),
    )
    assert [d["location"] for d in index["docs"]] == ["glossary/", "glossary/w/#weixieshang", "report/"]
    entry = index["docs"][1]
    assert entry == {
        "location": "glossary/w/#weixieshang",
        "title": "微协商",
        "text": "wēi xié shāng",
        "keys": ["微协商"],
        "pinyin": ["weixieshang", "wxs"],
    }
    assert "keys" not in index["docs"][2]


def test_build_refuses_when_a_glossary_entry_is_not_in_the_index():
    with pytest.raises(ContentError, match="glossary/w/#weixieshang"):
        build_search_index(material_index(("glossary/", "名词解释", "")), make_terms(weixieshang="微协商"))


def kind_pages() -> list[tuple[str, str, str]]:
    """The pages search-words.yaml's generic words lead to, as index entries (the index must hold them)."""
    return [(page.removeprefix("/"), "书目", "") for page in sorted(set(load_search_words().generic.values()))]


def test_write_rewrites_the_json_and_writes_the_script_for_file_urls(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(
        json.dumps(material_index(("", "首页", "<p>书香</p>"), *kind_pages())), encoding="utf-8"
    )
    index = write_search_index(tmp_path, {})
    data = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = json.loads((tmp_path / "search" / "search_texts.json").read_text(encoding="utf-8"))
    assert data["docs"][0] == {"location": "", "title": "首页"}  # the first part: no texts
    assert texts["docs"][0] == {"text": "书香"} and texts["id"] == data["config"]["texts"]
    assert read_search_index(tmp_path) == index
    for name, part in (("index", data), ("texts", texts)):
        script = (tmp_path / "search" / f"search_{name}.js").read_text(encoding="utf-8")
        assert (
            script.startswith(f"var __{name} = {{")
            and json.loads(script[len(f"var __{name} = ") :].rstrip(";\n")) == part
        )


def test_the_index_splits_into_entries_and_texts_and_joins_again_unchanged():
    """Everything but the texts (and their phrase readings) is in the first part; joined again, the index is the one
    built; the texts part is named by its digest, which changes with the texts."""
    index = build_search_index(
        material_index(("report/", "银行", "<p>去银行</p>"), ("glossary/", "名词解释", ""), *kind_pages()), {}
    )
    head, texts = split_search_index(index)
    assert all("text" not in d and "sx" not in d for d in head["docs"]) and "sounds" in head["config"]
    assert texts["docs"][0] == {"text": "去银行", "sx": [[2, "hang"]]} and "st" in head["docs"][0]
    assert join_search_index(head, texts) == index
    index["docs"][0]["text"] = "委员"
    assert split_search_index(index)[1]["id"] != texts["id"]


def test_light_words_come_from_data_and_ride_in_config():
    words = load_search_words()
    assert {"书", "书目"} <= set(words.generic) and words.generic["书"] == "/reading-lists/"
    assert {"我想", "看看", "请问", "那个", "是啥", "啊", "吗", "怎么办", "哪些"} <= set(words.filler)
    index = build_search_index(material_index(("report/", "报告", "<p>书</p>")), {})
    assert index["config"]["generic"]["书"] == "reading-lists/"  # as an index location
    assert index["config"]["filler"] == words.filler and index["config"]["question"] == words.question


def test_a_generic_word_leading_to_no_page_stops_the_build_naming_the_file():
    index = build_search_index(material_index(("report/", "报告", "<p>书</p>")), {})
    with pytest.raises(ContentError, match=r"search-words\.yaml.*/reading-lists/ 不存在"):
        check_generic_pages(index)


def test_search_words_file_mistakes_are_reported_with_file_and_line(tmp_path):
    broken = tmp_path / "search-words.yaml"
    broken.write_text("generic:\n  书: reading-lists\nfiller: [我想]\nquestion: 什么\nextra: 1\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_search_words(broken)
    message = str(raised.value)
    assert "search-words.yaml 第 2 行" in message and "第 5 行" in message, message


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


# --- forgiving search: sounds, traditional characters, editors' pages, shared titles -------------


def test_readings_put_the_usual_one_first_and_keep_two():
    assert readings("长") == ("zhang", "chang")
    assert readings("协") == ("xie",)
    assert len(readings("大")) == 2  # da, dai: not the rare tai, which would make 三大 sound like 三台
    assert readings("a") == ()


def test_sound_table_groups_characters_by_reading():
    table = sound_table({"政", "正", "长", "协"})
    assert sorted(table["usual"]["zheng"]) == ["政", "正"]
    assert table["usual"]["xie"] == "协"
    assert "长" in table["also"]["chang"]


def spelt_out(sounds: dict) -> dict[str, list[str]]:
    """A compact sound table read back as engine.js reads it: every character with its readings, the usual first."""
    found: dict[str, list[str]] = {}
    for numbers, named in ((sounds["gb"], sounds["usual"]), (sounds["gbAlso"], sounds["also"])):
        for char, letter in zip(gb2312_hanzi(), numbers, strict=True):
            if letter != ".":
                found.setdefault(char, []).append(sounds["syllables"][ord(letter) - SYLLABLE_BASE])
        for syllable, chars in named.items():
            for char in chars:
                found.setdefault(char, []).append(syllable)
    return found


def test_gb2312_hanzi_are_the_common_characters_in_their_own_order():
    hanzi = gb2312_hanzi()
    assert len(hanzi) == 6763 and set(hanzi) == set(common_characters())
    assert hanzi[:3] == ("啊", "阿", "埃") and hanzi[-1] == "齄"  # level 1 by pinyin, level 2 by radical


def test_compact_sound_table_holds_what_the_full_one_does():
    chars = set(common_characters()) | {"協", "𠀀", "長"}
    table = sound_table(chars)
    compact = compact_sound_table(table)
    assert spelt_out(compact) == {c: list(readings(c)) for c in chars if readings(c)}
    assert compact["usual"]["xie"] == "協" and "协" not in compact["usual"].get("xie", "")

    def size(data: dict, level: int | None) -> int:
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        return len(gzip.compress(raw, level) if level else raw)

    assert size(compact, 6) < size(table, 6) * 0.6 and size(compact, None) < size(table, None)


def test_phrase_readings_note_where_a_character_reads_otherwise_in_its_phrase():
    assert readings("长")[0] == "zhang"
    assert phrase_readings("委员成长 长期") == [[5, "chang"]]  # 成长 reads as usual; 长期 does not
    assert phrase_readings("𠀀长期") == [[2, "chang"]]  # offsets count as JavaScript does (UTF-16)


def test_fold_table_comes_from_opencc_and_folds_only_to_characters_the_index_uses():
    traditional, simplified = fold_table({"协", "商", "书", "著", "乾"})
    pairs = dict(zip(traditional, simplified))
    assert pairs["協"] == "协" and pairs["書"] == "书"
    assert "著" not in pairs and "乾" not in pairs  # simplified characters themselves (著作, 乾隆): never folded
    assert set(simplified) <= {"协", "商", "书", "著", "乾", "干"}
    assert "政" not in pairs.values()  # not in the index: no variants of it shipped


def test_entries_sharing_a_title_name_their_page():
    docs = [
        {"location": "glossary/", "title": "名词解释"},
        {"location": "glossary/s/#shuxiang-zhengxie", "title": "书香政协"},
        {"location": "", "title": "书香政协"},
        {"location": "report/", "title": "常委会工作报告"},
        {"location": "report/notes/", "title": "名词解释"},
    ]
    assert shared_title_places(docs) == {"glossary/s/#shuxiang-zhengxie": "名词解释", "report/notes/": "常委会工作报告"}


def test_build_marks_editors_pages_and_puts_the_tables_in_config():
    index = build_search_index(
        material_index(
            ("contribute/", "参与编辑", "<p>怎样修改</p>"),
            ("report/", "报告", "<p>協商与长期</p>"),
        ),
        {},
    )
    editors, report = index["docs"]
    assert editors["editors"] is True and "editors" not in report
    assert set(index["config"]) >= {"lang", "sounds", "fold"}
    assert spelt_out(index["config"]["sounds"])["长"] == ["zhang", "chang"]
    assert ("協", "协") in zip(*index["config"]["fold"])  # 協 in the text: folded, so that 协商 finds it
    assert report["sx"] == [[3, "chang"]]


def test_index_and_tables_of_the_real_site_stay_under_100_kb_gzip(site):
    data = (site / INDEX_JSON).read_bytes()
    index = json.loads(data)
    assert len(gzip.compress(data, 6)) <= 100 * 1024
    traditional, simplified = index["config"]["fold"]
    assert "協" in traditional and len(traditional) == len(simplified)
    assert spelt_out(index["config"]["sounds"])["正"] == ["zheng"]  # common characters beyond the index (书香正协)
