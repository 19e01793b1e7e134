"""Shared test setup: keep the result cache inside the test run's temp directory,
so tests never read or write the user's ~/.cache/archlint (subprocesses inherit it).

Under CI (CI=true) hypothesis runs derandomized: a gate must give the same answer for
the same commit. Locally it keeps exploring new examples, which is how bugs are found.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True)
if os.environ.get("CI", "").lower() == "true":
    settings.load_profile("ci")


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory):
    previous = os.environ.get("ARCHLINT_CACHE_DIR")
    os.environ["ARCHLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("archlint-cache"))
    yield
    if previous is None:
        os.environ.pop("ARCHLINT_CACHE_DIR", None)
    else:
        os.environ["ARCHLINT_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """archlint's wheel, built once per session (tests/test_wheel.py, the import contracts)."""
    out = tmp_path_factory.mktemp("wheel")
    # build from a copy without build/: setuptools reuses build/lib, so a stale one from
    # an older layout would ship modules that no longer exist
    source = tmp_path_factory.mktemp("source") / "archlint"
    shutil.copytree(Path(__file__).resolve().parents[1], source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "node_modules", "__pycache__", ".hypothesis"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
                   check=True, capture_output=True, timeout=300)
    (built,) = out.glob("archlint-*.whl")
    return built
