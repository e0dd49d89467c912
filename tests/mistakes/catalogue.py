"""A catalogue of mistakes staff really make when they edit the portal, each one a small change to a real file.

For every mistake tests/checks/test_mistakes.py breaks a copy of the project and asserts that `make check` refuses it
naming the file and the line, and that the build refuses it too (or, for hostile HTML in data, builds with the
HTML shown as text), with no Python traceback and no other file touched.

Each entry: what staff did (`story`), how the file is changed, where the message must point (`line`: a number,
CHANGED for the line the change is on, a text found on that line, or None for a problem with the whole file), a fragment of the message
(`says`), and what the build does (`build`):
  "fails"   properdocs build --strict stops with an error;
  "escapes" the site builds, and the hostile text (`shows`) appears only escaped in the HTML;
  "check"   only the check refuses it (typography, unused files, markup the CSP would block, broken page front
            matter that MkDocs would silently print as text): `make build`, which runs the check first, stops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CHANGED = "changed"
MB = 1_000_000


@dataclass(frozen=True)
class Change:
    """A change to one file of a project copy; `marker` finds the line the change is on."""

    file: str
    apply: Callable[[Path], None]
    marker: str | None = None


@dataclass(frozen=True)
class Mistake:
    id: str
    story: str
    change: Change
    says: str
    # a number, CHANGED, a text on the line (or (text, n) for its n-th line), or None (the whole file)
    line: int | str | tuple[str, int] | None = CHANGED
    line_delta: int = 0  # the message points this many lines below the changed line (YAML reports where it stopped)
    where: str | None = None  # the file the message names, if not the changed one
    build: str = "fails"
    shows: str = ""  # for build="escapes": the hostile text that must never appear unescaped in the site
    build_says: str = ""  # what MkDocs' own message must mention, if not the file's name

    @property
    def file(self) -> str:
        return self.where or self.change.file


def replace(file: str, old: str, new: str) -> Change:
    def apply(root: Path) -> None:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the catalogue is out of date: {old!r} is no longer in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    marker = next((line for line in new.split("\n") if line.strip() and line not in old.split("\n")), None)
    return Change(file, apply, marker)


def append(file: str, text: str) -> Change:
    def apply(root: Path) -> None:
        path = root / file
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return Change(file, apply, next(line for line in text.split("\n") if line.strip()))


def write(file: str, content: str | bytes, marker: str | None = None) -> Change:
    def apply(root: Path) -> None:
        path = root / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    return Change(file, apply, marker)


def delete(file: str) -> Change:
    return Change(file, lambda root: (root / file).unlink())


def rename(file: str, new_name: str) -> Change:
    return Change(new_name, lambda root: (root / file).rename(root / new_name))


def copy_to(file: str, new_file: str, edit: Callable[[str], str] = lambda t: t) -> Change:
    def apply(root: Path) -> None:
        (root / new_file).write_text(edit((root / file).read_text(encoding="utf-8")), encoding="utf-8")

    return Change(new_file, apply)


GLOSSARY = "glossary/weixieshang.yaml"
LIST = "reading_lists/development.yaml"
POLICY = "docs/policies/three-activities-opinion.md"
HOME = "docs/index.md"
NEW_LIST = """title: 新书单
year: 2021
audience: 全体政协委员
intro: 新书单的说明。
books:
  - id: hongxing-zhaoyao-zhongguo
    title: 红星照耀中国
    author: 埃德加·斯诺
    publisher: 人民文学出版社
    year: 2016
    why: 外国记者笔下的陕北苏区。
"""

MISTAKES: list[Mistake] = [
    # --- glossary/*.yaml: YAML syntax --------------------------------------------------------------
    Mistake(
        "glossary-tab-indent",
        "用 Tab 键缩进了别名列表",
        replace(GLOSSARY, "aliases: []", "aliases:\n\t- 小微协商"),
        "Tab",
        line_delta=1,
    ),
    Mistake(
        "glossary-unclosed-quote",
        "词目开头有引号，结尾忘了",
        replace(GLOSSARY, 'term: "微协商"', 'term: "微协商'),
        "引号没有成对",
        line=1,
    ),
    Mistake(
        "glossary-colon-in-value",
        "释义里用了英文冒号加空格",
        replace(GLOSSARY, "short: 依托", "short: 注意: 依托"),
        "冒号",
    ),
    Mistake(
        "glossary-duplicate-key",
        "同一个字段写了两次",
        replace(GLOSSARY, "category: 履职活动\n", "category: 履职活动\ncategory: 工作格局\n"),
        "写了两次",
    ),
    Mistake(
        "glossary-bad-indent", "字段缩进不齐", replace(GLOSSARY, "category: 履职活动", "  category: 履职活动"), "缩进"
    ),
    Mistake(
        "glossary-gbk",
        "在记事本里另存为 ANSI（GBK）",
        write(GLOSSARY, "term: 微协商\ncategory: 履职活动\n".encode("gbk")),
        "GBK",
        line=1,
    ),
    Mistake(
        "glossary-utf16",
        "另存为 Unicode（UTF-16）",
        write(GLOSSARY, "term: 微协商\n".encode("utf-16")),
        "UTF-8",
        line=1,
    ),
    Mistake(
        "glossary-utf16-no-bom",
        "另存为 UTF-16 LE（没有 BOM）",
        write(GLOSSARY, "term: 微协商\n".encode("utf-16-le")),
        "UTF-16",
        line=1,
    ),
    Mistake(
        "glossary-double-bom",
        "用两个编辑器先后另存为“UTF-8 带 BOM”，文件开头有两个 BOM",
        Change(
            GLOSSARY, lambda root: (root / GLOSSARY).write_bytes(b"\xef\xbb\xbf" * 2 + (root / GLOSSARY).read_bytes())
        ),
        "BOM",
        line=1,
    ),
    Mistake(
        "glossary-fullwidth-colon",
        "字段名后面打成了中文冒号",
        replace(GLOSSARY, "category: 履职活动", "category：履职活动"),
        "中文冒号",
    ),
    Mistake(
        "glossary-colon-without-space",
        "字段名后面的冒号没有空格",
        replace(GLOSSARY, "category: 履职活动", "category:履职活动"),
        "缺一个空格",
    ),
    Mistake(
        "list-fullwidth-colon",
        "书单的年份写成了 year：2021",
        replace(LIST, "year: 2021\naudience", "year：2021\naudience"),
        "中文冒号",
        line="year：2021",
    ),
    # --- glossary: schema and cross-references -----------------------------------------------------
    Mistake(
        "glossary-field-typo",
        "把 definition 拼成了 defintion",
        replace(GLOSSARY, "definition: |", "defintion: |"),
        "不认识的字段「defintion」",
    ),
    Mistake(
        "glossary-missing-field",
        "删掉了出处 source",
        replace(GLOSSARY, "source: 《政协第六届南阳市委员会常务委员会工作报告》解读·名词解释\n", ""),
        "缺少必填字段「source」",
        line=1,
    ),
    Mistake(
        "glossary-unknown-category",
        "分类写成了表里没有的“学习活动”",
        replace(GLOSSARY, "category: 履职活动", "category: 学习活动"),
        "「学习活动」不是允许的值",
    ),
    Mistake(
        "glossary-empty-short",
        "一句话释义留空",
        replace(
            GLOSSARY,
            "short: 依托委员之家、委员联络室、网络议政平台等，围绕基层治理要事和群众烦心事开展的小微协商活动。",
            'short: ""',
        ),
        "不能为空",
    ),
    Mistake(
        "glossary-duplicate-term",
        "复制词条文件后忘了改词目（同一个词有两个词条）",
        copy_to(GLOSSARY, "glossary/xiao-wei-xie-shang.yaml"),
        "已经是词条",
        line=1,
    ),
    Mistake(
        "glossary-fullwidth-plus",
        "新建词条时用中文输入法打了全角加号（「3＋N」，已有「3+N」）：搜索分不出两者",
        copy_to("glossary/3-n.yaml", "glossary/sanjia-n.yaml", lambda t: t.replace('term: "3+N"', 'term: "3＋N"')),
        "与 glossary/3-n.yaml 第 1 行的「3+N」在搜索里是同一个词",
        line=1,
    ),
    Mistake(
        "glossary-zero-width-space",
        "从网页复制的词目里夹着看不见的零宽空格（「十四\u200b五」，已有「十四五」）",
        copy_to(
            "glossary/shisiwu.yaml",
            "glossary/shisiwu2.yaml",
            lambda t: t.replace('term: "十四五"', 'term: "十四\u200b五"'),
        ),
        "看不见的字符，如零宽空格：请删掉这个词重新打字）与 glossary/shisiwu.yaml 第 1 行的「十四五」",
        line=1,
    ),
    Mistake(
        "glossary-related-typo",
        "相关词条编号少打了一个字母",
        replace(GLOSSARY, "related: [xiaojiangtang, shenzoufang,", "related: [xiaojiangtang, shenzoufan,"),
        "相关词条「shenzoufan」不存在",
    ),
    Mistake(
        "glossary-term-deleted",
        "删掉了一个还被其他词条引用的词条",
        delete("glossary/shenzoufang.yaml"),
        "相关词条「shenzoufang」不存在",
        where="glossary/xiaojiangtang.yaml",
        line="related: [weixieshang, shenzoufang",
    ),
    Mistake(
        "glossary-unknown-report-page",
        "报告页面编号写错",
        replace(
            GLOSSARY, "report_locations: [2020/plan-2021, 2020/notes]", "report_locations: [2020/plan-2021, 2020/note]"
        ),
        "报告 2020 没有页面「note」",
    ),
    Mistake(
        "glossary-false-location",
        "声称报告某页出现了这个词，其实没有",
        replace(
            "glossary/sige-zixin.yaml",
            "report_locations: [2020/plan-2021]",
            "report_locations: [2020/plan-2021, 2020/strive]",
        ),
        "找不到「四个自信」",
    ),
    Mistake(
        "glossary-yml-extension",
        "新文件的扩展名用了 .yml",
        rename(GLOSSARY, "glossary/weixieshang.yml"),
        "只放 .yaml 文件",
        line=None,
    ),
    Mistake(
        "glossary-chinese-file-name",
        "用中文做了文件名",
        copy_to("glossary/sanping.yaml", "glossary/三评.yaml"),
        "文件名只能用小写拼音字母",
        line=None,
    ),
    Mistake(
        "glossary-1mb-line",
        "把整篇文档粘贴进了一行释义（半 MB；1 MB 以上的文件见 hostile.py）",
        replace(GLOSSARY, "short: 依托", "short: " + "很长" * (MB // 4) + "依托"),
        "内容太长",
    ),
    # --- reading_lists/*.yaml ----------------------------------------------------------------------
    Mistake(
        "list-year-in-chinese",
        "出版年写成了汉字",
        replace(LIST, "    year: 2007\n", "    year: 二〇〇七\n"),
        "「二〇〇七」应该是整数",
    ),
    Mistake(
        "list-negative-year",
        "出版年多打了一个负号",
        replace(LIST, "    year: 2007\n", "    year: -2007\n"),
        "超出合理范围",
    ),
    Mistake(
        "list-future-year",
        "出版年写成了将来的年份",
        replace(LIST, "    year: 2007\n", "    year: 2107\n"),
        "超出合理范围",
    ),
    Mistake(
        "list-stray-field",
        "推荐理由的字段名写成了 reason",
        replace(LIST, "    why: 汇集", "    reason: 汇集"),
        "不认识的字段「reason」",
    ),
    Mistake(
        "list-duplicate-book",
        "同一本书的编号在书单里出现两次",
        replace(LIST, "  - id: zhijiang-xinyu\n", "  - id: baituo-pinkun\n"),
        "书目编号「baituo-pinkun」重复",
        line=("  - id: baituo-pinkun", 2),
    ),
    Mistake(
        "list-bad-isbn",
        "ISBN 抄错一位",
        replace(LIST, "    publisher: 浙江人民出版社\n", "    publisher: 浙江人民出版社\n    isbn: '9787213000000'\n"),
        "校验位不对",
    ),
    Mistake(
        "list-title-with-book-marks",
        "书名带了书名号",
        replace(LIST, "    title: 之江新语", "    title: 《之江新语》"),
        "书名不要带书名号",
    ),
    Mistake(
        "list-id-with-spaces",
        "书目编号用了大写和空格",
        replace(LIST, "  - id: zhijiang-xinyu\n", "  - id: Zhijiang Xinyu\n"),
        "格式不对",
    ),
    Mistake(
        "list-empty-required",
        "作者一栏留空",
        replace(
            LIST, "    author: 习近平\n    publisher: 浙江人民出版社", "    author:\n    publisher: 浙江人民出版社"
        ),
        "不能为空",
    ),
    Mistake(
        "list-page-without-data",
        "新建了书单页面却没有数据文件",
        write("docs/reading-lists/new-list.md", '{{ reading_list("new-list") }}\n'),
        "这个文件夹里的页面由网站根据数据自动生成",
        line=None,
    ),
    # --- policy front matter ---------------------------------------------------------------------
    Mistake(
        "policy-impossible-date", "日期写成了 2 月 30 日", replace(POLICY, "date: null", "date: 2021-02-30"), "不存在"
    ),
    Mistake("policy-future-date", "日期写成了将来", replace(POLICY, "date: null", "date: 2099-03-05"), "在今天之后"),
    Mistake(
        "policy-no-front-matter",
        "新政策文件页面没写元数据",
        write(POLICY, "# 无元数据的政策文件\n\n正文。\n"),
        "缺少元数据",
        line=1,
    ),
    Mistake(
        "policy-unknown-status",
        "状态写成了表里没有的值",
        replace(POLICY, "status: 待核实", "status: 有效"),
        "「有效」不是允许的值",
    ),
    Mistake(
        "policy-full-text-yes",
        "是否全文写成了“是”",
        replace(POLICY, "full_text: false", "full_text: 是"),
        "应该填 true 或 false",
    ),
    Mistake(
        "policy-front-matter-tab",
        "元数据里用了 Tab",
        replace(POLICY, "issuer: 南阳市政协", "issuer:\t南阳市政协"),
        "Tab",
    ),
    # --- pages and macros ---------------------------------------------------------------------------
    Mistake(
        "page-macro-typo",
        "宏名少打一个字母",
        replace("docs/glossary/index.md", "{{ glossary_page() }}", "{{ glosary_page() }}"),
        "「glosary_page」不存在",
    ),
    Mistake(
        "page-stats-typo",
        "统计数字的变量名拼错",
        append(HOME, "\n本年度共有 {{ stats.totl }} 人次参加读书活动。\n"),
        "写法不允许（取属性「.totl」）",  # pages call macros; nothing else is code (issue 11)
    ),
    Mistake(
        "page-attribute-typo",
        "数据变量的属性名拼错",
        append(HOME, "\n共 {{ portal.glossry|length }} 个词条。\n"),
        "写法不允许（过滤器「|length」）",
    ),
    Mistake(
        "page-unknown-list-id",
        "书单编号拼错",
        append(HOME, '\n{{ reading_list("developmnt") }}\n'),
        "书单编号「developmnt」不存在",
    ),
    Mistake(
        "page-macro-missing-argument",
        "书单宏忘了写编号",
        append(HOME, "\n{{ reading_list() }}\n"),
        "参数不对",
    ),
    Mistake(
        "page-macro-unclosed",
        "宏的右花括号漏了",
        append(HOME, '\n{{ reading_list("development") }\n'),
        "宏的写法有误",
    ),
    Mistake(
        "page-link-renamed",
        "链接到一个已改名的页面",
        replace(POLICY, "(../report/2020/notes.md)", "(../report/2020/terms.md)"),
        "不存在",
    ),
    Mistake(
        "page-link-bad-anchor",
        "链接的锚点写错",
        append(HOME, "\n详见[微协商](glossary/index.md#weixieshan)。\n"),
        "锚点「#weixieshan」",
    ),
    Mistake(
        "page-link-to-folder",
        "链接写成了网址目录而不是 .md 文件",
        append(HOME, "\n详见[工作报告](report/)。\n"),
        "没有指向一个文件",
    ),
    Mistake("page-link-absolute", "链接以 / 开头", append(HOME, "\n详见[工作报告](/report/index.md)。\n"), "绝对路径"),
    Mistake(
        "page-not-in-nav",
        "新建页面忘了加进导航",
        write("docs/about.md", "# 关于本站\n\n正文。\n"),
        "没有列在 mkdocs.yml 的 nav",
        line=None,
    ),
    Mistake(
        "nav-entry-missing-page",
        "导航里写了一个不存在的页面",
        replace(
            "mkdocs.yml",
            "      - contribute/search.md\n",
            "      - contribute/search.md\n      - reading-lists/history.md\n",
        ),
        "不存在",
        build_says="reading-lists/history.md",
    ),
    Mistake(
        "report-heading-edited",
        "改动了报告原文的小标题",
        replace("data/reports/2020.md", "### 2021年工作安排", "### 2021年工作计划"),
        "正文里没有小标题「### 2021年工作安排」",
        line="from: 2021年工作安排",
    ),
    # --- hostile HTML in data: the check refuses it, the build shows it as text -------------------------
    Mistake(
        "glossary-script",
        "从网页复制释义时带进了 <script>",
        replace(GLOSSARY, "  在“1+3+N”", "  <script>alert('xss')</script>在“1+3+N”"),
        "HTML 标签",
        build="escapes",
        shows="<script>alert('xss')</script>",
    ),
    Mistake(
        "glossary-onerror",
        "别名里混进了带 onerror 的图片标签",
        replace(GLOSSARY, "aliases: []", "aliases: ['<img src=x onerror=alert(1)>']"),
        "HTML 标签",
        build="escapes",
        shows="<img src=x onerror=alert(1)>",
    ),
    Mistake(
        "list-title-script",
        "书单标题里混进了能跳出网页标题的 HTML",
        replace(
            LIST, "title: 经济社会发展推荐书目（2021）", "title: 经济社会发展推荐书目</title><script>alert(1)</script>"
        ),
        "HTML 标签",
        build="escapes",
        shows="<script>alert(1)</script>",
    ),
    Mistake(
        "list-why-javascript-link",
        "推荐理由里写了 javascript: 链接",
        replace(LIST, "    why: 汇集", "    why: 详见[说明](javascript:alert(1))。汇集"),
        "javascript",
        build="escapes",
        shows='href="javascript:',
    ),
    Mistake(
        "policy-description-breakout",
        "政策文件的描述里混进了 HTML",
        replace(POLICY, "description: 市政协号召", 'description: 文件"><script>alert(1)</script>市政协号召'),
        "<script>",  # the build refuses what the check refuses in a page, front matter included (issue 11)
    ),
    # --- only the check refuses these (make build runs it first) ------------------------------------
    Mistake(
        "page-front-matter-tab",
        "首页元数据里用了 Tab（MkDocs 会把它当正文原样显示）",
        replace(HOME, "hide:\n  - navigation", "hide:\n\t- navigation"),
        "Tab",
        build="check",
    ),
    Mistake(
        "page-inline-script",
        "在页面里写了 <script>",
        append(HOME, "\n<script>alert(1)</script>\n"),
        "<script>",
        build="check",
    ),
    Mistake(
        "page-inline-style",
        "在页面里用 style 属性改颜色",
        append(HOME, '\n<span style="color:red">重要</span>\n'),
        "style",
        build="check",
    ),
    Mistake(
        "page-onclick",
        "在页面的 HTML 里写了 onclick",
        append(HOME, '\n<a href="#" onclick="alert(1)">点我</a>\n'),
        "onclick",
        build="check",
    ),
    Mistake(
        "docs-unused-file",
        "上传了一张图片却没有页面用到它",
        write("docs/assets/images/photo.png", b"\x89PNG\r\n\x1a\n"),
        "没有任何页面用到这个文件",
        line=None,
        build="check",
    ),
    Mistake(
        "typography-halfwidth-comma",
        "中文句子里用了半角逗号和句号",
        append(HOME, "\n委员们积极参加读书活动,效果很好.\n"),
        "公文规范",
        build="check",
    ),
    Mistake(
        "typography-space-before-number",
        "在汉字和数字之间加了空格",
        replace(POLICY, "开展三项活动：", "开展 3 项活动："),
        "公文规范",
        build="check",
    ),
    Mistake(
        "typography-glossary-short",
        "词条释义里用了半角括号和逗号",
        replace(GLOSSARY, "short: 依托委员之家、", "short: 依托(委员之家),"),
        "公文规范",
        build="check",
    ),
]

# --- data/members.csv and data/reading_records.csv: tables staff keep in Excel or WPS ---------------------
RECORDS = "data/reading_records.csv"
MEMBERS = "data/members.csv"
ROW = "2021-03-01,W0001,xiangtu-zhongguo,,40,自学,0,,"

CSV_MISTAKES: list[Mistake] = [
    Mistake(
        "records-impossible-date",
        "日期写成了 2 月 30 日",
        append(RECORDS, "2021-02-30,W0001,xiangtu-zhongguo,,40,自学,0,,\n"),
        "不存在",
    ),
    Mistake(
        "records-future-date",
        "日期写成了将来",
        append(RECORDS, "2099-03-01,W0001,xiangtu-zhongguo,,40,自学,0,,\n"),
        "之后",
    ),
    Mistake(
        "records-member-typo",
        "委员编号把数字 0 打成了字母 O",
        append(RECORDS, "2021-03-01,W0O12,xiangtu-zhongguo,,40,自学,0,,\n"),
        "W0O12",
    ),
    Mistake(
        "records-unknown-member",
        "委员编号在名单里没有",
        append(RECORDS, "2021-03-01,W9999,xiangtu-zhongguo,,40,自学,0,,\n"),
        "未知委员编号",
    ),
    Mistake(
        "records-unknown-book",
        "书目编号多打了一个字母",
        append(RECORDS, "2021-03-01,W0001,xiangtu-zhongguoo,,40,自学,0,,\n"),
        "不在任何书单里",
    ),
    Mistake(
        "records-negative-minutes",
        "分钟数前面多了负号",
        append(RECORDS, "2021-03-01,W0001,xiangtu-zhongguo,,-40,自学,0,,\n"),
        "分钟数「-40」不对",
    ),
    Mistake(
        "records-empty-member",
        "委员编号一格空着",
        append(RECORDS, "2021-03-01,,xiangtu-zhongguo,,40,自学,0,,\n"),
        "member_id",
    ),
    Mistake(
        "records-stray-column",
        "多填了一格（行尾多了一列）",
        append(RECORDS, "2021-03-01,W0001,xiangtu-zhongguo,,40,自学,0,,,多出的一格\n"),
        "单元格",
    ),
    Mistake(
        "records-duplicate-row", "同一条记录粘贴了两次", append(RECORDS, ROW + "\n" + ROW + "\n"), "重复", line=(ROW, 2)
    ),
    Mistake(
        "records-unknown-activity",
        "活动类型写成了表里没有的名称",
        append(RECORDS, "2021-03-01,W0001,xiangtu-zhongguo,,40,读书会,0,,\n"),
        "「读书会」不是允许的值",
    ),
    Mistake(
        "records-1mb-cell",
        "把整篇心得文档（1 MB）粘贴进了一格",
        append(RECORDS, "2021-03-01,W0001,xiangtu-zhongguo,,40,自学,," + "很长" * (MB // 2) + ",\n"),
        "notes",
        line="2021-03-01,W0001,xiangtu-zhongguo,,40,自学,,很长",
    ),
    Mistake(
        "records-gbk",
        "用 Excel 另存为“CSV（逗号分隔）”（GBK 编码）",
        Change(
            RECORDS,
            lambda root: (root / RECORDS).write_bytes(
                (root / RECORDS).read_bytes().decode("utf-8-sig").encode("gb18030")
            ),
        ),
        "GBK",
        line=2,
    ),
    Mistake(
        "records-tab-separated",
        "用 Excel 另存为“文本文件（制表符分隔）”",
        Change(
            RECORDS,
            lambda root: (root / RECORDS).write_text(
                (root / RECORDS).read_text(encoding="utf-8-sig").replace(",", "\t"), encoding="utf-8"
            ),
        ),
        "制表符",
        line=1,
    ),
    Mistake(
        "records-excel-unicode-text",
        "用 Excel 另存为“Unicode 文本”（UTF-16、制表符分隔）",
        Change(
            RECORDS,
            lambda root: (root / RECORDS).write_bytes(
                (root / RECORDS).read_text(encoding="utf-8-sig").replace(",", "\t").encode("utf-16")
            ),
        ),
        "UTF-16",
        line=1,
    ),
    Mistake(
        "members-chinese-header",
        "表头照抄了参与编辑页面上的中文列名",
        replace(
            MEMBERS, "member_id,sector,committee,district,role,joined", "委员编号,界别,专委会,县市区,职务,加入年份"
        ),
        "「委员编号」改成 member_id",
        line=1,
    ),
    Mistake(
        "members-unreadable",
        "委员名单被另一个程序存成了无法识别的格式",
        write(MEMBERS, bytes(range(256))),
        "无法识别文件的编码",
        line=None,
    ),
    Mistake(
        "members-unknown-district",
        "县市区写成了不存在的“南阳县”",
        append(MEMBERS, "W3001,民盟,提案委员会,南阳县,委员,2017\n"),
        "「南阳县」不是允许的值",
    ),
    Mistake(
        "members-district-not-in-committee-file",
        "县市区填了 data/committee.yaml 里没有列出的值（该去那里加上）",
        append(MEMBERS, "W3001,民盟,提案委员会,高新区,委员,2017\n"),
        "可填的值在 data/committee.yaml 里设定",
    ),
    Mistake(
        "members-duplicate-id", "委员编号重复", append(MEMBERS, "W0001,民盟,提案委员会,南召县,委员,2017\n"), "W0001"
    ),
    Mistake(
        "members-extra-column",
        "表头多了一列“email”",
        replace(
            MEMBERS,
            "member_id,sector,committee,district,role,joined",
            "member_id,sector,committee,district,role,joined,email",
        ),
        "email",
        line=1,
    ),
    Mistake(
        "records-script-in-notes",
        "心得里粘贴进了网页代码",
        append(RECORDS, '2021-12-31,W0001,,一本好书,40,自学,,"读后很受启发<script>alert(1)</script>",是\n'),
        "HTML 标签",
        build="escapes",
        shows="<script>alert(1)</script>",
    ),
]

REPORT = "data/reports/2020.md"
COMMITTEE = "data/committee.yaml"

#: Work reports (data/reports/), the committee's facts (data/committee.yaml), pages typed where the build writes
#: pages, and a year of reading records as its own file.
COLLECTION_MISTAKES = [
    Mistake(
        "report-kind-typo",
        "报告类别写成了表里没有的值",
        replace(REPORT, "kind: 解读 ", "kind: 讲话 "),
        "「讲话」不是允许的值，只能填：报告、解读",
    ),
    Mistake(
        "report-byline-changed",
        "说明里的署名与正文的署名行不一致",
        replace(REPORT, "byline: 文字/徐蕾 ", "byline: 文/徐蕾 "),
        "正文里找不到署名行「文/徐蕾」",
    ),
    Mistake(
        "report-page-heading-typo",
        "分页说明里的小标题抄错了一个字",
        replace(REPORT, "    from: 2021年工作安排", "    from: 2021年工作计划"),
        "正文里没有小标题「### 2021年工作计划」",
    ),
    Mistake(
        "report-pages-out-of-order",
        "分页说明的顺序与正文不一致",
        replace(
            REPORT,
            "  - id: plan-2021\n    from: 2021年工作安排\n  - id: strive\n    from: 努力奋斗全面建设 社会主义现代化南阳",
            "  - id: strive\n    from: 努力奋斗全面建设 社会主义现代化南阳\n  - id: plan-2021\n    from: 2021年工作安排",
        ),
        "pages 要按小标题在正文里出现的先后顺序排列",
        line="pages:",
    ),
    Mistake(
        "report-no-front-matter",
        "新报告文件忘了写开头的说明",
        write("data/reports/2019.md", "# 某年工作报告\n\n### 一、回顾\n\n正文。\n"),
        "报告文件开头缺少说明",
        line=1,
    ),
    Mistake(
        "committee-duplicate-value",
        "委员会基本情况里同一个界别写了两次",
        replace(COMMITTEE, "  - 民盟\n", "  - 民盟\n  - 民盟\n"),
        "「民盟」重复了",
        line="sectors:",
        build="fails",
    ),
    Mistake(
        "committee-unknown-field",
        "委员会基本情况里多写了一个字段",
        append(COMMITTEE, "chairman: 某某\n"),
        "不认识的字段「chairman」",
    ),
    Mistake(
        "records-year-file-of-another-year",
        "把上一年的读书记录上传成了今年的文件",
        write(
            "data/reading-records/2022.csv",
            "date,member_id,book_id,book_title,minutes,activity,notes_chars,notes\n"
            "2021-12-30,W0001,xiangtu-zhongguo,,40,自学,0,\n",
        ),
        "文件名说这是 2022 年的记录，但全部 1 行的日期都在 2021 年",
        line=2,
    ),
]

ALL = MISTAKES + CSV_MISTAKES + COLLECTION_MISTAKES
