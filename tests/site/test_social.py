"""macros/site/social.py and the sharing metadata of the built site: preview image, icons, Open Graph tags."""

from __future__ import annotations

import io
import re
from html import unescape

from conftest import read_page
from PIL import Image

from macros.site.social import (
    FONT_FILE,
    SOCIAL_SIZE,
    TOUCH_ICON_SIZE,
    missing_glyphs,
    render_social_image,
    render_touch_icon,
    tagline,
    texts_drawn,
)
from scripts.sitecheck import site_pages

SITE_URL = "https://shuxiang.example/"


def _image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_tagline_is_the_description_before_its_colon():
    assert (
        tagline("南阳市政协“书香政协”读书与学习平台：常委会工作报告、名词解释。")
        == "南阳市政协“书香政协”读书与学习平台"
    )
    assert tagline("没有冒号的说明") == "没有冒号的说明"


def test_pictures_have_the_sizes_platforms_expect_and_really_show_text():
    social = _image(render_social_image("书香政协", "南阳市政协读书与学习平台", "shuxiang.example"))
    assert (social.format, social.size) == ("PNG", SOCIAL_SIZE)
    assert len(social.getcolors(maxcolors=100_000)) > 50  # anti-aliased text, not a flat red card
    icon = _image(render_touch_icon())
    assert icon.size == (TOUCH_ICON_SIZE, TOUCH_ICON_SIZE)
    assert render_touch_icon() == render_touch_icon()  # the same bytes every build


def test_committed_font_draws_everything_the_site_asks_for():
    assert FONT_FILE.stat().st_size < 64 * 1024
    assert missing_glyphs(texts_drawn("书香政协", "南阳市政协“书香政协”读书与学习平台：说明")) == []
    assert missing_glyphs("书香政协龘") == ["龘"]


def test_changed_site_name_outside_the_font_stops_the_build(project_copy, tmp_path):
    from conftest import run_build

    config = project_copy / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("site_name: 书香政协", "site_name: 书香政协龘"), encoding="utf-8"
    )
    result = run_build(project_copy, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "mkdocs.yml：社交预览图的字体缺少「龘」" in output and "make social-font" in output


def _meta(html: str, name: str) -> str | None:
    m = re.search(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)"', html)
    return unescape(m.group(1)) if m else None


def test_every_page_can_be_shared_with_title_description_and_image(site):
    for url in site_pages(site):
        if url == "/404.html":
            continue
        html = read_page(site, url)
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        assert _meta(html, "og:title") and _meta(html, "og:title") in unescape(title), url
        assert _meta(html, "og:description") == _meta(html, "description"), url
        assert _meta(html, "og:url") == re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
        assert _meta(html, "og:image") == SITE_URL + "assets/images/social.png"
        assert _meta(html, "twitter:card") == "summary_large_image"
        assert _meta(html, "og:locale") == "zh_CN"


def test_preview_image_and_icons_are_in_the_site_as_announced(site):
    html = read_page(site, "/")
    social = Image.open(site / "assets" / "images" / "social.png")
    assert social.size == (int(_meta(html, "og:image:width")), int(_meta(html, "og:image:height")))
    assert _meta(html, "og:image:type") == "image/png"
    touch = re.search(r'<link rel="apple-touch-icon" href="([^"]+)"', html).group(1)
    assert Image.open(site / touch).size == (TOUCH_ICON_SIZE, TOUCH_ICON_SIZE)
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    assert icon.endswith(".svg")
    svg = (site / icon).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_titles_with_quotes_stay_inside_their_attribute(site):
    """Page text used in attributes is escaped: a quote in a title cannot end the attribute early."""
    for url in site_pages(site):
        html = read_page(site, url)
        for tag in re.findall(r"<meta [^>]*>", html):
            assert re.fullmatch(r'<meta( [a-z:-]+="[^"<>]*")+>', tag), f"{url}: {tag}"
