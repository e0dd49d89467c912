"""Build a project folder as `make build` does: `properdocs build --strict`, then the steps on the built site
(`python -m macros.site`). Tests and benchmarks use this, so none of them builds differently from the Makefile."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def build_site(
    project: Path, site_dir: Path, env: dict[str, str] | None = None, quiet: bool = False, timeout: int = 300
) -> subprocess.CompletedProcess:
    """Both commands in `project` (environment `env`, default: this one); the output of both, the first failure's
    exit status."""
    environment = {**(os.environ if env is None else env), "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    commands = [
        [sys.executable, "-m", "properdocs", "build", "--strict", *(["--quiet"] if quiet else []), "-d", str(site_dir)],
        [sys.executable, "-m", "macros.site", str(site_dir)],
    ]
    stdout = stderr = ""
    for command in commands:
        result = subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, timeout=timeout)
        stdout, stderr = stdout + result.stdout, stderr + result.stderr
        if result.returncode != 0:
            break
    return subprocess.CompletedProcess(commands[0], result.returncode, stdout, stderr)
