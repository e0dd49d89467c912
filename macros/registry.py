"""The macros pages may call: one table that the MkDocs glue registers and `make check` checks pages against."""

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

    def macro(function: Callable) -> Callable:
        table[function.__name__] = function
        return function

    def page_path() -> str:
        return current_page().replace("\\", "/")

    @macro
    def report_page(report_id: str, page_id: str) -> str:
        """The text of one page of a work report, verbatim (report_page("2020", "review-2020"))."""
        return pages.render_report_page(content, report_id, page_id, page_path())

    @macro
    def report_home(report_id: str) -> str:
        """A report's first page (/report/<id>/): its title, where it comes from, and its table of contents."""
        return pages.render_report_home(content, report_id, page_path())

    @macro
    def report_index() -> str:
        """A table of all work reports and their interpretations, newest first."""
        return pages.render_report_index(content, page_path())

    @macro
    def glossary_page() -> str:
        """All glossary entries in pinyin order with a letter index."""
        return pages.render_glossary(content, page_path(), edit_root)

    @macro
    def reading_list(list_id: str) -> str:
        """One reading list (the id is its file name in reading_lists/ without .yaml)."""
        return pages.render_reading_list(content, list_id, page_path())

    @macro
    def reading_list_index() -> str:
        """A table of all reading lists, newest first."""
        return pages.render_reading_list_index(content, page_path())

    @macro
    def latest_reading_list() -> str:
        """The newest reading list with its first books, for the home page."""
        return pages.render_latest_reading_list(content, page_path())

    @macro
    def policy_index() -> str:
        """A table of all policy texts from their front matter, newest first."""
        return pages.render_policy_index(content, page_path())

    @macro
    def policy_meta() -> str:
        """The metadata box of the policy text this page is."""
        return pages.render_policy_meta(content, page_path())

    @macro
    def print_handout() -> str:
        """This page's handout (pages under docs/print/): a cover with QR code and contents, then the whole section."""
        return printing.render_handout(content, site_url, page_path())

    @macro
    def handout_index() -> str:
        """The table of printable handouts with their PDF files, for the 打印资料 page."""
        return printing.render_handout_index(content, page_path())

    @macro
    def reading_stats_page() -> str:
        """The years side by side, the latest year's figures and how they are counted (the /stats/ page)."""
        return stats_pages.render_stats_page(content, page_path())

    @macro
    def reading_stats_year(year: int) -> str:
        """One year's reading statistics with charts and tables (the page docs/stats/<year>.md)."""
        return stats_pages.render_stats_year(content, year, page_path())

    @macro
    def reading_figures() -> str:
        """The latest year's headline reading figures with a link to /stats/ (the home page)."""
        return stats_pages.render_reading_figures(content, page_path())

    @macro
    def reading_data_columns(table: str) -> str:
        """The columns of data/members.csv ("members") or data/reading_records.csv ("reading_records"), with an example."""
        return data_columns.render_data_columns(table, page_path(), content.committee)

    return table
