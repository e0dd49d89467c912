"""The site map: addresses, kinds, handouts, edit links and dependencies come from one table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from macros.content import load_content
from macros.sources.glossary import entry_pages
from macros.structure import site_map
from macros.structure.site_map import (
    GLOSSARY,
    HANDOUT,
    KINDS,
    POLICY,
    READING_LIST,
    REPORT,
    STATS_YEAR,
    generated_patterns,
    locate,
    page_url,
)

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


@pytest.mark.parametrize(
    "src,url",
    [
        ("index.md", ""),
        ("report/index.md", "report/"),
        ("report/2020/plan-2021.md", "report/2020/plan-2021/"),
        ("report/plan-2021.md", "report/plan-2021/"),  # the old address: a page that leads on
        ("print/reading-lists/development.md", "print/reading-lists/development/"),
        ("glossary/s.md", "glossary/s/"),  # an initial's page of full entries
        ("glossary/0-9.md", "glossary/0-9/"),
    ],
)
def test_page_url_is_what_mkdocs_makes(site, src, url):
    assert page_url(src) == url
    assert (site / url / "index.html").exists()


def test_each_kind_names_its_pages():
    assert REPORT.page() == "report/index.md"
    assert REPORT.page(id="2020") == "report/2020/index.md"
    assert REPORT.page(id="2020", page="plan-2021") == "report/2020/plan-2021.md"
    assert REPORT.handout_page("2020") == "print/report/2020.md"
    assert GLOSSARY.page() == "glossary/index.md"
    assert GLOSSARY.page(id="s") == "glossary/s.md"
    assert READING_LIST.page(id="development") == "reading-lists/development.md"
    assert POLICY.page(id="x") == "policies/x.md"
    assert STATS_YEAR.page(id=2021) == "stats/2021.md"
    with pytest.raises(KeyError):
        POLICY.page(id="x", page="y")


@pytest.mark.parametrize(
    "src,kind,handout,edit,linked",
    [
        ("report/index.md", REPORT, None, "data/reports/", False),
        ("report/2020/index.md", REPORT, "print/report/2020.md", "none", False),
        ("report/2020/plan-2021.md", REPORT, "print/report/2020.md", "none", True),
        ("report/notes.md", REPORT, None, "none", True),
        ("print/report/2020.md", HANDOUT, "print/report/2020.md", "none", False),
        ("glossary/index.md", GLOSSARY, "print/glossary.md", "glossary/", False),
        ("glossary/s.md", GLOSSARY, "print/glossary.md", "glossary/", False),
        ("reading-lists/development.md", READING_LIST, "print/reading-lists/development.md", "data", False),
        ("reading-lists/index.md", READING_LIST, None, "page", False),
        ("policies/index.md", POLICY, None, "page", False),
        ("policies/reading-2022.md", POLICY, None, "page", True),
        ("stats/2021.md", STATS_YEAR, None, "data/", False),
        ("contribute/search.md", site_map.EDITORS, None, "page", False),
        ("about/deep/page.md", site_map.PAGE, None, "page", False),
    ],
)
def test_a_page_is_located_by_the_map(src, kind, handout, edit, linked):
    place = locate(src)
    assert (place.kind, place.handout, place.pages.edit, place.pages.glossary_linked) == (kind, handout, edit, linked)


def test_dependencies_are_the_pages_sources():
    assert locate("report/2020/plan-2021.md").data == ("data/reports/2020.md",)
    assert locate("reading-lists/development.md").data == ("reading_lists/development.yaml",)
    assert "data/committee.yaml" in locate("stats/2021.md").data
    assert "data/reading-records/*.csv" in locate("stats/2021.md").data  # a year's records, one file a year
    assert locate("contribute/search.md").data == ()


def test_every_built_page_of_the_content_is_where_the_map_says(site):
    """The build (the `site` fixture) writes the pages made from the data under docs/ where the map puts them."""
    content = load_content()
    for report in content.reports.values():
        assert (DOCS / REPORT.page(id=report.id)).is_file()
        assert all((DOCS / report.page_path(p)).is_file() for p in report.pages)
        assert (DOCS / REPORT.handout_page(report.id)).is_file()
    for list_id in content.reading_lists:
        assert (DOCS / READING_LIST.page(id=list_id)).is_file()
        assert (DOCS / READING_LIST.source(list_id).replace("reading_lists", "../reading_lists")).is_file()
    for year in content.stats.years:
        assert (DOCS / STATS_YEAR.page(id=year.year)).is_file()
    for page in entry_pages(content.glossary).values():
        assert (DOCS / page).is_file()


def test_generated_pages_are_matched_by_the_generated_patterns(site):
    generated = {p.relative_to(DOCS).as_posix() for g in generated_patterns() for p in DOCS.glob(g)}
    assert {"report/2020/plan-2021.md", "stats/2021.md", "glossary/s.md"} <= generated
    assert not locate("glossary/index.md").pages.generated  # the index is hand-written (it calls glossary_page())
    assert not any(src.startswith(("policies/", "contribute/")) for src in generated)


def test_kinds_have_unique_names_and_nav_sections():
    names = [k.name for k in KINDS]
    navs = [k.nav for k in KINDS if k.nav]
    assert len(names) == len(set(names)) and len(navs) == len(set(navs))
    assert site_map.nav_sections() == {
        "reports": "report/index.md",
        "reading-lists": "reading-lists/index.md",
        "policies": "policies/index.md",
        "stats": "stats/index.md",
        "glossary": "glossary/index.md",
    }
    yml = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for nav in navs:  # each made by the build from the content
        assert f"!!python/object/apply:macros.render.generated_pages.nav_section [{nav}]\n" in yml


#: A page address inside a string: a top folder of docs/ followed by a slash.
ADDRESS_RE = re.compile(r"^(report|reading-lists|stats|print|glossary|policies|contribute)/")


def test_only_the_site_map_holds_page_addresses():
    """No module of macros/ but the site map spells a page address in its code (docstrings and comments aside)."""
    offenders = []
    for path in sorted((ROOT / "macros").rglob("*.py")):
        if path.name == "site_map.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) and id(node) not in docstrings else None
            if isinstance(text, str) and ADDRESS_RE.match(text):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text!r}")
    assert offenders == []


def test_a_kinds_folder_is_where_all_its_pages_are():
    assert [REPORT.folder, site_map.EDITORS.folder, HANDOUT.folder] == ["report/", "contribute/", "print/"]
    assert site_map.HOME.folder == "" and site_map.PAGE.folder == ""


def test_a_page_depends_on_its_own_files_and_on_those_of_the_kinds_it_reads():
    deps = site_map.page_dependencies("report/2020/plan-2021.md", ["glossary", "reports", "glossary"])
    assert deps == ("data/reports/2020.md", "glossary/*.yaml", "data/reports/*.md")
    assert site_map.page_dependencies("contribute/search.md", []) == ()
    both = site_map.page_dependencies("stats/2021.md", ["committee", "reading-records"])
    assert both.count("data/committee.yaml") == 1


def test_every_kind_of_data_names_files_that_exist():
    # a folder staff upload into may still be empty (data/reading-records/), but every kind has files today
    for kind, globs in site_map.DATA.items():
        assert any(any(ROOT.glob(glob)) for glob in globs), kind


def test_a_handout_depends_on_the_data_of_the_section_it_prints():
    """print_handout() reads what every handout needs; each handout's entry adds what its section shows."""
    assert "glossary/*.yaml" in site_map.page_dependencies("print/glossary.md", ["committee"])
    assert "data/*.csv" in site_map.page_dependencies("print/reading-lists/development.md", ["committee"])
    assert "glossary/*.yaml" not in site_map.page_dependencies("print/report/2020.md", ["committee", "reports"])
    kinds = {kind for k in site_map.KINDS for pages in k.pages for kind in pages.reads}
    assert kinds and kinds <= set(site_map.DATA)
