"""The macros pages may call: one table that the MkDocs glue registers and `make check` checks pages against.

Each macro declares the kinds of data it reads (`reads`, kinds of the site map's `DATA`), next to its definition:
a page depends on the files of those kinds (macros/structure/site_map.py `page_dependencies`), which is what the
preview renders a page again for (scripts/preview.py)."""

from __future__ import annotations

from collections.abc import Callable

from .content import Content
from .render import data_columns, pages, printing, stats_pages


def macro_table(
    content: Content, site_url: str | None, current_page: Callable[[], str], edit_root: str | None = None
) -> dict[str, Callable]:
    """Every macro by name, bound to the loaded content; current_page() gives the calling page's path under docs/;
    edit_root is where the repository's files are edited online (None while its address is a placeholder)."""
    table: dict[str, Callable] = {}

    def macro(*, reads: tuple[str, ...]) -> Callable[[Callable], Callable]:
        def register(function: Callable) -> Callable:
            function.reads = reads  # type: ignore[attr-defined]
            table[function.__name__] = function
            return function

        return register

    def page_path() -> str:
        return current_page().replace("\\", "/")

    @macro(reads=("reports",))
    def report_page(report_id: str, page_id: str) -> str:
        """The text of one page of a work report, verbatim (report_page("2020", "review-2020"))."""
        return pages.render_report_page(content, report_id, page_id, page_path())

    @macro(reads=("reports",))
    def report_home(report_id: str) -> str:
        """A report's first page (/report/<id>/): its title, where it comes from, and its table of contents."""
        return pages.render_report_home(content, report_id, page_path())

    @macro(reads=("reports",))
    def report_index() -> str:
        """A table of all work reports and their interpretations, newest first."""
        return pages.render_report_index(content, page_path())

    @macro(reads=("glossary",))  # a line per term: no report locations
    def glossary_page() -> str:
        """The glossary's index: every term in pinyin order with its short definition, by initial letter."""
        return pages.render_glossary(content, page_path())

    @macro(reads=("glossary", "reports"))
    def glossary_letter(letter: str) -> str:
        """The full glossary entries of one initial letter ("s"; "0-9" for terms starting with a digit)."""
        return pages.render_glossary_letter(content, letter, page_path(), edit_root)

    @macro(reads=("reading-lists", "reading-records"))
    def reading_list(list_id: str) -> str:
        """One reading list (the id is its file name in reading_lists/ without .yaml)."""
        return pages.render_reading_list(content, list_id, page_path())

    @macro(reads=("reading-lists",))
    def reading_list_index() -> str:
        """A table of all reading lists, newest first."""
        return pages.render_reading_list_index(content, page_path())

    @macro(reads=("reading-lists",))
    def latest_reading_list() -> str:
        """The newest reading list with its first books, for the home page."""
        return pages.render_latest_reading_list(content, page_path())

    @macro(reads=("policies",))
    def policy_index() -> str:
        """A table of all policy texts from their front matter, newest first."""
        return pages.render_policy_index(content, page_path())

    @macro(reads=("policies",))
    def policy_meta() -> str:
        """The metadata box of the policy text this page is."""
        return pages.render_policy_meta(content, page_path())

    @macro(reads=("reports", "reading-lists", "committee"))  # and its section's: the site map's `reads`
    def print_handout() -> str:
        """This page's handout (pages under docs/print/): a cover with QR code and contents, then the whole section."""
        return printing.render_handout(content, site_url, page_path())

    @macro(reads=("reports", "reading-lists"))
    def handout_index() -> str:
        """The table of printable handouts with their PDF files, for the 打印资料 page."""
        return printing.render_handout_index(content, page_path())

    @macro(reads=("reading-records", "reading-lists"))
    def reading_stats_page() -> str:
        """The years side by side, the latest year's figures and how they are counted (the /stats/ page)."""
        return stats_pages.render_stats_page(content, page_path())

    @macro(reads=("reading-records", "reading-lists"))
    def reading_stats_year(year: int) -> str:
        """One year's reading statistics with charts and tables (the page docs/stats/<year>.md)."""
        return stats_pages.render_stats_year(content, year, page_path())

    @macro(reads=("reading-records", "reading-lists"))
    def reading_figures() -> str:
        """The latest year's headline reading figures with a link to /stats/ (the home page)."""
        return stats_pages.render_reading_figures(content, page_path())

    @macro(reads=("committee",))
    def reading_data_columns(table: str) -> str:
        """The columns of data/members.csv ("members") or data/reading_records.csv ("reading_records"), with an example."""
        return data_columns.render_data_columns(table, page_path(), content.committee)

    return table


def macro_reads() -> dict[str, tuple[str, ...]]:
    """The kinds of data each macro reads, as declared in the table."""
    return {name: function.reads for name, function in macro_table(None, None, str).items()}  # type: ignore[attr-defined]
