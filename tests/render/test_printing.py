"""macros/render/printing.py: addresses, QR codes, CSS strings, handouts and their pages (no browser)."""

from __future__ import annotations

import re

import pytest
import segno
from conftest import read_page, run_build

from macros.content import load_content
from macros.core.errors import ContentError
from macros.core.text import shift_headings
from macros.render.printing import (
    css_string,
    handout_for_page,
    list_handouts,
    markdown_title,
    page_print_info,
    qr_svg,
)
from macros.sources.site_config import public_address

CONTENT = load_content()


def test_public_address_needs_a_real_site_url():
    assert public_address("https://shuxiang.example/", "report/") == "https://shuxiang.example/report/"
    assert public_address("https://example.org/sx", "glossary/") == "https://example.org/sx/glossary/"
    for bad in (None, "", "shuxiang.example", "/"):
        with pytest.raises(ContentError, match="site_url"):
            public_address(bad, "")


def test_qr_svg_is_the_qr_code_of_the_address():
    svg = str(qr_svg("https://shuxiang.example/report/"))
    assert svg.startswith("<svg") and 'viewBox="' in svg and "width=" not in svg.split(">")[0]  # sized by CSS
    expected = segno.make("https://shuxiang.example/report/", error="m", micro=False)
    size = expected.symbol_size(scale=1, border=2)[0]
    assert f'viewBox="0 0 {size} {size}"' in svg
    assert "http" not in re.sub(r"<title>.*?</title>|xmlns=\"[^\"]*\"", "", svg)  # nothing to fetch


@pytest.mark.parametrize(
    "text,css",
    [
        ("2021年工作安排", '"2021年工作安排"'),
        ('a "quoted" \\ title', '"a \\22 quoted\\22  \\5c  title"'),
        ("</style><script>", '"\\3c /style\\3e \\3c script\\3e "'),
        ("line\nbreak", '"line\\a break"'),
    ],
)
def test_css_string_is_safe_inside_a_style_element(text, css):
    assert css_string(text) == css


def test_markdown_title_skips_code_and_drops_anchors():
    assert (
        markdown_title("```\n# not a title\n```\n\n# 常委会 *工作* 报告 { #report }\n\n## 其他") == "常委会 工作 报告"
    )
    assert markdown_title("no heading\n## level two") is None


def test_a_handouts_headings_move_down_with_stable_anchors():
    markdown, outline = shift_headings("# 甲\n\n正文 # 不是标题\n\n## 乙\n\n### 丙", 1, anchor="part")
    assert [line for line in markdown.splitlines() if line] == [
        "## 甲 { #part }",
        "正文 # 不是标题",
        "### 乙 { #part-2 }",
        "#### 丙 { #part-3 }",
    ]
    assert [(o["level"], o["anchor"]) for o in outline] == [(2, "part"), (3, "part-2"), (4, "part-3")]


def test_every_section_has_its_handout():
    handouts = list_handouts(CONTENT)
    ids = [h.id for h in handouts]
    assert ids[:2] == ["report-2020", "glossary"]
    assert ids[2:] == [f"reading-list-{list_id}" for list_id in CONTENT.reading_lists]
    assert len(set(h.pdf for h in handouts)) == len(handouts)
    assert handout_for_page(handouts, "report/2020/plan-2021.md").id == "report-2020"
    assert handout_for_page(handouts, "report/2020/index.md").id == "report-2020"
    assert handout_for_page(handouts, "print/report/2020.md").id == "report-2020"
    assert handout_for_page(handouts, "report/index.md") is None
    assert handout_for_page(handouts, "glossary/index.md").id == "glossary"
    assert handout_for_page(handouts, "reading-lists/development.md").id == "reading-list-development"
    assert handout_for_page(handouts, "print/glossary.md").id == "glossary"
    assert handout_for_page(handouts, "reading-lists/index.md") is None
    assert handout_for_page(handouts, "contribute/index.md") is None


def test_page_print_info():
    real = "https://shuxiang.test/"  # a real-looking address (.test is no placeholder)
    info = page_print_info(
        CONTENT, real, "书香政协", "report/2020/notes.md", "report/2020/notes/", "# 名词解释\n\n正文"
    )
    assert info.address == "https://shuxiang.test/report/2020/notes/" and 'class="print-qr"' in str(info.qr)
    assert info.margin_title == '"名词解释"' and info.own_site == '"https://shuxiang.test/"'
    assert info.handout_url == "print/report/2020/" and not info.is_handout
    long = page_print_info(
        CONTENT, real, "书香政协", "print/report/2020.md", "print/report/2020/", "# " + "很长的标题" * 20
    )
    assert long.is_handout and len(long.margin_title) < 45 and long.margin_title.endswith('…"')
    assert long.pdf_url == "pdf/report-2020.pdf" and info.pdf_url is None
    untitled = page_print_info(CONTENT, real, "书香政协", "index.md", "", "正文")
    assert untitled.margin_title == '"书香政协"' and untitled.handout_url is None


def test_a_placeholder_site_url_prints_no_address_and_no_qr_code():
    info = page_print_info(CONTENT, "https://shuxiang.example/", "书香政协", "index.md", "", "# 首页")
    assert info.address is None and info.qr is None


def test_handout_pages_are_out_of_search_and_navigation(site):
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"print/report/' not in index.replace(" ", "")
    assert '"location":"print/' in index.replace(" ", "")  # the 打印资料 page itself is findable
    home = read_page(site, "/")
    assert 'href="print/"' in home and 'href="print/report/"' not in home


def test_handout_cover_and_contents(site):
    html = read_page(site, "/print/glossary/")
    assert re.search(r'<h1 id="[^"]+">名词解释', html)
    assert "生成日期" in html and 'class="print-qr"' not in html  # the committed site_url is a placeholder
    assert "网站的网上地址尚未设定" in html
    toc = re.search(r'<nav class="handout-toc[^"]*">(.*?)</nav>', html, re.S).group(1)
    anchors = re.findall(r'href="#([^"]+)"', toc)
    assert anchors == [t.id for t in sorted(CONTENT.glossary.values(), key=lambda t: anchors.index(t.id))]
    assert set(anchors) == set(CONTENT.glossary)
    for anchor in anchors:
        assert f'id="{anchor}"' in html
    assert 'class="glossary-cards"' in html and html.count('class="glossary-entry"') == len(CONTENT.glossary)
    lst = read_page(site, "/print/reading-lists/development/")
    books = CONTENT.reading_lists["development"].data.books
    assert lst.count('class="note-lines"') == len(books)
    assert lst.count("<h1") == 1  # the cover's title, not the list page's own


# --- broken setups stop the build with a Chinese message ------------------------------------------


def test_a_missing_handout_page_is_written_by_the_build(project_copy, tmp_path):
    (project_copy / "docs" / "print" / "reading-lists" / "development.md").unlink(missing_ok=True)
    result = run_build(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "note-lines" in (tmp_path / "out" / "print" / "reading-lists" / "development" / "index.html").read_text(
        encoding="utf-8"
    )


def test_missing_site_url_stops_the_build(project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    config.write_text(
        re.sub(r"(?m)^site_url: .*$", "site_url: ''", config.read_text(encoding="utf-8")), encoding="utf-8"
    )
    result = run_build(project_copy, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "mkdocs.yml" in output and "site_url" in output and "二维码" in output


def test_handout_macro_outside_print_pages_is_explained(project_copy, tmp_path):
    (project_copy / "docs" / "contribute" / "index.md").write_text(
        "# 参与编辑\n\n{{ print_handout() }}\n", encoding="utf-8"
    )
    result = run_build(project_copy, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "docs/contribute/index.md" in output and "print_handout()" in output


def test_a_report_pages_subheadings_move_up_with_the_same_shifter():
    """One heading shifter: a report page's h4 under a lone section becomes its h2 (sources → page), and its h2 an
    h3 in the handout; no heading passes level 6 or 1."""
    assert shift_headings("#### 小节\n###### 深", -2, from_level=4)[0] == "## 小节\n#### 深"
    assert shift_headings("###### 六级\n# 一级", 1)[0] == "###### 六级\n## 一级"
