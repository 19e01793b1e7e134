"""`safe_read.decode_text` is `bytes.decode("utf-8-sig")` without the codec's module:
the same text, or the same error at the same positions, on any bytes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from archlint.language.sources import decode
from archlint.safe_read import decode_text

BOM = b"\xef\xbb\xbf"
PIECES = [BOM, b"\xef", b"\xbb", b"\xbf", b"\xff", b"\xc3\xa9", b"\xe2\x82", b"a", b"\n", b"\x00"]


def _outcome(decode, data: bytes, errors: str) -> object:
    try:
        return decode(data, errors)
    except UnicodeDecodeError as error:
        return (error.encoding, error.start, error.end, error.reason, error.object)


def _codec(data: bytes, errors: str) -> str:
    return data.decode("utf-8-sig", errors)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map(b"".join),
       st.sampled_from(["strict", "replace"]))
def test_same_text_or_same_error_as_the_codec(data: bytes, errors: str) -> None:
    assert _outcome(decode_text, data, errors) == _outcome(_codec, data, errors)


def test_only_a_leading_mark_is_dropped() -> None:
    assert decode_text(BOM + b"x") == "x" and decode_text(BOM + BOM) == "\ufeff"
    assert decode_text(b"x" + BOM) == "x\ufeff"


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"])
def test_an_invalid_byte_is_placed_where_it_is_with_or_without_a_byte_order_mark(mark: bytes) -> None:
    text, error = decode(mark + b"a: ec2\n\xff: ec2\n", "bom.arch")
    assert text is None and error is not None
    assert (error.span.line, error.span.column) == (2, 1)
    assert "byte 0xff" in error.message
