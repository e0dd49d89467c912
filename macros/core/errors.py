"""Problems found in content and data, reported all at once and in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .paths import PROJECT_ROOT


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file: where it is and what to do about it."""

    file: str
    line: int | None
    message: str
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" 第 {self.line} 行"
        if self.column:
            where += f"「{self.column}」"
        return f"{where}：{self.message}"


def relative_name(path: Path | str) -> str:
    """The path as staff see it in the repository (relative to the project root)."""
    path = Path(path)
    try:
        return path.resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass
class Problems:
    """A collector: loaders add to it and carry on, so that every mistake is reported in one go."""

    items: list[Problem] = field(default_factory=list)

    def add(self, file: Path | str, line: int | None, message: str, column: str | None = None) -> None:
        self.items.append(Problem(relative_name(file), line, message, column))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)


class ContentError(Exception):
    """Raised when content or data has mistakes; its text lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message))
        super().__init__(format_problems(self.problems))

    def __reduce__(self):
        """Pickled with its problems (core/bulk.py sends it back from a forked copy), not with its text."""
        return (type(self), (self.problems,))


def format_problems(problems: list[Problem], outcome: str = "网站没有生成") -> str:
    lines = [f"发现 {len(problems)} 处问题，{outcome}。请逐条修改后再试：", ""]
    lines += [f"  {i}. {p}" for i, p in enumerate(problems, 1)]
    lines += ["", "修改方法见 /contribute/ 页面（贡献指南）；看不懂的提示可以原样发给技术同事。"]
    return "\n".join(lines)
