"""macros/render/page_facts.py: 编辑此页 links, last-updated dates from git in Chinese, reproducible builds.

The builds here run on a throw-away git repository made from a copy of the project (two commits with fixed
dates), so that they do not depend on the state of the working tree: the full clone, a shallow clone, and a
tarball (no .git at all), and the full clone built twice with different SOURCE_DATE_EPOCH values.
"""

from __future__ import annotations

import filecmp
import gzip
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import PROJECT_PARTS, PROJECT_ROOT, read_page

from macros.core.text import chinese_date
from macros.render.page_facts import (
    data_edit_url,
    page_data_files,
    page_facts,
    repository_edit_root,
    safe_meta,
    safe_title,
)
from macros.sources.git_history import beijing_time, git_commit_times
from scripts.build_site import build_site

FIRST, SECOND = 1_600_000_000, 1_620_000_000  # 2020-09-13 and 2021-05-03 (Beijing time)
REPO = "https://git.example.com/nanyang-cppcc/shuxiang-zhengxie"
#: The builds below use real-looking addresses (.test is not a placeholder): the committed ones are placeholders,
#: and while they are, the site has no 编辑此页 at all (tests/render/test_generated_pages.py checks that state).
REAL_SITE = "https://shuxiang.test/"
REAL_REPO = "https://git.shuxiang.test/zhengxie/shuxiang"


# --- the pure parts ---------------------------------------------------------------------------------


def test_chinese_date_is_in_beijing_time():
    assert chinese_date(beijing_time(FIRST)) == "2020年9月13日"
    assert (
        chinese_date(beijing_time(1_609_430_400 + 16 * 3600)) == "2021年1月1日"
    )  # 16:00 UTC on 31 Dec = 00:00 in Beijing


@pytest.mark.parametrize(
    "page,expected",
    [
        ("reading-lists/development.md", ["reading_lists/development.yaml"]),
        ("report/2020/notes.md", ["data/reports/2020.md"]),
        ("print/report/2020.md", ["data/reports/2020.md"]),
        ("report/notes.md", []),  # the old address: it only leads on
        ("contribute/index.md", []),
    ],
)
def test_pages_know_the_data_they_are_made_from(page, expected):
    assert [p.relative_to(PROJECT_ROOT).as_posix() for p in page_data_files(page)] == expected
    assert len(page_data_files("glossary/index.md")) >= 20


def test_edit_link_of_a_data_file_follows_the_repository_form():
    page = f"{REPO}/edit/main/docs/reading-lists/development.md"
    assert (
        data_edit_url(page, "reading-lists/development.md", "reading_lists/development.yaml")
        == f"{REPO}/edit/main/reading_lists/development.yaml"
    )
    gitlab = "https://git.example.com/g/p/-/edit/main/docs/a.md"
    assert data_edit_url(gitlab, "a.md", "x.yaml") == "https://git.example.com/g/p/-/edit/main/x.yaml"
    assert data_edit_url(None, "a.md", "x.yaml") is None


def test_report_pages_get_no_edit_link_and_lists_edit_their_yaml():
    for page in ("report/2020/notes.md", "report/2020/index.md", "report/notes.md", "print/report/2020.md"):
        assert page_facts(page, f"{REPO}/edit/main/docs/{page}", {}).edit_url is None, page
    glossary = page_facts("glossary/index.md", f"{REPO}/edit/main/docs/glossary/index.md", {})
    assert glossary.edit_url == f"{REPO}/tree/main/glossary/"  # the folder of entries, one YAML file each
    letter = page_facts("glossary/w.md", f"{REPO}/edit/main/docs/glossary/w.md", {})
    assert letter.edit_url == f"{REPO}/tree/main/glossary/"  # a generated letter page: the same folder
    stats = page_facts("stats/2021.md", f"{REPO}/edit/main/docs/stats/2021.md", {})
    assert stats.edit_url == f"{REPO}/tree/main/data/"
    gitlab = "https://git.example.com/g/p/-/edit/main/docs/stats/index.md"
    assert page_facts("stats/index.md", gitlab, {}).edit_url == "https://git.example.com/g/p/-/tree/main/data/"
    facts = page_facts("reading-lists/development.md", f"{REPO}/edit/main/docs/reading-lists/development.md", {})
    assert facts.edit_url.endswith("/edit/main/reading_lists/development.yaml")
    assert page_facts("index.md", f"{REPO}/edit/main/docs/index.md", {}).edit_url.endswith("/docs/index.md")


def test_the_repository_root_edit_address_comes_from_repo_url_and_edit_uri():
    assert repository_edit_root(REPO, "edit/main/docs/") == f"{REPO}/edit/main/"
    assert repository_edit_root(REPO + "/", "-/edit/main/docs/") == f"{REPO}/-/edit/main/"
    assert repository_edit_root(None, "edit/main/docs/") is None  # a placeholder repository: no edit links
    assert repository_edit_root(REPO, None) is None


def test_front_matter_and_titles_from_data_are_escaped_for_the_head():
    assert safe_meta({"description": 'a"><script>', "title": "平常的标题", "hide": ["toc"]}) == {
        "description": "a&#34;&gt;&lt;script&gt;"
    }
    assert safe_title("# 书目&lt;/title>&lt;script>x\n\n正文") == "书目&lt;/title&gt;&lt;script&gt;x"
    assert safe_title("# 普通标题 { #top }\n") is None


def test_git_commit_times_of_a_folder_without_git_is_empty(tmp_path):
    assert git_commit_times(tmp_path) == {}


# --- builds of a committed copy ---------------------------------------------------------------------


def _git(repo: Path, *args: str, when: int | None = None) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "编辑",
        "GIT_AUTHOR_EMAIL": "editor@example.com",
        "GIT_COMMITTER_NAME": "编辑",
        "GIT_COMMITTER_EMAIL": "editor@example.com",
    }
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{when} +0800"
    return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True, text=True).stdout


def _build(project: Path, site: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return build_site(project, site, {**environment, **env})


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """A git repository of the project (two commits: everything, then one glossary entry), its shallow clone, and a
    tarball-like copy, all built; the repository twice with different SOURCE_DATE_EPOCH, the first time with no
    compiled templates kept (an empty temporary folder: macros/render/pages.template_cache), the second with those the
    first kept."""
    if shutil.which("git") is None:
        pytest.fail("缺少 git（页面日期取自 git 历史）：sudo apt-get install git", pytrace=False)
    root = tmp_path_factory.mktemp("editing")
    repo = root / "repo"
    repo.mkdir()
    for part in PROJECT_PARTS:
        src = PROJECT_ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, repo / part)
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^site_url: .*$", f"site_url: {REAL_SITE}", text)
    config.write_text(re.sub(r"(?m)^repo_url: .*$", f"repo_url: {REAL_REPO}", text), encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "全部内容", when=FIRST)
    entry = repo / "glossary" / "weixieshang.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("小微协商活动。", "小微协商活动。\n"), encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "修改一个词条", when=SECOND)
    shallow = root / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True)
    tarball = root / "tarball"
    shutil.copytree(repo, tarball, ignore=shutil.ignore_patterns(".git"))
    templates = root / "tmp"
    templates.mkdir()
    phases = [
        {"repo": (repo, {"TMPDIR": str(templates)}), "shallow": (shallow, {"GITHUB_ACTIONS": "true"})},
        {"repo-again": (repo, {"SOURCE_DATE_EPOCH": "86400", "TMPDIR": str(templates)}), "tarball": (tarball, {})},
    ]
    results = {}
    with ThreadPoolExecutor(2) as pool:
        for jobs in phases:
            futures = {
                name: pool.submit(_build, project, root / f"site-{name}", **env)
                for name, (project, env) in jobs.items()
            }
            results.update({name: future.result() for name, future in futures.items()})
            if "repo" in jobs:
                (kept,) = templates.glob("_jinja2-cache-*")  # the first build kept its compiled templates
                assert len(list(kept.glob("*.cache"))) >= 20
    for name, result in results.items():
        assert result.returncode == 0, f"{name}:\n{result.stdout}\n{result.stderr}"
    return {name: (root / f"site-{name}", result.stdout + result.stderr) for name, result in results.items()}


def _updated(html: str) -> str | None:
    match = re.search(r'<aside class="md-source-file">.*?(最后更新：[^<\s]+)', html, re.S)
    return match.group(1) if match else None


def test_pages_show_their_last_change_in_chinese(builds):
    site, _ = builds["repo"]
    assert _updated(read_page(site, "/contribute/")) == "最后更新：2020年9月13日"
    assert _updated(read_page(site, "/glossary/")) == "最后更新：2021年5月3日"  # a glossary entry changed
    assert _updated(read_page(site, "/glossary/w/")) == "最后更新：2021年5月3日"  # the page of its letter too
    assert _updated(read_page(site, "/report/2020/notes/")) == "最后更新：2020年9月13日"


def test_sitemap_dates_come_from_git_not_the_clock(builds):
    site, _ = builds["repo"]
    sitemap = gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode()
    dates = dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap))
    assert dates[f"{REAL_SITE}glossary/"] == "2021-05-03"
    assert dates[f"{REAL_SITE}contribute/"] == "2020-09-13"


def test_building_twice_gives_identical_sites(builds):
    first, _ = builds["repo"]
    # same commit, another SOURCE_DATE_EPOCH, and templates compiled by the first build: nothing may depend on them
    second, _ = builds["repo-again"]
    compared = filecmp.dircmp(first, second)
    different = []

    def walk(cmp, prefix=""):
        different.extend(prefix + f for f in cmp.diff_files + cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        different.extend(prefix + f for f in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, prefix + name + "/")

    walk(compared)
    assert not different, f"files differ between two builds of one commit: {sorted(set(different))[:10]}"
    assert len(list(first.rglob("*.html"))) > 10


def test_pdf_handouts_of_two_builds_are_identical_too(builds):
    """`make build` also prints the handouts to site/pdf/: Chromium's time stamp becomes the commit's, and links
    lead to the public site (site_url), not to the folder the PDF was printed from."""
    repo = builds["repo"][0].parent / "repo"

    def make_pdfs(site: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "macros.site.pdf", str(site)],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(make_pdfs, [builds["repo"][0], builds["repo-again"][0]]))
    assert all(r.returncode == 0 for r in results), results
    first, second = (sorted((builds[n][0] / "pdf").glob("*.pdf")) for n in ("repo", "repo-again"))
    assert len(first) >= 4 and [p.name for p in first] == [p.name for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second)), "PDF files differ"
    from pypdf import PdfReader

    reader = PdfReader(first[0])
    assert reader.metadata.creation_date.date().isoformat() == "2021-05-03"  # the last commit's, not today's
    links = [
        str(a.get_object()["/A"]["/URI"])
        for page in reader.pages
        for a in page.get("/Annots") or []
        if "/URI" in a.get_object().get("/A", {})
    ]
    assert links and all(link.startswith(REAL_SITE) for link in links), links[:5]


@pytest.mark.parametrize("name", ["shallow", "tarball"])
def test_builds_without_full_history_give_no_warning(builds, name):
    site, output = builds[name]
    assert "WARNING" not in output and "ERROR" not in output, output
    html = read_page(site, "/contribute/")
    if name == "tarball":
        assert _updated(html) is None  # no history: no date rather than a wrong one
    else:
        assert _updated(html) == "最后更新：2021年5月3日"  # a shallow clone only knows its one commit


def test_every_page_has_an_edit_link_except_the_verbatim_report(builds):
    """With a real repository address: 编辑此页 opens the file that holds the content; verbatim reports, the
    handouts (made by make fix) and old addresses that only lead on have none."""
    site, _ = builds["repo"]
    for path in sorted(site.rglob("index.html")):
        url = "/" + path.parent.relative_to(site).as_posix() + "/"
        url = "/" if url == "/./" else url
        html = path.read_text(encoding="utf-8")
        edit = re.search(r'<a href="([^"]+)" title="编辑此页"', html)
        if url.startswith(("/report/", "/print/")) and url != "/report/":
            assert edit is None, f"{url}: verbatim or generated, it must not invite edits"
        elif url.startswith("/glossary/"):  # the index and every letter page
            assert edit and edit.group(1) == f"{REAL_REPO}/tree/main/glossary/", url
        elif url.startswith("/stats/"):
            assert edit and edit.group(1) == f"{REAL_REPO}/tree/main/data/", url
        elif url == "/report/":
            assert edit and edit.group(1) == f"{REAL_REPO}/tree/main/data/reports/"
        else:
            assert edit and edit.group(1).startswith(REAL_REPO + "/edit/main/"), f"{url} has no 编辑此页 link"
    html = read_page(site, "/reading-lists/development/")
    assert f'href="{REAL_REPO}/edit/main/reading_lists/development.yaml"' in html
    assert 'class="md-source"' in html  # the repository widget, now that its address is real
