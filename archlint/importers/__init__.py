"""Importers: CloudFormation/SAM templates and Terraform configurations -> `Graph`.

Nothing here is imported on the `check` path unless a template is being checked.
`import_path` picks the importer from the file; `archlint.importers.check` runs
the rules on the result, `archlint.importers.writer` writes it as an `.arch` file.
"""

from __future__ import annotations

from pathlib import Path

from archlint.importers.model import Imported
from archlint.language import sources
from archlint.model.findings import INPUT_ERROR, input_error
from archlint.model.graph import Graph, Span

CLOUDFORMATION_MAX = 1_000_000   # CloudFormation's own limit for a template body in S3


def source_type(path: Path, text: str | None = None) -> str | None:
    """'cloudformation', 'terraform' (a .tf file or directory, or a plan in JSON) or None."""
    if path.is_dir() or path.suffix.lower() == ".tf":
        return "terraform"
    if text is None and path.suffix.lower() == ".json" and path.is_file():
        with path.open("rb") as handle:
            text = handle.read(20_000).decode("utf-8", "replace")
    head = text[:20_000] if text is not None else ""
    if path.suffix.lower() == ".json" and '"format_version"' in head and (
            '"planned_values"' in head or '"values"' in head or '"terraform_version"' in head):
        return "terraform"
    return "cloudformation"


def looks_like_template(path: Path) -> bool:
    """For directory scans: a CloudFormation template says so near its top."""
    if path.suffix.lower() == ".tf":
        return True
    from archlint.safe_read import ReadRefused, read_head

    try:   # a FIFO named *.yaml must not hang a directory scan
        head = read_head(path, 20_000).decode("utf-8", "replace")
    except ReadRefused:
        return False
    if source_type(path, head) == "terraform":
        return True
    return "AWSTemplateFormatVersion" in head or "AWS::Serverless" in head or (
        "Resources" in head and "Type" in head and "AWS::" in head)


def import_path(path: Path, params: dict[str, str] | None = None, kind: str | None = None) -> Imported:
    """Import one template file, Terraform directory or plan; problems come back as findings."""
    kind = kind or source_type(path)
    shown = sources.display_path(path)
    if kind == "terraform":
        from archlint.importers.terraform import import_terraform

        return import_terraform(path, params)
    text, error = sources.read_text(path, shown)
    if error is not None or text is None:
        imported = Imported(Graph(shown))
        imported.findings.append(error or input_error(INPUT_ERROR, "unreadable", Span(shown, 1, 1, 1, 2)))
        return imported
    from archlint.importers.cloudformation import import_cloudformation

    imported = import_cloudformation(text, shown, params)
    imported.texts[shown] = text
    size = len(text.encode("utf-8"))
    if size > CLOUDFORMATION_MAX:
        imported.note("IMP005", f"template is {size / 1e6:.1f} MB; CloudFormation accepts at most "
                      "1 MB (from S3), so it would not deploy as it is", Span(shown, 1, 1, 1, 2))
    return imported
