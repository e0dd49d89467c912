"""The configuration of the editor at /admin/ (Decap CMS), generated from the schemas and data/committee.yaml.

Each form is the JSON Schema pydantic makes of one model (`model_json_schema`): a field's type picks the widget, its
allowed values (read from data/committee.yaml by the schemas) become a select list, and `required`, `pattern`,
`maxLength`, `minimum`/`maximum`, `minItems` become the form's own checks. Labels and help texts come from
cms_labels.yaml (sentences of /contribute/). A field the generator cannot turn into a widget stops it, so a schema
and its form cannot drift apart. Nothing here is written to the repository: `python -m macros.site.admin` writes the
configuration into the built site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml
from pydantic import BaseModel

from ..core.paths import (
    COMMITTEE_FILE,
    DOCS_DIR,
    GLOSSARY_DIR,
    POLICIES_DIR,
    PROJECT_ROOT,
    READING_LISTS_DIR,
    REPORTS_DIR,
)
from ..render.generated_pages import is_generated
from ..sources.committee import COMMITTEE_LIST_KEY, CommitteeFacts, read_committee_facts
from ..sources.schemas import GlossaryEntry, PolicyMeta, ReadingList, ReportMeta
from ..sources.textfiles import split_front_matter
from ..structure.site_map import POLICY

LABELS_FILE = Path(__file__).with_name("cms_labels.yaml")

#: Longer texts than this get a multi-line box (the schemas' ShortText is 200 characters, Text 20,000).
SHORT_TEXT = 200

ANY_TEXT = r"[\s\S]*$"

#: What the form says when a value does not match a field's pattern (the check's own wording, schemas._describe).
SLUG_MESSAGE = "只能用小写英文字母、数字和连字符，例如 wei-xie-shang"
PATTERN_MESSAGES = {
    r"^\d{4}(-\d{2}(-\d{2})?)?$": "日期请写成 2021-03-05，只知道年月写 2021-03，只知道年份写 2021；不知道就空着",
    r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$": "写成 报告编号/页面编号，例如 2020/notes",
}

#: Front matter keys an ordinary page may carry that the form shows (Material's `hide`); pages with others are left
#: to the Git host's editor (redirect pages, generated pages).
PAGE_HIDE_OPTIONS = ["navigation", "toc", "footer", "path", "tags", "feedback"]


class CmsConfigError(ValueError):
    """A schema field the forms cannot show, or a field without a Chinese label."""


@dataclass(frozen=True)
class Backend:
    """Where the CMS saves: the Git host's kind, the repository and its branch, read from mkdocs.yml."""

    name: str  # github | gitlab | gitea
    repo: str  # owner/name
    branch: str
    base_url: str  # https://host

    @property
    def editorial_workflow(self) -> bool:
        """Decap opens a pull (merge) request per entry on GitHub and GitLab; its Gitea backend commits to a branch."""
        return self.name in ("github", "gitlab")


def backend_of(repo_url: str, edit_uri: str | None, branch: str | None = None) -> Backend:
    """The backend for the repository at repo_url (github.com, a GitLab, otherwise a Gitea or Forgejo); the branch
    is `branch` (mkdocs.yml `extra.cms_branch`: Gitea's editing branch) or else the one in edit_uri."""
    parsed = urlparse(repo_url)
    host = parsed.hostname or ""
    name = "github" if host == "github.com" else "gitlab" if "gitlab" in host else "gitea"
    parts = [p for p in (edit_uri or "").split("/") if p and p not in ("-", "edit", "_edit", "blob", "src", "branch")]
    branch = branch or (parts[0] if parts else "main")
    return Backend(name, parsed.path.strip("/"), branch, f"{parsed.scheme}://{parsed.netloc}")


def load_labels() -> dict[str, Any]:
    """The Chinese labels and help texts (cms_labels.yaml)."""
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


# --- one field ---------------------------------------------------------------------------------


def _label(labels: dict, model: str, name: str) -> dict[str, str]:
    found = (labels.get(model) or {}).get(name)
    if not found or not found.get("label"):
        raise CmsConfigError(f"macros/site/cms_labels.yaml：{model}.{name} 没有中文标签，请补上（label 和 hint）")
    return {"label": found["label"], **({"hint": found["hint"]} if found.get("hint") else {})}


def _pattern(schema: dict) -> list[str] | None:
    """The form's pattern: the schema's pattern and its length limit in one regular expression, with its message."""
    pattern, longest = schema.get("pattern"), schema.get("maxLength")
    if pattern is None and longest is None:
        return None
    limit = f"(?=[\\s\\S]{{0,{longest}}}$)" if longest is not None else ""
    messages = []
    if pattern is not None:
        messages.append(PATTERN_MESSAGES.get(pattern, SLUG_MESSAGE))
    if longest is not None:
        messages.append(f"最多 {longest} 个字符")
    rest = (pattern or "").lstrip("^") or ANY_TEXT
    return [f"^{limit}{rest}", "，" + "；".join(messages)]  # after Decap's “（标签）”不满足模式


def _widget(schema: dict, defs: dict, labels: dict, model: str) -> dict[str, Any]:
    """The widget (and its own checks) for one JSON Schema of a value."""
    if "$ref" in schema:
        return {"widget": "object", "fields": _fields(defs[schema["$ref"].rsplit("/", 1)[1]], defs, labels)}
    if "enum" in schema:
        # a select list offers only these; the pattern also refuses a value outside them already in the file
        options = [str(v) for v in schema["enum"]]
        allowed = "|".join(re.escape(v) for v in options)
        message = f"，只能选列表里的值：{'、'.join(options)}"  # after Decap's “（标签）”不满足模式
        return {"widget": "select", "options": options, "pattern": [f"^(?:{allowed})$", message]}
    kind = schema.get("type")
    if kind == "string":
        widget: dict[str, Any] = {"widget": "text" if schema.get("maxLength", 0) > SHORT_TEXT else "string"}
        pattern = _pattern(schema)
        return widget | ({"pattern": pattern} if pattern else {})
    if kind == "integer":
        bounds = {k: schema[s] for k, s in (("min", "minimum"), ("max", "maximum")) if s in schema}
        return {"widget": "number", "value_type": "int", **bounds}
    if kind == "boolean":
        return {"widget": "boolean", "default": False}
    if kind == "array":
        items = schema["items"]
        counts = {k: schema[s] for k, s in (("min", "minItems"), ("max", "maxItems")) if s in schema}
        if "$ref" in items:
            item_model = defs[items["$ref"].rsplit("/", 1)[1]]
            return {"widget": "list", "fields": _fields(item_model, defs, labels), **counts}
        item = _widget(items, defs, labels, model)
        return {"widget": "list", "field": {"name": "item", "label": "一项", **item}, **counts}
    raise CmsConfigError(f"{model}：表单不知道怎样显示这种字段：{schema}")


def _fields(schema: dict, defs: dict, labels: dict) -> list[dict[str, Any]]:
    """One form field per property of a model's JSON Schema, in the model's order."""
    model = schema["title"]
    required = set(schema.get("required", ()))
    fields = []
    for name, prop in schema["properties"].items():
        options = [s for s in prop.get("anyOf", [prop]) if s.get("type") != "null"]
        nullable = len(options) < len(prop.get("anyOf", [prop]))
        value = {**options[0], **{k: v for k, v in prop.items() if k in ("pattern", "maxLength")}}
        widget = _widget(value, defs, labels, model)
        if "default" in prop and prop["default"] is not None and widget["widget"] != "boolean":
            widget["default"] = prop["default"]
        optional = name not in required or nullable or prop.get("default") == []
        fields.append(
            {"name": name, **_label(labels, model, name), **widget, **({"required": False} if optional else {})}
        )
    return fields


def model_fields(model: type[BaseModel], labels: dict, facts: CommitteeFacts | None = None) -> list[dict[str, Any]]:
    """The form fields of one schema (nested models become objects and lists of sub-forms); a field that takes one
    of the committee's lists gets that list as it is in data/committee.yaml now."""
    schema = _with_committee_lists(model.model_json_schema(by_alias=True), facts)
    return _fields(schema, schema.get("$defs", {}), labels)


def _with_committee_lists(schema: Any, facts: CommitteeFacts | None) -> Any:
    """The schema with each committee list named by a field replaced by its values (an `enum`)."""
    if isinstance(schema, list):
        return [_with_committee_lists(item, facts) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {key: _with_committee_lists(value, facts) for key, value in schema.items()}
    field = schema.pop(COMMITTEE_LIST_KEY, None)
    if field is not None:
        facts = facts or read_committee_facts()
        if facts is None:
            raise CmsConfigError("data/committee.yaml 读不出来：先运行 make check 改正它，表单才能列出可选的值")
        schema["enum"] = list(facts.allowed(field))
    return schema


# --- the collections -----------------------------------------------------------------------------


def _rel(path: Path) -> str:
    return path.relative_to(PROJECT_ROOT).as_posix()


def _title_of(path: Path) -> str:
    """A file's title for the list of files: its front matter `title`, else its first heading, else its name."""
    front, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    meta = yaml.safe_load(front) if front else None
    if isinstance(meta, dict) and isinstance(meta.get("title"), str):
        return meta["title"]
    heading = re.search(r"^# (.+)$", body, re.M)
    return heading.group(1).strip() if heading else _rel(path)


def _body(labels: dict, model: str) -> dict[str, Any]:
    return {"name": "body", "widget": "text", **_label(labels, model, "body")}


def _front_matter_keys(path: Path) -> set[str]:
    front, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
    meta = yaml.safe_load(front) if front else None
    return set(meta) if isinstance(meta, dict) else set()


def ordinary_pages(docs_dir: Path = DOCS_DIR) -> list[Path]:
    """The hand-written pages that are not policies: not made by `make fix`, no page template (redirects)."""
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        inside = path.relative_to(docs_dir).as_posix()
        if (inside.startswith(POLICY.folder) and path.name != "index.md") or is_generated(path):
            continue
        if _front_matter_keys(path) <= {"description", "hide"}:
            pages.append(path)
    return pages


def collections(labels: dict) -> list[dict[str, Any]]:
    """The collections of the editor: one per kind of file the schemas describe."""
    names = labels["collections"]
    policy = [*model_fields(PolicyMeta, labels), _body(labels, "PolicyMeta")]
    report = [*model_fields(ReportMeta, labels), _body(labels, "ReportMeta")]
    page = [
        {"name": "description", **_label(labels, "Page", "description"), "widget": "string", "required": False},
        {
            "name": "hide",
            **_label(labels, "Page", "hide"),
            "widget": "select",
            "multiple": True,
            "options": PAGE_HIDE_OPTIONS,
            "required": False,
        },
        _body(labels, "Page"),
    ]
    glossary_fields = model_fields(GlossaryEntry, labels)
    for field in glossary_fields:  # the file's name comes from the id: new entries need one
        if field["name"] == "id":
            field.pop("required", None)
    return [
        {
            "name": "glossary",
            "label": names["glossary"],
            "folder": _rel(GLOSSARY_DIR),
            "extension": "yaml",
            "format": "yaml",
            "create": True,
            "slug": "{{fields.id}}",
            "identifier_field": "term",
            "summary": "{{term}}（{{category}}）",
            "fields": glossary_fields,
        },
        {
            "name": "reading_lists",
            "label": names["reading_lists"],
            "folder": _rel(READING_LISTS_DIR),
            "extension": "yaml",
            "format": "yaml",
            "create": False,  # a new list needs an ASCII file name the schema has no field for: staff add its file
            "identifier_field": "title",
            "fields": model_fields(ReadingList, labels),
        },
        _files("policies", names, sorted(p for p in POLICIES_DIR.glob("*.md") if p.name != "index.md"), policy),
        _files("reports", names, sorted(REPORTS_DIR.glob("*.md")), report),
        _files("committee", names, [COMMITTEE_FILE], model_fields(CommitteeFacts, labels), file_format="yaml"),
        _files("pages", names, ordinary_pages(), page),
    ]


def _files(name: str, names: dict, paths: list[Path], fields: list, file_format: str = "frontmatter") -> dict:
    """A collection of named files, each with the same form."""
    return {
        "name": name,
        "label": names[name],
        "format": file_format,
        "files": [
            {
                "name": re.sub(r"[^a-z0-9]+", "-", _rel(path).lower()).strip("-"),
                "label": _title_of(path) if path.suffix == ".md" else names[name],
                "file": _rel(path),
                "fields": fields,
            }
            for path in paths
        ],
    }


def build_cms_config(backend: Backend, local_backend: str | None = None) -> dict[str, Any]:
    """The whole configuration: where to save, in Chinese, and the collections. `local_backend` is the address of
    the proxy on the loopback (`make edit`, the tests): then saves go to the working copy instead."""
    config: dict[str, Any] = {
        "locale": "zh_Hans",
        "backend": {
            "name": backend.name,
            "repo": backend.repo,
            "branch": backend.branch,
            **(
                {"base_url": backend.base_url, "api_root": f"{backend.base_url}/api/v1"}
                if backend.name == "gitea"
                else {}
            ),
            **({"api_root": f"{backend.base_url}/api/v4"} if backend.name == "gitlab" else {}),
            "commit_messages": {
                "create": "新建{{collection}}「{{slug}}」（网页表单）",
                "update": "修改{{collection}}「{{slug}}」（网页表单）",
                "delete": "删除{{collection}}「{{slug}}」（网页表单）",
            },
        },
        "media_folder": "docs/assets/uploads",
        "public_folder": "/assets/uploads",
        "show_preview_links": False,
        "editor": {"preview": False},
        "collections": collections(load_labels()),
    }
    if backend.editorial_workflow:
        config["publish_mode"] = "editorial_workflow"
    if local_backend:
        config["local_backend"] = {"url": local_backend, "allowed_hosts": ["127.0.0.1"]}
    return config
