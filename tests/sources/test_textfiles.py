"""macros/sources/textfiles.py: encodings staff's tools produce, and YAML mistakes explained in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.core.errors import Problems
from macros.sources.textfiles import load_yaml_file, read_text, resave_as_utf8, split_front_matter


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes("\ufeffterm: 微协商\n".encode("utf-8"))
    problems = Problems()
    assert read_text(path, problems) == "term: 微协商\n"
    assert not problems


def test_gbk_is_read_with_one_notice_and_a_resave_hint_not_mojibake(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("编号,界别\nM0001,中共\n".encode("gbk"))
    problems = Problems()
    assert read_text(path, problems) == "编号,界别\nM0001,中共\n"
    (message,) = [str(p) for p in problems.items]
    assert "第 1 行" in message and "GBK" in message and "UTF-8" in message and "另存为" in message
    assert "make fix" in message


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ("编号,界别\nW0001,中共\n".encode("utf-16"), "UTF-16"),  # Notepad's "Unicode", with its BOM
        ("编号,界别\nW0001,中共\n".encode("utf-16-le"), "UTF-16（没有 BOM）"),
        ("编号,界别\nW0001,中共\n".encode("utf-16-be"), "UTF-16（没有 BOM）"),
        (b"\xef\xbb\xbf\xef\xbb\xbf" + "编号,界别\n".encode(), "两个或更多 BOM"),
        ("ASCII 一行\n第二行：中文".encode("gb18030"), "GB18030"),
    ],
    ids=["utf-16-bom", "utf-16-le", "utf-16-be", "double-bom", "gb18030"],
)
def test_office_encodings_are_read_and_named(tmp_path, raw, named):
    path = tmp_path / "a.csv"
    path.write_bytes(raw)
    problems = Problems()
    text = read_text(path, problems)
    assert text is not None and "\ufeff" not in text and ("编号" in text or "中文" in text)
    (message,) = [str(p) for p in problems.items]
    assert named in message and "make fix" in message


def test_an_undecodable_file_is_one_message_and_not_read(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(bytes(range(256)))
    problems = Problems()
    assert read_text(path, problems) is None
    (message,) = [str(p) for p in problems.items]
    assert "无法识别文件的编码" in message


@pytest.mark.parametrize("codec", ["gb18030", "utf-16", "utf-16-le", "utf-8-sig-twice"])
def test_make_fix_resaves_as_utf8_without_changing_a_character(tmp_path, codec):
    text = "date,member_id,notes\r\n2021-03-01,W0001,“读后感”：𠀀字、€、《乡土中国》\r\n"
    raw = b"\xef\xbb\xbf" * 2 + text.encode() if codec == "utf-8-sig-twice" else text.encode(codec)
    path = tmp_path / "records.csv"
    path.write_bytes(raw)
    assert resave_as_utf8(path)
    saved = path.read_bytes()
    assert saved.startswith(b"\xef\xbb\xbf") and not saved[3:].startswith(b"\xef\xbb\xbf")  # one BOM, for Excel
    assert saved[3:].decode("utf-8") == text  # every character and line ending kept
    problems = Problems()
    assert read_text(path, problems) is not None and not problems
    assert not resave_as_utf8(path)  # already UTF-8: left alone


def test_crlf_line_endings_are_normalised(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\r\nb: 2\r\n")
    assert read_text(path, Problems()) == "a: 1\nb: 2\n"


def _yaml_problem(tmp_path, text: str) -> str:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    assert load_yaml_file(path, problems) is None
    (problem,) = problems.items
    return str(problem)


def test_tab_indentation_is_explained(tmp_path):
    message = _yaml_problem(tmp_path, "term: 甲\nbooks:\n\t- id: a\n")
    assert "第 3 行" in message and "Tab" in message


def test_unclosed_quote_is_explained(tmp_path):
    message = _yaml_problem(tmp_path, 'term: "甲\nshort: 乙\n')
    assert "引号" in message and "第" in message


def test_colon_in_value_is_explained(tmp_path):
    message = _yaml_problem(tmp_path, "term: 甲\nshort: 注意: 这里有冒号\n")
    assert "第 2 行" in message and "冒号" in message


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("title: 甲\nyear：2019\naudience: 乙\n", 2, "中文冒号"),
        ("title: 甲\nyear：2019\n", 2, "中文冒号"),
        ("books:\n  - id: a\n    year：2019\n    why: 乙\n", 3, "「year: …」"),
        ("title:甲\nyear: 2019\n", 1, "缺一个空格"),
        ("title: 甲\nshort: 注意: 这里\n", 2, "冒号位置不对"),
        ('title: 甲\nshort: "乙\nyear: 2019\n', 2, "引号没有成对"),
        ("title: 甲\naliases:\n\t- 乙\n", 3, "Tab"),
        ('title: 甲\nshort: "乙\nyear: 2019\nnote: "丙"\n', 2, "引号没有成对"),  # closed by the next line's quote
    ],
    ids=[
        "full-width-colon",
        "full-width-colon-last",
        "full-width-colon-nested",
        "no-space",
        "colon",
        "quote",
        "tab",
        "quote-closed-lines-later",
    ],
)
def test_yaml_mistakes_name_the_line_that_holds_them(tmp_path, text, line, says):
    message = _yaml_problem(tmp_path, text)
    assert f"第 {line} 行" in message and says in message, message


def test_duplicate_key_is_refused(tmp_path):
    message = _yaml_problem(tmp_path, "term: 甲\nshort: 一\nshort: 二\n")
    assert "第 3 行" in message and "写了两次" in message


def test_front_matter_is_split_with_its_line():
    front, body, line = split_front_matter("---\ntitle: 甲\n---\n\n# 正文\n")
    assert front == "title: 甲\n" and body.startswith("\n# 正文") and line == 2
    assert split_front_matter("# 无元数据\n")[0] is None


def test_front_matter_line_count_matches_the_body_mkdocs_hands_to_the_macros():
    from macros.sources.textfiles import front_matter_line_count

    assert front_matter_line_count("---\ntitle: 甲\n---\n\n\n{{ x }}\n") == 5  # MkDocs strips the blank lines
    assert front_matter_line_count("# 无元数据\n{{ x }}\n") == 0


def _staff_yaml_texts() -> list[tuple[str, str]]:
    """Every YAML text of the project staff edit: the data files and each page's front matter (mkdocs.yml has
    its own loader)."""
    from conftest import PROJECT_ROOT

    found = []
    for path in sorted(PROJECT_ROOT.glob("**/*")):
        relative = path.relative_to(PROJECT_ROOT).as_posix()
        if relative.startswith((".", "node_modules/", "site", "tests/", "mkdocs.yml")) or not path.is_file():
            continue
        if path.suffix in (".yaml", ".yml"):
            found.append((relative, path.read_text(encoding="utf-8")))
        elif path.suffix == ".md" and (front := split_front_matter(path.read_text(encoding="utf-8"))[0]):
            found.append((relative, front))
    return found


def _node_facts(node) -> list[tuple]:
    """What the loaders and the typography check read of a node tree: kinds, tags, values, styles and positions."""
    facts, stack = [], [node]
    while stack:
        node = stack.pop()
        marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
        value = node.value if isinstance(node.value, str) else None
        facts.append((type(node).__name__, node.tag, value, getattr(node, "style", None) or None, marks))
        if isinstance(node.value, list):
            stack += [part for item in node.value for part in (item if isinstance(item, tuple) else (item,))]
    return facts


def test_libyaml_reads_every_staff_file_as_pyyaml_does(monkeypatch):
    """libyaml reads the texts it can (8× faster); the data, the line numbers and the nodes must be PyYAML's own."""
    from macros.sources import textfiles

    texts = _staff_yaml_texts()
    assert len(texts) >= 40 and textfiles._FastLoader is not None
    fast = [textfiles.parse_yaml(text, Path(name), Problems()) for name, text in texts]
    fast_nodes = [_node_facts(textfiles.compose_yaml(text)) for _, text in texts]
    monkeypatch.setattr(textfiles, "_FastLoader", None)  # PyYAML's own parser only
    for (name, text), (data, lines), nodes in zip(texts, fast, fast_nodes, strict=True):
        exact_data, exact_lines = textfiles.parse_yaml(text, Path(name), Problems())
        assert (data, dict(lines)) == (exact_data, dict(exact_lines)), name
        assert nodes == _node_facts(textfiles.compose_yaml(text)), name


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("".join(f"{'  ' * level}k{level}:\n" for level in range(25)) + "  " * 25 + "x: 1\n", "层次太深"),
        ("- " * 30 + "x\n", "层次太深"),
        ("term: 甲\nshort: 乙\nshort: 丙\n", "写了两次"),
        ("a: &a [1]\nb: *a\n", "锚点"),
        ("term: 甲\n\tshort: 乙\n", "Tab"),
        ("term: 甲\nshort:\t乙\n", "Tab"),  # libyaml would take this tab
    ],
    ids=["deep-block", "deep-sequence", "duplicate-key", "alias", "tab", "tab-after-colon"],
)
def test_what_libyaml_reads_keeps_the_limits_and_messages(tmp_path, text, says):
    message = _yaml_problem(tmp_path, text)
    assert says in message, message
