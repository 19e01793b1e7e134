"""Hostile input gets a defined outcome (a positioned error or a correct result),
in bounded time and memory; the limits are listed in docs/performance.md.

No wall-clock assertions: a run that hangs or blows up is caught by pytest's
overall timeout in CI; here each case asserts what the outcome is.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from archlint.language.builder import MAX_DEPTH, MAX_EDGES
from archlint.language.value_limits import MAX_LIST_DEPTH
from archlint.run.engine import check_text
from archlint.run.runner import check_paths
from archlint.language.sources import MAX_FILE_BYTES


def errors(path: Path) -> list[tuple[str, int, int]]:
    return [(f.rule_id, f.span.line, f.span.column) for f in check_paths([path]).findings
            if f.is_input_error]


def test_ten_thousand_nested_groups_stop_at_the_depth_limit(tmp_path: Path) -> None:
    n = 10_000
    path = tmp_path / "deep.arch"
    path.write_text("".join(f"group g{i} {{\n" for i in range(n)) + "a: ec2\n" + "}\n" * n)
    assert errors(path) == [("E107", MAX_DEPTH + 1, 1)]


def test_nesting_at_the_limit_is_accepted() -> None:
    n = MAX_DEPTH
    result = check_text("".join(f"group g{i} {{ " for i in range(n)) + "a: ec2 " + "} " * n)
    assert not any(f.is_input_error for f in result.findings)
    assert result.graph is not None and len(list(result.graph.nodes["a"].ancestors())) == n


def test_ten_thousand_nested_node_braces_are_a_syntax_error() -> None:
    (error,) = check_text("a: ec2 " + "{ " * 10_000 + "}" * 10_000).findings
    assert (error.rule_id, error.span.line, error.span.column) == ("E100", 1, 10)


def test_deeply_nested_lists_are_refused_without_recursion() -> None:
    (error,) = check_text("a: lambda { count = " + "[" * 10_000 + "]" * 10_000 + " }").findings
    assert error.rule_id == "E105" and f"deeper than {MAX_LIST_DEPTH}" in error.message


def test_one_megabyte_line_is_parsed_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "long.arch"
    path.write_text('a: ec2 "' + "x" * 2**20 + '"\nb: ec2 # ' + "y" * 2**20 + "\n")
    tracemalloc.start()
    try:
        report = check_paths([path])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not any(f.is_input_error for f in report.findings)
    assert peak < 64 * 2**20, f"peak {peak / 2**20:.0f} MiB for a 2 MiB file"


def test_one_megabyte_identifier(tmp_path: Path) -> None:
    path = tmp_path / "name.arch"
    path.write_text("a" * 2**20 + ": ec2\n")
    assert errors(path) == []


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.arch"
    with path.open("wb") as stream:
        stream.truncate(50 * 2**20)  # sparse: costs no disk
    tracemalloc.start()
    try:
        findings = check_paths([path]).findings
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    (error,) = findings
    assert error.rule_id == "E107" and "limit" in error.message
    assert peak < MAX_FILE_BYTES  # it was not read into memory


def test_nul_byte_is_a_positioned_error(tmp_path: Path) -> None:
    path = tmp_path / "nul.arch"
    path.write_bytes(b"a: ec2\nb: e\0c2\n")
    assert errors(path) == [("E107", 2, 5)]


def test_invalid_utf8_is_a_positioned_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.arch"
    path.write_bytes('a: ec2\nb: ec2 "Caf\u00e9"\n'.encode("latin-1"))
    assert errors(path) == [("E107", 2, 12)]


def test_crlf_line_endings_give_the_same_result_as_lf(tmp_path: Path) -> None:
    text = 'web: ec2 { count = 2, azs = 2 }\n# comment\ndb: rds "DB"\nweb -> db : "sql"\n'
    lf, crlf, cr = tmp_path / "lf.arch", tmp_path / "crlf.arch", tmp_path / "cr.arch"
    lf.write_bytes(text.encode())
    crlf.write_bytes(text.replace("\n", "\r\n").encode())
    cr.write_bytes(text.replace("\n", "\r").encode())
    def shape(path: Path) -> list:
        return [(f.rule_id, f.span.line, f.span.column, f.message) for f in check_paths([path]).findings]
    assert shape(lf) == shape(crlf) == shape(cr)


def test_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "bom.arch"
    path.write_bytes(b"\xef\xbb\xbfa: ec3\n")
    assert errors(path) == [("E101", 1, 4)]  # column as if the BOM were not there


def test_bom_in_the_middle_is_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "bom2.arch"
    path.write_bytes(b"a: ec2\n\xef\xbb\xbfb: ec2\n")
    assert errors(path) == [("E100", 2, 1)]


def test_huge_numbers_are_refused_not_crashing_rules() -> None:
    for text in ("a: ec2 { count = " + "9" * 5000 + " }",           # beyond int() digit limit
                 "a: lambda { timeout = " + "9" * 400 + ".5s }",    # float infinity
                 "a: lambda { concurrency = 1" + "0" * 400 + " }",  # too large for float
                 "a: s3 { size = 1" + "0" * 400 + "GB }"):
        (error,) = check_text(text).findings
        assert (error.rule_id, error.span.line) == ("E105", 1), text


def test_large_but_sane_count_is_accepted() -> None:
    result = check_text("web: ec2 { count = 1_000_000, azs = 3 }\nlb: alb\nlb -> web\n")
    assert not any(f.is_input_error for f in result.findings)
    assert result.graph is not None and result.graph.nodes["web"].count == 1_000_000


def test_fan_out_explosion_is_refused() -> None:
    nodes = "".join(f"n{i}: ec2\n" for i in range(2000))
    left = ",".join(f"n{i}" for i in range(1000))
    right = ",".join(f"n{i}" for i in range(1000, 2000))
    (error,) = check_text(nodes + f"[{left}] -> [{right}]\n").findings
    assert (error.rule_id, error.span.line) == ("E107", 2001) and f"{MAX_EDGES:,}" in error.message


def test_many_plain_edges_are_fine() -> None:
    result = check_text("a: ec2 { count = 2, azs = 2 }\nb: s3\n" + "a -> b\n" * 20_000)
    assert not any(f.is_input_error for f in result.findings)
    assert result.graph is not None and len(result.graph.edges) == 20_000


def test_control_characters_and_unicode_names() -> None:
    (error,) = check_text("a: ec2\n\x1b[31mb: ec2\n").findings
    assert (error.rule_id, error.span.line, error.span.column) == ("E100", 2, 1)
    (error,) = check_text("caf\u00e9: ec2\n").findings
    assert (error.rule_id, error.span.line) == ("E100", 1)


def test_empty_and_blank_documents_are_clean() -> None:
    for text in ("", "\n\n\n", "   \t  ", "# only a comment", "// c\r\n"):
        result = check_text(text)
        assert result.graph is not None and len(result.graph) == 0, repr(text)


def test_long_whitespace_runs_before_an_error_or_the_end() -> None:
    """The lexer skips whitespace atomically: a run of 100,000 blanks before a bad
    character or the end of the input is one step, not exponentially many."""
    blanks = " \t\n" * 33_334
    (error,) = check_text("x_n = 1" + blanks + "@").findings
    assert (error.rule_id, error.span.line) == ("E100", 33_335)
    assert not any(f.is_input_error for f in check_text("x_n = 1" + blanks).findings)
    (error,) = check_text("a: ec2 {" + blanks).findings
    assert error.rule_id == "E100"
