"""The page `make serve` shows in place of every page while a mistake stands (scripts/serve.py)."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..core.errors import Problem
from .pages import render_template


def no_jinja(value: str) -> Markup:
    """Text escaped for HTML, its braces written as entities, so that no template engine reads it as a call."""
    return Markup(str(escape(value)).replace("{", "&#123;").replace("}", "&#125;"))


def render_problem_page(problems: list[Problem]) -> str:
    """The problems as `make check` lists them (file, line, what to do), laid out as a page of the site."""
    listed = [(no_jinja(str(p)[: -len(p.message) - 1]), no_jinja(p.message)) for p in problems]
    return render_template("preview-problems.md.j2", problems=listed)
