"""Property-based robustness: whatever the input, archlint answers with findings
(its own positioned errors), never an exception or a traceback.

Bounded for CI: a few hundred examples in all, no deadline (the machine is shared).
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from archlint.cli import main
from archlint.run.engine import check_text
from archlint.run.runner import check_paths

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").rglob("*.arch"))
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
POSITIONED = re.compile(r"^[^\n:]+:\d+:\d+: E1\d\d ", re.MULTILINE)
TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[A-Za-z_0-9.%/]+|<->|->|<-|--|\S')

# Pieces of the language, so that random documents are often almost valid.
WORDS = ["web", "db", "lb", "ec2", "rds", "alb", "s3", "sqs", "lambda", "vpc", "region", "az",
         "subnet", "group", "include", "true", "false", "count", "azs", "timeout", "multi_az",
         "->", "<-", "<->", "--", ":", "=", ",", ";", "{", "}", "[", "]", '"label"', '"x\\"y"',
         "15m", "900s", "5GB", "2GiB", "99.9%", "3000/s", "5MB/s", "4", "1_000", "2.5", "#c\n",
         "// c\n", "\n", " ", "\t", "# archlint: ignore[REL001] why\n", "0", "_x1"]


def check_never_raises(text: str) -> None:
    result = check_text(text)
    for finding in result.findings:
        assert finding.span.line >= 1 and finding.span.column >= 1
    if result.graph is None:
        assert any(f.is_input_error for f in result.findings)


def mutate(text: str, data: st.DataObject) -> str:
    tokens = TOKEN.findall(text) or ["a"]
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(tokens) - 1))
        j = data.draw(st.integers(0, len(tokens) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "swap", "replace"]))
        if action == "delete" and len(tokens) > 1:
            del tokens[i]
        elif action == "duplicate":
            tokens.insert(i, tokens[i])
        elif action == "swap":
            tokens[i], tokens[j] = tokens[j], tokens[i]
        else:
            tokens[i] = data.draw(st.sampled_from(WORDS))
    return " ".join(tokens)


@FUZZ
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    check_never_raises(text)


@FUZZ
@given(st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join))
def test_random_sequences_of_language_pieces(text: str) -> None:
    check_never_raises(text)


@FUZZ
@given(st.sampled_from(SAMPLES), st.data())
def test_mutated_samples(sample: Path, data: st.DataObject) -> None:
    text = mutate(sample.read_text(), data)
    check_never_raises(text)


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_through_the_engine(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.arch"
    path.write_bytes(data)
    report = check_paths([path])
    for finding in report.findings:
        assert finding.span.line >= 1 and finding.span.column >= 1


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200),
                 st.lists(st.sampled_from(WORDS), max_size=40).map(lambda w: " ".join(w).encode())))
def test_cli_never_prints_a_traceback(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.arch"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["check", "--no-cache", str(path)])
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2)
    if result.exit_code == 2:
        assert POSITIONED.search(result.output), result.output
