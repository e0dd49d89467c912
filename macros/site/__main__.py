"""`python -m macros.site SITE_DIR [--preview N]`: the steps on a built site (search index, social image,
robots.txt); with --preview, the site is then marked as the preview of pull request N (preview.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.errors import ContentError
from .post_build import post_build
from .preview import mark_preview, validate_pr_number


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
    parser.add_argument(
        "--preview",
        metavar="N",
        help="生成合并请求/拉取请求 N 的预览：每页注明“预览，不是正式网站”，并禁止搜索引擎收录（make preview PR=N）",
    )
    args = parser.parse_args(argv)
    try:
        number = None if args.preview is None else validate_pr_number(args.preview)
    except ValueError as err:
        print(f"\n{err}\n", file=sys.stderr)
        return 2
    if not (args.site / "index.html").is_file():
        print(f"\n{args.site} 里没有生成好的网站（缺少 index.html）：请先生成网站（make build）\n", file=sys.stderr)
        return 1
    try:
        post_build(args.site, search=not args.without_search)
        if number is not None:
            pages = mark_preview(args.site, number)
            print(f"已标为合并请求/拉取请求 {number} 的预览：{pages} 个页面，搜索引擎不收录")
    except ContentError as err:
        print(f"\n{err}\n", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
