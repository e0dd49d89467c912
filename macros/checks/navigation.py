"""Pages missing from the navigation, and files under docs/ that nothing uses."""

from __future__ import annotations

from ..core.errors import Problems
from ..core.paths import OVERRIDES_DIR, PROJECT_ROOT
from ..render.page_facts import is_generated
from ..sources.site_config import SiteConfig
from .links import _suggest
from .page_files import PageSource

ASSET_REFERRER_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".webmanifest")

# Markup in a page that the site's Content-Security-Policy would block, or that has no place in content.


def check_navigation(site: SiteConfig, pages: list[PageSource], problems: Problems) -> None:
    """Every page is in nav (MkDocs refuses one that is not) and every nav entry is a page."""
    if site.nav_pages is None:
        return
    existing = {p.relative_to(site.docs_dir).as_posix() for p in site.docs_dir.rglob("*.md")}
    for entry in site.nav_pages:
        if entry not in existing:
            problems.add(
                PROJECT_ROOT / "mkdocs.yml",
                site.line_of(entry),
                f"nav 里的页面「{entry}」不存在。{_suggest(entry, sorted(existing))}"
                "请改成 docs/ 下现有的文件，或删掉这一行",
            )
    listed = set(site.nav_pages)
    # a page made from data is listed by the nav made from the same data: while the data has mistakes neither is
    # (render/generated_pages.py), and the mistakes are what to report
    unlisted = [p.src for p in pages if p.src not in listed and not is_generated(p.path)]
    for src in sorted(s for s in unlisted if not site.is_not_in_nav(s)):
        problems.add(
            site.docs_dir / src,
            None,
            "这个页面没有列在 mkdocs.yml 的 nav（网站导航）里，读者找不到它。"
            "请在 nav 的相应栏目下加一行，或者删掉这个文件",
        )


def check_orphan_files(site: SiteConfig, linked: set[str], problems: Problems) -> None:
    """Files in docs/ other than pages that no page, template, stylesheet or mkdocs.yml uses."""
    referrers = [site.text]
    for folder in (OVERRIDES_DIR, site.docs_dir):
        if folder.exists():
            referrers += [
                p.read_text(encoding="utf-8", errors="replace")
                for p in folder.rglob("*")
                if p.is_file() and p.suffix in ASSET_REFERRER_SUFFIXES
            ]
    mentioned = "\n".join(referrers)
    for path in sorted(site.docs_dir.rglob("*")):
        src = path.relative_to(site.docs_dir).as_posix()
        if not path.is_file() or path.suffix == ".md" or site.is_excluded(src):
            continue
        if src in linked or src in site.assets or path.name in mentioned:
            continue
        problems.add(
            path, None, "没有任何页面用到这个文件。请在页面里链接它（例如 [说明](../files/说明.pdf)），或者删掉它"
        )
