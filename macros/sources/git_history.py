"""When the sources last changed, from git commits, never from the clock, so that two builds of one commit are
identical. Without git history (a tarball) SOURCE_DATE_EPOCH stands in."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from ..core.paths import PROJECT_ROOT

BEIJING = timezone(timedelta(hours=8))


@lru_cache(maxsize=4)
def git_commit_times(root: Path = PROJECT_ROOT) -> dict[str, int]:
    """The time of the last commit of each file (paths relative to root); empty without git history."""
    try:
        log = subprocess.run(
            ["git", "-C", str(root), "log", "--relative", "--format=@%ct", "--name-only", "--", "."],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    times: dict[str, int] = {}
    current = 0
    for line in log.splitlines():
        if line.startswith("@"):
            current = int(line[1:])
        elif line and line not in times:
            times[line] = current
    return times


def source_date_epoch(root: Path = PROJECT_ROOT) -> int | None:
    """When the sources last changed: the newest git commit, else SOURCE_DATE_EPOCH; None if neither is known.
    Anything a build stamps with a date (handouts, PDF files) uses this, so that two builds of one commit agree."""
    times = git_commit_times(root)
    if times:
        return max(times.values())
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(epoch) if epoch.isdigit() else None


def beijing_time(timestamp: int) -> datetime:
    """A commit time as the day and hour it was in Beijing."""
    return datetime.fromtimestamp(timestamp, BEIJING)
