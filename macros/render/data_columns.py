"""The column-by-column description of the reading-data tables on /contribute/, read from the schemas
themselves so that the documentation and the checks cannot disagree."""

from __future__ import annotations

from typing import Literal, get_args, get_origin

from pydantic import BaseModel

from ..core.errors import ContentError, Problem
from ..reading.records import MEMBERS_FILE, RECORDS_DIR
from ..reading.schemas import Member, ReadingRecord, example_rows
from ..sources.committee import CommitteeFacts, CommitteeList
from .pages import render_template

#: The tables by name: their file ({year}: the year of its example rows), their schema and which of
#: example_rows() shows them.
TABLES: dict[str, tuple[str, type[BaseModel], int]] = {
    "members": (MEMBERS_FILE, Member, 0),
    "reading_records": (f"{RECORDS_DIR}/{{year}}.csv", ReadingRecord, 1),  # a year's file
}


def allowed_values(annotation) -> tuple[str, ...]:
    """The values a Literal column allows (also inside `X | None`); empty for free columns."""
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    for arg in get_args(annotation):
        if get_origin(arg) is Literal:
            return get_args(arg)
    return ()


def describe_columns(model: type[BaseModel], facts: CommitteeFacts) -> list[dict]:
    """Each column: name, title, whether it is required, what it holds, and its allowed values (the committee's
    list for a column that takes one)."""
    listed = {
        name: next(m.allowed(facts) for m in info.metadata if isinstance(m, CommitteeList))
        for name, info in model.model_fields.items()
        if any(isinstance(m, CommitteeList) for m in info.metadata)
    }
    return [
        {
            "name": name,
            "title": info.title,
            "required": info.is_required(),
            "description": info.description,
            "allowed": listed.get(name) or allowed_values(info.annotation),
        }
        for name, info in model.model_fields.items()
    ]


def render_data_columns(table: str, page_path: str, facts: CommitteeFacts) -> str:
    if table not in TABLES:
        raise ContentError(
            [Problem(f"docs/{page_path}", None, f"数据表「{table}」不存在，可用的有：{'、'.join(TABLES)}")]
        )
    file, model, which = TABLES[table]
    examples = example_rows(facts)[which]
    return render_template(
        "data-columns.md.j2",
        file=file.format(year=examples[0][:4]),
        columns=describe_columns(model, facts),
        header=",".join(model.model_fields),
        examples=examples,
    )
