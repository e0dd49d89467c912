"""macros/sources/site_config.py: which addresses are placeholders, and what the build says about them."""

from __future__ import annotations

import pytest

from macros.sources.site_config import NAV_SECTION_TAG, is_placeholder, load_site_config, placeholder_notice
from macros.structure.site_map import nav_sections


@pytest.mark.parametrize(
    "url",
    [None, "", "https://shuxiang.example/", "https://git.example.com/a/b", "http://example.org", "https://x.invalid/"],
)
def test_reserved_example_addresses_are_placeholders(url):
    assert is_placeholder(url)


@pytest.mark.parametrize("url", ["https://shuxiang.test/", "https://www.nyzx.gov.cn/", "http://127.0.0.1:8000/"])
def test_other_addresses_are_real(url):
    assert not is_placeholder(url)


def test_the_committed_addresses_are_placeholders_and_the_notice_names_both():
    raw = load_site_config().raw
    notice = placeholder_notice(raw["site_url"], raw["repo_url"])
    assert notice.startswith(
        "提示：mkdocs.yml 里的网站的公开地址（site_url）和源文件仓库的地址（repo_url）还是占位地址"
    )
    assert "不印二维码" in notice and "编辑此页" in notice
    assert placeholder_notice("https://shuxiang.test/", raw["repo_url"]).count("占位地址") == 1
    assert placeholder_notice("https://shuxiang.test/", "https://git.shuxiang.test/a/b") is None


def test_the_steps_after_a_build_read_mkdocs_yml_without_making_the_nav_from_the_content():
    # making a nav section loads all the content, the reading records too; the steps after a build use no nav
    full, bare = load_site_config(), load_site_config(nav=False)
    out = ("nav", "markdown_extensions")  # the extensions' slugify functions are made anew at each reading
    assert {k: v for k, v in full.raw.items() if k not in out} == {k: v for k, v in bare.raw.items() if k not in out}
    assert full.extensions == bare.extensions
    made, left = ([next(iter(item.values())) for item in config.raw["nav"]] for config in (full, bare))
    sections = [i for i, value in enumerate(left) if value == []]
    assert len(sections) == full.text.count(NAV_SECTION_TAG.removeprefix("tag:yaml.org,2002:")) == len(nav_sections())
    assert all(made[i] for i in sections)  # a section made from the content holds its index page at least
    assert [v for i, v in enumerate(left) if i not in sections] == [v for i, v in enumerate(made) if i not in sections]
