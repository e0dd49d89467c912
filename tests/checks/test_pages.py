"""macros/checks/ (pages, links, macro_calls, unsafe_markup): links and anchors as MkDocs resolves them, macro calls checked against define_env."""

from __future__ import annotations

import re

import pytest
from conftest import PROJECT_ROOT

from macros.checks.links import link_problem, markdown_converter, render_markdown
from macros.checks.macro_calls import called_macros, check_macro_calls, expand_page
from macros.checks.page_files import PageSource, read_pages
from macros.checks.run import collect_macros
from macros.checks.unsafe_markup import check_unsafe_markup
from macros.core.errors import Problems
from macros.sources.site_config import load_site_config

FILES = {"index.md", "report/index.md", "report/notes.md", "glossary/index.md", "assets/logo.png"}
ANCHORS = {"report/notes.md": {"名词解释", "notes"}, "index.md": {"top"}}


@pytest.mark.parametrize(
    "page,url",
    [
        ("index.md", "report/notes.md"),
        ("index.md", "report/notes.md#notes"),
        ("report/index.md", "../index.md#top"),
        ("index.md", "#top"),
        ("index.md", "https://www.gov.cn/"),
        ("index.md", "mailto:a@b.cn"),
        ("index.md", "assets/logo.png"),
        ("report/index.md", "notes.md#%E5%90%8D%E8%AF%8D%E8%A7%A3%E9%87%8A"),
    ],
)
def test_links_that_resolve(page, url):
    assert link_problem(page, url, FILES, ANCHORS) is None


@pytest.mark.parametrize(
    "page,url,expected",
    [
        ("index.md", "report/old.md", "不存在"),
        ("index.md", "report/note.md", "是不是「report/notes.md」"),
        ("index.md", "report/", "「report/index.md」"),
        ("index.md", "/report/index.md", "绝对路径"),
        ("index.md", "report/notes.md#note", "锚点「#note」"),
        ("index.md", "#bottom", "本页"),
        ("report/index.md", "../assets/logo.jpg", "不存在"),
    ],
)
def test_links_that_do_not(page, url, expected):
    problem = link_problem(page, url, FILES, ANCHORS)
    assert problem and expected in problem


def test_markdown_anchors_and_links_are_those_mkdocs_sees():
    site = load_site_config()
    page = render_markdown(
        markdown_converter(site),
        "index.md",
        "# 标题\n\n## 2021年工作安排\n\n### 词条 { #weixieshang }\n\n[a](x.md#y) ![i](p.png)\n\n"
        '<div id="raw"><a href="raw/">raw</a></div>\n\n```\n[code](not-a-link.md)\n```\n',
    )
    assert {"2021年工作安排", "weixieshang", "raw"} <= page.anchors
    links = [u for u in page.links if not u.startswith("#")]  # the headings' own permalinks aside
    assert links == ["x.md#y", "p.png"]  # raw HTML and code are not Markdown links


def _page(body: str, meta: dict | None = None, offset: int = 0) -> PageSource:
    return PageSource("index.md", PROJECT_ROOT / "docs" / "index.md", body, meta or {}, body, offset)


@pytest.fixture(scope="module")
def registry():
    return collect_macros(load_site_config())


def test_registry_holds_what_define_env_registers(registry):
    assert {"report_page", "glossary_page", "reading_list", "policy_meta"} <= set(registry.macros)
    assert "portal" not in registry.variables  # the content is the macros' own, not a variable pages may read


def test_every_unknown_name_and_wrong_call_with_its_file_line(registry):
    problems = Problems()
    body = "第一行\n{{ glosary_page() }}\n{{ reading_list() }}\n{{ reading_list('a', 'b') }}\n{{ page.title }}\n"
    assert not check_macro_calls(_page(body, offset=4), registry, {}, problems)
    found = {(p.line, m) for p in problems.items for m in [p.message]}
    assert [line for line, _ in sorted(found)] == [6, 7, 8, 9]
    messages = " ".join(m for _, m in sorted(found))
    assert "取属性「.title」" in messages  # the plugin's own variables are not for pages either
    assert "「glosary_page」不存在" in messages and "是不是想写「glossary_page」" in messages
    assert "少了参数 'list_id'" in messages and "参数写多了" in messages


def test_only_macro_calls_with_literal_arguments_are_allowed(registry):
    problems = Problems()
    body = '{% set n = 3 %}{{ n }} {{ description }}\n{% for x in [1] %}{{ x }}{% endfor %}\n{{ "{{" }}{# 注释 #}'
    assert not check_macro_calls(_page(body, {"description": "甲"}), registry, {}, problems)
    assert [(p.line, p.message.split("。")[0]) for p in problems.items] == [
        (1, "这里的写法不允许（赋值 {% set %}）"),
        (1, "这里的写法不允许（变量「n」）"),
        (1, "这里的写法不允许（变量「description」）"),
        (2, "这里的写法不允许（循环 {% for %}）"),
    ]


def test_expanding_runs_the_macros_and_reports_unknown_ids_with_the_line(registry):
    problems = Problems()
    page = PageSource(
        "reading-lists/x.md",
        PROJECT_ROOT / "docs" / "reading-lists" / "x.md",
        "",
        {},
        "# 书单\n\n{{ reading_list('developmnt') }}\n",
        0,
    )
    assert expand_page(page, registry, {}, problems) is None
    (problem,) = problems.items
    assert problem.file == "docs/reading-lists/x.md" and problem.line == 3
    assert "书单编号「developmnt」不存在" in problem.message
    ok = PageSource("reading-lists/development.md", page.path, "", {}, "{{ reading_list('development') }}", 0)
    assert "《之江新语》" in expand_page(ok, registry, {}, Problems())


def test_pages_rendered_with_render_macros_false_are_left_alone(registry):
    page = _page("{{ not_a_macro }}", {"render_macros": False})
    assert expand_page(page, registry, {}, Problems()) == "{{ not_a_macro }}"


@pytest.mark.parametrize(
    "line,expected",
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<a href="#" onclick="x()">a</a>', "onclick"),
        ('<span style="color:red">红</span>', "style"),
        ('文字 { style="color:red" }', "style"),
        ("[点我](javascript:alert(1))", "javascript"),
    ],
)
def test_markup_the_csp_would_block_is_refused(line, expected):
    problems = Problems()
    check_unsafe_markup(_page(f"# 标题\n\n{line}\n"), problems)
    (problem,) = problems.items
    assert problem.line == 3 and expected in problem.message


def test_markup_in_code_is_fine():
    problems = Problems()
    check_unsafe_markup(_page("```html\n<script>x</script>\n```\n\n`<script>` 标签\n"), problems)
    assert not problems


def test_front_matter_of_every_page_is_parsed_with_lines(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: 甲\nhide:\n\t- toc\n---\n\n# 甲\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ndescription: 乙\n---\n\n# 乙\n{{ x }}\n", encoding="utf-8")
    problems = Problems()
    pages = read_pages(problems, tmp_path)
    assert [(p.src, p.body_offset) for p in pages] == [("a.md", 5), ("b.md", 3)]
    (problem,) = problems.items
    assert problem.line == 4 and "Tab" in problem.message


def test_contribute_page_documents_every_macro(registry):
    """The macro table on /contribute/ and the macros define_env registers are the same list."""
    text = (PROJECT_ROOT / "docs" / "contribute" / "index.md").read_text(encoding="utf-8")
    table = text.split("## 在页面里使用宏", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([a-z_]+)\(", table))
    assert documented == set(registry.macros), "update the macro table on /contribute/"


def test_the_macros_a_page_calls_are_read_from_its_text():
    body = "# 标题\n\n{{ glossary_page() }}\n\n{{ reading_list('development') }} 和 {{ reading_list('x') }}\n"
    assert called_macros(body) == {"glossary_page", "reading_list"}
    assert called_macros("没有宏的页面") == set()
    assert called_macros("{{ glossary_page( }}") is None  # does not parse: the preview counts every kind
    assert called_macros("{{ page.meta.get('x') }}") is None  # a call that is not a macro's name


def test_pages_checked_on_two_cores_give_the_same_problems(tmp_path):
    """From SHARED_FROM_PAGES pages every other page is rendered in a forked copy: the same problems, in the same
    order, as one process finds (in a fresh Python: a pytest-xdist worker has threads and does not fork)."""
    from conftest import copy_project, fresh_python

    project = copy_project(tmp_path / "project")
    for page in ("help/index.md", "contribute/index.md", "policies/index.md", "reading-lists/index.md"):
        path = project / "docs" / page
        path.write_text(path.read_text(encoding="utf-8") + "\n\n[测试用的坏链接](no-such-page.md)\n", encoding="utf-8")
    runs = {}
    for threshold in (20, 10**6):
        runs[threshold] = fresh_python(f"""
            import json, os
            os.chdir({str(project)!r})
            from macros.checks import pages
            from macros.checks.run import run_check
            pages.SHARED_FROM_PAGES = {threshold}
            result = run_check()
            print(json.dumps({{"problems": [str(p) for p in result.problems], "forks": len(FORKS)}}))
        """)
    assert runs[20]["forks"] == 1 and runs[10**6]["forks"] == 0
    assert runs[20]["problems"] == runs[10**6]["problems"]
    assert sum("no-such-page.md" in p for p in runs[20]["problems"]) == 4
