"""macros/sources/site_config.py: which addresses are placeholders, and what the build says about them."""

from __future__ import annotations

import pytest

from macros.sources.site_config import is_placeholder, load_site_config, placeholder_notice


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
