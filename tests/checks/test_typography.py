"""macros/checks/typography.py: 公文 style for the text staff write, and fixes that never touch verbatim text."""

from __future__ import annotations

import pytest

from macros.checks.typography import apply_fixes, check_typography, correct, lint_file
from macros.core.errors import Problems

CASES = [
    ("委员们积极参加,效果很好.", "委员们积极参加，效果很好。"),  # half-width punctuation
    ("分为 2020 年工作回顾", "分为2020年工作回顾"),  # no space around digits
    ("放在一个 Git 仓库里", "放在一个Git仓库里"),  # nor around Latin letters
    ("“小讲堂”、 “微协商”", "“小讲堂”、“微协商”"),  # none after 、
    ("依托(委员之家),委员联络室", "依托（委员之家），委员联络室"),  # full-width brackets
    ('他说:"你好,世界."', "他说：“你好，世界。”"),  # Chinese quotes
    ("使用ＡＢＣ１２３", "使用ABC123"),  # full-width letters, digits
    ("- **小讲堂**:利用乡镇阵地", "- **小讲堂**：利用乡镇阵地"),  # next to bold
    ("中文...好", "中文……好"),  # ellipsis
]
UNCHANGED = [
    "“1+3+N”新时代市县政协工作新格局",
    "报告原文见[名词解释](../report/notes.md)和[2021年工作安排](../report/plan-2021.md)。",
    '{{ reading_list("a,b") }}',
    "运行 `make test` 可以",  # code spans keep their spaces
    "| 宏 | 作用 |",
    "文号豫政〔2021〕1号",
    "概括为“突出三项重点工作 实现三个‘新’”和“六个‘更加’ 彰显政协工作新成效”",  # quoted headings keep their space
    "网址 https://shuxiang.example/a,b",
    "Plain English, with commas.",
    "1. 第一条",
]


@pytest.mark.parametrize("text,expected", CASES)
def test_correct_applies_gongwen_style(text, expected):
    assert correct(text) == expected
    assert correct(expected) == expected, "correcting twice must change nothing more"


@pytest.mark.parametrize("text", UNCHANGED)
def test_correct_leaves_code_links_markup_and_quoted_headings(text):
    assert correct(text) == text


def test_blockquotes_code_and_disabled_regions_are_verbatim(tmp_path):
    page = tmp_path / "page.md"
    text = (
        "# 标题\n\n> 原文照录,不改动.\n\n```\n代码,a\n```\n\n"
        "<!-- autocorrect-disable -->\n照录,不改\n<!-- autocorrect-enable -->\n\n正文,要改.\n"
    )
    fixes = lint_file(page, text)
    assert [f.line for f in fixes] == [13]
    assert apply_fixes(text, fixes).endswith("正文，要改。\n")


def test_policy_reproduced_in_full_is_verbatim_but_its_front_matter_is_not(tmp_path):
    page = tmp_path / "policy.md"
    text = "---\ntitle: 关于 2021 年的通知\nfull_text: true\n---\n\n正文,照录.\n"
    assert [f.line for f in lint_file(page, text)] == [2]


def test_yaml_values_are_checked_but_quotations_inside_them_are_not(tmp_path):
    entry = tmp_path / "term.yaml"
    text = "term: 微协商\nshort: 依托(委员之家)开展\ndefinition: |\n  报告原文:\n\n  > 原文,照录.\n\n  释义,见上.\n"
    fixes = lint_file(entry, text)
    assert [f.line for f in fixes] == [2, 4, 8]
    fixed = apply_fixes(text, fixes)
    assert "  > 原文,照录." in fixed and "short: 依托（委员之家）开展" in fixed and "  释义，见上。" in fixed


def test_fix_writes_only_safe_changes_and_reports_nothing_after(tmp_path):
    entry = tmp_path / "term.yaml"
    entry.write_text('term: 微协商\nshort: "依托,委员之家"\nrelated: [a, b]\n', encoding="utf-8")
    changed = check_typography([entry], Problems(), fix=True)
    assert changed == [entry]
    assert entry.read_text(encoding="utf-8") == 'term: 微协商\nshort: "依托，委员之家"\nrelated: [a, b]\n'
    problems = Problems()
    check_typography([entry], problems)
    assert not problems


def test_problem_names_line_and_shows_the_change(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# 标题\n\n分为 2020 年工作回顾,效果好\n", encoding="utf-8")
    problems = Problems()
    check_typography([page], problems)
    (problem,) = problems.items
    assert problem.line == 3
    assert "「分为 2020 年工作回顾,效果好」应为「分为2020年工作回顾，效果好」" in problem.message
    assert "make fix" in problem.message


def test_a_pasted_megabyte_does_not_break_the_check(tmp_path):
    entry = tmp_path / "term.yaml"
    entry.write_text("short: " + "很长," * 400_000 + "\n", encoding="utf-8")
    assert lint_file(entry, entry.read_text(encoding="utf-8")) == []


# --- the built site: text the templates and the code write follows the same rules -------------------------

#: Pages that reproduce the work report verbatim (its own punctuation is kept, see data/reports/).
VERBATIM_PAGES = ("report/", "print/report/")


def test_generated_text_follows_the_same_rules_as_what_staff_write(site):
    """Every text of every page, headings, tables, captions and labels made by templates included, except verbatim
    text (the report, `>` quotations) and code, is what `make fix` would leave as it is."""
    import re
    from html import unescape

    wrong = []
    for path in sorted(site.rglob("*.html")):
        url = path.relative_to(site).as_posix()
        article = re.search(r"<article.*?</article>", path.read_text(encoding="utf-8"), re.S)
        if url.startswith(VERBATIM_PAGES) or not article:
            continue
        text = re.sub(r"<(script|style|svg|code|pre|blockquote)\b.*?</\1>", "<x>", article.group(0), flags=re.S)
        for piece in re.split(r"<[^>]+>", text):
            piece = unescape(piece).strip()
            if piece and correct(piece) != piece:
                wrong.append(f"{url}：「{piece[:60]}」应为「{correct(piece)[:60]}」")
    assert not wrong, f"{len(wrong)} 处：\n" + "\n".join(wrong[:20])
    assert any(p.relative_to(site).as_posix().startswith("stats/") for p in site.rglob("*.html"))
