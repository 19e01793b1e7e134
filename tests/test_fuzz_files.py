"""Property-based robustness beyond documents: configuration files, baselines and
directory trees with special files (symlinks in and out, broken links, loops,
FIFOs). Whatever they hold, `archlint check` exits 0, 1 or 2 with a message,
never a traceback, an internal error or a hang.

Bounded for CI: a few dozen examples per test, no deadline (the machine is
shared), and an alarm so that a blocking read fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from archlint.cli import main

FUZZ = settings(max_examples=15, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
DOCUMENT = "users: users\nlb: alb\nweb: ec2 { count = 2, azs = 1 }\nusers -> lb -> web\n"


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    """Fail, rather than hang, if a read blocks (a FIFO opened for reading)."""
    def expired(*_: object) -> None:
        raise TimeoutError("archlint blocked")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check(root: Path, *args: str) -> str:
    """Run `archlint check` in `root`; assert the outcome is a defined one."""
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with alarm(60):
            result = CliRunner().invoke(main, ["check", "--no-cache", *args])
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1, 2), (result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result.output


@contextmanager
def project() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory) / "repo"
        root.mkdir()
        (root / ".git").mkdir()   # a project root: nothing above it applies
        (root / "main.arch").write_text(DOCUMENT)
        yield root


# --- configuration files -----------------------------------------------------------

KEYS = ["select", "ignore", "fail-on", "fail_on", "severity", "rules", "include", "exclude",
        "per-file-ignores", "extend-select", "REL001", "REL002", "ALL", "error", "warning",
        "info", "never", "*.arch", "a/[z-a]", "**", "defer_to_rel001", "sla", "tool", "archlint"]
SCALARS = st.one_of(st.sampled_from(KEYS), st.integers(-10**6, 10**6), st.booleans(), st.none(),
                    st.floats(allow_nan=True), st.text(max_size=12))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=4),
                      max_leaves=20)
YAML_PIECES = ["select", ":", " ", "\n", "  ", "- ", "[", "]", "{", "}", ",", "REL001", "'", '"',
               "&a", "*a", "!!python/object:os.system", "<<: ", "fail-on", "error", "#", "---", "~",
               "per-file-ignores", "\"*.arch\"", "99999999999999999999", "\t", "%YAML 1.2", "?"]
TOML_PIECES = ["[tool.archlint]", "[tool.\"archlint\"]", "\n", "select", " = ", "[", "]", "\"REL\"",
               ",", "{", "}", "fail-on", "'error'", "tool = 5", "[[tool.archlint.x]]", "#",
               "1e999", "0x10", "\"\"\"", "per-file-ignores", "\"a/[z-a]\" = [\"ALL\"]", "true"]


@FUZZ
@given(VALUES)
def test_random_yaml_configuration(value: object) -> None:
    with project() as root:
        (root / ".archlint.yaml").write_text(json.dumps(value))   # JSON is YAML
        check(root, "main.arch")


@FUZZ
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=40))
def test_yaml_made_of_configuration_pieces(pieces: list[str]) -> None:
    with project() as root:
        (root / ".archlint.yaml").write_text("".join(pieces))
        check(root, "main.arch")


@FUZZ
@given(st.lists(st.sampled_from(TOML_PIECES), max_size=30), st.booleans())
def test_toml_made_of_configuration_pieces(pieces: list[str], explicit: bool) -> None:
    with project() as root:
        (root / "pyproject.toml").write_text("archlint\n" + "".join(pieces))
        check(root, *(["--config", "pyproject.toml"] if explicit else []), "main.arch")


@FUZZ
@given(st.binary(max_size=200))
def test_configuration_bytes(data: bytes) -> None:
    with project() as root:
        (root / ".archlint.yaml").write_bytes(data)
        check(root, "main.arch")


# --- baselines -------------------------------------------------------------------

ENTRY = st.fixed_dictionaries({}, optional={
    "file": st.sampled_from(["main.arch", "../main.arch", "", "x"]) | st.integers(),
    "element": st.sampled_from(["web", "lb", None]) | st.integers(),
    "rule": st.sampled_from(["REL001", "REL002", "E100", ""]) | st.none(),
    "count": st.integers(-5, 10**30) | st.floats() | st.text(max_size=3) | st.booleans(),
})


@FUZZ
@given(st.one_of(
    st.fixed_dictionaries({"archlint-baseline": st.sampled_from([1, 2, "1", None, True]),
                           "findings": st.lists(ENTRY, max_size=5) | VALUES}),
    VALUES))
def test_random_baseline(document: object) -> None:
    with project() as root:
        (root / "baseline.json").write_text(json.dumps(document))
        check(root, "--baseline", "baseline.json", "main.arch")


@FUZZ
@given(st.binary(max_size=200))
def test_baseline_bytes(data: bytes) -> None:
    with project() as root:
        (root / "baseline.json").write_bytes(data)
        check(root, "--baseline", "baseline.json", "main.arch")


# --- directory trees with special files ---------------------------------------------

ENTRIES = ["file", "bad-file", "dir", "link-in", "link-out", "link-dir-out", "broken", "loop",
           "fifo", "link-fifo", "link-dev"]
NAMED_BY_CHOICE = {"fifo", "link-fifo", "link-dir-out"}
NAMES = st.sampled_from(["a.arch", "b.md", "c.arch", "d.markdown", "e.txt", ".hidden.arch",
                         "sub/f.arch", "sub/g.md", "sub/deeper/h.arch", "node_modules/i.arch"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs symlinks and FIFOs")
@FUZZ
@given(st.lists(st.tuples(NAMES, st.sampled_from(ENTRIES)), max_size=8), st.booleans())
def test_directory_tree_with_special_files(entries: list[tuple[str, str]], named: bool) -> None:
    with project() as root:
        outside = root.parent / "outside.arch"
        outside.write_text("secret: ec2 {\n")
        made: dict[str, str] = {}
        for name, what in entries:
            path = root / name
            if path.exists() or path.is_symlink():
                continue
            made[name] = what
            path.parent.mkdir(parents=True, exist_ok=True)
            make = {
                "file": lambda p: p.write_text(DOCUMENT.replace("web", f"web_{p.stem}")),
                "bad-file": lambda p: p.write_bytes(b"a: ec2 {\xff\n"),
                "dir": lambda p: p.mkdir(),
                "link-in": lambda p: p.symlink_to(root / "main.arch"),
                "link-out": lambda p: p.symlink_to(outside),
                "link-dir-out": lambda p: p.symlink_to(root.parent, target_is_directory=True),
                "broken": lambda p: p.symlink_to(root / "missing.arch"),
                "loop": lambda p: p.symlink_to(p),
                "fifo": lambda p: os.mkfifo(p),
                "link-fifo": lambda p: (os.mkfifo(root.parent / "pipe") if not (root.parent / "pipe").exists()
                                        else None, p.symlink_to(root.parent / "pipe")),
                "link-dev": lambda p: p.symlink_to("/dev/zero"),
            }
            make[what](path)
        # named paths may be pipes (the user's choice: they block) or directories
        # anywhere (the user's choice: walked); a walk decides for itself
        targets = [name for name, what in made.items() if named and what not in NAMED_BY_CHOICE]
        targets = [t for t in targets if (root / t).exists()] or ["."]
        output = check(root, *targets)
        assert "secret" not in output   # nothing outside the project is ever read
