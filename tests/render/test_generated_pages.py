"""macros/render/generated_pages.py: the one-macro pages and nav entries the build makes from the content.

The story test adds a second report (tests/fixtures/reports/2021.md, labelled 测试用文本，非正式文件) to a copy of the
project as staff would: one file, nothing run, then the check and the build. It also shows the two states of the
addresses: the committed placeholders (nothing leads to them) and real-looking ones (.test) in the same copy.
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
from macros.core.paths import PROJECT_ROOT
from macros.render.generated_pages import nav_from_content, pages_from_content
from macros.sources.site_config import load_site_config
from macros.structure.site_map import generated_patterns, is_generated_place

FIXTURE = Path(__file__).parents[1] / "fixtures" / "reports" / "2021.md"
REAL_SITE = "https://shuxiang.test/"
REAL_REPO = "https://git.shuxiang.test/zhengxie/shuxiang"


def test_pages_and_nav_from_the_content():
    content = load_content()
    pages = dict(pages_from_content(content))
    assert "report/2020/review-2020.md" in pages and "print/report/2020.md" in pages
    assert "stats/2021.md" in pages and "print/reading-lists/development.md" in pages
    assert '{{ report_page("2020", "review-2020") }}' in pages["report/2020/review-2020.md"]
    assert pages["stats/2021.md"].split("---\n")[2].lstrip().startswith("# 2021年读书统计\n")
    nav = nav_from_content(content)
    assert nav["stats"] == ["stats/index.md", {"2021年": "stats/2021.md"}, {"2020年": "stats/2020.md"}]
    assert (
        nav["policies"]
        == [
            "policies/index.md",
            *(f"policies/{p.id}.md" for p in content.policies),
        ]
        and len(nav["policies"]) == 3
    )
    assert nav["reports"][1] == {
        "2020年工作报告解读": [f"report/2020/{p}.md" for p in ("index", *content.reports["2020"].pages)]
    }
    # the glossary: its index, then one page of full entries per initial, in pinyin order (digits first)
    assert nav["glossary"][:3] == ["glossary/index.md", {"数字开头": "glossary/0-9.md"}, {"D": "glossary/d.md"}]
    assert {"S": "glossary/s.md"} in nav["glossary"] and "glossary/index.md" not in pages
    assert '{{ glossary_letter("s") }}' in pages["glossary/s.md"]
    assert "title: 名词解释 · S\n" in pages["glossary/s.md"] and "「书香政协」" not in pages["glossary/w.md"]


def test_mkdocs_yml_nav_is_made_from_the_content():
    """Both engines read the nav sections through the same YAML tag (nav_section); the check reads them too."""
    nav = load_site_config().raw["nav"]
    sections = {next(iter(item)): next(iter(item.values())) for item in nav if isinstance(item, dict)}
    made = nav_from_content(load_content())
    assert sections["工作报告"] == made["reports"] and sections["读书统计"] == made["stats"]
    assert sections["政策文件"] == made["policies"] and sections["推荐书目"] == made["reading-lists"]
    assert sections["名词解释"] == made["glossary"]


def test_no_generated_page_is_committed():
    """The pages made from the data are gitignored and not in the repository: only the files staff change are."""
    tracked = subprocess.run(
        ["git", "-C", str(PROJECT_ROOT), "ls-files", "docs"], capture_output=True, text=True, check=True
    ).stdout.split()
    from fnmatch import fnmatchcase

    generated = [f for f in tracked if any(fnmatchcase(f, f"docs/{g}") for g in generated_patterns())]
    assert sorted(generated) == ["docs/glossary/index.md", "docs/reading-lists/index.md", "docs/stats/index.md"], (
        generated
    )
    assert not any(is_generated_place(f.removeprefix("docs/")) for f in generated)  # the sections' own pages
    examples = [f"docs/{pattern.replace('*', 'x2031')}" for pattern in generated_patterns()]  # one per place
    ignored = subprocess.run(
        ["git", "-C", str(PROJECT_ROOT), "check-ignore", *examples], capture_output=True, text=True
    ).stdout.split()
    assert ignored == examples  # .gitignore lists every place the site map gives generated pages


def _check(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "macros.checks", *args], cwd=project, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def second_report(tmp_path_factory):
    """A project copy with one more report and nothing run: the check, the files it touched, two builds."""
    from scripts.project_copy import copy_project

    root = tmp_path_factory.mktemp("second-report")
    project = copy_project(root / "project")
    before = snapshot(project)
    shutil.copy(FIXTURE, project / "data" / "reports" / "2021.md")
    check = _check(project)
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
        "touched": touched,
        "placeholder": (root / "site-placeholder", placeholder.stdout + placeholder.stderr),
        "real": (root / "site-real", real.stdout + real.stderr),
    }


def test_the_check_passes_with_the_one_file_staff_add(second_report):
    check = second_report["check"]
    assert check.returncode == 0 and "检查通过" in check.stdout, check.stdout + check.stderr
    assert second_report["touched"] == ["data/reports/2021.md"]  # the pages the check wrote are not the project's


def test_the_new_report_is_everywhere(second_report):
    site, _ = second_report["real"]
    index = article_text(read_page(site, "/report/"))
    assert index.index("测试用报告（非正式文件）") < index.index("凝心聚力促发展 乘势而上开新局")  # newest first
    home = article_text(read_page(site, "/report/2021/"))
    assert "测试用发布机关（非正式）" in home and "一、测试用的回顾" in home
    review = read_page(site, "/report/2021/review/")
    assert "这一段是测试用文本，非正式文件。" in article_text(review)
    assert re.search(r'<a class="glossary-term" href="../../../glossary/w/#weixieshang"', review)  # glossary links
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
    assert "编辑此条" not in read_page(site, "/glossary/w/")
    assert "网站的网上地址尚未设定" in read_page(site, "/report/2020/notes/")
    assert "网站的网上地址尚未设定" in read_page(site, "/print/report/2021/")


def test_real_addresses_bring_back_the_qr_codes_and_edit_links(second_report):
    site, output = second_report["real"]
    assert "占位地址" not in output
    notes = read_page(site, "/reading-lists/development/")
    assert 'class="print-qr"' in notes and f"{REAL_SITE}reading-lists/development/" in notes
    assert f'href="{REAL_REPO}/edit/main/reading_lists/development.yaml" title="编辑此页"' in notes
    assert 'class="md-source"' in notes
    # the index and each letter page open the folder, each entry its own file
    assert f'href="{REAL_REPO}/tree/main/glossary/" title="编辑此页"' in read_page(site, "/glossary/")
    letters = [read_page(site, f"/glossary/{p.parent.name}/") for p in (site / "glossary").glob("*/index.html")]
    assert all(f'href="{REAL_REPO}/tree/main/glossary/" title="编辑此页"' in html for html in letters)
    glossary = "".join(letters)
    assert f'<a class="glossary-edit" href="{REAL_REPO}/edit/main/glossary/weixieshang.yaml"' in glossary
    assert glossary.count('class="glossary-edit"') == len(load_content().glossary)
    assert 'class="glossary-edit"' not in read_page(site, "/glossary/")  # the index: one line a term, no edit link
    assert 'class="glossary-edit"' not in read_page(site, "/print/glossary/")  # not on paper
    cover = read_page(site, "/print/report/2021/")
    assert 'class="print-qr"' in cover and f"{REAL_SITE}report/2021/" in cover
    assert 'title="编辑此页"' not in read_page(site, "/report/2021/review/")  # verbatim: never an edit button
