"""The fingerprint a picture records of what it was drawn from, and reading it back.

`archlint render --check` compares fingerprints, never image bytes, which
change with the Graphviz version. PNG keeps it in a tEXt chunk, SVG and DOT in
a comment.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from pathlib import Path
from typing import Iterable

from archlint import __version__
from archlint.output.render.options import FINGERPRINT_KEY, RenderError, RenderOptions
from archlint.output.render.svg import icon_root


def fingerprint(dot_source: str, options: RenderOptions) -> str:
    """sha256 of what the picture shows (the DOT, with machine-specific icon paths
    removed), the format and the archlint version.

    The DOT already reflects the source, its includes, the findings and the
    direction, and ignores edits that change nothing drawn (comments, layout of
    the text), so a picture is stale exactly when it would be drawn differently.
    """
    portable = dot_source.replace(icon_root(), "<icons>")
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
