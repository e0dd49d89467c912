"""`python -m macros.site.admin SITE_DIR`: put the editor at SITE_DIR/admin/ (Decap CMS, from node_modules, with the
configuration generated from the schemas), so that the site serves it itself: no CDN, no committed copy."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

from ..core.paths import PROJECT_ROOT
from ..sources.site_config import load_site_config
from .cms_config import CmsConfigError, backend_of, build_cms_config

#: The bundle npm installs (package.json pins decap-cms); its lazily loaded parts sit beside it.
BUNDLE_DIR = PROJECT_ROOT / "node_modules" / "decap-cms" / "dist"
BUNDLE_GLOBS = ("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt")
PAGE = Path(__file__).with_name("admin") / "index.html"
#: The editor's folder in the built site; the steps on the site (search index, sitemap, offline copy) leave it out.
ADMIN = "admin"


def is_editor_file(rel: str) -> bool:
    """True for a path of the built site (relative, POSIX) inside /admin/: not a page members read."""
    return rel == ADMIN or rel.startswith(f"{ADMIN}/")


def write_admin(site_dir: Path, bundle_dir: Path = BUNDLE_DIR, local_backend: str | None = None) -> Path:
    """Copy the bundle and the page into site_dir/admin/ and write config.yml; returns that folder.

    Raises FileNotFoundError (with the Chinese message) when the bundle is not installed."""
    if not (bundle_dir / "decap-cms.js").is_file():
        raise FileNotFoundError(
            f"缺少网页表单编辑器（{bundle_dir / 'decap-cms.js'}）：请在仓库目录运行 npm ci（需要 Node.js），再生成网站"
        )
    admin = site_dir / ADMIN
    shutil.rmtree(admin, ignore_errors=True)
    admin.mkdir(parents=True)
    for pattern in BUNDLE_GLOBS:
        for path in bundle_dir.glob(pattern):
            shutil.copy2(path, admin / path.name)
    shutil.copy2(PAGE, admin / "index.html")
    raw = load_site_config().raw
    config = build_cms_config(backend_of(raw["repo_url"], raw.get("edit_uri")), local_backend)
    text = "# 由 python -m macros.site.admin 按数据模式生成（macros/site/cms_config.py），不要手工修改。\n"
    text += yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)
    (admin / "config.yml").write_text(text, encoding="utf-8")
    return admin


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
