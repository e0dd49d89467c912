"""mkdocs-macros glue: registers the macros and hands every call to the plain modules beside this file.

Nothing else lives here, so the project can move to another engine that offers `define_env`.
"""

from __future__ import annotations

import sys

from . import render
from .content import Content, load_content
from .errors import ContentError
from .glossary import link_terms
from .macro_errors import explain_macro_error
from .page_info import page_facts
from .textfiles import front_matter_line_count

#: Pages whose text gets automatic links to the glossary (paths under docs/).
GLOSSARY_LINKED = ("report/", "policies/")


def define_env(env):
    """Load and check all content once, then register the macros pages may call."""
    try:
        content: Content = load_content()
    except ContentError as err:
        print(f"\n{err}\n", file=sys.stderr)
        raise SystemExit(1) from None
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


def on_post_page_macros(env):
    """Link glossary terms in the report and the policy texts to their entries; date and edit link of the page."""
    path = env.page.file.src_path.replace("\\", "/")
    if path.startswith(GLOSSARY_LINKED) and not path.endswith("index.md"):
        env.markdown = link_terms(env.markdown, env.variables["portal"].glossary, path)
    facts = page_facts(path, env.page.edit_url, env.page.meta, env.markdown)
    env.page.edit_url = facts.edit_url
    env.page.meta.update(facts.meta)
    if facts.update_date:
        env.page.update_date = facts.update_date  # the sitemap's <lastmod>: from git, not the clock


def _register_error_messages(env) -> None:
    """Replace the macros plugin's traceback dump with a Chinese message for mistakes staff can make."""
    from mkdocs_macros.errors import format_error  # the plugin's documented error formatter

    def formatter(error, markdown, page):
        offset = front_matter_line_count(page.file.content_string)  # lines are counted in the file, as staff see it
        return explain_macro_error(error, markdown, page.file.src_path, sorted(env.macros), sorted(env.variables),
                                   offset)

    for kind in explain_macro_error.handles:
        format_error.register(kind)(formatter)
