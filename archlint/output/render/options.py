"""What a picture is asked to be (format, direction, which findings) and what
rendering can fail with: shared by every step of `archlint render`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archlint.model.graph import Graph

FORMATS: tuple[str, ...] = ("png", "svg", "dot")
DIRECTIONS: tuple[str, ...] = ("TB", "BT", "LR", "RL")
FINDINGS: tuple[str, ...] = ("none", "errors", "all")
"""`--findings`: mark none, only errors, or every finding the configuration keeps."""
PAD_INCHES = 0.25
"""Space around the picture, in inches."""
FINGERPRINT_KEY = "archlint-render"
INSTALL_HINT = (
    "Graphviz is not installed (the 'dot' program was not found on PATH); "
    "archlint render needs it for PNG and SVG.\n"
    "Install it with 'apt-get install graphviz' (Debian/Ubuntu), "
    "'brew install graphviz' (macOS) or see https://graphviz.org/download/, "
    "or use '--format dot', which needs no Graphviz."
)


def flow_direction(graph: "Graph", flag: str | None) -> str:
    """`--direction` if given, else the document's `direction = TB`, else LR:
    the same for a picture, an export and the live preview."""
    written = graph.get("direction")
    return flag or (str(written) if written is not None else "LR")


class RenderError(Exception):
    """A picture could not be made; the message is meant for the user as is."""


class GraphvizMissing(RenderError):
    def __init__(self) -> None:
        super().__init__(INSTALL_HINT)


@dataclass(frozen=True)
class RenderOptions:
    """Everything besides the source that changes the picture."""

    format: str = "png"
    direction: str | None = None   # None: the document's `direction`, else LR
    findings: str = "all"
    """Which findings to mark: one of FINDINGS."""

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown format {self.format!r}; expected one of {', '.join(FORMATS)}")
        if self.findings not in FINDINGS:
            raise ValueError(f"unknown findings choice {self.findings!r}; expected one of {', '.join(FINDINGS)}")
        if self.direction is not None and self.direction not in DIRECTIONS:
            raise ValueError(f"unknown direction {self.direction!r}; expected one of {', '.join(DIRECTIONS)}")


@dataclass
class Picture:
    """A rendered picture in memory, ready to be written."""

    data: bytes
    fingerprint: str
    warnings: list[str] = field(default_factory=list)
