"""`python -m macros.site.admin SITE_DIR [--local-backend URL]`: the editor into a built site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..cms_config import CmsConfigError
from . import BUNDLE_DIR, write_admin


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.site.admin", description="把网页表单编辑器放进生成好的网站")
    parser.add_argument("site", type=Path, help="生成好的网站目录，例如 site")
    parser.add_argument("--bundle", type=Path, default=BUNDLE_DIR, help="decap-cms 的 dist 目录")
    parser.add_argument("--local-backend", help="本机代理的地址（make edit），例如 http://127.0.0.1:8081/api/v1")
    args = parser.parse_args(argv)
    try:
        admin = write_admin(args.site, args.bundle, args.local_backend)
    except (FileNotFoundError, CmsConfigError) as err:
        print(f"\n{err}\n", file=sys.stderr)
        return 1
    print(f"网页表单编辑器：{admin}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
