"""Draw an architecture graph as a picture (PNG, SVG or DOT) with `diagrams`.

This is the only module that imports `diagrams`, and only inside functions, so
that the lint path (`archlint check`) never pays for it. The picture is built
as DOT through diagrams' classes; then archlint runs Graphviz itself (one
`dot` process per picture) instead of `Diagram.render()`, because that way:

- no `.dot` or other temporary file ever lands in the user's directories (the
  PNG layout runs in a private temporary directory, outputs are written to a
  temporary file next to the target and renamed over it);
- `dot`'s stderr is captured, so a crash is shown as a message, not a traceback;
- one layout yields both the PNG and its size (`-Tplain`), to warn when cairo
  would scale the bitmap down;
- SVG icons can be embedded as data URIs, so the file renders anywhere.

Every output records a fingerprint of what it was drawn from (see
`fingerprint`), which `archlint render --check` compares: never image bytes,
which change with the Graphviz version.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from archlint import __version__
from archlint.model.kinds import GROUP_KINDS, KINDS, lookup
from archlint.model.graph import Edge, Element, Graph, Group

if TYPE_CHECKING:
    from archlint.model.findings import Finding
    from archlint.config.settings import Settings
    from archlint.language.sources import Document

FORMATS: tuple[str, ...] = ("png", "svg", "dot")
DIRECTIONS: tuple[str, ...] = ("TB", "BT", "LR", "RL")
CAIRO_LIMIT_PX = 32767
"""cairo's bitmap limit: Graphviz silently scales larger PNGs down to fit."""
DEFAULT_DPI = 96.0
FINDING_COLOR = "#D62728"
FINGERPRINT_KEY = "archlint-render"
INSTALL_HINT = (
    "Graphviz is not installed (the 'dot' program was not found on PATH); "
    "archlint render needs it for PNG and SVG.\n"
    "Install it with 'apt-get install graphviz' (Debian/Ubuntu), "
    "'brew install graphviz' (macOS) or see https://graphviz.org/download/, "
    "or use '--format dot', which needs no Graphviz."
)
_GENERIC = "diagrams.generic.blank.Blank"
_PAD_INCHES = 0.5
_WRAP = 14
"""Characters per line of a node label: what fits under a 1.4 inch icon at 13 pt
(about 0.1 inch a character); longer lines ran over the borders of groups."""
_ICON_INCHES = 1.4
"""Width of a diagrams node, which its (square) icon fills."""
_LINE_INCHES = 0.22
"""Height of one line of a 13 pt node label."""
_FAN = 3
"""Edges from one node (or into one) sharing a label, from which the label is
drawn once: `bus -> [a, b, c, d] : "OrderPlaced"` would repeat it four times."""
_GROUP_NAMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "region": ("Region", ("region",)),
    "az": ("AZ", ("az", "availability zone")),
    "vpc": ("VPC", ("vpc",)),
    "subnet": ("Subnet", ("subnet",)),
    "account": ("Account", ("account",)),
    "asg": ("Auto Scaling group", ("asg", "auto scaling")),
}
"""Kind named before a group's label (`VPC: Production`), and words that already
name it (`Legacy VPC`, `AZ a` stay as written). Colours alone do not tell a
region from an AZ or a VPC from a subnet."""


class RenderError(Exception):
    """A picture could not be made; the message is meant for the user as is."""


class GraphvizMissing(RenderError):
    def __init__(self) -> None:
        super().__init__(INSTALL_HINT)


@dataclass(frozen=True)
class RenderOptions:
    """Everything besides the source that changes the picture."""

    format: str = "png"
    direction: str = "LR"
    findings: bool = True

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown format {self.format!r}; expected one of {', '.join(FORMATS)}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"unknown direction {self.direction!r}; expected one of {', '.join(DIRECTIONS)}")


@dataclass
class Picture:
    """A rendered picture in memory, ready to be written."""

    data: bytes
    fingerprint: str
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- names


def output_name(document: "Document", fmt: str) -> str:
    """`<source stem>.<fmt>`, plus `-block<N>` for a Markdown block.

    Taken from the source's own file name, never from its contents (a title such
    as `../../etc/x` must not choose where files go).
    """
    source = document.real_path or Path(document.path)
    stem = source.name[: -len(source.suffix)] if source.suffix else source.name
    suffix = f"-block{document.block}" if document.block is not None else ""
    return f"{stem}{suffix}.{fmt}"


def output_path(document: "Document", fmt: str, outdir: Path | None = None) -> Path:
    """Where a document's picture goes: OUTDIR if given, else next to its source."""
    source = document.real_path or Path(document.path)
    directory = outdir if outdir is not None else source.parent
    return directory / output_name(document, fmt)


# --------------------------------------------------------------------------- DOT


def _text(value: str, left: bool = False) -> str:
    """User text as a Graphviz label: backslashes literal, real newlines kept,
    never taken for an HTML label (`<b>` stays the four characters it is).
    `left` justifies every line left (`\\l`), as a group's title sits."""
    from graphviz import nohtml

    end = "\\l" if left and "\n" in value else "\\n"
    text = value.replace("\\", "\\\\").replace("\n", end)
    return nohtml(text + end if end == "\\l" else text)


def _class_for(kind_name: str, cache: dict[str, type]) -> type:
    """The diagrams class that draws `kind_name`; the generic box if unknown."""
    kind = KINDS.get(kind_name) or lookup(kind_name)
    path = kind.diagram if kind else _GENERIC
    if path not in cache:
        module, _, name = path.rpartition(".")
        try:
            cache[path] = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            if path == _GENERIC:
                raise
            cache[path] = _class_for("generic", cache)
    return cache[path]


def _marks(graph: Graph, findings: Iterable["Finding"]) -> tuple[dict[str, list[str]], list[str]]:
    """Rule ids per element or edge id, and ids of findings on the document itself."""
    by_subject: dict[str, set[str]] = {}
    document: set[str] = set()
    edge_ids = {edge.id for edge in graph.edges}
    for finding in findings:
        if finding.is_input_error:
            continue
        subject = finding.element_id
        if subject and (graph.element(subject) is not None or subject in edge_ids):
            by_subject.setdefault(subject, set()).add(finding.rule_id)
        else:
            document.add(finding.rule_id)
    return {k: sorted(v) for k, v in by_subject.items()}, sorted(document)


def _label(element: Element, marks: dict[str, list[str]], wrap: int | None = None) -> str:
    """Label, `xN` for copies, then the rule ids of findings on a line of their own.

    Node labels are wrapped (`wrap` characters a line): nodes have a fixed
    width, and Graphviz lets a longer label run over its neighbours.
    """
    text = element.display
    if element.count > 1:
        # a no-break space keeps the count with the last word: "Auth" / "service x3"
        text += f"\u00a0x{element.count}"
    if wrap:
        import textwrap

        # a word longer than a line stays whole: "recipes.example.com", not "...co" / "m"
        text = "\n".join(textwrap.wrap(text, wrap, break_on_hyphens=False,
                                         break_long_words=False)) or text
    text = text.replace("\u00a0", " ")
    if element.id in marks:
        text += "\n" + ", ".join(marks[element.id])
    return text


def _group_label(group: Group, marks: dict[str, list[str]]) -> str:
    """`VPC: Production x4`: the kind unless the label names it, and the count;
    below it the CIDR block if given, then the rule ids of findings.

    The CIDR has a line of its own: a wider title widens the box, and
    Graphviz then places edge labels over it."""
    text = group.display
    name = _GROUP_NAMES.get(group.kind)
    if name and not any(re.search(rf"\b{re.escape(word)}\b", text, re.I) for word in name[1]):
        text = f"{name[0]}: {text}"
    if group.count > 1:
        text += f" x{group.count}"
    cidr = group.get("cidr")
    if isinstance(cidr, str) and cidr:
        text += f"\n{cidr}"
    if group.id in marks:
        text += "\n" + ", ".join(marks[group.id])
    return text


def _fans(graph: Graph, marks: dict[str, list[str]]) -> dict[int, tuple[str, str, bool]]:
    """Edges drawn as one labelled fan: index in `graph.edges` -> (`sametail` or
    `samehead`, its value, whether this edge carries the label).

    `_FAN` or more edges with one label, one style and one shared end node are
    drawn leaving (or reaching) the same point, with the label on the middle
    edge only. Edges with findings keep their own label; group ends are
    clipped at cluster borders (`ltail`/`lhead`), so they are left alone too.
    Graphviz allows 5 such points per node; further fans keep every label.
    """
    result: dict[int, tuple[str, str, bool]] = {}
    for attr, end in (("sametail", "source"), ("samehead", "target")):
        fans: dict[tuple, list[int]] = {}
        for index, edge in enumerate(graph.edges):
            if (index in result or not edge.label or edge.id in marks
                    or edge.source in graph.groups or edge.target in graph.groups):
                continue
            key = (getattr(edge, end), edge.label, edge.directed, edge.bidirectional,
                   _is_async(edge, graph))
            fans.setdefault(key, []).append(index)
        used: dict[str, int] = {}
        for key, indexes in fans.items():
            if len(indexes) < _FAN or used.get(key[0], 0) >= 5:
                continue
            used[key[0]] = used.get(key[0], 0) + 1
            value = f"fan{used[key[0]]}"
            middle = indexes[len(indexes) // 2]
            for index in indexes:
                result[index] = (attr, value, index == middle)
    return result


def _is_async(edge: Edge, graph: Graph) -> bool:
    """Into a queue, topic, stream or bus, or marked `async = true`."""
    if edge.get("async") is True:
        return True
    target = graph.nodes.get(edge.target)
    kind = KINDS.get(target.kind) if target is not None else None
    return bool(kind and kind.asynchronous)


def anchor_id(group_id: str) -> str:
    """The invisible point node inside a group's cluster that edges to the group
    attach to. `@` cannot appear in a DSL id, so it never collides."""
    return "@" + group_id


def cluster_name(group_id: str) -> str:
    """Unique per group: the id, never the label (same-label siblings stay apart)."""
    return "cluster_" + group_id


def build_dot(graph: Graph, findings: Iterable["Finding"] = (), options: RenderOptions | None = None,
              title: str | None = None) -> str:
    """The DOT source of the picture: deterministic, byte for byte, for one input.

    Groups become clusters named by id. An edge that starts or ends at a group
    is drawn to an invisible point inside the group's cluster and clipped at the
    cluster's border (`compound=true` with `lhead`/`ltail`), so a VPC peering
    reads as a line between two boxes. A point is used rather than a member
    node so that empty groups work too, and every group gets one when it is
    empty, since Graphviz does not draw empty clusters.
    """
    import diagrams
    from diagrams import Cluster, Diagram
    from diagrams import Edge as DiagramEdge
    from diagrams import Node as DiagramNode

    options = options or RenderOptions()
    marks, document_marks = _marks(graph, findings) if options.findings else ({}, [])
    heading = title if title is not None else _doc_title(graph)
    if document_marks:
        heading = (heading + "\n" if heading else "") + ", ".join(document_marks)
    graph_attr = {
        "splines": "spline",
        "compound": "true",
        "pad": str(_PAD_INCHES),
        "label": _text(heading),
        "labelloc": "t",
    }
    if document_marks:
        graph_attr["fontcolor"] = FINDING_COLOR
    edge_endpoints = {e.source for e in graph.edges} | {e.target for e in graph.edges}
    drawn: dict[str, object] = {}
    classes: dict[str, type] = {}

    diagram = Diagram(name=_text(heading), filename="archlint", direction=options.direction,
                      outformat="png", show=False, graph_attr=graph_attr)

    def add(element: Element) -> None:
        if isinstance(element, Group):
            style = dict(GROUP_KINDS[element.kind].style) if element.kind in GROUP_KINDS else {}
            style["label"] = _text(_group_label(element, marks), left=True)
            if element.id in marks:
                style.update(fontcolor=FINDING_COLOR, pencolor=FINDING_COLOR, penwidth="2")
            with Cluster(element.id, graph_attr=style):
                if element.id in edge_endpoints or not element.children:
                    drawn[element.id] = DiagramNode(
                        "", nodeid=anchor_id(element.id), shape="point", style="invis",
                        width="0.01", height="0.01", fixedsize="true")
                for child in element.children:
                    add(child)
            return
        attrs = {"fontcolor": FINDING_COLOR} if element.id in marks else {}
        cls = _class_for(element.kind, classes)
        label = _label(element, marks, wrap=_WRAP)
        if getattr(cls, "_icon", None):
            lines = label.count("\n")
            if options.direction in ("TB", "BT"):
                # edges meet the top and bottom of a node: with the icon centred
                # they stopped in blank space above it, so put it on top and
                # size the node to the icon and its label lines
                attrs["imagepos"] = "tc"
                attrs["height"] = f"{_ICON_INCHES + _LINE_INCHES * (lines + 1) + 0.05:.2f}"
            else:
                # diagrams grows a node per "\n" it sees; ours are escaped, so say it here
                attrs["height"] = f"{getattr(cls, '_height', 1.9) + 0.4 * lines:.1f}"
        drawn[element.id] = cls(_text(label), nodeid=element.id, **attrs)

    diagrams.setdiagram(diagram)
    try:
        for root in graph.roots:
            add(root)
        fans = _fans(graph, marks)
        for index, edge in enumerate(graph.edges):
            source, target = drawn.get(edge.source), drawn.get(edge.target)
            if source is None or target is None:
                continue
            attrs: dict[str, str] = {}
            labelled = True
            if index in fans:
                attr, value, labelled = fans[index]
                attrs[attr] = value
            if edge.source in graph.groups and not _inside(graph, edge.target, edge.source):
                attrs["ltail"] = cluster_name(edge.source)
            if edge.target in graph.groups and not _inside(graph, edge.source, edge.target):
                attrs["lhead"] = cluster_name(edge.target)
            label = (edge.label or "") if labelled else ""
            if edge.id in marks:
                label = (label + "\n" if label else "") + ", ".join(marks[edge.id])
                attrs.update(color=FINDING_COLOR, fontcolor=FINDING_COLOR)
            connector = DiagramEdge(
                label=_text(label) if label else "",
                forward=edge.directed,
                reverse=edge.bidirectional,
                style="dashed" if _is_async(edge, graph) else "",
                **attrs,
            )
            diagram.connect(source, target, connector)
    finally:
        diagrams.setcluster(None)
        diagrams.setdiagram(None)
    return diagram.dot.source


def _inside(graph: Graph, element_id: str, group_id: str) -> bool:
    """Is `element_id` the group itself or inside it (then lhead/ltail would be invalid)?"""
    if element_id == group_id:
        return True
    element = graph.element(element_id)
    return element is not None and any(g.id == group_id for g in element.ancestors())


def _doc_title(graph: Graph) -> str:
    value = graph.get("title")
    return value if isinstance(value, str) else ""


# --------------------------------------------------------------------------- fingerprints


def _icon_root() -> str:
    """The directory diagrams' icon paths start with (its `resources/` parent)."""
    import diagrams

    return os.path.dirname(os.path.dirname(os.path.abspath(diagrams.__file__)))


def fingerprint(dot_source: str, options: RenderOptions) -> str:
    """sha256 of what the picture shows (the DOT, with machine-specific icon paths
    removed), the format and the archlint version.

    The DOT already reflects the source, its includes, the findings and the
    direction, and ignores edits that change nothing drawn (comments, layout of
    the text), so a picture is stale exactly when it would be drawn differently.
    """
    portable = dot_source.replace(_icon_root(), "<icons>")
    payload = f"archlint {__version__}\nformat {options.format}\n{portable}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_FINGERPRINT_TEXT = re.compile(rb"archlint-render: sha256:([0-9a-f]{64})")


def read_fingerprint(path: Path) -> str | None:
    """The fingerprint recorded in a picture written by archlint, or None."""
    try:
        with path.open("rb") as handle:
            data = handle.read()
    except OSError:
        return None
    if data.startswith(_PNG_MAGIC):
        for kind, body in _png_chunks(data):
            if kind == b"tEXt":
                key, _, value = body.partition(b"\0")
                if key == FINGERPRINT_KEY.encode():
                    found = re.fullmatch(rb"sha256:([0-9a-f]{64}).*", value, re.S)
                    return found.group(1).decode() if found else None
            if kind == b"IDAT":
                return None
        return None
    found = _FINGERPRINT_TEXT.search(data[:65536])
    return found.group(1).decode() if found else None


# --------------------------------------------------------------------------- PNG metadata

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png_chunks(data: bytes) -> Iterable[tuple[bytes, bytes]]:
    position = len(_PNG_MAGIC)
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        yield kind, data[position + 8:position + 8 + length]
        position += 12 + length


def png_with_text(png: bytes, key: str, text: str) -> bytes:
    """`png` with a tEXt chunk right after IHDR (metadata readers look there)."""
    if not png.startswith(_PNG_MAGIC):
        raise RenderError("Graphviz did not produce a PNG file")
    ihdr_end = len(_PNG_MAGIC) + 12 + struct.unpack(">I", png[8:12])[0]
    body = key.encode("latin-1") + b"\0" + text.encode("latin-1")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + body) & 0xFFFFFFFF)
    return png[:ihdr_end] + chunk + png[ihdr_end:]


# --------------------------------------------------------------------------- SVG

_SVG_IMAGE_TAG = re.compile(r"<image\b([^>]*?)/?>(?:</image>)?")
_SVG_ATTR = re.compile(r'([\w:.-]+)="([^"]*)"')
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def portable_svg(svg: str) -> str:
    """Embed the icons Graphviz refers to by absolute file path.

    Each distinct icon is stored once, as a `<symbol>` holding a
    `data:image/png;base64,...` image, and every node draws it with `<use>`:
    a 1,000-node picture stays about 1 MB instead of 20 MB of repeated icons.
    Only files under diagrams' icon directory are embedded (archlint never
    points at anything else); any other reference is left as it was.
    """
    root = os.path.realpath(_icon_root())
    symbols: dict[tuple[str, str], str] = {}
    defs: list[str] = []

    def icon(href: str) -> str | None:
        if href.startswith(("data:", "#", "http:", "https:")):
            return None
        real = os.path.realpath(href)
        if not real.startswith(root + os.sep) or not real.lower().endswith(".png"):
            return None
        return real if os.path.isfile(real) else None

    def replace(match: re.Match[str]) -> str:
        attrs = dict(_SVG_ATTR.findall(match.group(1)))
        real = icon(attrs.get("xlink:href", attrs.get("href", "")))
        if real is None:
            return match.group(0)
        fit = attrs.get("preserveAspectRatio", "xMidYMid meet")
        key = (real, fit)
        if key not in symbols:
            with open(real, "rb") as handle:
                data = handle.read()
            width, height = struct.unpack(">II", data[16:24])
            symbols[key] = f"archlint-icon-{len(symbols)}"
            defs.append(
                f'<symbol id="{symbols[key]}" viewBox="0 0 {width} {height}" '
                f'preserveAspectRatio="{fit}"><image width="{width}" height="{height}" '
                f'xlink:href="data:image/png;base64,{base64.b64encode(data).decode("ascii")}"/>'
                "</symbol>")
        place = " ".join(f'{k}="{attrs[k].removesuffix("px")}"'
                         for k in ("x", "y", "width", "height") if k in attrs)
        return f'<use xlink:href="#{symbols[key]}" {place}/>'

    body = _SVG_IMAGE_TAG.sub(replace, svg)
    opening = _SVG_OPEN.search(body)
    if not defs or opening is None:
        return body
    if "xmlns:xlink" not in opening.group(0):
        body = body[:opening.end() - 1] + ' xmlns:xlink="http://www.w3.org/1999/xlink">' + \
            body[opening.end():]
        opening = _SVG_OPEN.search(body)
        assert opening is not None
    return body[:opening.end()] + "\n<defs>\n" + "\n".join(defs) + "\n</defs>" + body[opening.end():]


def _svg_with_comment(svg: str, comment: str) -> str:
    """Insert `<!-- comment -->` right after the XML declaration."""
    line = f"<!-- {comment} -->\n"
    if svg.startswith("<?xml"):
        end = svg.index("?>") + 2
        newline = 1 if svg[end:end + 1] == "\n" else 0
        return svg[:end + newline] + ("" if newline else "\n") + line + svg[end + newline:]
    return line + svg


# --------------------------------------------------------------------------- Graphviz


def dot_binary() -> str:
    found = shutil.which("dot")
    if found is None:
        raise GraphvizMissing()
    return found


def _run_dot(args: list[str], source: str, cwd: str | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        result = subprocess.run([dot_binary(), *args], input=source.encode("utf-8"),
                                capture_output=True, cwd=cwd, check=False)
    except FileNotFoundError:
        raise GraphvizMissing() from None
    except OSError as error:
        raise RenderError(f"could not run Graphviz 'dot': {error}") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip() or f"exit status {result.returncode}"
        raise RenderError(f"Graphviz 'dot' failed:\n{detail}")
    return result


def _plain_size(plain: str) -> tuple[float, float]:
    """Width and height in inches from the first line of `-Tplain` output."""
    first = plain.split("\n", 1)[0].split()
    if len(first) < 4 or first[0] != "graph":
        return 0.0, 0.0
    scale = float(first[1])
    return float(first[2]) * scale, float(first[3]) * scale


def png_pixels(width_in: float, height_in: float, dpi: float = DEFAULT_DPI) -> tuple[int, int]:
    """Bitmap size Graphviz aims for: the layout plus its padding, at `dpi`."""
    return (round((width_in + 2 * _PAD_INCHES) * dpi), round((height_in + 2 * _PAD_INCHES) * dpi))


def render(dot_source: str, options: RenderOptions, shown: str = "picture") -> Picture:
    """Turn DOT into the bytes of the requested format, fingerprint included."""
    mark = fingerprint(dot_source, options)
    stamp = f"sha256:{mark} archlint {__version__}"
    if options.format == "dot":
        return Picture(f"// {FINGERPRINT_KEY}: {stamp}\n{dot_source}".encode("utf-8"), mark)
    if options.format == "svg":
        svg = _run_dot(["-Tsvg"], dot_source).stdout.decode("utf-8")
        svg = _svg_with_comment(portable_svg(svg), f"{FINGERPRINT_KEY}: {stamp}")
        return Picture(svg.encode("utf-8"), mark)
    with tempfile.TemporaryDirectory(prefix="archlint-render-") as private:
        _run_dot(["-Tpng", "-o", "picture.png", "-Tplain", "-o", "layout.plain"], dot_source,
                 cwd=private)
        png = Path(private, "picture.png").read_bytes()
        plain = Path(private, "layout.plain").read_text("utf-8", "replace")
    warnings: list[str] = []
    width, height = png_pixels(*_plain_size(plain))
    if max(width, height) > CAIRO_LIMIT_PX:
        warnings.append(
            f"{shown}: the picture is {width} x {height} px, over cairo's {CAIRO_LIMIT_PX} px "
            f"limit, so Graphviz scaled the PNG down and it may be unreadable; "
            f"use --format svg for large graphs")
    return Picture(png_with_text(png, FINGERPRINT_KEY, stamp), mark, warnings)


# --------------------------------------------------------------------------- files


def _file_mode(path: Path) -> int:
    """Keep an existing picture's mode; a new one gets the usual umask mode."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same directory, then rename over `path`:
    readers never see half a picture, and a failure leaves nothing behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, _file_mode(path))
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


# --------------------------------------------------------------------------- the command


@dataclass
class _Job:
    document: "Document"
    graph: Graph
    findings: list["Finding"]
    target: Path


def render_paths(paths: list[Path], options: RenderOptions, outdir: Path | None = None,
                 check_only: bool = False, out: Callable[[str], None] = print,
                 err: Callable[[str], None] = print, settings: "Settings | None" = None) -> int:
    """`archlint render`: one picture per document; returns the exit code.

    0 done (or, with `check_only`, every picture current); 1 some picture missing
    or out of date (`check_only`); 2 input errors, output clashes or Graphviz
    problems. Documents with input errors are reported like `archlint check`
    does and not drawn; the others still are. `settings` (the configuration:
    rule selection, severities, options, include/exclude) decides which
    findings are drawn, as it decides what `archlint check` reports.
    """
    from archlint.run import engine
    from archlint.language import sources
    from archlint.output.reporters.text import format_finding
    from archlint.config.settings import Settings

    try:
        import diagrams  # noqa: F401 - fail early with a clear message
    except ImportError:
        err("archlint: render needs the 'diagrams' package: pip install 'archlint[render]'")
        return 2
    settings = settings or Settings()
    rules = engine.rules_for(settings) if options.findings else []
    status = 0
    jobs: list[_Job] = []
    explicit = {p for p in paths if not p.is_dir()}
    for path in sources.iter_files(paths):
        if not settings.wants_file(path, explicit=path in explicit):
            continue
        loaded = sources.load(path)
        for problem in loaded.errors:
            err(format_finding(problem))
            status = 2
        for document in loaded.documents:
            result = engine.check_document(document, rules, settings)
            problems = [f for f in result.findings if f.is_input_error]
            if problems or result.graph is None:
                for problem in sorted(problems, key=lambda f: f.sort_key()):
                    err(format_finding(problem))
                status = 2
                continue
            target = output_path(document, options.format, outdir)
            jobs.append(_Job(document, result.graph, result.findings, target))

    clash = _clash(jobs)
    if clash:
        err(f"archlint: {clash}")
        return 2
    stale = 0
    for job in jobs:
        shown = sources.display_path(job.target)
        try:
            dot_source = build_dot(job.graph, job.findings, options)
            if check_only:
                problem = _staleness(job.target, fingerprint(dot_source, options))
                if problem:
                    stale += 1
                    err(f"{shown}: {problem} (source: {job.document.name})")
                continue
            picture = render(dot_source, options, shown)
            write_atomic(job.target, picture.data)
        except GraphvizMissing as error:
            err(f"archlint: {error}")
            return 2
        except RenderError as error:
            err(f"archlint: {job.document.name}: {error}")
            status = 2
            continue
        except OSError as error:
            err(f"archlint: cannot write {shown}: {error.strerror or error}")
            status = 2
            continue
        for warning in picture.warnings:
            err(f"archlint: warning: {warning}")
        out(f"{job.document.name} -> {shown}")
    if check_only:
        if stale:
            err(f"{stale} of {len(jobs)} picture{'s' * (len(jobs) != 1)} missing or out of date; "
                "run 'archlint render' with the same options to update")
        elif jobs:
            out(f"All {len(jobs)} picture{'s' * (len(jobs) != 1)} up to date.")
        return status or (1 if stale else 0)
    return status


def _staleness(target: Path, wanted: str) -> str | None:
    """Why the picture at `target` does not match `wanted`, or None if it does."""
    if not target.is_file():
        return "picture missing"
    recorded = read_fingerprint(target)
    if recorded is None:
        return "picture has no archlint fingerprint (not made by archlint render?)"
    if recorded != wanted:
        return "picture out of date"
    return None


def _clash(jobs: list[_Job]) -> str | None:
    """Two documents aimed at one file, or a picture that would overwrite its source."""
    seen: dict[Path, _Job] = {}
    for job in jobs:
        key = job.target.resolve()
        source = job.document.real_path
        if source is not None and key == source.resolve():
            return f"{job.document.name}: the picture would overwrite its own source {job.target}"
        if key in seen:
            other = seen[key].document.name
            return (f"{other} and {job.document.name} would both be drawn to {job.target}; "
                    "render them into different directories with -o")
        seen[key] = job
    return None
