"""data/committee.yaml: the committee's facts are data, and every schema takes its allowed values from there."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from conftest import PROJECT_ROOT
from pydantic import ValidationError

from macros.reading.schemas import Member
from macros.sources.committee import CommitteeFacts, CommitteeList, context_of
from macros.sources.schemas import GlossaryEntry, PolicyMeta

FACTS = yaml.safe_load((PROJECT_ROOT / "data" / "committee.yaml").read_text(encoding="utf-8"))


def test_the_file_matches_its_schema():
    facts = CommitteeFacts.model_validate(FACTS)
    assert facts.committees.illustrative is True  # the 专委会 are typical names, not the committee's verified set-up


def test_allowed_values_are_the_lists_of_the_file_in_order():
    facts = CommitteeFacts.model_validate(FACTS)
    assert facts.allowed("districts") == tuple(FACTS["districts"])
    assert facts.allowed("committees") == tuple(FACTS["committees"]["names"])
    lists = {
        m.field
        for model in (Member, GlossaryEntry, PolicyMeta)
        for info in model.model_fields.values()
        for m in info.metadata
        if isinstance(m, CommitteeList)
    }
    assert lists == {"sectors", "committees", "districts", "roles", "glossary_categories", "policy_statuses"}
    assert all(facts.allowed(name) for name in lists | {"activities"})


def test_the_schemas_take_their_values_from_the_facts_they_are_given():
    """No list is frozen at import: the facts handed in as the validation context decide (issue: an edit of
    data/committee.yaml under make serve took effect only after a restart)."""
    facts = CommitteeFacts.model_validate(FACTS)
    member = dict(member_id="W0001", sector=facts.allowed("sectors")[0], committee=facts.allowed("committees")[0])
    member |= dict(district="预览新区", role=facts.allowed("roles")[0], joined="2017")
    with pytest.raises(ValidationError, match="committee_value"):
        Member.model_validate(member, context=context_of(facts))
    grown = facts.model_copy(update={"districts": [*facts.districts, "预览新区"]})
    assert Member.model_validate(member, context=context_of(grown)).district == "预览新区"


def test_nothing_specific_to_one_committee_or_document_is_in_the_code():
    """A county committee runs its own copy by changing data: no place names, bylines or report headings in code."""
    specific = re.compile(r"南阳|卧龙区|宛城区|邓州|徐蕾|政协第六届|2020年工作回顾|2021年工作安排")
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}"
        for folder in ("macros", "overrides")
        for path in sorted((PROJECT_ROOT / folder).rglob("*"))
        if path.suffix in (".py", ".j2", ".html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if specific.search(line)
    ]
    assert not found, found


def test_a_county_changes_data_not_code(project_copy):
    """Another committee's districts in data/committee.yaml: a member of one of them is accepted, a city one refused."""
    facts = project_copy / "data" / "committee.yaml"
    text = facts.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^districts:\n.*?\n\n", "districts:\n  - 县直\n  - 城关镇\n\n", text)
    facts.write_text(text, encoding="utf-8")
    members = project_copy / "data" / "members.csv"
    rows = members.read_text(encoding="utf-8").splitlines()
    header, body = rows[0], rows[1:]
    column = header.split(",").index("district")

    def moved(row: str, index: int) -> str:
        cells = row.split(",")
        cells[column] = "城关镇" if index else "县直"
        return ",".join(cells)

    lines = [header, *(moved(row, i % 2) for i, row in enumerate(body))]
    lines[-1] = lines[-1].replace(",城关镇,", ",卧龙区,").replace(",县直,", ",卧龙区,")
    members.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "macros.checks"], cwd=project_copy, capture_output=True, text=True, timeout=300
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    problems = [line for line in output.splitlines() if re.match(r"\s+\d+\. ", line)]
    assert len(problems) == 1, problems  # only the one row still naming a city district
    assert f"data/members.csv 第 {len(lines)} 行「district」" in problems[0]
    assert "「卧龙区」不是允许的值，只能填：县直、城关镇（可填的值在 data/committee.yaml 里设定）" in problems[0]
