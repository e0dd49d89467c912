"""The work done on a built site after the engine has written it: one function, called by `python -m macros.site`
(after `properdocs build` or `zensical build`) and by the glue under `make serve`, whose temporary folder no
Makefile step can reach."""

from __future__ import annotations

from pathlib import Path

from ..content import Content, load_glossary_only
from ..render.metadata import render_robots
from ..sources.site_config import load_site_config
from .search_index import write_search_index
from .search_scripts import write_search_scripts
from .sitemap import prune_sitemap
from .social import write_site_images


def post_build(
    site_dir: Path,
    config: dict | None = None,
    content: Content | None = None,
    search: bool = True,
    images: bool = True,
) -> None:
    """Rewrite the search index for our search engine and ship its scripts lean (the engine inside its worker);
    draw the social preview image and the home-screen icon; take the old addresses (redirect pages) out of the
    sitemap; write robots.txt with the sitemap's address.
    `config` is mkdocs.yml as data (read here when not given); `search=False` leaves the search index alone
    (Zensical writes its own, in another format); `images=False` leaves out the pictures only the published site
    needs (the preview of `make serve`).

    Raises ContentError when the site or the content is not what the steps need."""
    config = config if config is not None else load_site_config(nav=False).raw
    extra = config.get("extra") or {}
    if search and extra.get("search_engine") == "portal":
        write_search_index(site_dir, content.glossary if content is not None else load_glossary_only())
        write_search_scripts(site_dir)
    if images:
        write_site_images(site_dir, config["site_name"], config.get("site_description") or "", config.get("site_url"))
    prune_sitemap(site_dir, config.get("site_url"))
    (site_dir / "robots.txt").write_text(render_robots(config.get("site_url")), encoding="utf-8")
