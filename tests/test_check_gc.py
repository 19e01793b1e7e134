"""`archlint check` runs with the cyclic collector paused from start to end (the
rules' and parser's imports set off collections that found nothing), and leaves
it as it found it; the program itself spares the interpreter's last collection."""

from __future__ import annotations

import gc
import subprocess
import sys
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


EXIT_PROBE = """
import atexit, gc, sys
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0))
sys.argv = ["archlint", *sys.argv[1:]]
from archlint.cli import run
run()
"""


@pytest.mark.parametrize("arguments", [["check", "--no-cache"], ["check", "--no-cache", "--select", "NOPE"]])
def test_the_program_spares_its_last_collection(arguments: list[str]) -> None:
    """The program (`run`) hands the interpreter a frozen heap at exit, whether the
    command succeeds or fails, with its usual output and exit code."""
    done = subprocess.run([sys.executable, "-c", EXIT_PROBE, *arguments, str(SAMPLE)],
                          capture_output=True, text=True, timeout=120)
    plain = CliRunner().invoke(main, [*arguments, str(SAMPLE)])
    assert done.returncode == plain.exit_code
    assert done.stdout == plain.stdout + "frozen at exit: True\n"


def test_a_command_run_in_process_leaves_the_collector_unfrozen() -> None:
    before = gc.get_freeze_count()
    CliRunner().invoke(main, ["check", "--no-cache", str(SAMPLE)])
    assert gc.get_freeze_count() == before


def test_what_the_check_leaves_alive_is_counted_as_old(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the check gives the collector back, what it allocated and kept is in the
    oldest generation (its first young collection would rescan all of it), and
    objects someone else froze stay frozen."""
    kept: list[list[int]] = []
    real = archlint.run.runner.check_paths

    def keeping(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        kept.append([1])
        return real(*args, **kwargs)

    monkeypatch.setattr(archlint.run.runner, "check_paths", keeping)
    CliRunner().invoke(main, ["check", "--no-cache", str(SAMPLE)])
    assert gc.isenabled() and any(o is kept[0] for o in gc.get_objects(generation=2))
    gc.freeze()
    try:
        CliRunner().invoke(main, ["check", "--no-cache", str(SAMPLE)])
        assert gc.get_freeze_count() > 0 and not any(o is kept[1] for o in gc.get_objects(generation=2))
    finally:
        gc.unfreeze()


GOES_ON_PROBE = """
import gc, sys
sys.argv = ["archlint", *sys.argv[1:]]
from archlint.cli import run
try:
    run()
except SystemExit:
    pass
print("frozen after run:", gc.get_freeze_count() > 0)
"""


def test_a_program_that_goes_on_after_run_keeps_its_collector() -> None:
    """The heap is frozen only as the interpreter ends, not when `run` returns."""
    done = subprocess.run([sys.executable, "-c", GOES_ON_PROBE, "check", "--no-cache", str(SAMPLE)],
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.endswith("frozen after run: False\n"), done.stdout[-300:]
