"""The editor at /admin/: `python -m macros.site.admin SITE_DIR` (its __main__.py) puts the editor at SITE_DIR/admin/ (Decap CMS, from node_modules, with the
configuration generated from the schemas), so that the site serves it itself: no CDN, no committed copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from ...core.paths import PROJECT_ROOT
from ...sources.site_config import load_site_config
from ..cms_config import backend_of, build_cms_config

#: The bundle npm installs (package.json pins decap-cms); its lazily loaded parts sit beside it.
BUNDLE_DIR = PROJECT_ROOT / "node_modules" / "decap-cms" / "dist"
BUNDLE_GLOBS = ("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt")
PAGE = Path(__file__).with_name("index.html")
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
    raw = load_site_config(nav=False).raw
    backend = backend_of(raw["repo_url"], raw.get("edit_uri"), (raw.get("extra") or {}).get("cms_branch"))
    config = build_cms_config(backend, local_backend)
    text = "# 由 python -m macros.site.admin 按数据模式生成（macros/site/cms_config.py），不要手工修改。\n"
    text += yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)
    (admin / "config.yml").write_text(text, encoding="utf-8")
    return admin
