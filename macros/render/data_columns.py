"""The column-by-column description of the reading-data tables on /contribute/, read from the schemas
themselves so that the documentation and the checks cannot disagree."""

from __future__ import annotations

from typing import Literal, get_args, get_origin

from pydantic import BaseModel

from ..core.errors import ContentError, Problem
from ..reading.records import MEMBERS_FILE, RECORDS_DIR
from ..reading.schemas import EXAMPLE_MEMBER, EXAMPLE_RECORDS, Member, ReadingRecord
from .pages import render_template

TABLES: dict[str, tuple[str, type[BaseModel], tuple[str, ...]]] = {
    "members": (MEMBERS_FILE, Member, (EXAMPLE_MEMBER,)),
    # a year's file, named by the year of its example rows
    "reading_records": (f"{RECORDS_DIR}/{EXAMPLE_RECORDS[0][:4]}.csv", ReadingRecord, EXAMPLE_RECORDS),
}


def allowed_values(annotation) -> tuple[str, ...]:
    """The values a Literal column allows (also inside `X | None`); empty for free columns."""
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    for arg in get_args(annotation):
        if get_origin(arg) is Literal:
            return get_args(arg)
    return ()


def describe_columns(model: type[BaseModel]) -> list[dict]:
    return [
        {
            "name": name,
            "title": info.title,
            "required": info.is_required(),
            "description": info.description,
            "allowed": allowed_values(info.annotation),
        }
        for name, info in model.model_fields.items()
    ]


def render_data_columns(table: str, page_path: str) -> str:
    if table not in TABLES:
        raise ContentError(
            [Problem(f"docs/{page_path}", None, f"数据表「{table}」不存在，可用的有：{'、'.join(TABLES)}")]
        )
    file, model, examples = TABLES[table]
    return render_template(
        "data-columns.md.j2",
        file=file,
        columns=describe_columns(model),
        header=",".join(model.model_fields),
        examples=examples,
    )
