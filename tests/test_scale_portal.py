"""scripts/scale_portal.py: the test portal holds N times the content, every copy labelled, the same on every run,
and passes the check (so that `make bench-scale` measures a site that builds)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_ROOT

from scripts.scale_portal import LABEL, scale_portal

FACTOR = 2


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> Path:
    return scale_portal(tmp_path_factory.mktemp("scale") / "x2", FACTOR, records_per_year=300)


def count(folder: Path, pattern: str) -> int:
    return sum(1 for p in folder.glob(pattern) if p.stem != "index")


def test_the_content_is_multiplied(portal):
    for folder, pattern in [
        ("glossary", "*.yaml"),
        ("reading_lists", "*.yaml"),
        ("data/reports", "*.md"),
        ("docs/policies", "*.md"),
    ]:
        assert count(portal / folder, pattern) == FACTOR * count(PROJECT_ROOT / folder, pattern), folder
    records = (portal / "data" / "reading_records.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(records) - 1 == FACTOR * 300
    assert {row[:4] for row in records[1:]} == {"2024", "2025"}


def test_every_copy_says_it_is_test_content(portal):
    sources = ("glossary", "reading_lists", "data/reports", "docs/policies")  # not make fix's pages of macro calls
    copies = [p for folder in sources for p in (portal / folder).glob("*-ceshi-*")]
    assert len(copies) == sum(count(PROJECT_ROOT / folder, "*") for folder in sources) * (FACTOR - 1)
    for path in copies:
        text = path.read_text(encoding="utf-8")
        assert "测试" in text, path
        if path.suffix == ".yaml":
            data = yaml.safe_load(text)
            shown = data.get("definition") or data.get("intro")
            assert shown.startswith(f"（{LABEL}"), path
            assert "测试" in (data.get("term") or data["title"]), path
    for folder in ("docs/policies", "data/reports"):
        page = next((portal / folder).glob("*-ceshi-1.md")).read_text(encoding="utf-8")
        end = page.index("\n---", 3)  # the end of the front matter (its comments may hold ---)
        front, body = page[:end], page[end:]
        assert f"（测试1：{LABEL}）" in front and f"（测试1：{LABEL}）" in body, folder


def test_the_copies_pass_the_check(portal):
    result = subprocess.run(
        [sys.executable, "-m", "macros.checks"], cwd=portal, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_the_portal_is_the_same_on_every_run(portal, tmp_path):
    again = scale_portal(tmp_path / "again", FACTOR, records_per_year=300)
    assert tree_digest(again) == tree_digest(portal)
