"""Reading lists: one YAML file per list in reading_lists/, one page per list in docs/reading-lists/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Problems
from ..core.paths import DOCS_DIR, READING_LIST_PAGES_DIR, READING_LISTS_DIR
from .schemas import Book, ReadingList, load_yaml_folder
from .textfiles import LineMap

#: Handout pages of the reading lists under docs/ (and in the site): one per list.
READING_LIST_HANDOUTS = "print/reading-lists"


@dataclass(frozen=True)
class ListFile:
    id: str
    data: ReadingList
    file: Path
    lines: LineMap

    @property
    def page(self) -> str:
        """The list's page, relative to docs/."""
        return f"reading-lists/{self.id}.md"


def load_reading_lists(problems: Problems, folder: Path = READING_LISTS_DIR) -> dict[str, ListFile]:
    """Every reading_lists/<id>.yaml, validated; newest list first."""
    lists: dict[str, ListFile] = {}
    for list_id, path, data, lines in load_yaml_folder(folder, ReadingList, problems, "party-history-2021.yaml"):
        lists[list_id] = ListFile(list_id, data, path, lines)
    return dict(sorted(lists.items(), key=lambda kv: (-kv[1].data.year, kv[0])))


def validate_reading_lists(
    lists: dict[str, ListFile],
    problems: Problems,
    pages_dir: Path = READING_LIST_PAGES_DIR,
    lists_dir: Path = READING_LISTS_DIR,
) -> dict[str, Book]:
    """Book ids are unique across all lists; every list has its page and every page its list."""
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
    for lst in lists.values():
        page = pages_dir / f"{lst.id}.md"
        if not page.exists():
            problems.add(
                lst.file,
                None,
                f"书单没有页面：请新建 docs/reading-lists/{lst.id}.md，内容照抄其他书单页面，"
                f"把编号改成 {lst.id}，并在 mkdocs.yml 的 nav 里加上它",
            )
    existing = {p.stem for p in lists_dir.glob("*.yaml")}  # a broken list is reported once, not by its page too
    for page in sorted(pages_dir.glob("*.md")) if pages_dir.exists() else []:
        if page.stem != "index" and page.stem not in existing:
            problems.add(page, None, f"没有对应的书单数据 reading_lists/{page.stem}.yaml，请补上数据或删掉这个页面")
    return books


def validate_print_pages(
    lists: dict[str, ListFile],
    problems: Problems,
    pages_dir: Path = DOCS_DIR / READING_LIST_HANDOUTS,
    lists_dir: Path = READING_LISTS_DIR,
) -> None:
    """Every reading list has its handout page in docs/print/reading-lists/, and every such page its list."""
    for list_id, lst in lists.items():
        if not (pages_dir / f"{list_id}.md").exists():
            problems.add(
                lst.file,
                None,
                f"书单没有打印讲义页面：请新建 docs/{READING_LIST_HANDOUTS}/{list_id}.md，"
                "内容照抄同目录里的其他文件（不用改动）",
            )
    existing = {p.stem for p in lists_dir.glob("*.yaml")}  # a broken list is reported once, not by its page too
    for page in sorted(pages_dir.glob("*.md")) if pages_dir.exists() else []:
        if page.stem not in existing:
            problems.add(page, None, f"没有对应的书单数据 reading_lists/{page.stem}.yaml，请补上数据或删掉这个打印页面")
