"""Reading lists: one YAML file per list in reading_lists/, one page per list in docs/reading-lists/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Problems
from ..core.paths import READING_LISTS_DIR
from ..structure.site_map import READING_LIST
from .schemas import Book, ReadingList, load_yaml_folder
from .textfiles import LineMap


@dataclass(frozen=True)
class ListFile:
    id: str
    data: ReadingList
    file: Path
    lines: LineMap

    @property
    def page(self) -> str:
        """The list's page, relative to docs/."""
        return READING_LIST.page(id=self.id)


def load_reading_lists(problems: Problems, folder: Path = READING_LISTS_DIR) -> dict[str, ListFile]:
    """Every reading_lists/<id>.yaml, validated; newest list first."""
    lists: dict[str, ListFile] = {}
    for list_id, path, data, lines in load_yaml_folder(folder, ReadingList, problems, "party-history-2021.yaml"):
        lists[list_id] = ListFile(list_id, data, path, lines)
    return dict(sorted(lists.items(), key=lambda kv: (-kv[1].data.year, kv[0])))


def validate_reading_lists(
    lists: dict[str, ListFile],
    problems: Problems,
) -> dict[str, Book]:
    """Book ids are unique across all lists (their pages are made by the build: render/generated_pages.py)."""
    books: dict[str, Book] = {}
    where: dict[str, str] = {}
    for lst in lists.values():
        for i, book in enumerate(lst.data.books):
            if book.id in books:
                problems.add(
                    lst.file,
                    lst.lines.line_for(("books", i, "id")),
                    f"书目编号「{book.id}」重复（{where[book.id]} 里已有）。同一本书只收入一个书单；"
                    "不同的书请换一个编号",
                    "books.id",
                )
                continue
            books[book.id] = book
            where[book.id] = f"{lst.file.name} 第 {lst.lines.line_for(('books', i, 'id'))} 行"
    return books
