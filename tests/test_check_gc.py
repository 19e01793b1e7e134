"""`archlint check` runs with the cyclic collector paused from start to end (the
rules' and parser's imports set off collections that found nothing), and leaves
it as it found it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from click.testing import CliRunner

import archlint.run.runner
from archlint.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "three-tier-web.arch"


def test_check_runs_with_the_collector_paused_and_restores_it(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = archlint.run.runner.check_paths

    def recording(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(archlint.run.runner, "check_paths", recording)
    assert gc.isenabled()
    result = CliRunner().invoke(main, ["check", "--no-cache", str(SAMPLE)])
    assert result.exit_code in (0, 1), result.output
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        CliRunner().invoke(main, ["check", "--no-cache", str(SAMPLE)])
        assert not gc.isenabled()   # a caller that paused it keeps it paused
    finally:
        gc.enable()
