"""What the checks need from mkdocs.yml (navigation, Markdown extensions, assets), read without MkDocs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml
from pathspec.gitignore import GitIgnoreSpec
from yaml_env_tag import construct_env_tag

from ..core.errors import ContentError, Problem
from ..core.paths import MKDOCS_YML, PROJECT_ROOT

#: Host names reserved for examples (RFC 2606): an address on one of them is a placeholder, not the real one.
PLACEHOLDER_HOST_RE = re.compile(r"(^|\.)(example|invalid|example\.(com|net|org))$", re.I)

#: Extensions MkDocs always adds to the ones listed in mkdocs.yml.
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


class _ConfigLoader(yaml.Loader):
    """Reads mkdocs.yml as the engine does: `!!python/...` tags build objects (the toc slugify function), `!ENV` reads
    the environment (pyyaml_env_tag, the engine's own). Only for the project's own mkdocs.yml, never for files staff
    send as data."""


_ConfigLoader.add_constructor("!ENV", construct_env_tag)
_ConfigLoader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))

#: The tag of a nav section made from the content (mkdocs.yml: `!!python/object/apply:…nav_section [name]`).
NAV_SECTION_TAG = "tag:yaml.org,2002:python/object/apply:macros.render.generated_pages.nav_section"


class _ConfigLoaderWithoutNav(_ConfigLoader):
    """The same, with the nav sections made from the content left empty: making them loads all the content, the
    reading records too, which the steps after a build never use."""


_ConfigLoaderWithoutNav.add_constructor(NAV_SECTION_TAG, lambda loader, node: [])


@dataclass(frozen=True)
class SiteConfig:
    raw: dict
    text: str
    docs_dir: Path
    nav_pages: list[str] | None  # pages listed in nav, relative to docs/; None if there is no nav
    extensions: list[str]
    extension_configs: dict[str, dict]
    assets: list[str] = field(default_factory=list)  # extra_css, extra_javascript, favicon, logo (relative to docs/)
    not_in_nav: list[str] = field(default_factory=list)  # gitignore-style patterns, as MkDocs reads them
    exclude_docs: list[str] = field(default_factory=list)

    @cached_property
    def _not_in_nav(self) -> GitIgnoreSpec:
        return GitIgnoreSpec.from_lines(self.not_in_nav)

    @cached_property
    def _excluded(self) -> GitIgnoreSpec:
        return GitIgnoreSpec.from_lines(self.exclude_docs)

    def is_not_in_nav(self, src: str) -> bool:
        """A page that may stay out of the navigation (mkdocs.yml `not_in_nav`, gitignore patterns as the engine
        reads them with pathspec)."""
        return self._not_in_nav.match_file(src)

    def is_excluded(self, src: str) -> bool:
        """A file the engine leaves out of the site (mkdocs.yml `exclude_docs`, and names starting with a dot)."""
        return any(part.startswith(".") for part in src.split("/")) or self._excluded.match_file(src)

    def line_of(self, needle: str) -> int | None:
        """The first line of mkdocs.yml that mentions a text (for messages about nav entries)."""
        for number, line in enumerate(self.text.split("\n"), 1):
            if needle in line:
                return number
        return None


def is_placeholder(url: str | None) -> bool:
    """True if an address (site_url, repo_url) is missing or only a placeholder such as https://shuxiang.example/."""
    host = urlparse(url or "").hostname
    return not host or PLACEHOLDER_HOST_RE.search(host) is not None


def public_address(site_url: str | None, url: str) -> str:
    """The page's address on the public site, from site_url in mkdocs.yml."""
    if not site_url or not re.match(r"^https?://[^/]+", site_url):
        raise ContentError(
            [
                Problem(
                    "mkdocs.yml",
                    None,
                    f"site_url「{site_url or ''}」不是网站的公开地址：打印页面上的二维码和网址要用它。"
                    "请写成 https://域名/ 的形式，例如 site_url: https://shuxiang.example/",
                )
            ]
        )
    return site_url.rstrip("/") + "/" + url.lstrip("/")


def placeholder_notice(site_url: str | None, repo_url: str | None) -> str | None:
    """The one line the build prints while the site's or the repository's address is a placeholder."""
    missing = [
        what
        for what, url in (("网站的公开地址（site_url）", site_url), ("源文件仓库的地址（repo_url）", repo_url))
        if is_placeholder(url)
    ]
    if not missing:
        return None
    hidden = []
    if is_placeholder(site_url):
        hidden.append("打印页面不印二维码和网址")
    if is_placeholder(repo_url):
        hidden.append("不显示源文件仓库和“编辑此页”按钮")
    return (
        f"提示：mkdocs.yml 里的{'和'.join(missing)}还是占位地址，所以网站{'、'.join(hidden)}。"
        "知道真实地址后，在 mkdocs.yml 里改这一处即可"
    )


def _patterns(value: Any) -> list[str]:
    lines = value.splitlines() if isinstance(value, str) else list(value or [])
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def _nav_pages(nav: Any) -> list[str]:
    pages: list[str] = []
    if isinstance(nav, str):
        if "://" not in nav:
            pages.append(nav)
    elif isinstance(nav, list):
        for item in nav:
            pages += _nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            pages += _nav_pages(value)
    return pages


def _extensions(listed: list) -> tuple[list[str], dict[str, dict]]:
    names = list(BUILTIN_EXTENSIONS)
    configs: dict[str, dict] = {}
    for item in listed or []:
        name, config = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        if name not in names:
            names.append(name)
        configs[name] = config or {}
    return names, configs


def _asset_path(item: Any) -> str | None:
    path = item.get("path") if isinstance(item, dict) else item
    return path if isinstance(path, str) and "://" not in path else None


def load_site_config(path: Path = MKDOCS_YML, nav: bool = True) -> SiteConfig:
    """mkdocs.yml as plain data (a syntax error here is a developer's mistake: YAML raises); nav=False leaves the nav
    sections made from the content empty (for the steps after a build, which use no nav)."""
    text = path.read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=_ConfigLoader if nav else _ConfigLoaderWithoutNav) or {}
    theme = raw.get("theme") or {}
    assets = [_asset_path(a) for a in (raw.get("extra_css") or []) + (raw.get("extra_javascript") or [])]
    assets += [theme.get("favicon"), theme.get("logo")] if isinstance(theme, dict) else []
    names, configs = _extensions(raw.get("markdown_extensions") or [])
    return SiteConfig(
        raw=raw,
        text=text,
        docs_dir=PROJECT_ROOT / raw.get("docs_dir", "docs"),
        nav_pages=_nav_pages(raw["nav"]) if "nav" in raw else None,
        extensions=names,
        extension_configs=configs,
        assets=[a for a in assets if a],
        not_in_nav=_patterns(raw.get("not_in_nav")),
        exclude_docs=_patterns(raw.get("exclude_docs")),
    )
