"""CSV tables that staff edit in Excel or WPS: the header, rows numbered as Excel numbers them, and every
cell checked against a pydantic model.

Rows are numbered as Excel shows them (the header is row 1), which is also the line number in a text
editor unless a cell holds a line break. Cells are checked column by column: each distinct value of a
column goes through the model field's own validator once, so 150,000 rows with a few thousand distinct
dates, ids and numbers cost a few thousand validations, not a million.
"""

from __future__ import annotations

import csv
import difflib
import io
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..core.bulk import can_fork, side_by_side
from ..core.errors import Problem, Problems
from .committee import CommitteeFacts, context_of
from .schemas import _describe as describe_error
from .textfiles import RESAVE_HINT, read_text

#: Column separators that are not the comma, as staff would name them.
SEPARATORS = {"\t": "制表符（Tab）", "；": "中文分号「；」", ";": "英文分号「;」", "，": "中文逗号「，」"}
#: At most this many problems are listed one by one per file; the rest are counted.
MAX_LISTED = 200
#: Files of this many characters in all (ten years of records: about 70 million; one year: 7 million) have the second
#: half of each file's rows read and checked in a forked copy of the process, on the other core.
SHARED_FROM_CHARS = 20_000_000


class Invalid:
    """The result of a cell that failed its check, carrying the message for staff."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


@dataclass
class Table:
    """The cells of a CSV file after checking, column by column.

    `columns[name][i]` is the checked value of data row i (None for an empty optional cell, an Invalid
    for a bad cell); `rows[i]` is its row number as Excel shows it; `bad` holds the i of every row with
    a problem, so cross-checks can leave them out (their problems are reported already).
    """

    path: Path
    rows: list[int]
    columns: dict[str, list[Any]]
    bad: set[int]
    distinct: dict[str, dict[str, Any]] = field(default_factory=dict)  # while halves are joined (read_tables)

    def __len__(self) -> int:
        return len(self.rows)


def field_checkers(model: type[BaseModel]) -> dict[str, tuple[TypeAdapter, bool]]:
    """One validator per column, built from the model's own field (type, constraints, validators)."""
    return {
        name: (
            TypeAdapter(Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation),
            info.is_required(),
        )
        for name, info in model.model_fields.items()
    }


def check_cell(raw: str, adapter: TypeAdapter, required: bool, title: str, context: dict | None = None) -> Any:
    text = raw.strip()
    if not text:
        return Invalid(f"这一格是空的，请填写{title}") if required else None
    try:
        return adapter.validate_python(text, context=context)
    except ValidationError as err:
        return Invalid(describe_error(err.errors(include_url=False)[0]))


def read_table(
    path: Path, model: type[BaseModel], problems: Problems, facts: CommitteeFacts | None = None
) -> Table | None:
    """Read and check one CSV file (its committee lists from `facts`, else from the file as it is now); None (with
    problems) if it cannot be read at all."""
    text = read_text(path, problems)
    return None if text is None else _table_of_text(path, text, model, problems, facts)


def read_tables(
    paths: list[Path], model: type[BaseModel], problems: Problems, facts: CommitteeFacts | None = None
) -> list[Table | None]:
    """read_table of every file. When they are large (SHARED_FROM_CHARS), the second half of each file's rows is read
    and checked in a forked copy of this process while this one reads the first half; the halves are then joined, so
    the tables, row numbers and problems are exactly those of read_table. A file that is not plain (quoted cells,
    rows of another width: see _plain_columns) is read whole, as read_table reads it."""
    texts = [read_text(path, problems) for path in paths]
    large = sum(len(text) for text in texts if text) >= SHARED_FROM_CHARS and can_fork()  # else: no gain in halves
    halves = {i: _halves(text) for i, text in enumerate(texts) if large and text and '"' not in text}
    halves = {i: half for i, half in halves.items() if half}
    if not halves:
        return [
            None if text is None else _table_of_text(path, text, model, problems, facts)
            for path, text in zip(paths, texts)
        ]
    heads, tails = side_by_side(
        lambda: {i: _head_table(paths[i], halves[i][0], model, facts) for i in halves},
        lambda: {i: _packed_tail(paths[i], *halves[i][1:], model, facts) for i in halves},
    )
    tables: list[Table | None] = []
    for i, (path, text) in enumerate(zip(paths, texts)):
        head, found = heads.get(i, (_NOT_PLAIN, None))
        tail = tails.get(i)
        if head is None:  # the header cannot be read: its problems, once
            problems.items += found.items
            tables.append(None)
        elif head is not _NOT_PLAIN and tail is not None and tail[1] is not None:
            seen = set(found.items)  # the header's problems are found in both halves: listed once
            problems.items += found.items + [p for p in tail[0] if p not in seen]
            tables.append(_joined(head, tail[1]))
        else:  # a half that is not plain: the whole file, row by row
            tables.append(None if text is None else _table_of_text(path, text, model, problems, facts))
    return tables


_NOT_PLAIN = object()  # _table_of_text(plain_only=True) of a file that must be read row by row


def _halves(text: str) -> tuple[str, str, int] | None:
    """The header with the first half of the rows, the header with the rest, and the row number the rest begins at;
    None for a file too short to halve."""
    header_end = text.find("\n") + 1
    middle = text.find("\n", header_end + (len(text) - header_end) // 2) + 1
    if not header_end or not middle or middle >= len(text):
        return None
    header = text[:header_end]
    return text[:middle], header + text[middle:], 2 + text.count("\n", header_end, middle)


def _head_table(
    path: Path, text: str, model: type[BaseModel], facts: CommitteeFacts | None
) -> tuple[Table | None, Problems]:
    """The header with the first half of a file's rows, read and checked (_NOT_PLAIN if it is not plain), and its
    problems, kept apart until the second half is known."""
    found = Problems()
    return _table_of_text(path, text, model, found, facts, plain_only=True), found


def _packed_tail(
    path: Path, text: str, first_row: int, model: type[BaseModel], facts: CommitteeFacts | None
) -> tuple[list[Problem], Table | None] | None:
    """In the forked copy: the header with the second half of a file's rows (from `first_row`) read and checked, as
    its problems and the table with packed columns; None if it is not plain."""
    found = Problems()
    table = _table_of_text(path, text, model, found, facts, first_row=first_row, plain_only=True, packed=True)
    return None if table is _NOT_PLAIN else (found.items, table)


def _joined(head: Table, tail: Table) -> Table:
    """One table of a file's two halves; the second's packed columns unpacked onto the first's shared values."""
    for name, column in head.columns.items():
        raws, values, codes = tail.columns[name]
        own = head.distinct[name]  # the first half's object for a raw text, so equal cells stay one object
        values = [own.get(raw, value) for raw, value in zip(raws, values)]
        column += map(values.__getitem__, codes)
    head.bad.update(len(head) + i for i in tail.bad)
    head.rows.extend(tail.rows)
    head.distinct.clear()
    return head


def _table_of_text(
    path: Path,
    text: str,
    model: type[BaseModel],
    problems: Problems,
    facts: CommitteeFacts | None,
    first_row: int = 2,
    plain_only: bool = False,
    packed: bool = False,
) -> Table | None:
    """The checked table of a file's text (its data rows numbered from `first_row`). With plain_only, _NOT_PLAIN for
    a file _plain_columns cannot read; with packed, each column as (distinct texts, their values, array of
    positions), which a pipe carries quickly, and the first half keeps its distinct values for the join."""
    columns = list(model.model_fields)
    if not text.strip():
        problems.add(path, 1, f"文件是空的。第 1 行应是表头：{','.join(columns)}")
        return None
    plain = _plain_columns(text)  # the usual file, split column by column at once; None: read row by row
    if plain is None and plain_only:
        return _NOT_PLAIN
    if plain is None:
        rows = _parse(path, text, problems)  # rows[i] is Excel row i + 1
        titles = rows[0] if rows else []
        filled = lambda i: any(len(cells) > i and cells[i].strip() for cells in rows[1:])  # noqa: E731
    else:
        titles, raw_columns = plain
        filled = lambda i: any(map(str.strip, raw_columns[i]))  # noqa: E731
    header = _understand_titles(path, [h.strip() for h in titles], model, problems)
    optional = {n for n, f in model.model_fields.items() if (f.json_schema_extra or {}).get("may_be_absent")}
    if not _check_header(path, header, filled, columns, problems, optional):
        return None
    if plain is None:
        numbers, body = _data_rows(path, rows, len(header), problems)
        cells = list(zip(*body)) if body else [()] * len(header)  # column by column, in one pass
    else:
        numbers, cells = list(range(first_row, len(raw_columns[0]) + first_row)), raw_columns
    table = Table(path, numbers, {}, set())
    context = context_of(facts)
    for name, (adapter, required) in field_checkers(model).items():
        raw = cells[header.index(name)] if name in header else ("",) * len(numbers)
        title = model.model_fields[name].title or name
        checked = {value: check_cell(value, adapter, required, title, context) for value in set(raw)}
        failed = {value: result for value, result in checked.items() if isinstance(result, Invalid)}
        if packed:
            position = {value: k for k, value in enumerate(checked)}
            table.columns[name] = (list(checked), list(checked.values()), array("I", map(position.__getitem__, raw)))
        else:
            # one shared object per distinct value: the statistics' sets and dicts then compare by identity
            table.columns[name] = list(map(checked.__getitem__, raw))
            if plain_only:
                table.distinct[name] = checked
        if failed:
            for i, value in enumerate(raw):
                if value in failed:
                    problems.add(path, numbers[i], failed[value].message, name)
                    table.bad.add(i)
    return table


def _data_rows(path: Path, rows: list[list[str]], width: int, problems: Problems) -> tuple[list[int], list[list[str]]]:
    """The rows below the header with their row numbers. Rows of the wrong width are reported; empty rows
    (Excel leaves them after deleting data) hold nothing to lose and are left out."""
    numbers = list(range(2, len(rows) + 1))
    if set(map(len, rows)) == {width} and all(map(any, rows)):  # the usual case, checked in one quick pass
        return numbers, rows[1:]
    odd = set()
    for n, cells in enumerate(rows[1:], 2):
        if len(cells) != width or not any(cells):
            odd.add(n)
            if any(cell.strip() for cell in cells):
                problems.add(
                    path,
                    n,
                    f"这一行有 {len(cells)} 个单元格，表头有 {width} 列：可能是某个单元格里有英文逗号"
                    "却没有加英文双引号，或者多了/少了逗号。用 Excel 或 WPS 打开后重新保存通常就能修好",
                )
    numbers = [n for n in numbers if n not in odd]
    return numbers, [rows[n - 1] for n in numbers]


def _plain_columns(text: str) -> tuple[list[str], list[list[str]]] | None:
    """The header's cells and the data's columns of a file as Excel and WPS usually save it: no quoted cell, every
    row as wide as the header, none with all its cells empty (then commas and line ends are all that separate cells,
    as the csv module reads them); None for any other file, which is read row by row and its mistakes reported."""
    if '"' in text:
        return None
    # every line end becomes a cell of its own ("\n", which no other cell can be), so one split gives every cell
    cells = text.replace("\n", ",\n,").split(",")  # read_text gives line ends as \n only
    if text.endswith("\n"):
        del cells[-2:]  # the last line's end, and the nothing after it
    ends = text.count("\n") - text.endswith("\n")
    width = cells.index("\n") if ends else len(cells)
    step = width + 1
    if width < 2 or len(cells) != width * (ends + 1) + ends or cells[width::step].count("\n") != ends:
        return None  # a row of another width (or an empty one), which the row-by-row reading reports
    columns = [cells[step + k :: step] for k in range(width)]
    if "" in columns[0] and any(not any(row) for row in zip(*columns)):
        return None  # a row of empty cells, which the row-by-row reading leaves out
    return cells[:width], columns


def _parse(path: Path, text: str, problems: Problems) -> list[list[str]]:
    """The rows, in order; a broken quote stops reading there with a problem."""
    rows: list[list[str]] = []
    previous_limit = csv.field_size_limit(max(len(text) + 1, csv.field_size_limit()))
    try:
        rows.extend(csv.reader(io.StringIO(text), strict=True))  # keeps the rows read before an error
    except csv.Error:
        problems.add(
            path,
            len(rows) + 1,
            "这一行的英文双引号没有成对，从这里到文件末尾都无法读取。单元格里需要引号时请用中文引号“”；"
            "或者用 Excel / WPS 打开后另存为「CSV UTF-8（逗号分隔）」，它会自动处理引号",
        )
    finally:
        csv.field_size_limit(previous_limit)
    return rows


def _understand_titles(path: Path, header: list[str], model: type[BaseModel], problems: Problems) -> list[str]:
    """A header typed with the Chinese column titles shown on /contribute/ is read by those titles, with one
    problem asking for the column names instead."""
    titles = {info.title: name for name, info in model.model_fields.items() if info.title}
    renamed = [(h, titles[h]) for h in header if h in titles and h not in model.model_fields]
    if renamed:
        problems.add(
            path,
            1,
            "表头用了中文列名（/contribute/ 页面上的中文是各列的说明）：请把"
            + "、".join(f"「{title}」改成 {name}" for title, name in renamed)
            + "。内容已按这些列读取并检查",
        )
    return [titles[h] if h in titles and h not in model.model_fields else h for h in header]


def _check_header(
    path: Path, header: list[str], filled, columns: list[str], problems: Problems, optional=frozenset()
) -> bool:
    """Missing, unknown, repeated and nameless columns (`filled(i)`: whether a row has something in column i); False
    if the rows cannot be checked."""
    expected = ",".join(columns)
    if len(header) == 1 and ("\t" in header[0] or ";" in header[0] or "；" in header[0] or "，" in header[0]):
        separator = next(name for mark, name in SEPARATORS.items() if mark in header[0])
        problems.add(
            path,
            1,
            f"列之间不是用英文逗号分隔的，而是用了{separator}（另存为「文本文件（制表符分隔）」等格式时会这样），"
            f"整个文件因此无法按列读取。{RESAVE_HINT}",
        )
        return False
    ok = True
    for i, name in enumerate(header):
        if not name:
            if filled(i):
                problems.add(
                    path, 1, f"第 {i + 1} 列没有列名，但下面有内容：请补上列名或删掉这一列。表头应是：{expected}"
                )
            continue
        if header.index(name) != i:
            problems.add(path, 1, f"列名「{name}」出现了两次，请删掉多余的一列", name)
            ok = False
        elif name not in columns:
            guess = difflib.get_close_matches(name, columns, n=1)
            hint = f"是不是「{guess[0]}」？" if guess else ""
            problems.add(
                path,
                1,
                f"多出一列「{name}」，网站不认识这个列名。{hint}请改成规定的列名或删掉这一列。表头应是：{expected}",
                name,
            )
    for name in columns:
        if name not in header and name not in optional:  # a column added later may be absent: all cells empty
            problems.add(path, 1, f"缺少「{name}」列。表头应是：{expected}（顺序可以不同）", name)
            ok = False
    return ok


def add_capped(found: Problems, problems: Problems, limit: int = MAX_LISTED) -> None:
    """Move problems over, listing at most `limit` per file and counting the rest (a whole column typed
    wrong would otherwise print 150,000 lines)."""
    by_file: dict[str, list] = {}
    for item in found.items:
        by_file.setdefault(item.file, []).append(item)
    for file, items in by_file.items():
        items.sort(key=lambda p: (p.line or 0, p.column or "", p.message))
        problems.items.extend(items[:limit])
        if len(items) > limit:
            problems.items.append(
                Problem(
                    file,
                    None,
                    f"共有 {len(items)} 处问题，这里只列出前 {limit} 处（按行号），"
                    "其余的多半是同样的原因，请一并修改后再检查",
                )
            )
