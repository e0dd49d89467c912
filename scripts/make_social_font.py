"""Make macros/site/fonts/social-title-subset.otf: the few glyphs the social preview image draws (make social-font).

The build draws that image with this small committed font, so it needs no system font and looks the same on
every machine. Run this again after changing site_name or site_description in mkdocs.yml (the build says so).
Source: Noto Serif CJK SC Bold from Debian's fonts-noto-cjk (SIL Open Font License 1.1).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from fontTools import subset
from fontTools.ttLib import TTCollection

from macros.site.social import FONT_FILE, texts_drawn

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")
SOURCE_NAME = "Noto Serif CJK SC Bold"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring its !!python tags (only site_name and site_description are needed)."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def main() -> int:
    if not SOURCE.is_file():
        print(
            f"找不到 {SOURCE}：请安装 Debian 的 fonts-noto-cjk（sudo apt-get install fonts-noto-cjk）", file=sys.stderr
        )
        return 1
    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    text = texts_drawn(config["site_name"], config.get("site_description", ""))
    font = next(f for f in TTCollection(SOURCE).fonts if f["name"].getDebugName(4) == SOURCE_NAME)
    options = subset.Options()
    options.layout_features = []  # plain horizontal text: no OpenType features needed
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep the copyright and licence records
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    FONT_FILE.parent.mkdir(parents=True, exist_ok=True)
    font.save(FONT_FILE)
    print(f"{FONT_FILE.relative_to(PROJECT_ROOT)}: {len(text)} 个字符，{FONT_FILE.stat().st_size} 字节")
    return 0


if __name__ == "__main__":
    sys.exit(main())
