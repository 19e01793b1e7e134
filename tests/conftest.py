"""Shared test setup: keep the result cache inside the test run's temp directory,
so tests never read or write the user's ~/.cache/archlint (subprocesses inherit it)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory):
    previous = os.environ.get("ARCHLINT_CACHE_DIR")
    os.environ["ARCHLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("archlint-cache"))
    yield
    if previous is None:
        os.environ.pop("ARCHLINT_CACHE_DIR", None)
    else:
        os.environ["ARCHLINT_CACHE_DIR"] = previous
