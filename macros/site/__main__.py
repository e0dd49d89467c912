"""`python -m macros.site SITE_DIR`: the steps on a built site (search index, social image, robots.txt)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.errors import ContentError
from .post_build import post_build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m macros.site", description="生成网站后的步骤：搜索索引、分享预览图和图标、robots.txt"
    )
    parser.add_argument("site", type=Path, help="生成好的网站目录，例如 site")
    parser.add_argument(
        "--without-search",
        action="store_true",
        help="不改写搜索索引（Zensical 生成的网站：它的索引格式不同，本站搜索尚未移植，见 README）",
    )
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"\n{args.site} 里没有生成好的网站（缺少 index.html）：请先生成网站（make build）\n", file=sys.stderr)
        return 1
    try:
        post_build(args.site, search=not args.without_search)
    except ContentError as err:
        print(f"\n{err}\n", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
