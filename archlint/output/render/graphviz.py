"""Running Graphviz `dot`: one process per picture, its stderr shown as a message.

One layout yields both the PNG and its size (`-Tplain`), to warn when cairo
would scale the bitmap down; the PNG is made in a private temporary directory
so no file ever lands in the user's directories.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from archlint import __version__
from archlint.output.render.options import (
    FINGERPRINT_KEY, PAD_INCHES, GraphvizMissing, Picture, RenderError, RenderOptions)
from archlint.output.render.stamp import fingerprint, png_with_text
from archlint.output.render.svg import portable_svg, with_comment

CAIRO_LIMIT_PX = 32767
"""cairo's bitmap limit: Graphviz silently scales larger PNGs down to fit."""
DEFAULT_DPI = 96.0


def dot_binary() -> str:
    found = shutil.which("dot")
    if found is None:
        raise GraphvizMissing()
    return found


def run_dot(args: list[str], source: str, cwd: str | None = None) -> subprocess.CompletedProcess[bytes]:
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


def plain_size(plain: str) -> tuple[float, float]:
    """Width and height in inches from the first line of `-Tplain` output."""
    first = plain.split("\n", 1)[0].split()
    if len(first) < 4 or first[0] != "graph":
        return 0.0, 0.0
    scale = float(first[1])
    return float(first[2]) * scale, float(first[3]) * scale


def png_pixels(width_in: float, height_in: float, dpi: float = DEFAULT_DPI) -> tuple[int, int]:
    """Bitmap size Graphviz aims for: the layout plus its padding, at `dpi`."""
    return (round((width_in + 2 * PAD_INCHES) * dpi), round((height_in + 2 * PAD_INCHES) * dpi))


def render(dot_source: str, options: RenderOptions, shown: str = "picture") -> Picture:
    """Turn DOT into the bytes of the requested format, fingerprint included."""
    mark = fingerprint(dot_source, options)
    stamp = f"sha256:{mark} archlint {__version__}"
    if options.format == "dot":
        return Picture(f"// {FINGERPRINT_KEY}: {stamp}\n{dot_source}".encode("utf-8"), mark)
    if options.format == "svg":
        svg = run_dot(["-Tsvg"], dot_source).stdout.decode("utf-8")
        svg = with_comment(portable_svg(svg), f"{FINGERPRINT_KEY}: {stamp}")
        return Picture(svg.encode("utf-8"), mark)
    with tempfile.TemporaryDirectory(prefix="archlint-render-") as private:
        run_dot(["-Tpng", "-o", "picture.png", "-Tplain", "-o", "layout.plain"], dot_source,
                 cwd=private)
        png = Path(private, "picture.png").read_bytes()
        plain = Path(private, "layout.plain").read_text("utf-8", "replace")
    warnings: list[str] = []
    width, height = png_pixels(*plain_size(plain))
    if max(width, height) > CAIRO_LIMIT_PX:
        warnings.append(
            f"{shown}: the picture is {width} x {height} px, over cairo's {CAIRO_LIMIT_PX} px "
            f"limit, so Graphviz scaled the PNG down and it may be unreadable; "
            f"use --format svg for large graphs")
    return Picture(png_with_text(png, FINGERPRINT_KEY, stamp), mark, warnings)
