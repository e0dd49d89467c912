"""macros/site/preview.py: a preview build says on every page, on screen and on paper, that it is the preview of
pull request N, and keeps search engines out; a publish build (the session's site) carries none of it."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading

import pytest
from conftest import PROJECT_ROOT
from test_deploy import RECORD_VIOLATIONS, _HeadersHandler, csp

from macros.core.errors import ContentError
from macros.site.offline import is_redirect
from macros.site.preview import STYLESHEET, mark_preview, validate_pr_number

NUMBER = 23
BANNER = f"这是合并请求/拉取请求 {NUMBER} 的预览，不是正式网站"
NOINDEX = '<meta name="robots" content="noindex,nofollow">'


@pytest.fixture(scope="module")
def preview_site(site, tmp_path_factory):
    """The session's site, marked as `make preview PR=23` marks it (the same step, on a copy of the same build)."""
    copy = tmp_path_factory.mktemp("preview") / "site"
    shutil.copytree(site, copy)
    mark_preview(copy, NUMBER)
    return copy


def test_every_page_of_a_preview_says_so_and_keeps_search_engines_out(preview_site):
    pages = sorted(preview_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        page = path.relative_to(preview_site).as_posix()
        assert html.count(BANNER) == 1 and html.count(NOINDEX) == 1, page
        head, body = html.split("</head>")
        assert NOINDEX in head and re.match(r"\s*<body[^>]*>\s*<div class=\"preview-banner\"", body), page
        link = re.search(r'<link rel="stylesheet" href="([^"]+preview\.css)">', head).group(1)
        assert (path.parent / link).resolve() == (preview_site / STYLESHEET).resolve(), page  # opens from disk too
    assert (preview_site / STYLESHEET).is_file()
    assert (preview_site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    assert not (preview_site / "sitemap.xml").exists() and not (preview_site / "sitemap.xml.gz").exists()


def test_a_publish_build_has_no_banner_and_may_be_indexed(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "preview-banner" not in html and "的预览，不是正式网站" not in html, path
        if not is_redirect(html):  # an old address is noindex by design (overrides/redirect.html)
            assert 'name="robots"' not in html, path
    assert not (site / STYLESHEET).exists()
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "Allow: /" in robots and "Disallow" not in robots and (site / "sitemap.xml").is_file()


@pytest.mark.parametrize("text", ["", "12a", "-3", "1 2", "１２", "12;rm", "1234567890"])
def test_a_number_that_is_not_digits_is_refused(text):
    with pytest.raises(ValueError, match="合并请求编号只能是数字"):
        validate_pr_number(text)


def test_the_command_refuses_a_bad_number_before_touching_the_site(tmp_path):
    (tmp_path / "index.html").write_text("<html><head></head><body><p>测试页</p></body></html>", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "macros.site", str(tmp_path), "--preview", "12<b>"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "合并请求编号只能是数字" in result.stderr and "「12<b>」" in result.stderr
    assert "Traceback" not in result.stderr
    assert "preview" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_make_preview_checks_the_number_first():
    result = subprocess.run(
        ["make", "--no-print-directory", "preview", "PR=abc"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 2 and "只能是数字" in result.stdout and "「abc」" in result.stdout
    assert "build --strict" not in result.stdout + result.stderr  # nothing was built


def test_a_file_that_is_not_a_whole_page_stops_the_step_and_nothing_is_half_marked(tmp_path):
    (tmp_path / "index.html").write_text("<html><head></head><body><p>测试页</p></body></html>", encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "fragment.html").write_text("<p>测试片段，没有 head 和 body</p>", encoding="utf-8")
    (tmp_path / "b.html").write_text("<head></head><body><body>", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        mark_preview(tmp_path, 5)
    message = str(raised.value)
    assert "a/fragment.html" in message and "b.html" in message and "不是完整的网页" in message
    assert "preview" not in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert not (tmp_path / STYLESHEET).exists()


@pytest.fixture(scope="module")
def secured_preview(preview_site):
    """The preview served with exactly the nginx example's security headers (as tests/test_deploy.py does)."""
    handler = functools.partial(
        type("Handler", (_HeadersHandler,), {"headers_to_send": csp.read_headers()}), directory=str(preview_site)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_the_banner_shows_on_screen_and_on_paper_under_the_policy(browser, preview_site, secured_preview):
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    for url in ("/", "/glossary/", "/report/2020/notes/"):
        page.goto(secured_preview + url, wait_until="networkidle")
        banner = page.locator(".preview-banner")
        assert banner.is_visible() and BANNER in banner.inner_text()
        box, header = banner.bounding_box(), page.locator(".md-header").bounding_box()
        assert box["y"] == 0 and header["y"] >= box["height"] - 1, "the banner comes first and hides nothing"
        page.emulate_media(media="print")
        assert banner.is_visible() and banner.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
        page.emulate_media(media="screen")
    assert page.evaluate("() => window.__violations") == []
    context.close()
