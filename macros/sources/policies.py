"""Policy texts: Markdown pages in docs/policies/ whose front matter carries their metadata."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Problems
from ..core.paths import POLICIES_DIR
from ..structure.site_map import POLICY
from .committee import CommitteeFacts
from .schemas import PolicyMeta, validate_model
from .textfiles import parse_front_matter, read_text


@dataclass(frozen=True)
class Policy:
    id: str
    meta: PolicyMeta
    file: Path

    @property
    def page(self) -> str:
        return POLICY.page(id=self.id)


def load_policies(problems: Problems, folder: Path = POLICIES_DIR, facts: CommitteeFacts | None = None) -> list[Policy]:
    """Every policy page but the index, newest first (a date known only to the year sorts as that year, unknown dates last)."""
    policies: list[Policy] = []
    for path in sorted(folder.glob("*.md")):
        if path.stem == "index":
            continue
        text = read_text(path, problems)
        if text is None:
            continue
        missing = (
            "政策文件页面开头缺少元数据（front matter）：第一行写 ---，"
            "然后写 title、issuer、date、status、source、full_text，再写一行 ---"
        )
        parsed = parse_front_matter(text, path, problems, missing)
        if parsed is None:
            continue
        meta = validate_model(PolicyMeta, parsed[0], path, parsed[1], problems, facts)
        if meta is not None:
            policies.append(Policy(path.stem, meta, path))
    return sorted(policies, key=lambda p: (p.meta.date or "", p.id), reverse=True)
