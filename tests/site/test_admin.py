"""The editor at /admin/ in Chromium, end to end: forms generated from the schemas save through Decap's local proxy
(decap-server, MODE=fs, on the loopback) into a copy of the project, which then passes the check and builds.

What a real Git host adds (login, a branch and a pull request per save) cannot run here: see README “网页表单编辑”."""

from __future__ import annotations

import importlib.util
import re
import socket
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import html5lib
import pytest
import yaml
from conftest import article_text, copy_project, read_page, run_build

from macros.sources import committee
from macros.sources.textfiles import split_front_matter
from scripts.edit import PROXY, running_editor

#: Test texts, labelled as such (typed into the forms; the site shows them only in this copy).
TERM = "表单测试词条"
HOSTILE_TERM = "表单恶意输入测试"
HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script>{{ config }}"
#: A real book (人民出版社's 1991 second edition of the first volume); only the reason is a test text.
BOOK = {"书目编号": "maozedong-xuanji-di-yi-juan", "书名": "毛泽东选集（第一卷）", "作者": "毛泽东"}
BOOK_MORE = {"出版社": "人民出版社", "出版年": "1991", "推荐理由": "测试文本：由网页表单测试加入书单。"}
POLICY = "docs/policies/three-activities-opinion.md"

CSP = "Content-Security-Policy"
_spec = importlib.util.spec_from_file_location("deploy_csp", Path(__file__).parents[2] / "deploy" / "csp.py")
_csp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_csp)
admin_headers = _csp.admin_headers

pytestmark = pytest.mark.skipif(not PROXY.is_file(), reason="npm ci 未运行：缺少 decap-server 和 decap-cms")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def editor(tmp_path_factory, browser):
    """A copy of the project, the editor and its proxy on the loopback, and a logged-in page."""
    project = copy_project(tmp_path_factory.mktemp("cms") / "project")
    proxy_port = _free_port()
    # the policy of deploy/nginx/shuxiang.conf's /admin/ location, the Git host's API replaced by the local proxy
    policy = re.sub(r"connect-src [^;]*", f"connect-src 'self' http://127.0.0.1:{proxy_port}", admin_headers()[CSP])

    with running_editor(project, _free_port(), proxy_port, {CSP: policy}) as address:
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1600})
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.on("dialog", lambda dialog: dialog.accept())
        outside: list[str] = []
        page.on("request", lambda r: None if r.url.startswith("http://127.0.0.1:") else outside.append(r.url))
        page.goto(address)
        page.get_by_role("button", name="登录").click()
        page.get_by_role("link", name="名词解释").first.wait_for()
        yield SimpleNamespace(project=project, address=address, page=page, outside=outside)
        context.close()


def _open(editor, fragment: str):
    page = editor.page
    page.goto("about:blank")  # a fresh load: the editor keeps the login, not the last form
    page.goto(f"{editor.address}#/{fragment}")
    page.locator("label").first.wait_for()
    return page


def _pick(page, label: str, option: str) -> None:
    """Choose a value in a select list (react-select) by the field's label."""
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def _publish(page) -> None:
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布", exact=True).click()


def _wait_for(path: Path, text: str, page) -> str:
    for _ in range(100):
        if path.is_file() and text in path.read_text(encoding="utf-8"):
            return path.read_text(encoding="utf-8")
        page.wait_for_timeout(200)
    raise AssertionError(f"{path} was not written with {text!r}")


def _fill_glossary(page, entry_id: str, term: str, definition: str) -> None:
    page.get_by_label("词条编号", exact=True).fill(entry_id)
    page.get_by_label("词目", exact=True).fill(term)
    _pick(page, "分类", "履职活动")
    page.get_by_label("一句话释义", exact=True).fill("测试文本：网页表单写入的一句话释义。")
    page.get_by_label("正文", exact=True).fill(definition)
    page.get_by_label("出处", exact=True).fill("测试文本")


def test_the_form_refuses_an_empty_required_field_and_values_outside_the_lists_in_chinese(editor):
    page = _open(editor, "collections/glossary/new")
    page.get_by_label("词条编号", exact=True).fill("Ceshi Citiao")  # capitals and a space: outside the pattern
    page.get_by_label("分类", exact=True).fill("学习活动")  # not in data/committee.yaml: nothing to pick
    assert page.get_by_role("option").count() == 0
    page.keyboard.press("Escape")
    _publish(page)
    page.get_by_text("你漏掉了一个必填项，请在保存之前将它填写好").wait_for()
    errors = page.locator("ul li").all_inner_texts()
    assert "“词目”是必填项" in errors and "“分类”是必填项" in errors
    assert any("只能用小写英文字母、数字和连字符" in e for e in errors)
    assert not list((editor.project / "glossary").glob("*eshi*"))


def test_a_value_outside_the_list_already_in_a_file_is_refused_on_saving(editor):
    path = editor.project / "docs/policies/standing-committee-report-2020.md"
    before = path.read_text(encoding="utf-8")
    outside = re.sub(r"^status: .*$", "status: 已失效", before, count=1, flags=re.M)  # not in committee.yaml
    path.write_text(outside, encoding="utf-8")
    try:
        page = _open(editor, "collections/policies/entries/docs-policies-standing-committee-report-2020-md")
        title = page.get_by_label("文件标题", exact=True)
        title.fill(title.input_value() + "（测试）")
        _publish(page)
        page.get_by_text("“状态”不满足模式，只能选列表里的值：现行有效、已修订、已废止、待核实").wait_for()
        assert path.read_text(encoding="utf-8") == outside  # nothing saved
    finally:
        path.write_text(before, encoding="utf-8")


def test_a_glossary_entry_added_through_the_form(editor):
    page = _open(editor, "collections/glossary/new")
    _fill_glossary(page, "biaodan-ceshi", TERM, "测试文本：这个词条由网页表单测试写入。")
    _publish(page)
    saved = yaml.safe_load(_wait_for(editor.project / "glossary" / "biaodan-ceshi.yaml", TERM, page))
    assert saved["id"] == "biaodan-ceshi" and saved["category"] == "履职活动" and saved["term"] == TERM


def test_a_book_added_to_a_reading_list_through_the_form(editor):
    page = _open(editor, "collections/reading_lists/entries/development")
    page.get_by_role("button", name="新增书目").click()
    for label, value in {**BOOK, **BOOK_MORE}.items():
        page.get_by_label(label, exact=True).last.fill(value)
    _publish(page)
    saved = yaml.safe_load(_wait_for(editor.project / "reading_lists" / "development.yaml", BOOK["书目编号"], page))
    book = saved["books"][-1]
    assert book["title"] == BOOK["书名"] and book["year"] == 1991 and book["publisher"] == "人民出版社"


def test_a_policy_status_changed_through_the_form(editor):
    page = _open(editor, "collections/policies/entries/docs-policies-three-activities-opinion-md")
    _pick(page, "状态", "现行有效")
    _publish(page)
    text = _wait_for(editor.project / POLICY, "status: 现行有效", page)
    assert "{{ policy_meta() }}" in text  # the body came back as it was


def test_a_report_saved_through_the_form_keeps_its_verbatim_text(editor):
    path = editor.project / "data/reports/2020.md"
    _, before, _ = split_front_matter(path.read_text(encoding="utf-8"))
    page = _open(editor, "collections/reports/entries/data-reports-2020-md")
    assert "「原文照录，不改动」" in page.locator("body").inner_text()
    page.get_by_label("出处", exact=True).fill("待核实（测试文本）")
    _publish(page)
    _, after, _ = split_front_matter(_wait_for(path, "source: 待核实（测试文本）", page))
    assert after.rstrip("\n") == before.rstrip("\n")  # the text itself unchanged (Decap ends the file with a newline)


def test_the_committee_facts_open_as_lists(editor):
    page = _open(editor, "collections/committee/entries/data-committee-yaml")
    labels = page.locator("label").all_inner_texts()
    assert {"县市区", "界别", "专委会", "名词分类", "政策文件状态"} <= set(labels)
    districts = len(committee.read_committee_facts().allowed("districts"))
    assert f"{districts} 县市区" in page.locator("body").inner_text()  # the file's list, one item per district


def test_the_saved_files_pass_the_check(editor):
    result = subprocess.run([sys.executable, "-m", "macros.checks"], cwd=editor.project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_hostile_string_typed_into_a_form_is_text_on_the_built_site(editor, tmp_path):
    page = _open(editor, "collections/glossary/new")
    _fill_glossary(page, "biaodan-eyi", HOSTILE_TERM, f"测试文本：{HOSTILE}")
    _publish(page)
    _wait_for(editor.project / "glossary" / "biaodan-eyi.yaml", HOSTILE_TERM, page)
    site = tmp_path / "site"
    result = run_build(editor.project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = ["/glossary/", *(f"/glossary/{p.parent.name}/" for p in (site / "glossary").glob("*/index.html"))]
    glossary = "".join(read_page(site, url) for url in pages)  # the index and the letter pages of full entries
    text = "".join(article_text(read_page(site, url)) for url in pages)
    assert TERM in text and HOSTILE in text  # the hostile string shown as the characters typed
    document = html5lib.parse(glossary, namespaceHTMLElements=False)
    assert not [e for e in document.iter("img") if "onerror" in e.attrib]
    assert not [e for e in document.iter("script") if "alert(" in (e.text or "")]
    assert "现行有效" in article_text(read_page(site, "/policies/three-activities-opinion/"))
    assert BOOK["书名"] in article_text(read_page(site, "/reading-lists/development/"))
    assert editor.outside == [], "the editor asked another host"
