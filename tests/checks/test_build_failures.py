"""The real build with broken content: what the mistake catalogue (tests/mistakes/catalogue.py, one mistake per
build in tests/checks/test_mistakes.py) does not cover. Several mistakes at once are all listed, in Chinese, with
file and line; text from the data reaches the pages escaped; a new year of records asks for its statistics page."""

from __future__ import annotations

from conftest import read_page, run_build, snapshot

RECORDS = "data/reading_records.csv"


def append(project, name: str, *rows: str) -> None:
    path = project / name
    path.write_bytes(path.read_bytes() + ("\n".join(rows) + "\n").encode("utf-8"))


def build_broken(project, tmp_path) -> str:
    before = snapshot(project)
    result = run_build(project, tmp_path / "out")
    output = result.stdout + result.stderr
    assert snapshot(project) == before, "a failed build must not change any source file"
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    return output


def test_all_problems_reported_at_once(project_copy, tmp_path):
    (project_copy / "glossary" / "sanping.yaml").write_text("term: 三评\n\tshort: x\n", encoding="utf-8")
    (project_copy / "reading_lists" / "development.yaml").write_bytes(
        "title: 书单\n".encode("gbk") + "年份".encode("gbk")
    )
    output = build_broken(project_copy, tmp_path)
    assert "glossary/sanping.yaml" in output and "reading_lists/development.yaml" in output
    assert "GBK" in output


def test_every_data_and_content_problem_in_one_list(project_copy, tmp_path):
    lines = (project_copy / RECORDS).read_bytes().count(b"\n")  # the header is row 1, so new rows start here + 1
    append(
        project_copy,
        RECORDS,
        "2021-02-30,W0001,xiangtu-zhongguo,,40,自学,0,,",
        "2021-03-01,W9999,xiangtu-zhongguo,,40,自学,0,,",
        "2021-03-01,W0001,xiangtu-zhongguoo,,40,自学,0,,",
        "2021-03-01,W0002,,乡土中国,40,自学,0,,",
        "2021-03-01,W0001,,活着,-40,自学,0,,",
        "2021-03-01,W0001,,活着,40,自学,0,,",
        "2021-03-01,W0001,,活着,40,自学,0,,",
    )
    append(project_copy, "data/members.csv", "W3001,民盟,提案委员会,南阳县,委员,2017")
    glossary = project_copy / "glossary" / "xiaojiangtang.yaml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace("category: 履职活动", "category: 学习活动"), encoding="utf-8"
    )
    output = build_broken(project_copy, tmp_path)
    row = lines + 1
    expected = [
        f"{RECORDS} 第 {row} 行「date」：日期「2021-02-30」不存在",
        f"{RECORDS} 第 {row + 1} 行「member_id」：未知委员编号「W9999」",
        f"{RECORDS} 第 {row + 2} 行「book_id」：书目编号「xiangtu-zhongguoo」不在任何书单里（reading_lists/）。是不是「xiangtu-zhongguo」？",
        f"{RECORDS} 第 {row + 3} 行「book_title」：《乡土中国》在推荐书目里：请在 book_id 填「xiangtu-zhongguo」",
        f"{RECORDS} 第 {row + 4} 行「minutes」：分钟数「-40」不对",
        f"{RECORDS} 第 {row + 6} 行：与第 {row + 5} 行重复",
        "data/members.csv 第 3002 行「district」：「南阳县」不是允许的值",
        "glossary/xiaojiangtang.yaml 第 3 行「category」",
    ]
    for message in expected:
        assert message in output, f"{message!r} not in:\n{output}"
    assert "网站没有生成" in output


def test_text_from_the_data_is_escaped_in_the_pages(project_copy, tmp_path):
    note = "<script>alert('心得')</script> [点我](javascript:alert(1)) **粗体**"
    title = "<b>危险</b>书名"
    append(project_copy, RECORDS, f'2021-12-31,W0001,,{title},40,自学,,"{note}",是')  # 是: the member agreed to publish
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    html = read_page(tmp_path / "site", "/stats/2021/")
    # the consented 心得 is shown (macros/render/data_text.py): its HTML as text, its link as text, emphasis kept
    assert "<script>alert(" not in html and "&lt;script&gt;alert" in html
    assert 'href="javascript:' not in html and "&#91;点我&#93;&#40;javascript&#58;alert" in html
    assert "<strong>粗体</strong>" in html
    assert "<b>危险</b>" not in html  # a book read by one member is not listed at all (fewer than 5 readers)


def test_a_page_typed_where_the_build_writes_pages_stops_the_build(project_copy, tmp_path):
    """A hand-written page in a folder of generated ones is named, never overwritten."""
    stray = project_copy / "docs" / "stats" / "2019.md"
    stray.write_text("---\ntitle: 2019年\n---\n\n# 2019年\n", encoding="utf-8")
    output = build_broken(project_copy, tmp_path)
    assert "docs/stats/2019.md：这个文件夹里的页面由网站根据数据自动生成" in output, output
    assert stray.read_text(encoding="utf-8").endswith("# 2019年\n")
