"""Architecture text for platforms that draw diagrams themselves (GitHub and
GitLab render Mermaid, D2 has its own tools): `archlint export --to mermaid|d2`.

Both writers see the graph through `Outline`, so groups, labels, edge styles and
findings mean the same in each; only the syntax differs.
"""

from archlint.output.export.formats import FORMATS, export

__all__ = ["FORMATS", "export"]
