"""The shipped pre-commit hook, run by real pre-commit in throwaway git repositories.

The hook repository is a copy of this source tree committed into a temporary git
repository, so the test checks the working tree as it is (committed or not) and
works the same in a fresh CI clone. pre-commit builds the hook's virtualenv from
it with pip (dependencies come from the package index), in a PRE_COMMIT_HOME
under the test's temporary directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "archlint", "checks", "grammar")
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]

GOOD = 'title = "good"\nfn: lambda { timeout = 1m }\n'
BAD = 'title = "bad"\nfn: lambda { timeout = 20m }\n'


def git(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=True, timeout=120)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("precommit")
    (home / "gitconfig").write_text("")
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(home / "cache"),
        "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),   # no user hooks or templates
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.com",
        "PRE_COMMIT_COLOR": "never",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """This source tree as a one-commit git repository: (path, commit)."""
    source = tmp_path_factory.mktemp("archlint-src")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in SOURCES:
        origin = REPO / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=ignore)
        else:
            shutil.copy2(origin, source / name)
    git("init", "-q", cwd=source, env=env)
    git("add", "-A", cwd=source, env=env)
    git("commit", "-q", "-m", "archlint under test", cwd=source, env=env)
    return source, git("rev-parse", "HEAD", cwd=source, env=env).stdout.strip()


@pytest.fixture
def project(tmp_path: Path, env: dict[str, str]) -> Path:
    """A user's repository with one good and one bad architecture and a config."""
    git("init", "-q", cwd=tmp_path, env=env)
    # only the Lambda duration rule, so the test does not depend on the whole catalogue
    (tmp_path / ".archlint.yaml").write_text("select: [CMP001]\n")
    (tmp_path / "good.arch").write_text(GOOD)
    (tmp_path / "bad.arch").write_text(BAD)
    git("add", ".archlint.yaml", "good.arch", "bad.arch", cwd=tmp_path, env=env)
    return tmp_path


def pre_commit(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PRE_COMMIT, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=900)


def test_manifest_is_valid(env: dict[str, str]) -> None:
    done = pre_commit("validate-manifest", str(REPO / ".pre-commit-hooks.yaml"), cwd=REPO, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["archlint"]["entry"].startswith("archlint check")
    assert hooks["archlint"]["language"] == "python"
    assert hooks["archlint"]["files"] == r"\.(arch|md)$"
    assert hooks["archlint-render"]["entry"] == "archlint render --check"
    assert hooks["archlint-fmt"]["entry"] == "archlint fmt"


@pytest.mark.slow
def test_try_repo_passes_the_good_file_and_refuses_the_bad(
        hook_repo: tuple[Path, str], project: Path, env: dict[str, str]) -> None:
    source, _ = hook_repo
    both = pre_commit("try-repo", str(source), "archlint", "--files", "good.arch", "bad.arch",
                      cwd=project, env=env)
    output = both.stdout + both.stderr
    print(output)   # shown with -s: the run the closing note quotes
    assert both.returncode == 1, output
    assert "archlint" in output and "Failed" in output
    assert ("bad.arch:2:14: CMP001 [error] Lambda function 'fn' is configured with timeout 20m "
            "(= 1,200 s), over the 900 s (15 min) maximum") in output
    assert "good.arch" not in output.split("Failed", 1)[1]

    good = pre_commit("try-repo", str(source), "archlint", "--files", "good.arch",
                      cwd=project, env=env)
    output = good.stdout + good.stderr
    assert good.returncode == 0, output
    assert "Passed" in output
    assert "All checks passed" not in output     # the hook is quiet on success


@pytest.mark.slow
def test_commit_is_refused_then_accepted(
        hook_repo: tuple[Path, str], project: Path, env: dict[str, str]) -> None:
    source, commit = hook_repo
    # the relative path, as try-repo writes it, so that pre-commit reuses the hook's env
    where = os.path.relpath(source, project)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {where}\n    rev: {commit}\n    hooks:\n      - id: archlint\n")
    installed = pre_commit("install", cwd=project, env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git("add", ".pre-commit-config.yaml", cwd=project, env=env)

    refused = subprocess.run(["git", "commit", "-m", "add designs"], cwd=project, env=env,
                             capture_output=True, text=True, timeout=900)
    output = refused.stdout + refused.stderr
    print(output)
    assert refused.returncode != 0, output
    assert "bad.arch:2:14: CMP001 [error]" in output
    no_head = subprocess.run(["git", "rev-parse", "--verify", "HEAD"], cwd=project, env=env,
                             capture_output=True, text=True)
    assert no_head.returncode != 0        # nothing was committed

    (project / "bad.arch").write_text(BAD.replace("20m", "15m"))
    git("add", "bad.arch", cwd=project, env=env)
    accepted = subprocess.run(["git", "commit", "-m", "fixed"], cwd=project, env=env,
                              capture_output=True, text=True, timeout=900)
    output = accepted.stdout + accepted.stderr
    assert accepted.returncode == 0, output
    assert "Passed" in output and "CMP001" not in output


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is required")
def test_render_hook_checks_markdown_links(
        hook_repo: tuple[Path, str], project: Path, env: dict[str, str]) -> None:
    """The archlint-render hook with `args: [--update-markdown, ...]` fails while a
    block's picture link is missing and passes once `render --update-markdown` ran."""
    source, commit = hook_repo
    where = os.path.relpath(source, project)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {where}\n    rev: {commit}\n    hooks:\n      - id: archlint-render\n"
        "        args: [--update-markdown, --format, svg]\n")
    (project / "design.md").write_text("# Design\n\n```archlint\n" + GOOD + "```\n")
    git("add", "-A", cwd=project, env=env)
    stale = pre_commit("run", "archlint-render", "--files", "design.md", cwd=project, env=env)
    output = stale.stdout + stale.stderr
    assert stale.returncode == 1, output
    assert "design.md: image links missing or out of date" in output

    from click.testing import CliRunner

    from archlint.cli import main

    done = CliRunner().invoke(main, ["render", "--update-markdown", "--format", "svg",
                                     str(project / "design.md")])
    assert done.exit_code == 0, done.output
    assert "![good](design-block1.svg)" in (project / "design.md").read_text()
    current = pre_commit("run", "archlint-render", "--files", "design.md", cwd=project, env=env)
    output = current.stdout + current.stderr
    assert current.returncode == 0, output


@pytest.mark.slow
def test_fmt_hook_rewrites_then_passes(
        hook_repo: tuple[Path, str], project: Path, env: dict[str, str]) -> None:
    source, _ = hook_repo
    messy = project / "messy.arch"
    messy.write_text("a:ec2{count=2}\n")
    doc = project / "doc.md"
    doc.write_text("Prose  stays.\n\n```archlint\nb:s3\n```\n")
    git("add", "messy.arch", "doc.md", cwd=project, env=env)
    first = pre_commit("try-repo", str(source), "archlint-fmt", "--files", "messy.arch",
                       "doc.md", "good.arch", cwd=project, env=env)
    output = first.stdout + first.stderr
    assert first.returncode == 1, output
    assert "files were modified by this hook" in output
    assert messy.read_text() == "a: ec2 { count = 2 }\n"
    assert doc.read_text() == "Prose  stays.\n\n```archlint\nb: s3\n```\n"
    assert (project / "good.arch").read_text() == GOOD
    second = pre_commit("try-repo", str(source), "archlint-fmt", "--files", "messy.arch",
                        "doc.md", cwd=project, env=env)
    assert second.returncode == 0, second.stdout + second.stderr
