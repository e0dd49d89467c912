"""Debian's chromium and the flags every headless run uses (PDF handouts, tests, audit, benchmarks)."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: Headless, no sandbox (containers, CI as root), and nothing that would talk to another host.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
