"""One strict schema per kind of data file; field names are what staff type in YAML."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from ..core.errors import Problem, Problems
from ..core.paths import file_stamp
from . import committee
from .textfiles import LineMap, load_yaml_file

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TEXT = 20_000  # characters in one field; a 1 MB cell is a paste accident, not content


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_strip), Field(min_length=1, max_length=MAX_TEXT)]
ShortText = Annotated[str, BeforeValidator(_strip), Field(min_length=1, max_length=200)]
Slug = Annotated[str, Field(pattern=SLUG_RE.pattern, max_length=80)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- glossary/<id>.yaml ------------------------------------------------------------------------

GlossaryCategory = committee.committee_value("glossary_categories")  # allowed values: data/committee.yaml
#: Where in the reports a term appears: "<report id>/<page id>", e.g. 2020/review-2020 (checked against the text).
ReportLocation = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=160)]


class GlossaryEntry(Strict):
    """A term of the work report, explained."""

    #: The file name again, written by the forms at /admin/ (which name the file after it); optional by hand.
    id: Slug | None = None
    term: ShortText
    aliases: list[ShortText] = []
    category: GlossaryCategory
    short: Annotated[str, BeforeValidator(_strip), Field(min_length=1, max_length=120)]
    definition: Text
    related: list[Slug] = []
    source: ShortText
    report_locations: list[ReportLocation] = []


# --- reading_lists/<id>.yaml -------------------------------------------------------------------


def isbn13_is_valid(isbn: str) -> bool:
    """True if the 13 digits carry a correct ISBN-13 check digit."""
    digits = isbn.replace("-", "")
    if not re.fullmatch(r"97[89]\d{10}", digits):
        return False
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


class Book(Strict):
    """A real book recommended in a list."""

    id: Slug
    title: ShortText
    author: ShortText
    publisher: ShortText
    year: int = Field(ge=1900, le=date.today().year)
    isbn: str | None = None
    why: Text
    tags: list[ShortText] = []

    @field_validator("title")
    @classmethod
    def _no_book_marks(cls, value: str) -> str:
        if value.startswith("《") or value.endswith("》"):
            raise ValueError("书名不要带书名号《》，网站会自动加上")
        return value

    @field_validator("isbn")
    @classmethod
    def _check_isbn(cls, value: str | None) -> str | None:
        if value is not None and not isbn13_is_valid(value):
            raise ValueError(
                f"ISBN「{value}」校验位不对（应为 13 位、以 978 或 979 开头）。"
                "请对照图书版权页重新抄写；不确定就删掉这一行，不要猜"
            )
        return value


class ReadingList(Strict):
    """A reading list: one YAML file in reading_lists/."""

    title: ShortText
    year: int = Field(ge=2000, le=date.today().year + 1)
    audience: ShortText
    intro: Text
    books: list[Book] = Field(min_length=1)


# --- docs/policies/*.md front matter ----------------------------------------------------------

PARTIAL_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PolicyStatus = committee.committee_value("policy_statuses")  # allowed values: data/committee.yaml


class PolicyMeta(Strict):
    """The metadata every policy text carries in its front matter."""

    title: ShortText
    issuer: ShortText
    date: str | None = Field(
        description="YYYY, YYYY-MM or YYYY-MM-DD, only as precise as is known; null if unknown",
        # for the forms at /admin/ (macros/site/cms_config.py); the validator below also checks that the day exists
        json_schema_extra={"pattern": PARTIAL_DATE_RE.pattern},
    )
    doc_number: ShortText | None = None
    status: PolicyStatus
    source: ShortText
    full_text: bool
    description: ShortText | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _check_date(cls, value: Any) -> str | None:
        return check_partial_date(value)


def check_partial_date(value: Any) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD, a real day not after today; None stays None (unknown)."""
    if value is None:
        return None
    value = str(value).strip()
    if not PARTIAL_DATE_RE.match(value):
        raise ValueError(f"日期「{value}」格式不对，请写成 2021-03-05，只知道年月写 2021-03，只知道年份写 2021")
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise ValueError(f"日期「{value}」不存在，请核对月份和日子") from None
    if value > date.today().isoformat()[: len(value)]:
        raise ValueError(f"日期「{value}」在今天之后，请核对")
    return value


# --- data/reports/<id>.md front matter --------------------------------------------------------


class ReportPageSpec(Strict):
    """One page of a report: its id (the last part of its address) and the heading it starts at."""

    id: Slug
    start: ShortText = Field(alias="from")


class ReportMeta(Strict):
    """What a work report (or an interpretation of one) is, and how it divides into pages."""

    title: ShortText
    kind: Literal["报告", "解读"]
    interprets: ShortText | None = None
    issuer: ShortText
    year: int = Field(ge=1949, le=date.today().year)
    date: str | None = Field(json_schema_extra={"pattern": PARTIAL_DATE_RE.pattern})
    byline: ShortText | None = None
    source: ShortText
    description: ShortText | None = None
    pages: list[ReportPageSpec] = Field(min_length=1)

    @field_validator("date", mode="before")
    @classmethod
    def _check_date(cls, value: Any) -> str | None:
        return check_partial_date(value)


# --- turning pydantic's errors into problems staff can act on --------------------------------


def _describe(error: dict) -> str:
    kind = error["type"]
    field = error["loc"][-1] if error["loc"] else ""
    value = error.get("input")
    shown = str(value)
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"缺少必填字段「{field}」，请补上"
    if kind == "extra_forbidden":
        return f"不认识的字段「{field}」（是不是拼错了？），请改成规定的字段名或删掉"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", "、").replace(", ", "、")
        return f"「{shown}」不是允许的值，只能填：{expected}"
    if kind == "committee_value":
        return f"「{shown}」不是允许的值，只能填：{ctx.get('expected')}（可填的值在 data/committee.yaml 里设定）"
    if kind in ("string_too_short", "too_short"):
        return "不能为空，请填写内容"
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        return f"内容太长（{len(str(value))} 个字符，上限 {ctx.get('max_length')}），请精简或检查是否误粘贴"
    if kind == "string_pattern_mismatch":
        return f"「{shown}」格式不对：只能用小写英文字母、数字和连字符，例如 wei-xie-shang"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"「{shown}」应该是整数"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bounds = {"ge": "不小于", "le": "不大于", "gt": "大于", "lt": "小于"}
        return f"「{shown}」超出合理范围（应{'、'.join(f'{bounds.get(k, k)} {v}' for k, v in ctx.items())}）"
    if kind in ("string_type",):
        return "不能为空，请填写内容" if value is None else f"「{shown}」应该是一段文字"
    if kind in ("list_type",):
        return f"应该是列表，例如 [甲, 乙]，现在是「{shown}」"
    if kind in ("bool_type", "bool_parsing"):
        return f"「{shown}」应该填 true 或 false"
    if kind in ("model_type", "dict_type"):
        return "这里应该是「字段名: 值」的结构，请对照示例检查缩进"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"「{shown}」不符合要求（{error['msg']}）"


def validate_model(
    model: type[Strict],
    data: Any,
    path: Path,
    lines: LineMap,
    problems: Problems,
    committee_facts: committee.CommitteeFacts | None = None,
) -> Any | None:
    """Validate data against a model (its committee lists from `committee_facts`, else from the file as it is now);
    add one problem per error (with its line) and return None on failure."""
    if not isinstance(data, dict):
        problems.add(path, 1, "文件内容应该是「字段名: 值」的形式，现在是空的或格式不对，请对照同目录里的其他文件")
        return None
    try:
        return model.model_validate(data, context=committee.context_of(committee_facts))
    except ValidationError as err:
        for error in err.errors(include_url=False):
            loc = tuple(error["loc"])
            column = ".".join(str(p) for p in loc if isinstance(p, str)) or None
            problems.add(path, lines.line_for(loc), _describe(error), column)
        return None


def validate_committee(problems: Problems, path: Path = committee.COMMITTEE_FILE) -> committee.CommitteeFacts | None:
    """data/committee.yaml against its schema, each mistake with its line (the schemas use its lists)."""
    if not path.exists():
        problems.add(path, None, "缺少委员会基本情况文件 data/committee.yaml：请从仓库里恢复它，再按本委员会的情况修改")
        return None
    loaded = load_yaml_file(path, problems)
    return None if loaded is None else validate_model(committee.CommitteeFacts, loaded[0], path, loaded[1], problems)


def load_yaml_folder(
    folder: Path, model: type[Strict], problems: Problems, example: str, facts: committee.CommitteeFacts | None = None
):
    """Yield (id, path, validated data, line map) for each folder/<id>.yaml; report every other file and
    every invalid one (nothing is skipped silently). `example` is a good file name shown in messages; `facts`
    the committee's, whose lists the schemas use (None: the file as it is now, read once for the folder)."""
    facts = facts if facts is not None else committee.read_committee_facts()
    for path in sorted(folder.glob("*")):
        if path.name == "README.md" or path.is_dir():
            continue
        if path.suffix != ".yaml" or not SLUG_RE.match(path.stem):
            problems.add(
                path,
                None,
                f"{folder.name}/ 里只放 .yaml 文件，文件名只能用小写拼音字母、数字和连字符，"
                f"例如 {example}；请改名或移走这个文件",
            )
            continue
        found, read = _read_folder_file(path, model, facts)
        problems.items.extend(found)
        if read is not None:
            yield path.stem, path, *read


#: Each file load_yaml_folder read: what told it apart, the problems found and (data, line map) if it was valid.
_FOLDER_FILES: dict[str, tuple[tuple, tuple[Problem, ...], tuple[Any, LineMap] | None]] = {}


def _read_folder_file(
    path: Path, model: type[Strict], facts: committee.CommitteeFacts | None
) -> tuple[tuple[Problem, ...], tuple[Any, LineMap] | None]:
    """One file of a folder, validated; read again only when it (or the committee's facts, whose lists the schemas
    use) changed, so that `make serve` re-reads the one glossary entry edited, not all of them."""
    key = (file_stamp(path), model, facts)
    kept = _FOLDER_FILES.get(str(path))
    if kept is None or kept[0] != key:
        found = Problems()
        loaded = load_yaml_file(path, found)
        data = None if loaded is None else validate_model(model, loaded[0], path, loaded[1], found, facts)
        kept = _FOLDER_FILES[str(path)] = (key, tuple(found.items), None if data is None else (data, loaded[1]))
    return kept[1], kept[2]
