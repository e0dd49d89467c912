"""scripts/sitecheck.py, the measuring tools shared by `make audit` and the browser tests."""

from __future__ import annotations

import gzip
import json
import re
import urllib.request

from conftest import PROJECT_ROOT

from scripts.sitecheck import AXE_SCRIPT, PAGE_TYPES, audited_pages, serve, site_pages


def _page(folder, url):
    path = folder / url.strip("/") / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("<!doctype html><title>x</title>", encoding="utf-8")


def test_page_list_names_every_html_page(tmp_path):
    for url in ("/", "/glossary/", "/report/plan-2021/"):
        _page(tmp_path, url)
    (tmp_path / "404.html").write_text("x", encoding="utf-8")
    assert sorted(site_pages(tmp_path)) == ["/", "/404.html", "/glossary/", "/report/plan-2021/"]


def test_the_editor_is_not_a_member_page(tmp_path):
    for url in ("/", "/admin/"):
        _page(tmp_path, url)
    assert site_pages(tmp_path) == ["/"]  # /admin/ is for staff: outside the first-view budget


def test_served_files_carry_the_given_headers(tmp_path):
    _page(tmp_path, "/")
    with serve(tmp_path, headers={"Content-Security-Policy": "default-src 'self'"}) as base:
        policy = urllib.request.urlopen(base + "/").headers["Content-Security-Policy"]
    assert policy == "default-src 'self'"


def test_statistics_page_is_audited_once_it_exists(tmp_path):
    for url in PAGE_TYPES.values():
        if url != "/stats/":
            _page(tmp_path, url)
    assert "/stats/" not in audited_pages(tmp_path).values()
    _page(tmp_path, "/stats/")
    assert audited_pages(tmp_path) == PAGE_TYPES
    for year in ("2020", "2021"):
        _page(tmp_path, f"/stats/{year}/")
    assert audited_pages(tmp_path) == PAGE_TYPES | {"年度统计": "/stats/2021/"}


def test_the_largest_glossary_letter_page_is_audited(tmp_path):
    for url in PAGE_TYPES.values():
        _page(tmp_path, url)
    for letter, entries in (("d", 1), ("s", 19), ("w", 3)):
        _page(tmp_path, f"/glossary/{letter}/")
        (tmp_path / "glossary" / letter / "index.html").write_text("<h2>词条</h2>" * entries, encoding="utf-8")
    assert audited_pages(tmp_path) == PAGE_TYPES | {"名词解释字母页": "/glossary/s/"}


def test_audit_server_sends_text_gzipped_and_the_same_bytes(tmp_path):
    css = "body { color: red; }\n" * 200
    (tmp_path / "a.css").write_text(css, encoding="utf-8")
    (tmp_path / "b.png").write_bytes(b"\x89PNG not really")
    with serve(tmp_path, compress=True) as base:
        request = urllib.request.Request(base + "/a.css", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            body = response.read()
        assert len(body) < len(css) / 10 and gzip.decompress(body).decode() == css
        request = urllib.request.Request(base + "/b.png", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers.get("Content-Encoding") is None
    with serve(tmp_path) as base, urllib.request.urlopen(base + "/a.css") as response:
        assert response.headers.get("Content-Encoding") is None and response.read().decode() == css


def test_vendored_axe_matches_the_pinned_npm_package():
    """tests/vendor/axe.min.js is axe-core as pinned in package-lock.json (refresh with make vendor-axe)."""
    lock = json.loads((PROJECT_ROOT / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/axe-core"]["version"]
    head = AXE_SCRIPT.read_text(encoding="utf-8")[:200]
    assert re.match(r"/\*! axe v(\S+)", head).group(1) == pinned
    assert (AXE_SCRIPT.parent / "axe-core-LICENSE.txt").is_file()
