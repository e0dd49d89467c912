"""macros/sources/textfiles.py: encodings staff's tools produce, and YAML mistakes explained in Chinese."""

from __future__ import annotations

from macros.core.errors import Problems
from macros.sources.textfiles import load_yaml_file, read_text, split_front_matter


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes("\ufeffterm: 微协商\n".encode("utf-8"))
    problems = Problems()
    assert read_text(path, problems) == "term: 微协商\n"
    assert not problems


def test_gbk_is_refused_with_a_resave_hint_not_mojibake(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("编号,界别\nM0001,中共\n".encode("gbk"))
    problems = Problems()
    assert read_text(path, problems) is None
    (message,) = [str(p) for p in problems.items]
    assert "第 1 行" in message and "GBK" in message and "UTF-8" in message and "另存为" in message


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
