"""`archlint export --to mermaid|d2`: structure of the text (groups, labels, edges,
findings as classes), the command, and parsing by the real tools.

The real tools come from npm (`.ci/js`, installed by .ci/run): the Mermaid CLI,
driving Debian's Chromium, and D2's WebAssembly build. Where they are missing
the tool tests skip, except in CI (CI=true), where a missing tool is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint import registry
from archlint.cli import main
from archlint.model.findings import Severity
from archlint.output.export import export
from archlint.output.render.marks import LOOKS
from archlint.registry import rule
from archlint.run.engine import check_text

REPO = Path(__file__).resolve().parent.parent
JS = REPO / ".ci" / "js"
SAMPLES = REPO / "samples"


@rule(id="TST020", name="test-rds", title="every rds", severity="error", why="t", fix="t",
      sources=["https://example.com/doc"], failing=["a: rds"], passing=["a: s3"])
def _rds(graph, ctx):
    for node in graph.of_kind("rds"):
        yield ctx.finding(node, f"'{node.id}' is a rds")
    for edge in graph.edges:
        if edge.label == "bad":
            yield ctx.finding(edge, "bad edge")


@rule(id="TST021", name="test-vpc", title="every vpc", severity="warning", why="t", fix="t",
      sources=["https://example.com/doc"], failing=["vpc a { }"], passing=["a: s3"])
def _vpc(graph, ctx):
    for group in graph.of_kind("vpc"):
        yield ctx.finding(group, "a vpc")


@pytest.fixture(autouse=True)
def test_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "builtin_rules", lambda: (_rds, _vpc))


DOC = """\
title = "Shop \\"v2\\""
users: users "Shoppers <all>"
region euw1 "eu-west-1" {
  vpc prod "Production" {
    lb: alb "Public ALB"
    end: ec2 "Web" { count = 2 }
    db: rds "Orders"
  }
}
jobs: sqs "Jobs"
users -> lb : "https"
lb -> end
end -> db : "bad"
end -> jobs
users <-> prod : "vpn"
lb -- jobs
"""


def export_of(fmt: str, text: str = DOC, findings: str = "all", direction: str = "LR") -> str:
    result = check_text(text)
    assert result.graph is not None and not any(f.is_input_error for f in result.findings)
    return export(fmt, result.graph, result.findings, direction, findings)


# --------------------------------------------------------------------------- Mermaid


def test_mermaid_nests_groups_as_subgraphs() -> None:
    text = export_of("mermaid")
    assert text.startswith('---\ntitle: "Shop \\"v2\\""\n---\nflowchart LR\n')
    lines = text.splitlines()
    region = lines.index('  subgraph euw1["Region: eu-west-1"]')
    prod = lines.index('    subgraph prod["VPC: Production<br>TST021"]')
    # a reserved word as an id gets a made-up name; the label stays
    assert lines[prod + 1:prod + 5] == ['      lb["Public ALB"]', '      n_end["Web x2"]',
                                        '      db["Orders<br>TST020"]', "    end"]
    assert region < prod and lines[prod + 5] == "  end"
    assert '  users["Shoppers #lt;all#gt;"]' in lines


def test_mermaid_edges_arrows_and_labels() -> None:
    edges = [line.strip() for line in export_of("mermaid").splitlines() if re.search(r" (-|<)[-.]", line)]
    assert edges == [
        'users --> |"https"| lb',
        "lb --> n_end",
        'n_end --> |"bad<br>TST020"| db',
        "n_end -.-> jobs",                 # into a queue: asynchronous
        'users <--> |"vpn"| prod',          # to a group: the subgraph itself
        "lb -.- jobs",                      # undirected, still into a queue
    ]


def test_mermaid_findings_are_classes_and_link_styles() -> None:
    text = export_of("mermaid")
    error, warning = LOOKS[Severity.ERROR], LOOKS[Severity.WARNING]
    assert f"  classDef error stroke:{error.text},stroke-width:{error.penwidth}px,color:{error.text}" in text
    assert "  class db error" in text and "  class prod warning" in text
    assert f"  linkStyle 2 stroke:{error.text}," in text          # the third edge, end -> db
    none = export_of("mermaid", findings="none")
    assert "classDef" not in none and "TST02" not in none and "linkStyle" not in none


def test_mermaid_direction() -> None:
    assert "\nflowchart TB\n" in export_of("mermaid", direction="TB")


def test_export_follows_the_documents_direction_unless_the_flag_says_otherwise(tmp_path: Path) -> None:
    source = tmp_path / "a.arch"
    source.write_text("direction = TB\na: ec2 { count = 2, azs = 2 }\nb: s3\na -> b\n")
    written = CliRunner().invoke(main, ["export", "--to", "mermaid", str(source)])
    assert written.exit_code == 0 and written.output.startswith("flowchart TB\n")
    flag = CliRunner().invoke(main, ["export", "--to", "d2", "--direction", "rl", str(source)])
    assert flag.exit_code == 0 and flag.output.startswith("direction: left\n")


# --------------------------------------------------------------------------- D2


def test_d2_nests_groups_as_containers_and_edges_use_paths() -> None:
    text = export_of("d2")
    assert text.startswith("direction: right\ntitle: \"Shop \\\"v2\\\"\" {near: top-center")
    assert 'euw1: "Region: eu-west-1" {\n  prod: "VPC: Production\\nTST021" {\n    class: warning\n' in text
    # `end` is no keyword in D2, so it stays
    assert '    lb: "Public ALB"\n    end: "Web x2"\n    db: "Orders\\nTST020" {class: error; ' in text
    edges = [line for line in text.splitlines() if re.search(r" (->|<->|--) ", line)]
    assert edges[0] == 'users -> euw1.prod.lb: "https"'
    assert edges[2].startswith('euw1.prod.end -> euw1.prod.db: "bad\\nTST020" {class: error; tooltip: ')
    assert edges[3] == "euw1.prod.end -> jobs {style.stroke-dash: 3}"
    assert edges[4] == 'users <-> euw1.prod: "vpn"'
    assert edges[5] == "euw1.prod.lb -- jobs {style.stroke-dash: 3}"


def test_d2_classes_are_defined_once_for_the_severities_used() -> None:
    text = export_of("d2")
    assert text.count("classes: {") == 1
    assert "  error: {style: {stroke" in text and "  warning: {style:" in text and "  info:" not in text
    assert "classes" not in export_of("d2", findings="none")


# --------------------------------------------------------------------------- the command


def test_cli_prints_one_document_and_writes_files_with_o(tmp_path: Path) -> None:
    (tmp_path / "shop.arch").write_text(DOC)
    printed = CliRunner().invoke(main, ["export", "--to", "mermaid", str(tmp_path / "shop.arch")])
    assert printed.exit_code == 0 and printed.output == export_of("mermaid")
    (tmp_path / "doc.md").write_text("```archlint\na: ec2\n```\n\n```archlint\nb: s3\n```\n")
    written = CliRunner().invoke(main, ["export", "--to", "d2", "-o", str(tmp_path / "out"),
                                        str(tmp_path / "doc.md"), str(tmp_path / "shop.arch")])
    assert written.exit_code == 0, written.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["doc-block1.d2", "doc-block2.d2", "shop.d2"]
    both = CliRunner().invoke(main, ["export", "--to", "d2", str(tmp_path / "doc.md")])
    assert "# " in both.output and "#block1" in both.output and "#block2" in both.output


def test_cli_reports_input_errors_and_needs_a_format(tmp_path: Path) -> None:
    (tmp_path / "bad.arch").write_text("a: nosuchkind\n")
    result = CliRunner().invoke(main, ["export", "--to", "mermaid", str(tmp_path / "bad.arch")])
    assert result.exit_code == 2 and "E101" in result.output
    missing = CliRunner().invoke(main, ["export", str(tmp_path / "bad.arch")])
    assert missing.exit_code == 2 and "--to" in missing.output


def test_cli_reads_standard_input_as_check_does(tmp_path: Path) -> None:
    """`archlint export --to mermaid -` said "no such file or directory: -"."""
    printed = CliRunner().invoke(main, ["export", "--to", "mermaid", "-"], input=DOC)
    assert printed.exit_code == 0, printed.output
    assert printed.output == export_of("mermaid")
    named = CliRunner().invoke(main, ["export", "--to", "d2", "-o", str(tmp_path / "out"), "-"], input=DOC)
    assert named.exit_code == 2 and "standard input (-) has no file name" in named.output
    assert not (tmp_path / "out").exists()


def test_cli_refuses_two_documents_aimed_at_one_file(tmp_path: Path) -> None:
    """a/x.arch and b/x.arch both export to out/x.mmd: the second used to replace
    the first silently (exit 0); now nothing is written and the run fails."""
    for folder, text in (("a", "x: ec2\n"), ("b", "y: rds\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.arch").write_text(text)
    result = CliRunner().invoke(main, ["export", "--to", "mermaid", "-o", str(tmp_path / "out"),
                                       str(tmp_path / "a"), str(tmp_path / "b")])
    assert result.exit_code == 2
    assert "would both be written to" in result.output
    assert not (tmp_path / "out").exists()


def test_cli_never_writes_over_its_own_source(tmp_path: Path) -> None:
    """A design kept in `y.mmd` and exported into its own folder used to be replaced
    by its Mermaid text."""
    (tmp_path / "y.mmd").write_text("x: ec2\n")
    result = CliRunner().invoke(main, ["export", "--to", "mermaid", "-o", str(tmp_path),
                                       str(tmp_path / "y.mmd")])
    assert result.exit_code == 2 and "overwrite its own source" in result.output
    assert (tmp_path / "y.mmd").read_text() == "x: ec2\n"


# --------------------------------------------------------------------------- the real tools


def _tool(path: Path, what: str) -> Path:
    if path.exists():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is not installed at {path}; run: bash .ci/setup")
    pytest.skip(f"{what} is not installed ({path}); run: npm ci --prefix .ci/js")


def _all_samples(fmt: str) -> dict[str, str]:
    from archlint.language import sources
    from archlint.run.engine import check_document, rules_for
    from archlint.config.settings import Settings

    registry_rules = rules_for(Settings())
    texts = {}
    for path in sorted(SAMPLES.rglob("*.arch")) + [SAMPLES / "design-doc.md"]:
        for document in sources.load(path).documents:
            result = check_document(document, registry_rules, Settings())
            if result.graph is not None:
                texts[document.name] = export(fmt, result.graph, result.findings)
    return texts


@pytest.fixture
def real_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()


@pytest.mark.slow
def test_real_d2_compiles_every_sample_and_the_test_document(tmp_path: Path, real_rules: None) -> None:
    _tool(JS / "node_modules" / "@terrastruct" / "d2", "D2 (@terrastruct/d2)")
    node = shutil.which("node") or pytest.fail("node is required for the D2 check")
    files = []
    for index, text in enumerate([*_all_samples("d2").values()]):
        files.append(tmp_path / f"sample{index}.d2")
        files[-1].write_text(text)
    registry_rules = (_rds, _vpc)
    result = check_text(DOC, rules=registry_rules)
    assert result.graph is not None
    (tmp_path / "doc.d2").write_text(export("d2", result.graph, result.findings))
    files.append(tmp_path / "doc.d2")
    done = subprocess.run([node, str(JS / "d2check.mjs"), *map(str, files)], capture_output=True,
                          text=True, timeout=600, cwd=JS)
    assert done.returncode == 0, done.stderr
    reports = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(reports) == len(files)
    assert [r for r in reports if "error" in r] == []
    doc = reports[-1]
    shapes = {s["id"]: s for s in doc["shapes"]}
    assert {"euw1", "euw1.prod", "euw1.prod.lb", "euw1.prod.end", "euw1.prod.db", "jobs"} <= set(shapes)
    assert shapes["euw1.prod.db"]["classes"] == ["error"] and shapes["euw1.prod"]["classes"] == ["warning"]
    assert shapes["euw1.prod.db"]["label"] == "Orders\nTST020"
    marked = [c for c in doc["connections"] if c["classes"]]
    assert len(marked) == 1 and marked[0]["label"] == "bad\nTST020"
    # and a broken file is refused, so the check can fail
    (tmp_path / "broken.d2").write_text('a -> b: "open\n')
    broken = subprocess.run([node, str(JS / "d2check.mjs"), str(tmp_path / "broken.d2")],
                            capture_output=True, text=True, timeout=600, cwd=JS)
    assert "error" in json.loads(broken.stdout)


@pytest.mark.slow
def test_real_mermaid_renders_every_sample(tmp_path: Path, real_rules: None) -> None:
    mmdc = _tool(JS / "node_modules" / ".bin" / "mmdc", "the Mermaid CLI (@mermaid-js/mermaid-cli)")
    _tool(Path("/usr/bin/chromium"), "Chromium")
    texts = _all_samples("mermaid")
    result = check_text(DOC, rules=(_rds, _vpc))
    assert result.graph is not None
    texts["doc"] = export("mermaid", result.graph, result.findings)
    # one Markdown file of ```mermaid blocks: one browser renders them all
    doc = tmp_path / "all.md"
    doc.write_text("".join(f"## {name}\n\n```mermaid\n{text}```\n\n" for name, text in texts.items()))
    done = subprocess.run([str(mmdc), "-p", str(JS / "puppeteer.json"), "-i", str(doc),
                           "-o", str(tmp_path / "out.md")], capture_output=True, text=True,
                          timeout=600, cwd=JS, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    svgs = sorted(tmp_path.glob("out-*.svg"), key=lambda p: int(p.stem.split("-")[1]))
    assert len(svgs) == len(texts)
    last = svgs[-1].read_text()
    for word in ("Region: eu-west-1", "Public ALB", "TST020", "Shoppers"):
        assert word in last, word
    assert re.search(r'class="[^"]*\berror\b', last)                  # the class reached the SVG
    # a broken diagram is refused, so the check can fail
    (tmp_path / "broken.mmd").write_text('flowchart LR\n  a --> |"open| b\n')
    broken = subprocess.run([str(mmdc), "-p", str(JS / "puppeteer.json"), "-i", str(tmp_path / "broken.mmd"),
                             "-o", str(tmp_path / "broken.svg")], capture_output=True, text=True,
                            timeout=600, cwd=JS)
    assert broken.returncode != 0 and "Parse error" in broken.stderr


def test_an_output_that_is_a_symlink_loop_is_replaced_not_a_crash(tmp_path: Path) -> None:
    """Comparing it with the source resolved it: RuntimeError, an internal error."""
    (tmp_path / "a.arch").write_text("a: ec2\nb: rds\na -> b\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.mmd").symlink_to("a.mmd")
    result = CliRunner().invoke(main, ["export", "--to", "mermaid", "-o", str(tmp_path / "out"),
                                       str(tmp_path / "a.arch")])
    assert result.exit_code == 0, result.output
    written = tmp_path / "out" / "a.mmd"
    assert not written.is_symlink() and written.read_text().startswith("flowchart")


def test_cli_never_writes_over_another_input_of_the_run(tmp_path: Path) -> None:
    """Only each document's own source was compared: a design in `a.mmd` with an input
    error (so not exported itself) was replaced by the export of `a.arch`."""
    (tmp_path / "a.arch").write_text("a: ec2\n")
    (tmp_path / "a.mmd").write_text("x: ec3\n")
    result = CliRunner().invoke(main, ["export", "--to", "mermaid", "-o", str(tmp_path),
                                       str(tmp_path / "a.arch"), str(tmp_path / "a.mmd")])
    assert result.exit_code == 2
    assert f"a.arch: the output would overwrite {tmp_path / 'a.mmd'}, a file this run read" in result.output
    assert (tmp_path / "a.mmd").read_text() == "x: ec3\n"
