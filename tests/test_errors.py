"""Every class of input error: exact position, message, and what would be valid."""

from __future__ import annotations

from archlint.run.engine import parse_document
from archlint.model.findings import Finding
from archlint.output.reporters.text import format_finding
from archlint.language.document import Document


def errors(text: str) -> list[Finding]:
    _graph, found = parse_document(Document("t.arch", text))
    return found


def one(text: str) -> Finding:
    found = errors(text)
    assert len(found) == 1, [f.message for f in found]
    return found[0]


def where(f: Finding) -> tuple[str, int, int]:
    return (f.rule_id, f.span.line, f.span.column)


# --- syntax errors -------------------------------------------------------------

def test_syntax_error_names_found_and_expected_with_caret() -> None:
    f = one("a: ec2\nb: ec2 {\n  count = \n}\n")
    assert where(f) == ("E100", 4, 1)
    assert f.message == ("syntax error: unexpected '}'; expected a value "
                         "(number, size, duration, string, true/false, name or list)")
    assert format_finding(f).splitlines() == [
        "t.arch:4:1: E100 [error] " + f.message,
        "    }",
        "    ^",
    ]


def test_missing_closing_brace_reports_end_of_input() -> None:
    f = one("vpc a {\n  web: ec2\n")
    assert f.rule_id == "E100"
    assert f.message.startswith("syntax error: unexpected end of input; expected")
    assert f.message.endswith("(a '{' is still open: close it with '}')")
    assert (f.span.line, f.span.column) == (2, 11)  # just after the last thing written


def test_unterminated_string() -> None:
    f = one('a: ec2 "Web\n')
    assert where(f) == ("E100", 1, 8)
    assert "a string must be closed on the same line" in f.message


def test_dash_in_name() -> None:
    f = one("web-1: ec2\n")
    assert where(f) == ("E100", 1, 4)
    assert "unexpected character '-'" in f.message
    assert "names contain letters, digits and _ only" in f.message


def test_group_keyword_used_as_id() -> None:
    f = one("vpc: ec2\n")
    assert where(f) == ("E100", 1, 4)
    assert "'vpc' is a group keyword and cannot be used as an id" in f.message


def test_yaml_habit_colon_for_attribute_gets_a_hint() -> None:
    f = one("a: ec2 { timeout: 15m }")
    assert where(f) == ("E100", 1, 19)
    assert f.message.endswith("(attributes are written 'key = value'; 'id: kind' declares a node)")
    assert format_finding(f).splitlines()[2] == "    " + " " * 18 + "^^^"


def test_expected_words_not_lark_terminal_names() -> None:
    f = one("a: ec2\na -> \n")
    assert "NAME" not in f.message and "LSQB" not in f.message
    assert "expected a name or '['" in f.message


def test_unknown_unit_is_a_syntax_error_at_the_quantity() -> None:
    f = one("a: ec2 { timeout = 5parsecs }")
    assert f.rule_id == "E100" and f.span.column == 20


def test_malformed_suppression_comment() -> None:
    f = one("# archlint: ignore REL001\na: ec2\n")
    assert where(f) == ("E100", 1, 1)
    assert "expected '# archlint: ignore[RULE-ID, ...] reason'" in f.message


# --- semantic errors: all collected, each positioned --------------------------

def test_all_semantic_errors_are_collected() -> None:
    found = errors(
        "web: ec3 { count = 2 }\n"
        'db: rds { timeout = 5GB, multi_az = "yes" }\n'
        "web -> dbb\n"
        "vpc x { a: ec2 { b: ec2 } }\n"
        "db: lambda\n"
    )
    assert [(f.rule_id, f.span.line, f.span.column, f.message) for f in found] == [
        ("E101", 1, 6, "unknown kind 'ec3'; did you mean 'ec2'?"),
        ("E105", 2, 11, "invalid value for 'timeout': 5GB; expected a duration (e.g. timeout = 15m)"),
        ("E105", 2, 26, "invalid value for 'multi_az': \"yes\"; expected a boolean (e.g. multi_az = true)"),
        ("E104", 4, 18, "node 'a' cannot contain statements; only 'key = value' attributes go in "
                        "a node's braces (use a group such as 'group NAME { ... }' to nest components)"),
        ("E102", 5, 1, "duplicate id 'db': already defined at line 2"),
        ("E103", 3, 8, "'dbb' is not defined; did you mean 'db'?"),
    ]


def test_unknown_kind_that_is_a_group_word() -> None:
    f = one("prod: vpc\n")
    assert f.rule_id == "E101"
    assert "'vpc' is a group: write 'vpc prod { ... }'" in f.message


def test_unknown_kind_without_suggestion() -> None:
    f = one("x: zzqqxx\n")
    assert f.message.startswith("unknown kind 'zzqqxx'; run 'archlint kinds'")


def test_reference_to_node_with_unknown_kind_is_not_reported_twice() -> None:
    found = errors("x: ec3\ny: ec2\nx -> y\n")
    assert [f.rule_id for f in found] == ["E101"]


def test_undefined_reference_without_close_name() -> None:
    f = one("a: ec2\na -> nowhere_at_all\n")
    assert f.message == "'nowhere_at_all' is not defined; define it with 'ID: KIND' or a group"


def test_duplicate_between_group_and_node() -> None:
    f = one("vpc a\na: ec2\n")
    assert where(f) == ("E102", 2, 1)


def test_attribute_set_twice() -> None:
    f = one("a: ec2 { count = 2, count = 3 }")
    assert where(f) == ("E105", 1, 21)
    assert f.message == "attribute 'count' is set twice (first at line 1)"


def test_count_must_be_a_positive_integer() -> None:
    assert one("a: ec2 { count = 0 }").message == "invalid value for 'count': 0; must be at least 1"
    assert "expected an integer" in one("a: ec2 { count = 2.5 }").message


def test_a_value_accepted_once_lets_no_other_type_or_bound_through() -> None:
    """The builder accepts a word, string or unbounded boolean for a name without
    checking again once one has passed; other types and bounded values still are."""
    found = errors("a: ec2 { protocol = https, count = 2, multi_az = true, x_note = \"n\" }\n"
                   "b: ec2 { protocol = https, count = 0, multi_az = false, x_note = \"m\" }\n"
                   "c: ec2 { protocol = 5, count = 2.5, multi_az = 3, x_note = 4 }\n"
                   "d: ec2 { protocol = \"h2\", protcol = https }\n")
    assert [(f.span.line, f.message) for f in found] == [
        (2, "invalid value for 'count': 0; must be at least 1"),
        (3, "invalid value for 'protocol': 5; expected a name or a string (e.g. protocol = https)"),
        (3, "invalid value for 'count': 2.5; expected an integer (e.g. count = 4)"),
        (3, "invalid value for 'multi_az': 3; expected a boolean (e.g. multi_az = true)"),
        (4, "unknown attribute 'protcol'; did you mean 'protocol'?"),
    ]


def test_edge_to_itself() -> None:
    f = one("a: ec2\na -> a\n")
    assert f.rule_id == "E108" and f.message == "edge from 'a' to itself"


def test_statement_inside_edge_body() -> None:
    f = one("a: ec2\nb: ec2\na -> b { c: ec2 }\n")
    assert where(f) == ("E104", 3, 10)


def test_groups_nested_too_deeply() -> None:
    depth = 101
    text = "".join(f"group g{i} {{ " for i in range(depth)) + "}" * depth
    found = errors(text)
    assert [f.rule_id for f in found] == ["E107"]
    assert "nested deeper than 100 levels" in found[0].message


def test_unit_hints() -> None:
    assert one("a: s3 { size = 5 GB }").message.endswith(
        "(write the unit right after the number: '5GB')")
    lower = one("a: s3 { size = 5gb }")
    assert lower.message.startswith("syntax error: unknown unit 'gb' in '5gb'; units are case-sensitive")
    assert one("a: ec2 { timeout = -5s }").message.endswith("(numbers cannot be negative)")


def test_edge_written_in_a_node_declaration_gets_a_hint() -> None:
    assert one("b: ec2\na: ec2 -> b\n").message.endswith(
        "(declare the node first, then write the edge as its own statement)")


def test_percent_over_100_is_invalid() -> None:
    f = one("availability = 150%")
    assert f.rule_id == "E105" and f.message.endswith("must be at most 100")


def test_edge_between_a_group_and_its_own_member() -> None:
    f = one("vpc v { a: ec2 }\nv -> a\n")
    assert f.rule_id == "E108"
    assert f.message == "edge between group 'v' and its own member 'a'"


def test_misspelt_known_attribute_is_an_error_with_a_suggestion() -> None:
    f = one("db: rds { mutli_az = true }")
    assert where(f) == ("E105", 1, 11)
    assert f.message == "unknown attribute 'mutli_az'; did you mean 'multi_az'?"


def test_free_form_attributes_are_allowed() -> None:
    assert errors('db: rds { owner = "payments", tier = gold, note = "see ADR-7" }') == []


# --- reserved words --------------------------------------------------------------

def test_true_and_false_are_not_ids(tmp_path) -> None:
    from click.testing import CliRunner
    from archlint.cli import main

    for text, position in (("true: ec2\n", ("E100", 1, 1)), ("web: ec2\nvpc false { }\n", ("E100", 2, 1))):
        f = one(text)
        assert where(f) == position and "reserved word" in f.message
    # references to the refused id are not reported again
    assert [where(f) for f in errors("true: ec2\nweb: ec2\nweb -> true\n")] == [("E100", 1, 1)]
    (tmp_path / "t.arch").write_text("true: ec2\n")
    result = CliRunner().invoke(main, ["check", "--no-cache", str(tmp_path / "t.arch")])
    assert result.exit_code == 2 and "'true' is a reserved word" in result.output
