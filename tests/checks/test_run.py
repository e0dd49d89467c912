"""macros/checks/run.py (make check / make fix) on the real project, and the small modules it adds."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import PROJECT_ROOT, snapshot

from macros.checks.data_markup import check_data_markup
from macros.checks.run import run_check, typography_files
from macros.core.errors import Problems
from macros.sources.site_config import load_site_config


def run_check_command(folder, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m macros.checks` (make check; `--fix`: make fix) in a project folder, with extra environment."""
    return subprocess.run(
        [sys.executable, "-m", "macros.checks", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})},
        timeout=300,
    )


def test_the_real_project_passes_the_check():
    result = run_check()
    assert result.ok, "\n".join(map(str, result.problems))
    assert result.pages_checked and result.content is not None


def test_check_command_says_so_in_chinese():
    result = run_check_command(PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("检查通过：") and "个词条" in result.stdout


def test_fix_on_a_clean_project_changes_nothing(project_copy):
    before = snapshot(project_copy)
    result = run_check_command(project_copy, "--fix")
    assert result.returncode == 0, result.stderr
    assert snapshot(project_copy) == before


def test_fix_resaves_files_saved_by_chinese_office_programs_as_utf8_without_changing_a_character(project_copy):
    records, glossary = project_copy / "data/reading_records.csv", project_copy / "glossary/weixieshang.yaml"
    texts = {path: path.read_bytes().decode("utf-8-sig") for path in (records, glossary)}
    records.write_bytes(texts[records].encode("gb18030"))  # Excel's "CSV (逗号分隔)" on Chinese Windows
    glossary.write_bytes(texts[glossary].encode("utf-16"))  # Notepad's "Unicode"
    before = run_check_command(project_copy)
    assert before.returncode == 1 and "GBK/GB18030" in before.stderr and "UTF-16" in before.stderr
    fixed = run_check_command(project_copy, "--fix")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "已自动改正：data/reading_records.csv" in fixed.stdout and "glossary/weixieshang.yaml" in fixed.stdout
    assert records.read_bytes().decode("utf-8-sig") == texts[records]  # every character, as it was
    assert glossary.read_bytes().decode("utf-8") == texts[glossary]


def test_fix_corrects_typography_and_leaves_the_rest_to_staff(project_copy):
    page = project_copy / "docs" / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n共 3 个栏目,欢迎阅读.\n\n[坏链接](nope.md)\n", encoding="utf-8"
    )
    report = project_copy / "data" / "reports" / "2020.md"
    report_before = report.read_bytes()
    result = run_check_command(project_copy, "--fix")
    assert result.returncode == 1
    assert "已自动改正：docs/index.md" in result.stdout
    assert "共3个栏目，欢迎阅读。" in page.read_text(encoding="utf-8")
    assert "nope.md" in result.stderr and "公文" not in result.stderr
    assert report.read_bytes() == report_before  # the verbatim report is never touched


def test_typography_never_looks_at_the_verbatim_report():
    files = [p.relative_to(PROJECT_ROOT).as_posix() for p in typography_files()]
    assert "docs/index.md" in files and "glossary/weixieshang.yaml" in files
    assert not any(f.startswith("data/") for f in files)


def test_data_markup_is_refused_line_by_line(tmp_path):
    data = tmp_path / "records.csv"
    data.write_text(
        '日期,心得\n2021-03-01,读了<b>好书</b>\n2021-03-02,很好\n2021-03-03,"x onerror=alert(1)"\n', encoding="utf-8"
    )
    problems = Problems()
    check_data_markup(problems, [data])
    assert [p.line for p in problems.items] == [2, 4]


def test_site_config_is_read_like_mkdocs():
    site = load_site_config()
    assert "index.md" in site.nav_pages and "contribute/index.md" in site.nav_pages
    assert site.extensions[:3] == ["toc", "tables", "fenced_code"] and "pymdownx.superfences" in site.extensions
    assert callable(site.extension_configs["toc"]["slugify"])
    assert "assets/stylesheets/extra.css" in site.assets


def _dry_run(target: str) -> list[str]:
    venv = PROJECT_ROOT / ".venv"
    result = subprocess.run(
        ["make", "-n", "--no-print-directory", target, f"VENV={venv}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_make_test_and_make_build_run_the_check_first():
    for target, then in (("test", "pytest"), ("build", "properdocs build")):
        lines = _dry_run(target)
        check = next(i for i, line in enumerate(lines) if "-m macros.checks" in line)
        assert check < next(i for i, line in enumerate(lines) if then in line), lines


def test_ci_and_pre_commit_call_the_same_command():
    import yaml

    hooks = yaml.safe_load((PROJECT_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for repo in hooks["repos"] for h in repo["hooks"]]
    assert hook["entry"] == "make check" and hook["language"] == "system" and hook["pass_filenames"] is False
    # The pull request's first job runs the same check, in the host's format (make verdict), the test jobs make test.
    workflow = yaml.safe_load((PROJECT_ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    github = {job: [s.get("run", "") for s in spec["steps"]] for job, spec in workflow["jobs"].items()}
    gitlab = yaml.safe_load((PROJECT_ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "make verdict CHECK_FORMAT=github" in github["check"]
    assert "make verdict CHECK_FORMAT=gitlab" in gitlab["check"]["script"]
    assert "make test" in github["test"] and "make test" in gitlab["test"]["script"]
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\n\t@$(BIN)/python -m macros.checks\n" in makefile  # make check
    assert "\n\t@$(BIN)/python -m macros.checks --format $(CHECK_FORMAT)\n" in makefile  # make verdict
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_data_markup_is_found_in_every_encoding_the_loaders_read(tmp_path):
    # files without any byte of < = { ] are not decoded at all: the markup of a UTF-16 or GBK file must still be found
    text = "日期,心得\n2021-03-01,很好\n2021-03-02,读了<b>好书</b>\n"
    files = []
    for encoding in ("utf-8", "utf-16", "gb18030"):
        files.append(tmp_path / f"{encoding}.csv")
        files[-1].write_bytes(text.encode(encoding))
    clean = tmp_path / "clean.csv"
    clean.write_text("日期,心得\n2021-03-01,很好\n", encoding="utf-8")
    problems = Problems()
    check_data_markup(problems, [*files, clean])
    assert [(p.file, p.line) for p in problems.items] == [(str(f), 3) for f in files]
