"""macros/site/cms_config.py: the forms of /admin/ and the schemas agree, field by field, and speak /contribute/'s
Chinese."""

from __future__ import annotations

import re

import pytest

from macros.core.paths import DOCS_DIR
from macros.site.cms_config import CmsConfigError, backend_of, build_cms_config, load_labels, model_fields
from macros.sources import committee
from macros.sources.schemas import Book, GlossaryEntry, PolicyMeta, ReadingList, ReportMeta, Strict

CONFIG = build_cms_config(backend_of("https://github.com/owner/repo", "edit/main/docs/"))
COLLECTIONS = {c["name"]: c for c in CONFIG["collections"]}


def _form(collection: str) -> list[dict]:
    found = COLLECTIONS[collection]
    return found["fields"] if "fields" in found else found["files"][0]["fields"]


def _by_name(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields}


@pytest.mark.parametrize(
    ("collection", "model"),
    [("glossary", GlossaryEntry), ("reading_lists", ReadingList), ("policies", PolicyMeta), ("reports", ReportMeta)],
)
def test_every_schema_field_has_its_form_field_and_no_other(collection, model):
    fields = _by_name(_form(collection))
    names = {info.alias or name for name, info in model.model_fields.items()}
    assert set(fields) - {"body"} == names
    for name, info in model.model_fields.items():
        field = fields[info.alias or name]
        if name == "id" and model is GlossaryEntry:
            assert field.get("required", True)  # the file is named after it
            continue
        optional = not info.is_required() or type(None) in getattr(info.annotation, "__args__", ())
        assert field.get("required", True) is not optional, name


def test_allowed_values_are_select_lists_from_committee_yaml():
    assert _by_name(_form("glossary"))["category"]["options"] == list(
        committee.read_committee_facts().allowed("glossary_categories")
    )
    assert _by_name(_form("policies"))["status"]["options"] == list(
        committee.read_committee_facts().allowed("policy_statuses")
    )
    assert _by_name(_form("reports"))["kind"]["options"] == ["报告", "解读"]
    category = re.compile(_by_name(_form("glossary"))["category"]["pattern"][0])  # a value already in a file
    assert category.match("履职活动") and not category.match("学习活动") and not category.match("履职活动x")


def test_patterns_and_limits_come_from_the_models():
    book = _by_name(_by_name(_form("reading_lists"))["books"]["fields"])
    assert set(book) == set(Book.model_fields)
    slug = re.compile(book["id"]["pattern"][0])
    assert slug.match("xiangtu-zhongguo") and not slug.match("Xiangtu Zhongguo") and not slug.match("a" * 81)
    assert book["year"]["min"] == 1900 and book["year"]["value_type"] == "int"
    short = re.compile(_by_name(_form("glossary"))["short"]["pattern"][0])
    assert short.match("字" * 120) and not short.match("字" * 121)
    date = re.compile(_by_name(_form("policies"))["date"]["pattern"][0])
    assert date.match("2021-03") and not date.match("2021年3月")
    assert _by_name(_form("reading_lists"))["books"]["min"] == 1


def test_a_field_the_forms_cannot_show_or_without_a_label_stops_the_generator():
    class Odd(Strict):
        when: dict[str, int]

    with pytest.raises(CmsConfigError):
        model_fields(Odd, {"Odd": {"when": {"label": "时间"}}})
    with pytest.raises(CmsConfigError, match="没有中文标签"):
        model_fields(Book, {"Book": {}})


def test_help_texts_are_sentences_of_the_contribute_page():
    guide = re.sub(r"[`*]", "", (DOCS_DIR / "contribute" / "index.md").read_text(encoding="utf-8"))
    hints = [
        f.get("hint") for model, fields in load_labels().items() if model != "collections" for f in fields.values()
    ]
    hints = [h for h in hints if h]
    assert len(hints) >= 25
    assert [h for h in hints if h not in guide] == []


def test_the_report_body_warns_it_is_verbatim():
    assert "原文照录，不改动" in _by_name(_form("reports"))["body"]["hint"]


def test_every_save_is_a_pull_request_where_the_host_has_one():
    assert CONFIG["publish_mode"] == "editorial_workflow" and CONFIG["backend"]["name"] == "github"
    gitlab = build_cms_config(backend_of("https://gitlab.example.org/team/site", "-/edit/main/docs/"))
    assert gitlab["publish_mode"] == "editorial_workflow" and gitlab["backend"]["api_root"].endswith("/api/v4")
    gitea = build_cms_config(backend_of("https://git.example.com/team/site", "_edit/main/docs/"))
    assert "publish_mode" not in gitea and gitea["backend"]["base_url"] == "https://git.example.com"
    assert gitea["backend"]["branch"] == "main"
    drafts = backend_of("https://git.example.com/team/site", "_edit/main/docs/", "cms-edits")
    assert drafts.branch == "cms-edits" and not drafts.editorial_workflow
    assert "local_backend" not in CONFIG
