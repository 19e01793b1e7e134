"""The cyclic garbage collector is paused while a document is parsed and checked
(archlint/language/collector.py), and always given back as it was: after a
result, after a syntax error, after any exception, and left paused for a caller
that paused it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Callable

import pytest

from archlint.language.collector import without_gc
from archlint.language.parser import ParseError, parse
from archlint.run.engine import check_text


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        (gc.enable if was else gc.disable)()


def _seen_during(call: Callable[[], object]) -> bool:
    """Whether the collector was enabled while `call` ran (through a callback)."""
    seen = []
    gc.callbacks.append(lambda phase, info: seen.append(phase))
    try:
        call()
    finally:
        gc.callbacks.pop()
    return bool(seen)


def test_parse_pauses_the_collector_and_gives_it_back() -> None:
    assert isinstance(parse("web: ec2 { count = 2 }"), object)
    assert gc.isenabled()


def test_a_syntax_error_gives_the_collector_back() -> None:
    with pytest.raises(ParseError):
        parse("web: ec2 {")
    assert gc.isenabled()
    result = check_text("web: ec2 {\n")   # the engine's pause too
    assert result.findings and result.findings[0].rule_id == "E100"
    assert gc.isenabled()


def test_any_exception_gives_the_collector_back() -> None:
    @without_gc
    def fails() -> None:
        assert not gc.isenabled()
        raise KeyError("boom")

    with pytest.raises(KeyError):
        fails()
    assert gc.isenabled()


def test_a_caller_that_paused_the_collector_keeps_it_paused() -> None:
    gc.disable()
    parse("web: ec2")
    with pytest.raises(ParseError):
        parse("@")
    assert not gc.isenabled()


def test_no_collection_runs_during_a_parse() -> None:
    text = "\n".join(f"n{i}: ec2 {{ count = 2 }}" for i in range(3000))
    assert _seen_during(gc.collect)   # the probe does see a collection when one runs
    assert not _seen_during(lambda: parse(text))
