"""The Content-Security-Policy of deploy/nginx/security-headers.conf, kept true to the built site.

Every page has a few small inline scripts: Material's three (its storage helpers, the colour palette switch,
the tab that a #link opens) and the site's own two that run before the first paint (the stored 字号, the palette
of a first visit). Rather than
allow every inline script ('unsafe-inline'), the policy allows exactly these by their SHA-256 hashes. When Material is upgraded, or a theme override adds an inline
script, the hashes change; then run, after `make build`:

    python deploy/csp.py site            # show the hashes the site needs and whether the config has them
    python deploy/csp.py site --write     # put them into deploy/nginx/security-headers.conf

tests/test_deploy.py fails, naming this command, when the config and the built site disagree.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from pathlib import Path

HEADERS_CONF = Path(__file__).resolve().parent / "nginx" / "security-headers.conf"
INLINE_SCRIPT_RE = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
HEADER_RE = re.compile(r'^\s*add_header\s+(?P<name>[A-Za-z-]+)\s+"(?P<value>[^"]*)"', re.M)
HASHES_RE = re.compile(r"(script-src 'self')((?: 'sha256-[A-Za-z0-9+/=]+')*)")


def inline_script_hashes(site: Path) -> set[str]:
    """'sha256-…' of every inline script the browser runs, over all HTML files of a built site."""
    hashes = set()
    for page in site.rglob("*.html"):
        for match in INLINE_SCRIPT_RE.finditer(page.read_text(encoding="utf-8")):
            attrs = match.group("attrs").lower()
            if " src=" in attrs or re.search(r"type=[\"']?(?!text/javascript|module)[a-z]", attrs):
                continue  # loaded from a file, or data such as type="application/json": not run inline
            digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
            hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def read_headers(conf: Path = HEADERS_CONF) -> dict[str, str]:
    """The headers the nginx snippet adds, by name (what tests send from their own server, so they cannot drift)."""
    return {m.group("name"): m.group("value") for m in HEADER_RE.finditer(conf.read_text(encoding="utf-8"))}


def configured_hashes(conf: Path = HEADERS_CONF) -> set[str]:
    policy = read_headers(conf)["Content-Security-Policy"]
    return set(re.findall(r"'sha256-[A-Za-z0-9+/=]+'", policy))


def write_hashes(hashes: set[str], conf: Path = HEADERS_CONF) -> None:
    text = conf.read_text(encoding="utf-8")
    new, count = HASHES_RE.subn(lambda m: m.group(1) + "".join(f" {h}" for h in sorted(hashes)), text)
    if count != 1:
        raise SystemExit(f"{conf}: expected one \"script-src 'self' …\" in the Content-Security-Policy")
    conf.write_text(new, encoding="utf-8")


NGINX_CONF = HEADERS_CONF.with_name("shuxiang.conf")
ADMIN_LOCATION_RE = re.compile(r"location \^~ /admin/ \{(?P<body>.*?)\n    \}", re.S)


def admin_headers(conf: Path = NGINX_CONF) -> dict[str, str]:
    """The headers of the editor's location (/admin/): its own policy, the only one with 'unsafe-eval'."""
    found = ADMIN_LOCATION_RE.search(conf.read_text(encoding="utf-8"))
    if found is None:
        raise SystemExit(f"{conf}: no `location ^~ /admin/ {{ … }}` block")
    return {m.group("name"): m.group("value") for m in HEADER_RE.finditer(found.group("body"))}


def main(argv: list[str]) -> int:
    if not argv or not Path(argv[0]).is_dir():
        print(__doc__)
        return 2
    needed, present = inline_script_hashes(Path(argv[0])), configured_hashes()
    if needed == present:
        print(f"The policy allows exactly the {len(needed)} inline scripts of the site.")
        return 0
    if "--write" in argv:
        write_hashes(needed)
        print(f"Updated {HEADERS_CONF}: {len(needed)} script hashes.")
        return 0
    print("The site needs:\n  " + "\n  ".join(sorted(needed)))
    print(f"Missing from the policy: {sorted(needed - present)}\nNo longer needed: {sorted(present - needed)}")
    print("Run: python deploy/csp.py site --write")
    return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
