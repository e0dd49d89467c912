"""What a page gets after its macros ran, in any engine that renders pages as Jinja templates (mkdocs-macros and
Zensical both do): glossary links in the report and policy texts, a description, what print adds, the stylesheets
the page needs, its date and edit link.

`FinishPage` (a Jinja extension, mkdocs.yml `j2_extensions`) wraps every page's template in
`{% filter finish_page %}…{% endfilter %}`; the glue registers the `finish_page` filter, which calls `finish_page()`
below with the page's Markdown after its macros ran, and puts the result into the engine's page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2.ext import Extension

from ..content import Content
from ..structure.site_map import HANDOUT, locate
from . import printing
from .glossary_links import link_terms
from .metadata import attribute_text, page_description
from .page_assets import page_stylesheets
from .page_facts import page_facts

_LAST_NEWLINE = re.compile(r"(\r\n|\r|\n)\Z")


class FinishPage(Extension):
    """Hands each page's Markdown, after its macros ran, to the `finish_page` filter."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name is not None:  # an included template is part of a page, not a page
            return source
        # Jinja drops one trailing newline of a template; inside the filter it would stay: drop it here
        return "{% filter finish_page %}" + _LAST_NEWLINE.sub("", source) + "{% endfilter %}"


@dataclass(frozen=True)
class FinishedPage:
    markdown: str
    meta: dict  # the page's front matter with what the theme reads added (description, printing, stylesheets…)
    edit_url: str | None
    update_date: str | None  # YYYY-MM-DD, from git


def finish_page(
    content: Content, config: dict, path: str, url: str, markdown: str, meta: dict, edit_url: str | None = None
) -> FinishedPage:
    """The page (path under docs/, URL, Markdown after its macros ran, front matter) as the theme shows it;
    `config` is mkdocs.yml as data."""
    meta = dict(meta)
    place = locate(path)
    description = meta.get("description") or page_description(markdown)
    if description:
        # a handout shows the same text as its section: its description says it is the printable one
        meta["description"] = attribute_text(("打印讲义：" if place.kind is HANDOUT else "") + description)
    if place.pages.glossary_linked:
        markdown = link_terms(markdown, content.term_links, path)
    # Read by overrides/partials/print-*.html: QR code, address and margin title of the printed page.
    meta["printing"] = printing.page_print_info(
        content, config.get("site_url"), config["site_name"], path, url, markdown
    )
    # Read by overrides/main.html: the stylesheets only some pages need.
    meta["stylesheets"] = page_stylesheets(markdown, (config.get("extra") or {}).get("page_stylesheets") or {})
    facts = page_facts(path, edit_url, meta, markdown)
    meta.update(facts.meta)
    return FinishedPage(markdown, meta, facts.edit_url, facts.update_date)
