"""macros/registry.py: every macro declares the kinds of data it reads, each one the site map knows."""

from __future__ import annotations

from macros.registry import macro_reads, macro_table
from macros.structure.site_map import DATA


def test_every_macro_declares_what_it_reads_in_kinds_the_site_map_knows():
    """A bare `@macro` cannot register (the table is not made); a declaration that is empty or names a kind the
    site map's DATA lacks fails here."""
    table = macro_table(None, None, str)
    undeclared = [name for name, function in table.items() if not getattr(function, "reads", None)]
    assert undeclared == []
    unknown = {name: kinds for name, kinds in macro_reads().items() if not set(kinds) <= set(DATA)}
    assert unknown == {}
    assert macro_reads()["glossary_page"] == ("glossary",)  # the index: a line per term
    assert macro_reads()["glossary_letter"] == ("glossary", "reports")  # full entries: where the reports use them
