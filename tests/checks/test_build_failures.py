"""A broken content file stops the real build with a Chinese message naming the file and the entry."""

from __future__ import annotations

import pytest
from conftest import run_build, snapshot


def build_broken(project, tmp_path):
    before = snapshot(project)
    result = run_build(project, tmp_path / "out")
    assert snapshot(project) == before, "a failed build must not change any source file"
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    return output


def test_broken_glossary_yaml(project_copy, tmp_path):
    path = project_copy / "glossary" / "weixieshang.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases: []", "aliases: [\n\t甲]"), encoding="utf-8")
    output = build_broken(project_copy, tmp_path)
    assert "glossary/weixieshang.yaml 第 2 行" in output or "glossary/weixieshang.yaml 第 3 行" in output
    assert "网站没有生成" in output


def test_glossary_unknown_category_and_related(project_copy, tmp_path):
    path = project_copy / "glossary" / "xiaojiangtang.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("category: 履职活动", "category: 学习活动"), encoding="utf-8"
    )
    path = project_copy / "glossary" / "shenzoufang.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("related: [", "related: [wei-xie-shang, "), encoding="utf-8"
    )
    output = build_broken(project_copy, tmp_path)
    assert "glossary/xiaojiangtang.yaml 第 3 行「category」" in output
    assert "「学习活动」不是允许的值" in output
    assert "相关词条「wei-xie-shang」不存在" in output


def test_term_referenced_in_data_but_not_defined(project_copy, tmp_path):
    (project_copy / "glossary" / "shenzoufang.yaml").unlink()
    output = build_broken(project_copy, tmp_path)
    assert "相关词条「shenzoufang」不存在" in output


def test_glossary_location_that_is_not_true(project_copy, tmp_path):
    path = project_copy / "glossary" / "sige-zixin.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("report_locations: [2020/plan-2021]", "report_locations: [2020/plan-2021, 2020/strive]"),
        encoding="utf-8",
    )
    output = build_broken(project_copy, tmp_path)
    assert "glossary/sige-zixin.yaml" in output and "报告页面「2020/strive」里找不到「四个自信」" in output


@pytest.mark.parametrize(
    "change,expected",
    [
        (("    year: 2020\n", "    year: 二〇二〇\n"), "「二〇二〇」应该是整数"),
        (("    why:", "    reason:"), "不认识的字段「reason」"),
        (("  - id: zhijiang-xinyu\n", "  - id: baituo-pinkun\n"), "书目编号「baituo-pinkun」重复"),
        (
            ("    publisher: 浙江人民出版社\n", "    publisher: 浙江人民出版社\n    isbn: '9787213000000'\n"),
            "校验位不对",
        ),
    ],
)
def test_broken_reading_list(project_copy, tmp_path, change, expected):
    path = project_copy / "reading_lists" / "development.yaml"
    text = path.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    output = build_broken(project_copy, tmp_path)
    assert "reading_lists/development.yaml 第" in output
    assert expected in output


def test_all_problems_reported_at_once(project_copy, tmp_path):
    (project_copy / "glossary" / "sanping.yaml").write_text("term: 三评\n\tshort: x\n", encoding="utf-8")
    (project_copy / "reading_lists" / "development.yaml").write_bytes(
        "title: 书单\n".encode("gbk") + "年份".encode("gbk")
    )
    output = build_broken(project_copy, tmp_path)
    assert "glossary/sanping.yaml" in output and "reading_lists/development.yaml" in output
    assert "GBK" in output


def test_unknown_reading_list_in_macro_call(project_copy, tmp_path):
    home = project_copy / "docs" / "index.md"  # a hand-written page (the list pages are made by make fix)
    home.write_text(home.read_text(encoding="utf-8") + '\n{{ reading_list("developmnt") }}\n', encoding="utf-8")
    output = build_broken(project_copy, tmp_path)
    assert "docs/index.md" in output and "书单编号「developmnt」不存在" in output


def test_typo_in_macro_name(project_copy, tmp_path):
    (project_copy / "docs" / "glossary" / "index.md").write_text("# 名词解释\n\n{{ glosary_page() }}\n")
    output = build_broken(project_copy, tmp_path)
    assert "docs/glossary/index.md 第 3 行" in output
    assert "「glosary_page」不存在" in output and "glossary_page" in output


def test_dead_link_fails_the_build(project_copy, tmp_path):
    path = project_copy / "docs" / "index.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n[旧页面](report/old-name.md)\n", encoding="utf-8")
    result = run_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "report/old-name.md" in result.stderr + result.stdout


def test_policy_without_front_matter(project_copy, tmp_path):
    (project_copy / "docs" / "policies" / "three-activities-opinion.md").write_text("# 无元数据\n", encoding="utf-8")
    output = build_broken(project_copy, tmp_path)
    assert "docs/policies/three-activities-opinion.md 第 1 行" in output and "元数据" in output


def test_policy_impossible_date(project_copy, tmp_path):
    path = project_copy / "docs" / "policies" / "three-activities-opinion.md"
    path.write_text(path.read_text(encoding="utf-8").replace("date: null", "date: 2021-02-30"), encoding="utf-8")
    output = build_broken(project_copy, tmp_path)
    assert "docs/policies/three-activities-opinion.md 第 4 行「date」" in output and "不存在" in output
