"""macros/render/generated_pages.py: the one-macro pages and nav entries `make fix` writes, proven fresh.

The story test adds a second report (tests/fixtures/reports/2021.md, labelled 测试用文本，非正式文件) to a copy of the
project as staff would: one file, then `make fix`, then the build. It also shows the two states of the addresses:
the committed placeholders (nothing leads to them) and real-looking ones (.test) in the same copy.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import article_text, read_page, run_build, snapshot

from macros.content import load_content
from macros.render.generated_pages import expected_nav, expected_pages, generated_changes

FIXTURE = Path(__file__).parents[1] / "fixtures" / "reports" / "2021.md"
REAL_SITE = "https://shuxiang.test/"
REAL_REPO = "https://git.shuxiang.test/zhengxie/shuxiang"


def test_committed_generated_pages_and_nav_are_fresh():
    content = load_content()
    assert generated_changes(content) == [], "run `make fix` and commit what it writes"
    pages = expected_pages(content)
    assert "report/2020/review-2020.md" in pages and "print/report/2020.md" in pages
    assert "stats/2021.md" in pages and "print/reading-lists/development.md" in pages
    assert '{{ report_page("2020", "review-2020") }}' in pages["report/2020/review-2020.md"]
    assert pages["stats/2021.md"].split("---\n")[2].lstrip().startswith("# 2021年读书统计\n")
    nav = expected_nav(content)
    assert nav["stats"] == ["- 2021年: stats/2021.md", "- 2020年: stats/2020.md"]


def _check(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "macros.checks", *args], cwd=project, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def second_report(tmp_path_factory):
    """A project copy with one more report: check before and after make fix, the files it wrote, two builds."""
    from scripts.project_copy import copy_project

    root = tmp_path_factory.mktemp("second-report")
    project = copy_project(root / "project")
    before = snapshot(project)
    shutil.copy(FIXTURE, project / "data" / "reports" / "2021.md")
    check = _check(project)
    fix = _check(project, "--fix")
    after = snapshot(project)
    touched = sorted(set(after) ^ set(before) | {f for f in after if f in before and after[f] != before[f]})
    placeholder = run_build(project, root / "site-placeholder")
    config = project / "mkdocs.yml"
    text = re.sub(r"(?m)^site_url: .*$", f"site_url: {REAL_SITE}", config.read_text(encoding="utf-8"))
    config.write_text(re.sub(r"(?m)^repo_url: .*$", f"repo_url: {REAL_REPO}", text), encoding="utf-8")
    real = run_build(project, root / "site-real")
    for result in (placeholder, real):
        assert result.returncode == 0, result.stdout + result.stderr
    return {
        "check": check,
        "fix": fix,
        "touched": touched,
        "placeholder": (root / "site-placeholder", placeholder.stdout + placeholder.stderr),
        "real": (root / "site-real", real.stdout + real.stderr),
    }


def test_check_says_exactly_what_make_fix_will_add(second_report):
    check = second_report["check"]
    assert check.returncode == 1 and "Traceback" not in check.stderr
    for page in ("index", "review", "plan"):
        assert f"docs/report/2021/{page}.md：缺少这个页面。请运行 make fix" in check.stderr
    assert "docs/print/report/2021.md：缺少这个页面" in check.stderr
    assert "mkdocs.yml：nav（网站导航）不是最新的。请运行 make fix" in check.stderr
    fix = second_report["fix"]
    assert fix.returncode == 0, fix.stderr
    assert "已自动改正：docs/report/2021/review.md" in fix.stdout and "检查通过" in fix.stdout


def test_adding_a_report_touches_one_file_by_hand_and_the_rest_by_make_fix(second_report):
    assert second_report["touched"] == [
        "data/reports/2021.md",  # the one file staff add
        "docs/print/report/2021.md",
        "docs/report/2021/index.md",
        "docs/report/2021/plan.md",
        "docs/report/2021/review.md",
        "mkdocs.yml",
    ]


def test_the_new_report_is_everywhere(second_report):
    site, _ = second_report["real"]
    index = article_text(read_page(site, "/report/"))
    assert index.index("测试用报告（非正式文件）") < index.index("凝心聚力促发展 乘势而上开新局")  # newest first
    home = article_text(read_page(site, "/report/2021/"))
    assert "测试用发布机关（非正式）" in home and "一、测试用的回顾" in home
    review = read_page(site, "/report/2021/review/")
    assert "这一段是测试用文本，非正式文件。" in article_text(review)
    assert re.search(r'<a class="glossary-term" href="../../../glossary/#weixieshang"', review)  # glossary links
    nav = read_page(site, "/")
    assert 'href="report/2021/"' in nav and 'href="report/2020/"' in nav
    handouts = read_page(site, "/print/")
    assert 'href="report/2021/"' in handouts and "../pdf/report-2021.pdf" in handouts  # the handout and its PDF
    assert "测试用的小标题" in article_text(read_page(site, "/print/report/2021/"))
    search = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"].startswith("report/2021/review/") for doc in search["docs"])
    pages = {doc["location"].split("#")[0] for doc in search["docs"]}
    assert "print/report/2021/" not in pages and "report/review-2020/" not in pages  # handouts, old addresses
    old = read_page(site, "/report/review-2020/")  # today's addresses keep working
    assert '<meta http-equiv="refresh" content="0; url=../2020/review-2020/">' in old
    assert 'href="../2020/review-2020/"' in old
    assert 'url=2020/"' in read_page(site, "/print/report/")


def test_placeholder_addresses_lead_nowhere_and_the_build_says_so_once(second_report):
    site, output = second_report["placeholder"]
    assert output.count("还是占位地址") == 1
    assert "网站的公开地址（site_url）和源文件仓库的地址（repo_url）还是占位地址" in output
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        where = path.relative_to(site).as_posix()
        assert 'title="编辑此页"' not in html and 'class="md-source"' not in html, where
        assert "git.example.com" not in html, where
        assert 'class="print-qr"' not in html, where
        assert not re.search(r'<(a|img)\b[^>]*\b(href|src)="https://shuxiang\.example', html), where
    assert "编辑此条" not in read_page(site, "/glossary/")
    assert "网站的网上地址尚未设定" in read_page(site, "/report/2020/notes/")
    assert "网站的网上地址尚未设定" in read_page(site, "/print/report/2021/")


def test_real_addresses_bring_back_the_qr_codes_and_edit_links(second_report):
    site, output = second_report["real"]
    assert "占位地址" not in output
    notes = read_page(site, "/reading-lists/development/")
    assert 'class="print-qr"' in notes and f"{REAL_SITE}reading-lists/development/" in notes
    assert f'href="{REAL_REPO}/edit/main/reading_lists/development.yaml" title="编辑此页"' in notes
    assert 'class="md-source"' in notes
    glossary = read_page(site, "/glossary/")  # the page opens the folder, each entry its own file
    assert f'href="{REAL_REPO}/tree/main/glossary/" title="编辑此页"' in glossary
    assert f'<a class="glossary-edit" href="{REAL_REPO}/edit/main/glossary/weixieshang.yaml"' in glossary
    assert glossary.count('class="glossary-edit"') == len(load_content().glossary)
    assert 'class="glossary-edit"' not in read_page(site, "/print/glossary/")  # not on paper
    cover = read_page(site, "/print/report/2021/")
    assert 'class="print-qr"' in cover and f"{REAL_SITE}report/2021/" in cover
    assert 'title="编辑此页"' not in read_page(site, "/report/2021/review/")  # verbatim: never an edit button
