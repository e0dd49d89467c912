"""macros/site/sitemap.py: the redirect pages leave the sitemap, every other line stays as the engine wrote it."""

from __future__ import annotations

import gzip

from macros.site.sitemap import page_file, prune_sitemap

SITE_URL = "https://shuxiang.example/"
SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url>
         <loc>https://shuxiang.example/</loc>
         <lastmod>2026-11-26</lastmod>
    </url>
    <url>
         <loc>https://shuxiang.example/report/notes/</loc>
         <lastmod>2026-11-26</lastmod>
    </url>
    <url>
         <loc>https://shuxiang.example/report/2020/notes/</loc>
         <lastmod>2026-11-26</lastmod>
    </url>
</urlset>"""
REDIRECT = '<!doctype html><meta http-equiv="refresh" content="0; url=../2020/notes/"><title>测试页</title>'


def _site(tmp_path):
    for path, html in (
        ("index.html", "<p>首页</p>"),
        ("report/notes/index.html", REDIRECT),
        ("report/2020/notes/index.html", "<p>注释</p>"),
    ):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(html, encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text(SITEMAP, encoding="utf-8")
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(SITEMAP.encode()))
    return tmp_path


def test_redirect_pages_leave_the_sitemap_and_its_gzip_copy(tmp_path):
    site = _site(tmp_path)
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(SITEMAP.encode(), mtime=1700000000))  # the engine's date
    assert prune_sitemap(site, SITE_URL) == [SITE_URL + "report/notes/"]
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert text == SITEMAP.replace(
        "    <url>\n         <loc>https://shuxiang.example/report/notes/</loc>\n         <lastmod>2026-11-26</lastmod>\n"
        "    </url>\n",
        "",
    )
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode() == text
    assert (site / "sitemap.xml.gz").read_bytes()[4:8] == (1700000000).to_bytes(
        4, "little"
    )  # kept: not the clock, not SOURCE_DATE_EPOCH


def test_nothing_changes_without_a_redirect_page_or_a_site_address(tmp_path):
    site = _site(tmp_path)
    (site / "report/notes/index.html").write_text("<p>又有内容了</p>", encoding="utf-8")
    assert prune_sitemap(site, SITE_URL) == []
    assert prune_sitemap(site, None) == []
    assert (site / "sitemap.xml").read_text(encoding="utf-8") == SITEMAP


def test_addresses_map_to_the_built_files(tmp_path):
    assert page_file(tmp_path, SITE_URL, SITE_URL) == tmp_path / "index.html"
    assert page_file(tmp_path, SITE_URL, SITE_URL + "glossary/") == tmp_path / "glossary/index.html"
    assert page_file(tmp_path, SITE_URL, SITE_URL + "404.html") == tmp_path / "404.html"
    assert page_file(tmp_path, SITE_URL, "https://elsewhere.example/") is None
