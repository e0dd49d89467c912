"""The committee's own facts (data/committee.yaml): its name and the values staff may type in the data files.

Each list becomes a Literal type that the schemas use, so an unknown value is refused with the allowed ones named.
The file is read once, when the schemas are imported; its own mistakes are reported by `validate_committee`.
"""

from __future__ import annotations

from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..core.paths import COMMITTEE_FILE
from .textfiles import decoded_text

Names = list[str]


class Committees(BaseModel):
    """The 专门委员会, and whether the list is only an example of typical names."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    illustrative: bool
    names: Names = Field(min_length=1)

    @field_validator("names")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        return _check_names(values)


class CommitteeFacts(BaseModel):
    """data/committee.yaml: who the committee is and which values its data may hold."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=40)
    full_name: str = Field(min_length=1, max_length=80)
    districts: Names = Field(min_length=1)
    sectors: Names = Field(min_length=1)
    committees: Committees
    roles: Names = Field(min_length=1)
    activities: Names = Field(min_length=1)
    glossary_categories: Names = Field(min_length=1)
    policy_statuses: Names = Field(min_length=1)

    @field_validator("districts", "sectors", "roles", "activities", "glossary_categories", "policy_statuses")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        return _check_names(values)


def _check_names(values: list[str]) -> list[str]:
    cleaned = [str(v).strip() for v in values]
    if any(not v for v in cleaned):
        raise ValueError("列表里有空的一项，请删掉或填写")
    repeated = sorted({v for v in cleaned if cleaned.count(v) > 1})
    if repeated:
        raise ValueError(f"「{'、'.join(repeated)}」重复了，每个值只写一次")
    return cleaned


#: Shown instead of the real values while data/committee.yaml cannot be read (its problems are reported).
UNREADABLE = "（data/committee.yaml 有错，请先改正它）"


def read_committee_facts() -> CommitteeFacts | None:
    """The facts, or None if the file is missing or wrong (validate_committee says what is wrong)."""
    try:
        data: Any = yaml.safe_load(decoded_text(COMMITTEE_FILE) or "")
        return CommitteeFacts.model_validate(data)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValidationError, ValueError):
        return None


FACTS: CommitteeFacts | None = read_committee_facts()


def allowed(field: str) -> tuple[str, ...]:
    """The allowed values of one list of the file ("districts", "committees", …), in the file's order."""
    if FACTS is None:
        return (UNREADABLE,)
    value = getattr(FACTS, field)
    return tuple(value.names if isinstance(value, Committees) else value)


def literal(field: str) -> Any:
    """A Literal type of one list's values, for a schema field."""
    return Literal[allowed(field)]


def committee_name() -> str:
    return FACTS.name if FACTS is not None else ""


def is_committee_list(values: tuple[str, ...]) -> bool:
    """True if these are the allowed values of one of the file's lists (messages then say where to add one)."""
    fields = ("districts", "sectors", "committees", "roles", "activities", "glossary_categories", "policy_statuses")
    return FACTS is not None and any(tuple(values) == allowed(f) for f in fields)
