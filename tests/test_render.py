"""`archlint render` with real Graphviz: files, DOT content, SVG portability,
findings in the picture, --check, and failures that stay clean messages."""

from __future__ import annotations

import base64
import html
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from xml.etree import ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint import registry

from archlint.output import render
from archlint.cli import main
from archlint.run.engine import check_text
from archlint.model.graph import Edge
from archlint.registry import rule
from archlint.output.render import RenderOptions, build_dot, read_fingerprint
from archlint.output.render import graphviz as render_graphviz, svg as render_svg
from archlint.output.render.marks import LOOKS
from archlint.model.findings import Severity
from dot_structure import structure

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"

SHOP = """\
title = "Shop"
users: users "Shoppers"
region euw1 "eu-west-1" {
  vpc prod "Production" {
    lb:  alb "Public ALB"
    web: ec2 "Web servers" { count = 4, azs = 2 }
    db:  rds "Orders" { multi_az = true }
  }
}
jobs: sqs "Jobs"
worker: lambda "Thumbnailer"
users -> lb : "https"
lb -> web
web -> db : "orders"
web -> jobs
jobs -> worker
web <-> worker : "callbacks"
web -- db
"""

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is required")


@rule(
    id="TST002", name="no-rds", title="test rule: every rds and every edge labelled 'bad'",
    severity="error", why="test", fix="test", sources=["https://example.com/doc"],
    failing=["a: rds"], passing=["a: ec2"],
)
def _marker(graph, ctx):
    for node in graph.of_kind("rds"):
        yield ctx.finding(node, f"'{node.id}' is marked")
    for edge in graph.edges:
        if edge.label == "bad":
            yield ctx.finding(edge, "bad edge")
    for group in graph.of_kind("vpc"):
        if group.id == "risky":
            yield ctx.finding(group, "risky group")


@pytest.fixture
def test_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "builtin_rules", lambda: (_marker,))


@pytest.fixture
def no_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "builtin_rules", lambda: ())


@pytest.fixture(autouse=True)
def private_tmpdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point tempfile at a directory of our own, so tests can see leftovers."""
    private = tmp_path / "_tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    return private


def run(*args: str):
    return CliRunner().invoke(main, ["render", *args], catch_exceptions=False)


def dot_of(text: str, findings: str = "all", direction: str = "LR") -> str:
    result = check_text(text)
    assert result.graph is not None, result.findings
    assert not [f for f in result.findings if f.is_input_error], result.findings
    return build_dot(result.graph, result.findings, RenderOptions("dot", direction, findings))


def files_under(path: Path) -> list[str]:
    return sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file())


def render_leftovers(directory: Path) -> list[str]:
    """What a render left in a temporary directory (the parser's grammar cache,
    which lives there too, is not ours to judge)."""
    return [name for name in files_under(directory) + [p.name for p in directory.rglob("*")]
            if "archlint-render" in name or name.endswith((".tmp", ".gv", ".dot", ".png", ".plain"))]


def png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


def png_chunks_valid(data: bytes) -> list[bytes]:
    """Chunk types, asserting every CRC is right (a broken chunk breaks viewers)."""
    kinds, position = [], 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        crc = struct.unpack(">I", data[position + 8 + length:position + 12 + length])[0]
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, kind
        kinds.append(kind)
        position += 12 + length
    return kinds


# --------------------------------------------------------------------------- DOT


def test_dot_has_clusters_nodes_labels_and_edges(no_rules: None) -> None:
    dot = dot_of(SHOP)
    assert "subgraph cluster_euw1 {" in dot and "subgraph cluster_prod {" in dot
    assert 'label="Region: eu-west-1"' in dot and 'label="VPC: Production"' in dot
    # nodes keep their DSL ids, labels show counts
    assert re.search(r'\bweb \[label="Web servers x4"', dot)
    assert re.search(r'\bdb \[label=Orders\b', dot)
    # the Production cluster holds its three nodes
    prod = dot[dot.index("subgraph cluster_prod"):]
    prod = prod[:prod.index("}")]
    assert all(re.search(rf"\b{n} \[", prod) for n in ("lb", "web", "db"))
    assert "users [" not in prod
    # a labelled edge into a group runs through a text-only node for its label
    drawn = structure(dot)
    assert drawn.label("users", "lb") == "https" and drawn.label("web", "db") == "orders"
    assert [h["dir"] for h in drawn.halves("users", "lb")] == ["none", "forward"]
    assert drawn.nodes["@label0"]["shape"] == "plaintext"
    assert re.search(r'subgraph cluster_prod \{[^}]*"@label2" \[label=orders', dot)   # inside its group
    assert "splines=spline" in dot and "compound=true" in dot
    assert 'label=Shop' in dot


def test_edge_styles_async_bidirectional_undirected(no_rules: None) -> None:
    dot = dot_of(SHOP + "web -> worker { async = true }\n")
    lines = dot.splitlines()

    def edge(a: str, b: str) -> list[str]:
        return [line for line in lines if re.match(rf"\s*{a} -> {b} \[", line)]

    assert "style=dashed" in edge("web", "jobs")[0]            # into a queue
    assert "style=dashed" not in edge("lb", "web")[0]
    callbacks = structure(dot).halves("web", "worker")
    # the label node of a two-way edge: an arrowhead at each far end
    assert [h["dir"] for h in callbacks] == ["back", "forward"]
    assert structure(dot).label("web", "worker") == "callbacks"
    assert "style=dashed" in edge("web", "worker")[0]          # async = true
    assert any("dir=none" in line for line in edge("web", "db"))


def test_edges_between_groups_end_at_the_cluster_border(no_rules: None) -> None:
    result = check_text('vpc a "App" { x: ec2 }\nvpc b "Shared" { y: ec2 }\nvpc c "Empty" { }\n'
                        'a <-> b : "peering"\nx -> c\n')
    assert result.graph is not None and not result.findings
    # the language refuses an edge between a group and its own member (E108);
    # the renderer still must not emit an invalid lhead if a graph holds one
    result.graph.edges.append(Edge("x", "a", result.graph.nodes["x"].span))
    dot = build_dot(result.graph.index(), (), RenderOptions("dot"))
    first, second = structure(dot).halves("@a", "@b")
    assert first["ltail"] == "cluster_a" and "lhead" not in first and first["dir"] == "back"
    assert second["lhead"] == "cluster_b" and "ltail" not in second and second["dir"] == "forward"
    assert structure(dot).label("@a", "@b") == "peering"
    assert re.search(r'x -> "@c" \[.*lhead=cluster_c', dot)
    inner = next(line for line in dot.splitlines() if 'x -> "@a"' in line)
    assert "lhead" not in inner
    # the empty group still has a node, so Graphviz draws its box
    assert re.search(r'subgraph cluster_c \{[^}]*"@c" \[', dot)


def test_sibling_clusters_with_the_same_label_stay_separate(no_rules: None) -> None:
    dot = dot_of('vpc one "App" { a: ec2 }\nvpc two "App" { b: ec2 }\n')
    assert "subgraph cluster_one {" in dot and "subgraph cluster_two {" in dot
    assert dot.count('label="VPC: App"') == 2
    one = dot[dot.index("subgraph cluster_one"):dot.index("subgraph cluster_two")]
    assert re.search(r"\ba \[", one) and not re.search(r"\bb \[", one)


def test_same_input_gives_identical_dot(no_rules: None) -> None:
    assert dot_of(SHOP) == dot_of(SHOP)


@needs_dot
def test_dot_identical_across_processes(tmp_path: Path) -> None:
    """Random uuids or hash order would differ between interpreters."""
    (tmp_path / "shop.arch").write_text(SHOP)
    outputs = []
    for seed, name in (("1", "one"), ("2", "two")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "archlint", "render", "--format", "dot",
                               "-o", str(tmp_path / name), str(tmp_path / "shop.arch")],
                              capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        outputs.append((tmp_path / name / "shop.dot").read_bytes())
    assert outputs[0] == outputs[1]


def test_labels_are_text_never_html_or_escapes(no_rules: None) -> None:
    dot = dot_of('a: ec2 "<b>bold</b>"\nb: ec2 "back\\\\slash \\"quoted\\""\na -> b\n')
    assert 'label="<b>bold</b>"' in dot
    assert "back\\\\slash" in dot


@needs_dot
def test_awkward_labels_render(tmp_path: Path, no_rules: None) -> None:
    (tmp_path / "odd.arch").write_text(
        'title = "<i>t</i>"\na: ec2 "<b>bold</b>"\nb: ec2 "end\\\\"\nc: ec2 "\\\\N \\\\G"\n'
        'node: ec2\nedge: ec2\na -> b -> c -> node -> edge : "<x>"\n')
    result = run("--format", "svg", str(tmp_path / "odd.arch"))
    assert result.exit_code == 0, result.output
    svg = (tmp_path / "odd.svg").read_text()
    assert "&lt;b&gt;bold&lt;/b&gt;" in svg
    text = html.unescape(svg)
    assert "end\\" in text and "\\N \\G" in text


# --------------------------------------------------------------------------- findings


def test_findings_are_marked(test_rules: None) -> None:
    dot = dot_of(SHOP + 'vpc risky "Risky" { z: ec2 }\nweb -> z : "bad"\n')
    error = LOOKS[Severity.ERROR].text
    assert re.search(rf'\bdb \[label="Orders\\nTST002" .*fontcolor="{error}"', dot)
    assert structure(dot).label("web", "z") == "bad\\nTST002"
    assert all(h["color"] == error for h in structure(dot).halves("web", "z"))
    risky = dot[dot.index("subgraph cluster_risky"):]
    assert re.search(r'label="VPC: Risky\\lTST002\\l"', risky.splitlines()[1])
    assert not re.search(r'\bweb \[[^\]]*TST002', dot)


def test_no_findings_draws_the_plain_picture(test_rules: None) -> None:
    dot = dot_of(SHOP, findings="none")
    assert "TST002" not in dot and LOOKS[Severity.ERROR].text not in dot
    assert re.search(r'\bdb \[label=Orders\b', dot)


@needs_dot
def test_cli_marks_findings_unless_told_not_to(tmp_path: Path, test_rules: None) -> None:
    (tmp_path / "shop.arch").write_text(SHOP)
    assert run("--format", "svg", "-o", str(tmp_path / "marked"), str(tmp_path / "shop.arch")).exit_code == 0
    assert run("--format", "svg", "--no-findings", "-o", str(tmp_path / "plain"),
               str(tmp_path / "shop.arch")).exit_code == 0
    assert "TST002" in (tmp_path / "marked" / "shop.svg").read_text()
    plain = (tmp_path / "plain" / "shop.svg").read_text()
    assert "TST002" not in plain and "Orders" in plain


# --------------------------------------------------------------------------- files


@needs_dot
def test_png_is_a_real_picture(tmp_path: Path, no_rules: None, private_tmpdir: Path) -> None:
    (tmp_path / "shop.arch").write_text(SHOP)
    result = run(str(tmp_path / "shop.arch"))
    assert result.exit_code == 0, result.output
    data = (tmp_path / "shop.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = png_size(data)
    assert 400 < width < 10000 and 200 < height < 10000
    assert len(data) > 20_000   # icons, not an empty canvas
    kinds = png_chunks_valid(data)
    assert kinds[0] == b"IHDR" and kinds[1] == b"tEXt" and kinds[-1] == b"IEND"
    assert read_fingerprint(tmp_path / "shop.png")
    assert files_under(tmp_path) == ["shop.arch", "shop.png"]   # nothing stray
    assert render_leftovers(private_tmpdir) == []


@needs_dot
def test_svg_holds_labels_and_embeds_icons(tmp_path: Path, no_rules: None) -> None:
    (tmp_path / "shop.arch").write_text(SHOP)
    result = run("--format", "svg", str(tmp_path / "shop.arch"))
    assert result.exit_code == 0, result.output
    svg = (tmp_path / "shop.svg").read_text()
    text = html.unescape(svg)   # Graphviz writes "-" as &#45;
    for label in ("Shoppers", "Web servers x4", "Production", "eu-west-1", "orders", "callbacks"):
        assert label in text
    assert_icons_embedded(svg, icons=6)   # users, alb, ec2, rds, sqs, lambda
    assert "site-packages" not in svg and str(Path(render.__file__).parent) not in svg
    assert not re.search(r'="(/|[A-Za-z]:\\)[^"]*\.png"', svg)
    assert svg.startswith("<?xml") and "archlint-render: sha256:" in svg[:400]


def assert_icons_embedded(svg: str, icons: int) -> None:
    """Well-formed XML; every node's <use> points at a <symbol> holding a data URI."""
    xlink = "{http://www.w3.org/1999/xlink}href"
    tree = ET.fromstring(svg.encode())
    ns = "{http://www.w3.org/2000/svg}"
    symbols = {s.get("id"): s for s in tree.iter(ns + "symbol")}
    assert len(symbols) == icons
    for symbol in symbols.values():
        (image,) = symbol.iter(ns + "image")
        assert image.get(xlink).startswith("data:image/png;base64,")
        base64.b64decode(image.get(xlink).split(",", 1)[1], validate=True)
    uses = list(tree.iter(ns + "use"))
    assert uses and all(u.get(xlink)[1:] in symbols for u in uses)
    assert all(i.get(xlink).startswith("data:") for i in tree.iter(ns + "image"))


def test_portable_svg_embeds_only_icons_once(tmp_path: Path) -> None:
    icon_root = render_svg.icon_root()
    icon = next(Path(icon_root, "resources", "aws", "compute").glob("*.png"))
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not an icon")
    image = '<image xlink:href="{}" width="101px" height="101px" x="1" y="-2"/>'
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
           + image.format(icon) * 3 + image.format(secret) + "</svg>")
    out = render.portable_svg(svg)
    assert out.count("data:image/png;base64,") == 1
    assert out.count('<use xlink:href="#archlint-icon-0" x="1" y="-2" width="101" height="101"/>') == 3
    assert str(secret) in out and str(icon) not in out
    ET.fromstring(out)


@needs_dot
def test_outputs_go_only_to_outdir(tmp_path: Path, no_rules: None, private_tmpdir: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "shop.arch").write_text(SHOP)
    (src / "doc.md").write_text("# Doc\n\n```archlint\na: ec2\n```\n\ntext\n\n"
                                "```archlint\nb: s3\n```\n")
    before = files_under(src)
    result = run("--format", "svg", "-o", str(tmp_path / "out" / "pics"), str(src))
    assert result.exit_code == 0, result.output
    assert files_under(src) == before
    assert files_under(tmp_path / "out") == ["pics/doc-block1.svg", "pics/doc-block2.svg",
                                             "pics/shop.svg"]
    assert render_leftovers(private_tmpdir) == []


@needs_dot
def test_default_output_is_next_to_the_source(tmp_path: Path, no_rules: None, monkeypatch) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.arch").write_text("x: ec2\n")
    monkeypatch.chdir(tmp_path)
    result = run("--format", "svg", "a")
    assert result.exit_code == 0
    assert result.stdout == "a/x.arch -> a/x.svg\n"
    assert files_under(tmp_path) == ["a/x.arch", "a/x.svg"]


def test_a_title_cannot_choose_the_path(tmp_path: Path, no_rules: None) -> None:
    root = tmp_path / "root"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "evil.arch").write_text('title = "../../escape/x"\na: ec2\n')
    result = run("--format", "dot", str(root / "docs" / "evil.arch"))
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path) == ["root/docs/evil.arch", "root/docs/evil.dot"]
    assert "../../escape/x" in (root / "docs" / "evil.dot").read_text()   # only as a label


def test_clashing_outputs_are_refused(tmp_path: Path, no_rules: None) -> None:
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "x.arch").write_text("x: ec2\n")
    result = run("--format", "dot", "-o", str(tmp_path / "out"), str(tmp_path / "a"), str(tmp_path / "b"))
    assert result.exit_code == 2
    assert "would both be drawn to" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_picture_never_overwrites_its_source(tmp_path: Path, no_rules: None) -> None:
    (tmp_path / "x.dot").write_text("x: ec2\n")
    result = run("--format", "dot", str(tmp_path / "x.dot"))
    assert result.exit_code == 2 and "overwrite its own source" in result.stderr
    assert (tmp_path / "x.dot").read_text() == "x: ec2\n"


def test_a_picture_never_overwrites_a_file_the_design_includes(tmp_path: Path, no_rules: None) -> None:
    """Only the document's own source was compared: an include named like the picture
    (`include "net.dot"` in net.arch) was replaced by it."""
    (tmp_path / "net.arch").write_text('include "net.dot"\nw: ec2\n')
    (tmp_path / "net.dot").write_text("q: ec2\n")
    result = run("--format", "dot", str(tmp_path / "net.arch"))
    assert result.exit_code == 2
    assert "net.arch: the output would overwrite" in result.stderr and "a file this run read" in result.stderr
    assert (tmp_path / "net.dot").read_text() == "q: ec2\n"


def test_input_errors_are_reported_and_not_drawn(tmp_path: Path, no_rules: None, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.arch").write_text("a: ec3\n")
    (tmp_path / "good.arch").write_text("a: ec2\n")
    result = run("--format", "dot", ".")
    assert result.exit_code == 2
    assert "bad.arch:1:4: E101 [error] unknown kind 'ec3'" in result.stderr
    assert "Traceback" not in result.output
    assert files_under(tmp_path) == ["bad.arch", "good.arch", "good.dot"]


# --------------------------------------------------------------------------- --check


@pytest.mark.parametrize("fmt", ["dot", pytest.param("svg", marks=needs_dot),
                                 pytest.param("png", marks=needs_dot)])
def test_check_missing_stale_current(tmp_path: Path, no_rules: None, fmt: str) -> None:
    source = tmp_path / "shop.arch"
    source.write_text(SHOP)
    missing = run("--check", "--format", fmt, str(source))
    assert missing.exit_code == 1 and "picture missing" in missing.stderr
    assert not (tmp_path / f"shop.{fmt}").exists()          # --check writes nothing

    assert run("--format", fmt, str(source)).exit_code == 0
    current = run("--check", "--format", fmt, str(source))
    assert current.exit_code == 0, current.output
    assert "up to date" in current.stdout

    source.write_text(SHOP + "# a comment changes nothing drawn\n")
    assert run("--check", "--format", fmt, str(source)).exit_code == 0

    assert run("--check", "--format", fmt, "--direction", "TB", str(source)).exit_code == 1

    source.write_text(SHOP + "extra: s3\n")
    stale = run("--check", "--format", fmt, str(source))
    assert stale.exit_code == 1 and "out of date" in stale.stderr


def test_check_sees_changes_in_included_files(tmp_path: Path, no_rules: None) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "part.arch").write_text("b: s3\n")
    (tmp_path / "main.arch").write_text('a: ec2\ninclude "part.arch"\na -> b\n')
    assert run("--format", "dot", str(tmp_path / "main.arch")).exit_code == 0
    assert run("--check", "--format", "dot", str(tmp_path / "main.arch")).exit_code == 0
    (tmp_path / "part.arch").write_text('b: s3 "Renamed"\n')
    assert run("--check", "--format", "dot", str(tmp_path / "main.arch")).exit_code == 1


def test_check_rejects_pictures_without_fingerprint(tmp_path: Path, no_rules: None) -> None:
    (tmp_path / "x.arch").write_text("x: ec2\n")
    (tmp_path / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    result = run("--check", str(tmp_path / "x.arch"))
    assert result.exit_code == 1 and "no archlint fingerprint" in result.stderr


# --------------------------------------------------------------------------- Graphviz trouble


def _run_without_real_dot(work: Path, fake_dot: str | None, *args: str):
    """Run `archlint render` in `work` with a PATH holding no real `dot`
    (only `fake_dot`, a shell script, if given)."""
    bin_dir = work.parent / "bin"
    bin_dir.mkdir(exist_ok=True)
    if fake_dot is not None:
        (bin_dir / "dot").write_text(fake_dot)
        (bin_dir / "dot").chmod(0o755)
    env = {**os.environ, "PATH": str(bin_dir), "TMPDIR": str(work.parent / "_tmp")}
    return subprocess.run([sys.executable, "-m", "archlint", "render", *args],
                          capture_output=True, text=True, env=env, cwd=work)


def test_graphviz_missing_is_one_clear_message(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "x.arch").write_text("x: ec2\n")
    for fmt in ("png", "svg"):
        done = _run_without_real_dot(work, None, "x.arch", "--format", fmt)
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
        assert "Graphviz is not installed" in done.stderr
        assert "apt-get install graphviz" in done.stderr and "brew install graphviz" in done.stderr
        assert done.stderr.count("\n") <= 3          # one message, not one per document
    assert files_under(work) == ["x.arch"]
    assert render_leftovers(tmp_path / "_tmp") == []
    # DOT needs no Graphviz
    assert _run_without_real_dot(work, None, "x.arch", "--format", "dot").returncode == 0
    assert files_under(work) == ["x.arch", "x.dot"]


def test_dot_crash_shows_its_stderr(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "x.arch").write_text("x: ec2\n")
    crash = "#!/bin/sh\necho 'Error: trouble in init_rank' >&2\nexit 1\n"
    for fmt in ("png", "svg"):
        done = _run_without_real_dot(work, crash, "x.arch", "--format", fmt)
        assert done.returncode == 2, done.stderr
        assert "trouble in init_rank" in done.stderr and "Traceback" not in done.stderr
    assert files_under(work) == ["x.arch"]
    assert render_leftovers(tmp_path / "_tmp") == []


# --------------------------------------------------------------------------- large graphs


def test_png_pixel_estimate_matches_cairo_limit() -> None:
    """Graphviz draws (layout + 2 x pad) inches at 96 dpi."""
    assert render.png_pixels(16.306, 8.0486) == (1613, 821)
    assert render_graphviz.plain_size("graph 1 567.01 0.5\nnode ...") == (567.01, 0.5)
    assert max(render.png_pixels(567.01, 0.5)) > render.CAIRO_LIMIT_PX


@needs_dot
@pytest.mark.slow
def test_huge_png_warns_and_suggests_svg(tmp_path: Path, no_rules: None) -> None:
    chain = "\n".join(f"n{i}: generic" for i in range(170)) + "\n"
    chain += " -> ".join(f"n{i}" for i in range(170)) + "\n"
    (tmp_path / "long.arch").write_text(chain)
    result = run(str(tmp_path / "long.arch"))
    assert result.exit_code == 0
    assert "over cairo's 32767 px limit" in result.stderr and "--format svg" in result.stderr
    assert png_size((tmp_path / "long.png").read_bytes())[0] <= 32767


@needs_dot
def test_small_png_does_not_warn(tmp_path: Path, no_rules: None) -> None:
    (tmp_path / "x.arch").write_text("a: ec2\nb: s3\na -> b\n")
    result = run(str(tmp_path / "x.arch"))
    assert result.exit_code == 0 and result.stderr == ""


# --------------------------------------------------------------------------- samples


@needs_dot
def test_every_sample_renders(tmp_path: Path) -> None:
    samples = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".arch", ".md"))
    assert samples, "no samples to render"
    result = run("--format", "svg", "-o", str(tmp_path), str(SAMPLES))
    assert result.exit_code == 0, result.output
    written = files_under(tmp_path)
    assert len(written) >= len([s for s in samples if s.suffix == ".arch"])
    assert all(name.endswith(".svg") for name in written)


def test_configuration_decides_which_findings_are_drawn(tmp_path: Path, test_rules: None) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "shop.arch").write_text(SHOP)
    (tmp_path / ".archlint.yaml").write_text("ignore: [TST002]\n")
    assert run("--format", "dot", str(tmp_path / "shop.arch")).exit_code == 0
    assert "TST002" not in (tmp_path / "shop.dot").read_text()
    (tmp_path / ".archlint.yaml").write_text("select: [TST002]\n")
    assert run("--check", "--format", "dot", str(tmp_path / "shop.arch")).exit_code == 1
    assert run("--format", "dot", str(tmp_path / "shop.arch")).exit_code == 0
    assert "TST002" in (tmp_path / "shop.dot").read_text()
    (tmp_path / ".archlint.yaml").write_text("selcet: [TST002]\n")
    broken = run("--format", "dot", str(tmp_path / "shop.arch"))
    assert broken.exit_code == 2 and "selcet" in broken.stderr


def test_long_labels_wrap_and_nodes_grow_for_extra_lines(test_rules: None) -> None:
    dot = dot_of('db: rds "Session and catalogue database"\nweb: ec2 "Web"\n')
    assert re.search(r'\bdb \[label="Session and\\ncatalogue\\ndatabase\\nTST002" .*height=3\.1\b', dot)
    assert re.search(r'\bweb \[label=Web height=1\.9\b', dot)


def test_long_words_stay_whole_and_counts_stay_with_their_word(no_rules: None) -> None:
    dot = dot_of('dns: route53 "recipes.example.com"\nsvc: ecs "Team service" { count = 2 }\n')
    assert re.search(r'\bdns \[label="recipes.example.com" ', dot)
    assert re.search(r'\bsvc \[label="Team\\nservice x2" ', dot)


def test_group_labels_name_their_kind_count_and_cidr(no_rules: None) -> None:
    dot = dot_of('account teams "Product teams" { count = 50\n'
                 '  region r "us-east-1" { vpc app "Application" { count = 4, cidr = "10.1.0.0/16"\n'
                 '    subnet pub "Public a" { cidr = "10.1.0.0/24"  x: ec2 } } } }\n'
                 'vpc legacy "Legacy VPC" { az a "AZ a" { y: ec2 } }\ngroup g "Batch" { z: ec2 }\n')

    def label(cluster: str) -> str:
        found = re.search(rf"subgraph cluster_{cluster} \{{\n\s*graph \[.*?label=(\"[^\"]*\"|\S+)", dot)
        assert found, cluster
        return found.group(1).strip('"')

    assert label("teams") == "Account: Product teams x50"
    assert label("r") == "Region: us-east-1"
    # the CIDR goes on a line of its own, every line left-justified like the title
    assert label("app") == "VPC: Application x4\\l10.1.0.0/16\\l"
    assert label("pub") == "Subnet: Public a\\l10.1.0.0/24\\l"
    assert label("legacy") == "Legacy VPC"       # already says what it is
    assert label("a") == "AZ a"
    assert label("g") == "Batch"                 # a plain group has no kind to name


FAN = """\
bus: sns "Events"
a: sqs
b: sqs
c: sqs
d: sqs
bus -> [a, b, c, d] : "OrderPlaced"
"""


def test_fan_out_draws_its_label_once(no_rules: None) -> None:
    dot = dot_of(FAN)
    edges = [line for line in dot.splitlines() if re.match(r"\s*bus -> [abcd] \[", line)]
    assert len(edges) == 4
    assert all("sametail=fan1" in line for line in edges)
    assert sum("OrderPlaced" in line for line in edges) == 1
    assert "label=OrderPlaced" in edges[2]       # the middle edge of the fan


def test_fan_in_draws_its_label_once(no_rules: None) -> None:
    dot = dot_of('a: ec2\nb: ec2\nc: ec2\nlog: s3 "Logs"\n[a, b, c] -> log : "ship logs"\n')
    edges = [line for line in dot.splitlines() if re.match(r"\s*[abc] -> log \[", line)]
    assert len(edges) == 3 and all("samehead=fan1" in line for line in edges)
    assert sum('"ship logs"' in line for line in edges) == 1


def test_small_fans_and_edges_with_findings_keep_their_labels(test_rules: None) -> None:
    two = dot_of('web: ec2\ncache: elasticache\ndb2: dynamodb\nweb -> [cache, db2] : "reads"\n')
    assert two.count("label=reads") == 2 and "sametail" not in two
    marked = dot_of('w: ec2\nx: rds\ny: rds\nz: s3\nw -> [x, y, z] : "bad"\n')
    # every edge carries a finding, so each keeps its label with the rule id
    assert marked.count('label="bad\\nTST002"') == 3 and "sametail" not in marked


def test_fans_never_touch_edges_to_groups(no_rules: None) -> None:
    dot = dot_of('vpc a "A" { x: ec2 }\nvpc b "B" { }\nvpc c "C" { }\nvpc d "D" { }\n'
                 'a -> [b, c, d] : "peering"\n')
    assert dot.count("label=peering") == 3 and "sametail" not in dot


def test_top_to_bottom_puts_icons_where_edges_arrive(no_rules: None) -> None:
    """In TB, edges meet a node's top: the icon goes there, and the node is as
    tall as icon and label, so arrows do not stop in blank space above icons."""
    text = 'a: ec2 "Web"\nb: rds "Session and catalogue database"\na -> b\n'
    tb = dot_of(text, direction="TB")
    assert re.search(r'\ba \[label=Web height=1\.67 image=\S+ imagepos=tc\b', tb)
    assert re.search(r'\bb \[label="Session and\\ncatalogue\\ndatabase" height=2\.11 image=\S+ imagepos=tc\b', tb)
    lr = dot_of(text)
    assert "imagepos" not in lr and re.search(r'\ba \[label=Web height=1\.9\b', lr)
