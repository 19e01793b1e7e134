"""`archlint fmt`: the canonical layout, its two properties (idempotent, meaning kept)
over the samples, the docs, the rule examples and generated documents, and the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings, strategies as st

from archlint.cli import main
from archlint.format.files import format_source
from archlint.format.layout import format_text
from archlint.language.markdown import markdown_blocks
from archlint.model.graph import Graph
from archlint.registry import all_rules
from archlint.run.engine import check_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").rglob("*.arch"))
DOC_BLOCKS = [(f"{p.name}#{b.block}", b.text) for p in sorted((ROOT / "docs").glob("*.md"))
              for b in markdown_blocks(p.read_text(), p.name)]
RULE_EXAMPLES = [(f"{r.id}-{i}", e) for r in all_rules()
                 for i, e in enumerate((*r.failing, *r.passing))]
CORPUS = [(p.name, p.read_text()) for p in SAMPLES] + DOC_BLOCKS + RULE_EXAMPLES


def meaning(text: str) -> tuple:
    """Everything a check sees, without positions: graph, suppressions and findings."""
    result = check_text(text, "doc.arch")
    graph: Graph | None = result.graph
    findings = sorted((f.rule_id, f.element_id or "", re.sub(r"line \d+", "line N", f.message))
                      for f in result.findings)
    if graph is None:
        return (None, findings)

    def attrs(owner) -> dict:  # type: ignore[no-untyped-def]
        return {name: repr(a.value) for name, a in owner.attrs.items()}

    elements = sorted((e.id, e.kind, e.label or "", e.parent.id if e.parent else "", str(attrs(e)))
                      for e in (*graph.nodes.values(), *graph.groups.values()))
    edges = sorted((e.source, e.target, e.label or "", e.directed, e.bidirectional, str(attrs(e)))
                   for e in graph.edges)
    suppressions = sorted((s.rule_ids, s.reason) for s in graph.suppressions)
    return (str(attrs(graph)), elements, edges, suppressions, findings)


@pytest.mark.parametrize("name,text", CORPUS, ids=[n for n, _ in CORPUS])
def test_corpus_is_stable_and_keeps_its_meaning(name: str, text: str) -> None:
    formatted = format_text(text)
    assert format_text(formatted) == formatted
    assert meaning(formatted) == meaning(text)


def test_samples_are_already_canonical() -> None:
    for sample in SAMPLES:
        assert format_text(sample.read_text()) == sample.read_text(), sample.name


LAYOUT = [
    # spacing, separators, blank lines, aligned columns kept and extended
    ('a:ec2{count=2;azs=2}\n\n\n\nb :  s3', 'a: ec2 { count = 2; azs = 2 }\n\nb: s3\n'),
    ('web:  ec2\ndatabase: rds\n', 'web:      ec2\ndatabase: rds\n'),
    ('x -> [ a,b ]:"l"{protocol=https}', 'x -> [a, b] : "l" { protocol = https }\n'),
    # a body over several lines: one statement line per original line
    ('vpc v "V" { cidr = "10.0.0.0/16"\n  a: ec2  b: s3 }',
     'vpc v "V" {\n  cidr = "10.0.0.0/16"\n  a: ec2, b: s3\n}\n'),
    ('vpc v {\n\n    a: ec2\n\n}\n', 'vpc v {\n  a: ec2\n}\n'),
    ('vpc v { }', 'vpc v { }\n'),
    # comments: own line (indented with what follows), trailing, inside a body, at the end
    ('# head\n\n  # about a\na: ec2   # trailing\nvpc v {\n# inside\n}\n# end',
     '# head\n\n# about a\na: ec2   # trailing\nvpc v {\n  # inside\n}\n# end\n'),
    ('a: ec2 # t', 'a: ec2  # t\n'),
    # a comment inside a statement that is joined onto one line moves above it
    ('a -> # why\n  b', '# why\na -> b\n'),
    # a list written over lines stays one item per line
    ('a: ec2 { tags = [x,\n y # why y\n ] }', 'a: ec2 {\n  tags = [\n    x,\n    y,  # why y\n  ]\n}\n'),
    ('', ''),
]


@pytest.mark.parametrize("text,expected", LAYOUT)
def test_layout(text: str, expected: str) -> None:
    assert format_text(text) == expected
    assert format_text(expected) == expected


# --- generated documents ----------------------------------------------------------
IDS = st.sampled_from(["web", "db", "lb", "q", "fn", "bucket"])
SPACE = st.sampled_from([" ", "  ", "\n", "\n\n", "\n    ", "\t", " \n\n\n "])
VALUE = st.sampled_from(["2", "15m", "900s", "5GB", "99.9%", "true", "false", "https",
                         '"postgres"', "[a, b]", "[\n1,\n 2, ]", "[]"])
ATTR = st.tuples(st.sampled_from(["count", "azs", "timeout", "multi_az", "engine", "tags"]),
                 VALUE).map(lambda kv: [kv[0], "=", kv[1]])
COMMENT = st.sampled_from(["# note\n", "// other\n", "# archlint: ignore[REL001] accepted\n",
                           "# archlint: ignore[spof]\n"])


def _statements(depth: int) -> st.SearchStrategy[list[list[str]]]:
    node = st.tuples(IDS, st.sampled_from(["ec2", "rds", "s3", "lambda", "alb", "sqs", "users"]),
                     st.sampled_from([[], ['"Label"']]),
                     st.lists(ATTR, max_size=3)).map(
        lambda n: [n[0], ":", n[1], *n[2], *(["{", *sum(n[3], []), "}"] if n[3] else [])])
    edge = st.tuples(st.lists(IDS, min_size=2, max_size=3), st.sampled_from(["->", "<-", "--", "<->"]),
                     st.sampled_from([[], [":", '"reads"']])).map(
        lambda e: [e[0][0], *[t for i in e[0][1:] for t in (e[1], i)], *e[2]])
    pieces = [node, edge, ATTR, COMMENT.map(lambda c: [c])]
    if depth < 2:
        group = st.tuples(st.sampled_from(["vpc", "region", "az", "group"]), IDS,
                          st.deferred(lambda: _statements(depth + 1))).map(
            lambda g: [g[0], g[1] + "_g", "{", *sum(g[2], []), "}"])
        pieces.append(group)
    return st.lists(st.one_of(pieces), max_size=6)


@st.composite
def documents(draw: st.DrawFn) -> str:
    out: list[str] = []
    for statement in draw(_statements(0)):
        for token in statement:
            out.append(token)
            if not token.endswith("\n"):
                out.append(draw(SPACE))
        if not statement[-1].endswith("\n") and draw(st.booleans()):  # a comment ends its line
            out.append(draw(st.sampled_from([",", ";"])) + draw(SPACE))
    return "".join(out)


@settings(max_examples=int(os.environ.get("ARCHLINT_FMT_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
@example('fn : ec2 { count = 2 } , web : ec2 { count = 2 \n\n\n } count = 2 ,\n    web :  ec2 ')
@example('fn: alb { tags =\n    https } # archlint: ignore[REL001] accepted\nvpc web_g\n{ q: alb }')
@example('tags = 2 # archlint: ignore[spof]\nweb : ec2 { count = 2\n    } # archlint: ignore[REL001] x\n')
def test_generated_documents(text: str) -> None:
    formatted = format_text(text)
    assert format_text(formatted) == formatted
    assert meaning(formatted) == meaning(text)


# --- files and the command ----------------------------------------------------------
def test_markdown_keeps_every_other_byte() -> None:
    text = ("# Design\r\n\r\nSome *prose*  with  spaces.\r\n\r\n  ```archlint\r\n  a:ec2\r\n"
            "  a->b\r\n  b: s3\r\n  ```\r\n\r\n```python\r\nx  =  1\r\n```\r\nend")
    result = format_source(text, "doc.md")
    assert result.after == text.replace("a:ec2", "a: ec2").replace("a->b", "a -> b")
    assert format_source(result.after, "doc.md").after == result.after


def test_markdown_blocks_in_quotes_keep_their_markers() -> None:
    text = "> quote\n>\n> ```archlint\n> a:ec2\n>\n> b:s3\n> ```\n"
    assert format_source(text, "doc.md").after == text.replace(":", ": ")


def test_tab_indented_block_in_a_list_item_keeps_its_tabs(tmp_path: Path) -> None:
    """fmt writes a block's lines back after the indentation they had, tabs included,
    so they stay in their list item; a block whose indentation cannot be kept (a tab
    past the item's content, tabs on some lines and spaces on others) is left as it is,
    with a note, as `check` reads it."""
    text = "-\tText\n\n\t```archlint\n\tx:  ec2\n\t```\n"
    assert format_source(text, "doc.md").after == text.replace("x:  ec2", "x: ec2")
    for kept in ("- x\n\n  ```archlint\n\ta:  ec2\n  ```\n",
                 "-\tx\n\n\t```archlint\n\ta:  ec2\n    b:  ec3\n\t```\n"):
        (tmp_path / "doc.md").write_text(kept)
        done = CliRunner().invoke(main, ["fmt", str(tmp_path / "doc.md")])
        assert done.exit_code == 0, done.output
        assert (tmp_path / "doc.md").read_text() == kept
        assert "doc.md:3: block left as written" in done.stderr


def test_untouched_file_is_returned_byte_for_byte() -> None:
    text = "\ufeffa: ec2\r\n"
    assert format_source(text, "x.arch").after == text
    assert format_source("\ufeffa:ec2\r\n", "x.arch").after == text


def test_syntax_error_is_reported_and_nothing_written(tmp_path: Path) -> None:
    broken = tmp_path / "broken.arch"
    broken.write_text("a: ec2 {\n  count = \n")
    doc = tmp_path / "doc.md"
    doc.write_text("text\n\n```archlint\nok:ec2\n```\n\n```archlint\nweb ec2\n```\n")
    before = broken.read_bytes(), doc.read_bytes()
    result = CliRunner().invoke(main, ["fmt", str(tmp_path)])
    assert result.exit_code == 2
    assert "broken.arch:2:10: E100 [error] syntax error" in result.output
    assert "doc.md:8:5: E100 [error]" in result.output
    assert (broken.read_bytes(), doc.read_bytes()) == before


def test_check_diff_and_write(tmp_path: Path) -> None:
    messy = tmp_path / "messy.arch"
    messy.write_text("a:ec2\n")
    (tmp_path / "clean.arch").write_text("a: ec2\n")
    runner = CliRunner()
    check = runner.invoke(main, ["fmt", "--check", str(tmp_path)])
    assert check.exit_code == 1
    assert f"would reformat {messy}" in check.output
    assert "clean.arch" not in check.output
    diff = runner.invoke(main, ["fmt", "--diff", str(messy)])
    assert diff.exit_code == 1
    assert "-a:ec2\n+a: ec2\n" in diff.output
    assert messy.read_text() == "a:ec2\n"
    write = runner.invoke(main, ["fmt", str(tmp_path)])
    assert write.exit_code == 0, write.output
    assert messy.read_text() == "a: ec2\n"
    assert runner.invoke(main, ["fmt", "--check", str(tmp_path)]).exit_code == 0


def test_stdin_to_stdout() -> None:
    result = CliRunner().invoke(main, ["fmt", "-"], input="a:ec2\n")
    assert result.exit_code == 0
    assert result.output == "a: ec2\n"


def test_the_repository_is_formatted() -> None:
    done = subprocess.run([sys.executable, "-m", "archlint", "fmt", "--check", "samples", "docs",
                           "README.md"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_symlink_in_the_project_is_formatted_at_its_target_and_stays_a_link(tmp_path: Path) -> None:
    """The rename used to replace the link with a formatted copy: the shared file kept
    its old layout and the link was gone."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "real.arch"
    target.write_text("a:ec2\n")
    (tmp_path / "link.arch").symlink_to("shared/real.arch")
    done = CliRunner().invoke(main, ["fmt", str(tmp_path / "link.arch")])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "link.arch").is_symlink() and target.read_text() == "a: ec2\n"


def test_a_named_symlink_out_of_the_project_is_an_error_and_not_read(tmp_path: Path) -> None:
    """As `archlint check`: it used to be passed over quietly, "0 files reformatted", exit 0."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    outside = tmp_path / "outside.arch"
    outside.write_text("a:ec2\n")
    (tmp_path / "repo" / "link.arch").symlink_to(outside)
    done = CliRunner().invoke(main, ["fmt", str(tmp_path / "repo" / "link.arch")])
    assert done.exit_code == 2
    assert "link.arch:1:1: E107 [error] a symlink to a file outside the project; not read" in done.output
    assert outside.read_text() == "a:ec2\n" and (tmp_path / "repo" / "link.arch").is_symlink()


def test_a_named_fifo_is_refused_not_read_nor_replaced(tmp_path: Path) -> None:
    """Read whole with no limit it blocked for ever, and a link to one (as /dev/stdin
    is) was replaced by a regular file; a pipe is formatted with `archlint fmt -`."""
    (tmp_path / ".git").mkdir()
    os.mkfifo(tmp_path / "pipe.arch")
    (tmp_path / "link.arch").symlink_to("pipe.arch")
    for name in ("pipe.arch", "link.arch"):
        done = subprocess.run([sys.executable, "-m", "archlint", "fmt", name], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, done.stderr
        assert "pipe.arch:1:1: E107 [error] cannot read file: a named pipe (FIFO)" in done.stderr
    assert (tmp_path / "link.arch").is_symlink()


def test_a_file_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only folder (as root, simulated) used to end in an internal error."""
    messy = tmp_path / "messy.arch"
    messy.write_text("a:ec2\n")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("archlint.output.atomic.tempfile.mkstemp", refuse)
    done = CliRunner().invoke(main, ["fmt", str(messy)])
    assert done.exit_code == 2
    assert f"archlint: cannot write {messy}: Permission denied" in done.output
    assert "0 files reformatted, 0 unchanged, 1 with errors." in done.output
    assert messy.read_text() == "a:ec2\n"


@pytest.mark.parametrize("text", [
    "".join(f"vpc g{i} {{ " for i in range(2000)) + "x: ec2" + " }" * 2000 + "\n",
    "x: ec2 { tags = " + "[" * 2000 + "1" + "]" * 2000 + " }\n",
])
def test_input_nested_thousands_deep_is_a_positioned_error(tmp_path: Path, text: str) -> None:
    """It parses (`archlint check` then refuses it), but laying it out recursed: an
    internal error (RecursionError)."""
    (tmp_path / "deep.arch").write_text(text)
    (tmp_path / "doc.md").write_text(f"# Deep\n\n```archlint\n{text}```\n")
    done = CliRunner().invoke(main, ["fmt", str(tmp_path)])
    assert done.exit_code == 2, done.output
    assert "deep.arch:1:1: E107 [error] input nested too deeply to format" in done.output
    assert "doc.md:4:1: E107 [error] input nested too deeply to format" in done.output
    assert "internal error" not in done.output and (tmp_path / "deep.arch").read_text() == text
