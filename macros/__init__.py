"""The glue: registers the macros and the page finisher, and hands every call to the plain modules beside this file.

Run by mkdocs-macros under MkDocs and by Zensical's macros extension; the only file that knows which engine runs.
"""

from __future__ import annotations

import json
import logging
import types
from pathlib import Path

from .checks.macro_errors import explain_macro_error
from .checks.pages import check_page_safety
from .content import Content, load_content
from .core.errors import ContentError, Problems
from .registry import macro_table
from .render.generated_pages import leftover_problems, write_pages
from .render.page_facts import repository_edit_root
from .render.page_finish import finish_page
from .render.page_sandbox import sandboxed
from .render.pages import template_cache
from .render.preview import render_problem_page
from .site.post_build import post_build
from .sources.site_config import is_placeholder, placeholder_notice, public_address
from .sources.textfiles import front_matter_line_count


class BuildStopped(SystemExit, Exception):
    """Stops `properdocs build` with the message and exit code 1, no traceback; the preview (scripts/preview.py)
    catches it, shows the check's list on every page and keeps serving until the mistake is fixed."""


def define_env(env, content: Content | None = None):
    """Load and check all content once, then register the macros pages may call (`make check` hands in the
    content it has already loaded)."""
    preview = _preview(env)
    if preview is not None and preview.problems:
        env.filter(lambda markdown: markdown, "finish_page")  # every page is the problem list, left as it is
        return
    problems = Problems()  # first what make check refuses in pages (before the data: a refused page fails fast)
    check_page_safety(Path(env.conf["docs_dir"]), macro_table(None, None, str), problems)  # the names only
    if problems:
        raise BuildStopped(f"\n{ContentError(problems.items)}\n")
    try:
        content = content or load_content()
        if _engine(env) == "mkdocs":  # the pages made from the data, before ProperDocs lists the files (Zensical
            # lists them before it runs this: `python -m macros.render` writes them first and reports the same problems)
            write_pages(content, Path(env.conf["docs_dir"]))
            leftover = leftover_problems(content, Path(env.conf["docs_dir"]))  # hand-written where pages are made
            if leftover:
                raise ContentError(leftover)
        public_address(env.conf["site_url"], "")  # printed pages need the site's public address
    except ContentError as err:
        raise BuildStopped(f"\n{err}\n") from None
    if preview is not None:  # under make serve: the preview keeps pages by the content (not a page variable:
        preview.content = content  # mkdocs-macros writes those out as JSON)
    _hide_placeholders(env)
    if _engine(env) == "mkdocs":
        _register_error_messages(env)
        _no_word_marks_for_our_search(env)
        keep_theme_templates_compiled(env.conf["theme"])

    edit_root = repository_edit_root(env.conf.get("repo_url"), env.conf.get("edit_uri"))  # None for a placeholder
    for name, function in macro_table(content, env.conf["site_url"], lambda: _page_path(env.page), edit_root).items():
        env.macro(function, name)
    env.filter(_page_finisher(env, content), "finish_page")
    if _engine(env) == "mkdocs":
        _render_in_sandbox(env)


def keep_theme_templates_compiled(theme) -> None:
    """The one theme patch (scripts/preview.py lists it): the engine compiles the theme's templates (Material's base
    and partials) in every build; they are kept compiled between builds as the site's own are
    (macros/render/pages.template_cache). The pages are the same; a build takes about 0.7 s less on this machine.
    The preview applies it as soon as it loads the configuration, so that plugins running before this glue
    (Material's search) use it too; applied twice, it changes nothing."""
    if getattr(theme.get_env, "__name__", "") == "kept_compiled":
        return
    make_environment = type(theme).get_env

    def kept_compiled(self):
        environment = make_environment(self)
        environment.bytecode_cache = template_cache()
        return environment

    theme.get_env = types.MethodType(kept_compiled, theme)


def _render_in_sandbox(env) -> None:
    """Pages render in the page sandbox (macros/checks/page_templates.py). mkdocs-macros makes its Jinja
    environment after define_env, so the sandbox is swapped in at the first page it renders."""
    render = env.render

    def render_in_sandbox(markdown, force_rendering=False):
        env._env = sandboxed(env.env, env.macros.values())
        return render(markdown, force_rendering)

    env.render = render_in_sandbox


def _no_word_marks_for_our_search(env) -> None:
    """Material's search plugin marks Chinese word boundaries with jieba when it is installed (1.5 s to load its
    dictionary, then a fifth of every build); our engine drops those marks (macros/site/search_index.py) and
    matches by character and pinyin, so with it Material does not make them. jieba is installed only for
    `make bench-search`, whose baseline is Material's own search."""
    if (env.conf.get("extra") or {}).get("search_engine") == "portal":
        from material.plugins.search import plugin as material_search

        material_search.jieba = None


def _engine(env) -> str:
    """Which engine runs the macros: "zensical" (its own macros extension) or "mkdocs" (mkdocs-macros)."""
    return "zensical" if type(env).__module__.startswith("zensical") else "mkdocs"


def _page_path(page) -> str:
    """The page's file under docs/, with forward slashes (MkDocs: page.file.src_path; Zensical: page.path)."""
    return (page.file.src_path if hasattr(page, "file") else page.path).replace("\\", "/")


def _page_finisher(env, content: Content):
    """The `finish_page` filter (macros/render/page_finish.py): the page's Markdown after its macros ran gets glossary
    links, and the page its description, print info, stylesheets, date and edit link."""
    finished: set[str] = set()

    def finish(markdown: str) -> str:
        page, path = env.page, _page_path(env.page)
        if path in finished:  # the page's title, rendered after its text
            return markdown
        finished.add(path)
        result = finish_page(content, env.conf, path, page.url, markdown, page.meta, getattr(page, "edit_url", None))
        if _engine(env) == "zensical":  # its page's meta goes to the theme as plain data
            page.meta.update(json.loads(json.dumps(result.meta, default=vars)))
            return result.markdown
        page.meta.update(result.meta)
        page.edit_url = result.edit_url  # Zensical's page has neither (README: what remains to port)
        if result.update_date:
            page.update_date = result.update_date  # the sitemap's <lastmod>: from git, not the clock
        return result.markdown

    return finish


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


def on_post_build(env):
    """Under `make serve` only: the steps on the built site (macros/site) but the social image, which the Makefile
    runs after `properdocs build` but cannot run on the preview's temporary folder. A built site never depends on this."""
    preview = _preview(env)
    if preview is None or preview.problems or preview.content is None:
        return
    try:
        post_build(Path(env.conf["site_dir"]), env.conf, preview.content, images=False)
    except ContentError as err:
        raise BuildStopped(f"\n{err}\n") from None


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


# --- make serve (scripts/preview.py): while a mistake stands, every page shows the list `make check` gives ------
#: The attribute of the macros plugin on which the preview hands its session (scripts/preview.py, PreviewSession:
#: `.problems`, `.content`); absent in any other build.
PREVIEW_ATTRIBUTE = "portal_preview"


def _preview(env):
    """The preview's session for this build under `make serve`, else None."""
    return getattr(env, PREVIEW_ATTRIBUTE, None)


def on_pre_page_macros(env):
    """Under `make serve` with a mistake standing: the page shows the problem list instead of its own text."""
    preview = _preview(env)
    if preview is not None and preview.problems:
        env.markdown = render_problem_page(preview.problems)
