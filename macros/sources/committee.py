"""The committee's own facts (data/committee.yaml): its name and the values staff may type in the data files.

A schema field that takes its values from one of the lists is `committee_value("districts")`: its allowed values
come from the facts loaded with the content, handed to pydantic as the validation context ({"committee": facts}),
so an edit of the file takes effect on the next load (under `make serve`, the next rebuild). An unknown value is
refused with the allowed ones named. The file's own mistakes are reported by `validate_committee`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

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

    def allowed(self, field: str) -> tuple[str, ...]:
        """The allowed values of one list of the file ("districts", "committees", …), in the file's order."""
        value = getattr(self, field)
        return tuple(value.names if isinstance(value, Committees) else value)


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
    """The facts as the file says them now, or None if it is missing or wrong (validate_committee says what)."""
    try:
        data: Any = yaml.safe_load(decoded_text(COMMITTEE_FILE) or "")
        return CommitteeFacts.model_validate(data)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValidationError, ValueError):
        return None


class _FileAsItIsNow(dict):
    """A validation context whose facts are read from the file when a schema first asks for them."""

    def __missing__(self, key: str) -> Any:
        value = self[key] = read_committee_facts() if key == "committee" else None
        return value


def context_of(facts: CommitteeFacts | None) -> dict:
    """The validation context of every schema that uses the committee's lists; without facts, the file as it is
    now (read only if a schema asks)."""
    return {"committee": facts} if facts is not None else _FileAsItIsNow()


#: The JSON Schema key that names the committee list a field takes its values from (macros/site/cms_config.py).
COMMITTEE_LIST_KEY = "x-committee-list"


@dataclass(frozen=True)
class CommitteeList:
    """Marks a schema field whose allowed values are one list of data/committee.yaml (read by /contribute/)."""

    field: str

    def allowed(self, facts: CommitteeFacts | None) -> tuple[str, ...]:
        return facts.allowed(self.field) if facts is not None else (UNREADABLE,)

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict:
        """The JSON Schema names the list (the values are the loaded committee's: the editor's forms read them)."""
        return {**handler(core_schema), COMMITTEE_LIST_KEY: self.field}


def committee_value(field: str) -> Any:
    """A text field that only takes the values of one list of the loaded committee's facts."""
    marker = CommitteeList(field)

    def check(value: str, info: ValidationInfo) -> str:
        context = info.context if info.context is not None else context_of(None)  # a model built by hand
        allowed = marker.allowed(context["committee"])
        if value not in allowed:
            raise PydanticCustomError("committee_value", "not one of {expected}", {"expected": "、".join(allowed)})
        return value

    return Annotated[str, marker, AfterValidator(check)]
