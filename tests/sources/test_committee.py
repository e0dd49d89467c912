"""data/committee.yaml: the committee's facts are data, and every schema takes its allowed values from there."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml
from conftest import PROJECT_ROOT

from macros.reading.schemas import Activity, Committee, District, Role, Sector, choices
from macros.sources.committee import CommitteeFacts
from macros.sources.schemas import GlossaryCategory, PolicyStatus

FACTS = yaml.safe_load((PROJECT_ROOT / "data" / "committee.yaml").read_text(encoding="utf-8"))


def test_the_file_matches_its_schema():
    facts = CommitteeFacts.model_validate(FACTS)
    assert facts.committees.illustrative is True  # the 专委会 are typical names, not the committee's verified set-up


def test_allowed_values_are_the_lists_of_the_file_in_order():
    assert choices(District) == tuple(FACTS["districts"])
    assert choices(Sector) == tuple(FACTS["sectors"])
    assert choices(Committee) == tuple(FACTS["committees"]["names"])
    assert choices(Role) == tuple(FACTS["roles"])
    assert choices(Activity) == tuple(FACTS["activities"])
    assert choices(GlossaryCategory) == tuple(FACTS["glossary_categories"])
    assert choices(PolicyStatus) == tuple(FACTS["policy_statuses"])


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
