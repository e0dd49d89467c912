"""macros/content.py: every source is read once and again only when one of its files changes."""

from __future__ import annotations

import json
import subprocess
import sys

from scripts.project_copy import copy_project

#: Run in a copy of the project (its macros/ finds its own files): loads, edits, loads again.
SCRIPT = """
import json, pathlib
from macros.content import load_content
from macros.core.errors import ContentError

def edit(file, old, new):
    path = pathlib.Path(file)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

first = load_content()
again = load_content()
edit("glossary/weixieshang.yaml", "依托委员之家", "依靠委员之家")
after_glossary = load_content()
edit("data/reading_records.csv", "\\n2021-", "\\n2021-03-01,W0001,,活着,41,自学,0,,\\n2021-")
after_row = load_content()
edit("glossary/weixieshang.yaml", "category: 履职活动", "category: 学习活动")
try:
    load_content()
    broken = None
except ContentError as error:
    broken = [p.file for p in error.problems]
edit("glossary/weixieshang.yaml", "category: 学习活动", "category: 履职活动")
fixed = load_content()
print(json.dumps({
    "again_same": all(getattr(first, f) is getattr(again, f) for f in ("reports", "glossary", "reading", "stats")),
    "glossary_new": after_glossary.glossary is not first.glossary,
    "glossary_text": after_glossary.glossary["weixieshang"].entry.short[:4],
    "records_kept": after_glossary.reading is first.reading and after_glossary.stats is first.stats,
    "report_kept": after_glossary.reports is first.reports,
    "row_counted": len(after_row.reading.records) - len(first.reading.records),
    "row_glossary_kept": after_row.glossary is after_glossary.glossary,
    "broken": broken,
    "fixed_ok": fixed.glossary["weixieshang"].entry.category,
}))
"""


def test_a_glossary_edit_rereads_the_glossary_only_and_a_row_the_records(tmp_path):
    project = copy_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=project, capture_output=True, text=True, timeout=300, check=True
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["again_same"]
    assert seen["glossary_new"] and seen["glossary_text"] == "依靠委员"
    assert seen["records_kept"] and seen["report_kept"]
    assert seen["row_counted"] == 1 and seen["row_glossary_kept"]
    assert seen["broken"] == ["glossary/weixieshang.yaml"]  # a mistake is reported, not hidden by the cache
    assert seen["fixed_ok"] == "履职活动"  # and forgotten once fixed


PRINTED = """
import json, pathlib
from macros.content import load_content, load_printed
from macros.core.errors import ContentError

printed, content = load_printed(), load_content()
same = list(printed.reports) == list(content.reports) and list(printed.reading_lists) == list(content.reading_lists)
pathlib.Path("data/reading_records.csv").write_text("这不是读书记录\\n", encoding="utf-8")
try:
    load_content()
    records_refused = False
except ContentError:
    records_refused = True
print(json.dumps({"same": same, "records_refused": records_refused, "printed": sorted(load_printed().reports)}))
"""


def test_the_handouts_are_listed_without_reading_the_records(tmp_path):
    """The PDF step (macros/site/pdf.py) lists the handouts from the reports and reading lists alone: the same
    ones load_content gives, still there when the records file is one that load_content refuses."""
    project = copy_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-c", PRINTED], cwd=project, capture_output=True, text=True, timeout=300, check=True
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["same"] and seen["records_refused"]
    assert seen["printed"] == ["2020"]
