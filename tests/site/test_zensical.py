"""The same project built by Zensical (`make zensical`): what works there, read from the HTML it writes.

Zensical runs in its own venv (.venv-zensical, requirements-zensical.txt; `make test` installs it). What does not
work there yet is listed in README (依赖与迁移) and asserted nowhere. Zensical runs define_env for every page; the
content cache keeps that to one load per build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import PROJECT_ROOT, article_text, read_page

from macros.site.preview import mark_preview
from scripts.project_copy import copy_project

pytestmark = pytest.mark.zensical

DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
ZENSICAL = PROJECT_ROOT / ".venv-zensical" / "bin" / "zensical"


@pytest.fixture(scope="module")
def zsite(tmp_path_factory):
    """A copy of the project built by `zensical build`, then the steps on the built site (as `make zensical`)."""
    if not ZENSICAL.exists():
        pytest.fail(f"缺少 {ZENSICAL}：运行 make zensical（或 make test）安装 Zensical 的环境", pytrace=False)
    project = copy_project(tmp_path_factory.mktemp("zensical") / "project", extra=("zensical.yml",))
    env = {**os.environ, "PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1"}
    git = {
        **env,
        "GIT_AUTHOR_NAME": "测试",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_AUTHOR_DATE": "@1700000000 +0800",
    }
    git.update(
        GIT_COMMITTER_NAME="测试", GIT_COMMITTER_EMAIL="test@example.com", GIT_COMMITTER_DATE="@1700000000 +0800"
    )
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "测试用的副本"]):  # dates come from git
        subprocess.run(["git", "-C", str(project), *command], env=git, check=True, capture_output=True)
    pages = subprocess.run(  # as `make zensical`: Zensical lists the pages before it runs the macros
        [sys.executable, "-m", "macros.render"], cwd=project, capture_output=True, text=True
    )
    assert pages.returncode == 0, pages.stderr
    built = subprocess.run(
        [str(ZENSICAL), "build", "-f", "zensical.yml"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stdout + built.stderr
    site = project / "site-zensical"
    steps = subprocess.run(
        [sys.executable, "-m", "macros.site", str(site), "--without-search"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert steps.returncode == 0, steps.stderr
    return site


def test_every_page_is_built(zsite, site):
    """Every page MkDocs builds, Zensical builds too, in the same place."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert len(pages) >= 20
    assert [p for p in pages if not (zsite / p).is_file()] == []
    assert "页面不存在" in (zsite / "404.html").read_text(encoding="utf-8")


def test_macro_content_is_the_same(zsite, site):
    """Pages made by macros (report, glossary, reading lists, statistics) show the same article text; the date
    (最后更新, a handout's 生成日期) comes from the git history of each build's project: the copy has one commit."""
    for url in (
        "/report/2020/review-2020/",
        "/glossary/",
        "/reading-lists/development/",
        "/stats/2021/",
        "/print/report/2020/",
    ):
        zensical, mkdocs = (article_text(read_page(s, url)) for s in (zsite, site))
        assert DATE.sub("某日", zensical) == DATE.sub("某日", mkdocs), url
    assert article_text(read_page(zsite, "/report/2020/review-2020/")).endswith("最后更新：2023年11月15日")


def test_glossary_terms_are_linked_in_report_and_policies(zsite, site):
    for url in ("/report/2020/review-2020/", "/report/2020/plan-2021/", "/policies/three-activities-opinion/"):
        links = re.findall(r'<a class="glossary-term" href="([^"]+)"', read_page(zsite, url))
        assert links, url
        assert links == re.findall(r'<a class="glossary-term" href="([^"]+)"', read_page(site, url)), url


def test_print_blocks_and_description(zsite):
    page = read_page(zsite, "/report/2020/review-2020/")
    # the committed site_url is a placeholder: the printed page says so instead of a QR code (issue 13), as MkDocs'
    assert '<div class="print-source" aria-hidden="true">' in page and "网站的网上地址尚未设定" in page, "print source"
    assert '@top-right { content: "2020年工作回顾"' in page, "margin title of the printed page"
    assert 'class="md-content__button print-button' in page, "打印 button"
    assert re.search(r'<meta name="description" content="2020年[^"]+">', page)
    assert "打印讲义" in page, "the section's handout button"


def test_page_stylesheets_load_only_where_used(zsite):
    def sheets(url):
        return re.findall(r'href="[./]*assets/stylesheets/(stats|handout)\.css"', read_page(zsite, url))

    assert sheets("/stats/2021/") == ["stats"]
    assert sheets("/print/glossary/") == ["handout"]
    assert sheets("/report/2020/review-2020/") == []


def test_the_preview_step_marks_every_page_zensical_writes(zsite, tmp_path):
    """`python -m macros.site … --preview N` works on any engine's output: every page Zensical wrote says so."""
    copy = tmp_path / "site"
    shutil.copytree(zsite, copy)
    pages = list(copy.rglob("*.html"))
    assert mark_preview(copy, 7) == len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "合并请求/拉取请求 7 的预览" in html and 'content="noindex,nofollow"' in html, page
