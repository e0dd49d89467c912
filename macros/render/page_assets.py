"""Which of the site's own stylesheets a page loads besides those every page loads (mkdocs.yml extra_css)."""

from __future__ import annotations

import re


def page_stylesheets(markdown: str, rules: dict[str, list[str]]) -> list[str]:
    """The stylesheets of `rules` (path → class names or prefixes it styles) whose classes the page's text uses.

    `markdown` is the page after its macros ran, so the classes of generated HTML count; a class mentioned in
    prose counts too, which can only load a sheet too many, never leave a page unstyled."""
    return [
        sheet
        for sheet, classes in rules.items()
        if any(re.search(rf"(?<![\w-]){re.escape(name)}", markdown) for name in classes)
    ]
