"""A resource as an importer reads it, with where it was written: one entry of a
CloudFormation template's `Resources`, or one resource of a Terraform configuration.

Its own module so that each importer and its edge builder (`cfn_edges`,
`tf_edges`) both import it, and neither imports the other back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archlint.importers.located import LDict
from archlint.model.graph import Element, Span


@dataclass
class Resource:
    """One entry of `Resources`, with where it was written."""

    name: str
    type: str
    properties: LDict
    span: Span
    raw: LDict
    element: Element | None = None
    members: list["Resource"] = field(default_factory=list)   # cluster instances


@dataclass
class TfResource:
    address: str             # module.net.aws_vpc.main
    type: str
    name: str
    body: dict[str, Any]
    span: Span
    prefix: str              # "module.net." inside a module, "" at the root
    text: str = ""           # the file's text, to place attributes
    refs: dict[str, list[str]] | None = None   # plan: argument -> referenced addresses
    element: Element | None = None
    members: list["TfResource"] = field(default_factory=list)
