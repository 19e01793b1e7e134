"""Draw an architecture graph as a picture (PNG, SVG or DOT) with `diagrams`.

The steps, one module each:

- `dot`: the picture as DOT, built through diagrams' classes (the only place
  that imports `diagrams`, inside functions, so `archlint check` never pays for it);
- `graphviz`: one `dot` process per picture, instead of `Diagram.render()`, so
  no temporary file lands in the user's directories and a crash is a message;
- `svg`: icons embedded as data URIs, so an SVG renders anywhere;
- `stamp`: the fingerprint each output records of what it was drawn from,
  which `archlint render --check` compares (never image bytes, which change
  with the Graphviz version);
- `command`: `archlint render` itself: documents chosen and checked by the
  runner, pictures written atomically and never over an input.
"""

from archlint.output.render.command import output_name, output_path, render_paths
from archlint.output.render.dot import build_dot
from archlint.output.render.graphviz import CAIRO_LIMIT_PX, png_pixels, render
from archlint.output.render.options import (
    FORMATS, GraphvizMissing, Picture, RenderError, RenderOptions)
from archlint.output.render.stamp import fingerprint, read_fingerprint
from archlint.output.render.svg import portable_svg

__all__ = [
    "CAIRO_LIMIT_PX", "FORMATS", "GraphvizMissing", "Picture", "RenderError", "RenderOptions",
    "build_dot", "fingerprint", "output_name", "output_path", "png_pixels", "portable_svg",
    "read_fingerprint", "render", "render_paths",
]
