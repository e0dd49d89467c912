"""mkdocs-macros glue: registers the macros and hands every call to the plain modules beside this file.

Nothing else lives here, so the project can move to another engine that offers `define_env`.
"""

from __future__ import annotations

from pathlib import Path

from . import printing, reading_docs, render, stats_render
from .content import Content, load_content
from .errors import ContentError
from .glossary import link_terms
from .macro_errors import explain_macro_error
from .metadata import attribute_text, page_description, render_robots
from .page_assets import page_stylesheets
from .page_info import page_facts
from .search_index import write_search_index
from .social import write_site_images
from .textfiles import front_matter_line_count
from .theme_css import write_trimmed_theme_css

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
        printing.public_address(env.conf["site_url"], "")  # printed pages need the site's public address
    except ContentError as err:
        raise BuildStopped(f"\n{err}\n") from None
    env.variables["portal"] = content
    _register_error_messages(env)

    def page_path() -> str:
        return env.page.file.src_path.replace("\\", "/")

    @env.macro
    def report_page(page_id: str) -> str:
        """The text of one page of the work report, verbatim ("review-2020", "plan-2021", "strive", "notes")."""
        return render.render_report_page(content, page_id, page_path())

    @env.macro
    def report_source() -> str:
        """The note naming the report's source and author."""
        return render.render_report_source(content, page_path())

    @env.macro
    def report_contents() -> str:
        """The report's table of contents, one line per page."""
        return render.render_report_contents(page_path())

    @env.macro
    def glossary_page() -> str:
        """All glossary entries in pinyin order with a letter index."""
        return render.render_glossary(content, page_path())

    @env.macro
    def reading_list(list_id: str) -> str:
        """One reading list (the id is its file name in reading_lists/ without .yaml)."""
        return render.render_reading_list(content, list_id, page_path())

    @env.macro
    def reading_list_index() -> str:
        """A table of all reading lists, newest first."""
        return render.render_reading_list_index(content, page_path())

    @env.macro
    def latest_reading_list() -> str:
        """The newest reading list with its first books, for the home page."""
        return render.render_latest_reading_list(content, page_path())

    @env.macro
    def policy_index() -> str:
        """A table of all policy texts from their front matter, newest first."""
        return render.render_policy_index(content, page_path())

    @env.macro
    def policy_meta() -> str:
        """The metadata box of the policy text this page is."""
        return render.render_policy_meta(content, page_path())

    @env.macro
    def print_handout() -> str:
        """This page's handout (pages under docs/print/): a cover with QR code and contents, then the whole section."""
        return printing.render_handout(content, env.conf["site_url"], page_path())

    @env.macro
    def handout_index() -> str:
        """The table of printable handouts with their PDF files, for the 打印资料 page."""
        return printing.render_handout_index(content, page_path())

    @env.macro
    def reading_stats_page() -> str:
        """The years side by side, the latest year's figures and how they are counted (the /stats/ page)."""
        return stats_render.render_stats_page(content, page_path())

    @env.macro
    def reading_stats_year(year: int) -> str:
        """One year's reading statistics with charts and tables (the page docs/stats/<year>.md)."""
        return stats_render.render_stats_year(content, year, page_path())

    @env.macro
    def reading_figures() -> str:
        """The latest year's headline reading figures with a link to /stats/ (the home page)."""
        return stats_render.render_reading_figures(content, page_path())

    @env.macro
    def reading_data_columns(table: str) -> str:
        """The columns of data/members.csv ("members") or data/reading_records.csv ("reading_records"), with an example."""
        return reading_docs.render_data_columns(table, page_path())


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
    env.page.meta["printing"] = printing.page_print_info(env.variables["portal"], env.conf["site_url"],
                                                         env.conf["site_name"], path, env.page.url, env.markdown)
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
        return explain_macro_error(error, markdown, page.file.src_path, sorted(env.macros), sorted(env.variables),
                                   offset)

    for kind in explain_macro_error.handles:
        format_error.register(kind)(formatter)
