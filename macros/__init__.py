"""mkdocs-macros glue: registers the macros and hands every call to the plain modules beside this file.

Nothing else lives here, so the project can move to another engine that offers `define_env`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .checks.macro_errors import explain_macro_error
from .content import Content, load_content
from .core.errors import ContentError
from .registry import macro_table
from .render import printing
from .render.generated_pages import change_problems, generated_changes
from .render.glossary_links import link_terms
from .render.metadata import attribute_text, page_description, render_robots
from .render.page_assets import page_stylesheets
from .render.page_facts import page_facts, repository_edit_root
from .site.search_index import write_search_index
from .site.social import write_site_images
from .site.theme_css import write_trimmed_theme_css
from .sources.site_config import is_placeholder, placeholder_notice
from .sources.textfiles import front_matter_line_count

#: Pages whose text gets automatic links to the glossary (paths under docs/).
GLOSSARY_LINKED = ("report/", "policies/")


class BuildStopped(SystemExit, Exception):
    """Stops `mkdocs build` with the message and exit code 1, no traceback; `mkdocs serve` prints the
    message and keeps serving until the mistake is fixed (it catches Exception and prints SystemExit plainly)."""


def define_env(env, content: Content | None = None):
    """Load and check all content once, then register the macros pages may call (`make check` hands in the
    content it has already loaded)."""
    try:
        content = content or load_content()
        stale = change_problems(generated_changes(content))  # pages `make fix` writes: missing or stale stops the build
        if stale:
            raise ContentError(stale)
        printing.public_address(env.conf["site_url"], "")  # printed pages need the site's public address
    except ContentError as err:
        raise BuildStopped(f"\n{err}\n") from None
    env.variables["portal"] = content
    _hide_placeholders(env)
    _register_error_messages(env)

    edit_root = repository_edit_root(env.conf.get("repo_url"), env.conf.get("edit_uri"))  # None for a placeholder
    for name, function in macro_table(content, env.conf["site_url"], lambda: env.page.file.src_path, edit_root).items():
        env.macro(function, name)


def _hide_placeholders(env) -> None:
    """While the repository's address is a placeholder, no page links to it (no widget, no 编辑此页); the build
    says so once. (A placeholder site_url is handled where it is printed: macros/render/printing.py.)"""
    notice = placeholder_notice(env.conf.get("site_url"), env.conf.get("repo_url"))
    if notice:
        logging.getLogger("mkdocs.plugins.portal").info(notice)
    if is_placeholder(env.conf.get("repo_url")):
        env.conf["repo_url"] = None
        env.conf["repo_name"] = None
        env.conf["edit_uri"] = None


def on_post_page_macros(env):
    """Link glossary terms in the report and the policy texts to their entries; give every page a description;
    note what print adds to the page and the stylesheets it needs; date and edit link of the page."""
    meta = env.page.meta
    path = env.page.file.src_path.replace("\\", "/")
    description = meta.get("description") or page_description(env.markdown)
    if description:
        # a handout shows the same text as its section: its description says it is the printable one
        meta["description"] = attribute_text(("打印讲义：" if path.startswith("print/") else "") + description)
    if path.startswith(GLOSSARY_LINKED) and not path.endswith("index.md"):
        env.markdown = link_terms(env.markdown, env.variables["portal"].glossary, path)
    # Read by overrides/partials/print-*.html: QR code, address and margin title of the printed page.
    env.page.meta["printing"] = printing.page_print_info(
        env.variables["portal"], env.conf["site_url"], env.conf["site_name"], path, env.page.url, env.markdown
    )
    # Read by overrides/main.html: the stylesheets only some pages need.
    env.page.meta["stylesheets"] = page_stylesheets(env.markdown, env.conf["extra"].get("page_stylesheets") or {})
    facts = page_facts(path, env.page.edit_url, env.page.meta, env.markdown)
    env.page.edit_url = facts.edit_url
    env.page.meta.update(facts.meta)
    if facts.update_date:
        env.page.update_date = facts.update_date  # the sitemap's <lastmod>: from git, not the clock


def on_post_build(env):
    """Rewrite the search index for our search engine; draw the social preview image and the home-screen icon;
    write robots.txt with the sitemap's address; drop the rules of Material's stylesheets that no page uses."""
    conf = env.conf
    site_dir = Path(conf["site_dir"])
    try:
        if conf["extra"].get("search_engine") == "portal":
            write_search_index(site_dir, env.variables["portal"].glossary)
        write_site_images(site_dir, conf["site_name"], conf.get("site_description") or "", conf.get("site_url"))
    except ContentError as err:
        raise BuildStopped(f"\n{err}\n") from None
    (site_dir / "robots.txt").write_text(render_robots(conf.get("site_url")), encoding="utf-8")
    write_trimmed_theme_css(site_dir)  # last: it reads every page, script and search index written above


def _register_error_messages(env) -> None:
    """Replace the macros plugin's traceback dump with a Chinese message for mistakes staff can make."""
    from mkdocs_macros.errors import format_error  # the plugin's documented error formatter

    def formatter(error, markdown, page):
        offset = front_matter_line_count(page.file.content_string)  # lines are counted in the file, as staff see it
        return explain_macro_error(
            error, markdown, page.file.src_path, sorted(env.macros), sorted(env.variables), offset
        )

    for kind in explain_macro_error.handles:
        format_error.register(kind)(formatter)
