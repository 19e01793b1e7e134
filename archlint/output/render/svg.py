"""SVG that renders anywhere: the icons Graphviz refers to by file path are embedded."""

from __future__ import annotations

import base64
import os
import re
import struct


def icon_root() -> str:
    """The directory diagrams' icon paths start with (its `resources/` parent)."""
    import diagrams

    return os.path.dirname(os.path.dirname(os.path.abspath(diagrams.__file__)))



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
    root = os.path.realpath(icon_root())
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


def with_comment(svg: str, comment: str) -> str:
    """Insert `<!-- comment -->` right after the XML declaration."""
    line = f"<!-- {comment} -->\n"
    if svg.startswith("<?xml"):
        end = svg.index("?>") + 2
        newline = 1 if svg[end:end + 1] == "\n" else 0
        return svg[:end + newline] + ("" if newline else "\n") + line + svg[end + newline:]
    return line + svg
