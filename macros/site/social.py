"""The pictures a shared link and a phone's home screen show, drawn at build time with Pillow.

No outside service and no system font: the title font is a small subset of Noto Serif CJK SC Bold committed
in macros/site/fonts/ (SIL Open Font License), made by scripts/make_social_font.py from the characters below.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from PIL import Image, ImageDraw, ImageFont

from ..core.errors import Problems
from ..core.paths import PROJECT_ROOT

FONT_FILE = PROJECT_ROOT / "macros" / "site" / "fonts" / "social-title-subset.otf"
SOCIAL_IMAGE = "assets/images/social.png"
TOUCH_ICON = "assets/images/apple-touch-icon.png"
SOCIAL_SIZE = (1200, 630)  # what Open Graph and Twitter cards expect (1.91:1)
TOUCH_ICON_SIZE = 180  # iOS home-screen icon
TOUCH_ICON_GLYPH = "书"

RED = (183, 28, 28)  # --md-primary-fg-color in reading.css
DARK_RED = (158, 24, 24)
PAPER = (255, 248, 225)
GOLD = (255, 202, 40)
#: Characters every subset must hold besides the site's own texts: the address line and the icon.
ALWAYS_DRAWN = "".join(chr(c) for c in range(0x20, 0x7F)) + TOUCH_ICON_GLYPH + "·"


def tagline(site_description: str) -> str:
    """The part of the site description before its first colon: what the site is, in one line."""
    for mark in ("：", ":"):
        if mark in site_description:
            return site_description.split(mark, 1)[0].strip()
    return site_description.strip()


def texts_drawn(site_name: str, site_description: str) -> str:
    """Every character the pictures may draw, for the font subset."""
    return "".join(sorted(set(site_name + tagline(site_description) + ALWAYS_DRAWN)))


def missing_glyphs(text: str, font_file: Path = FONT_FILE) -> list[str]:
    """Characters of `text` the font cannot draw (they would print as empty boxes)."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(font_file, lazy=True)["cmap"].getBestCmap()
    return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmap})


@lru_cache(maxsize=16)
def _font(size: int, font_file: Path = FONT_FILE) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file), size)


def _fit(draw: ImageDraw.ImageDraw, text: str, size: int, max_width: int) -> ImageFont.FreeTypeFont:
    """The largest font not above `size` that fits the text in `max_width` pixels."""
    while size > 12 and draw.textlength(text, font=_font(size)) > max_width:
        size -= 2
    return _font(size)


def render_social_image(title: str, subtitle: str, address: str) -> bytes:
    """A 1200×630 PNG: the site's name large, what it is below, its address at the foot."""
    width, height = SOCIAL_SIZE
    image = Image.new("RGB", SOCIAL_SIZE, RED)
    draw = ImageDraw.Draw(image)
    # A large faint 书 on the right, like a seal on a book cover.
    draw.text((width - 20, height // 2 + 20), TOUCH_ICON_GLYPH, font=_font(500), fill=DARK_RED, anchor="rm")
    left, text_width = 90, width - 180
    draw.text((left, 250), title, font=_fit(draw, title, 150, text_width), fill=PAPER, anchor="ls")
    draw.rectangle((left, 300, left + 160, 308), fill=GOLD)
    draw.text((left, 400), subtitle, font=_fit(draw, subtitle, 52, text_width), fill=PAPER, anchor="ls")
    draw.text((left, height - 70), address, font=_font(34), fill=GOLD, anchor="ls")
    return _png(image)


def render_touch_icon() -> bytes:
    """A 180×180 PNG for a phone's home screen: 书 in paper white on the site's red."""
    size = TOUCH_ICON_SIZE
    image = Image.new("RGB", (size, size), RED)
    ImageDraw.Draw(image).text((size // 2, size // 2), TOUCH_ICON_GLYPH, font=_font(124), fill=PAPER, anchor="mm")
    return _png(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def write_site_images(site_dir: Path, site_name: str, site_description: str, site_url: str | None) -> list[Path]:
    """Draw the social preview image and the home-screen icon into the built site; returns the files written."""
    subtitle = tagline(site_description)
    address = urlparse(site_url).netloc if site_url else ""
    missing = missing_glyphs(site_name + subtitle + address)
    if missing:
        problems = Problems()
        problems.add(
            "mkdocs.yml",
            None,
            f"社交预览图的字体缺少「{'、'.join(missing)}」这些字（site_name 或 site_description 改过了）："
            "请运行 make social-font 重新生成字体子集（需要 Debian 的 fonts-noto-cjk），并提交 macros/site/fonts/ 中的新文件",
        )
        problems.raise_if_any()
    written = []
    for name, data in (
        (SOCIAL_IMAGE, render_social_image(site_name, subtitle, address)),
        (TOUCH_ICON, render_touch_icon()),
    ):
        path = site_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
