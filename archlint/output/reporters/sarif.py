"""SARIF 2.1.0, the format GitHub code scanning (and most security dashboards) ingest.

What code scanning needs beyond the schema's minimum: `$schema`; a rule entry
for every `ruleId` with short and full descriptions and help; locations whose
`artifactLocation.uri` is relative to the repository root (`uriBaseId:
%SRCROOT%`), with a region; and `partialFingerprints` so that an alert keeps
its identity when lines move. Our fingerprint hashes (rule, file, element id,
occurrence), the same key as the baseline, so it survives edits elsewhere in
the file. Input errors (E1xx) are results too, with their own rule entries.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from archlint import __version__
from archlint.model.findings import INPUT_ERROR_TITLES, Finding, Severity

if TYPE_CHECKING:
    from archlint.run.results import Report
    from archlint.registry import Rule
    from archlint.output.reporters import RunInfo

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LANGUAGE_ERRORS_HELP = "docs/language.md#errors"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def unwrap(text: str) -> str:
    """Join hard-wrapped lines into paragraphs: viewers wrap text themselves."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def _project_urls() -> dict[str, str]:
    """`[project.urls]` of the installed package (label, lower-case -> https URL)."""
    from importlib import metadata

    try:
        meta = metadata.metadata("archlint")
    except metadata.PackageNotFoundError:
        return {}
    urls = {}
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if url.strip().startswith("https://"):
            urls[label.strip().lower()] = url.strip()
    home = meta.get("Home-page")
    if home and home.startswith("https://"):
        urls.setdefault("homepage", home)
    return urls


def information_uri() -> str | None:
    """The project's home page from the installed package's metadata
    (`[project.urls]` in pyproject.toml); None rather than an invented address."""
    urls = _project_urls()
    return urls.get("homepage") or next(iter(urls.values()), None)


def documentation_uri() -> str | None:
    """Where docs/ is published (`Documentation` in `[project.urls]`), if declared."""
    return _project_urls().get("documentation")


def help_uri(rule_id: str) -> str | None:
    """The rule's own section of docs/rules.md, or None when no documentation URL is
    declared: SARIF wants an absolute URI, and an AWS page is not the rule's doc."""
    base = documentation_uri()
    return f"{base.rstrip('/')}/rules.md#{rule_id.lower()}" if base else None


def rule_descriptor(rule: "Rule") -> dict[str, Any]:
    """A `reportingDescriptor`: what the rule checks, why, and how to fix it."""
    fix = unwrap(rule.fix)
    where = f"Documentation: `archlint explain {rule.id}`, docs/rules.md#{rule.id.lower()}."
    help_text = f"{fix}\n\n{where}\n\nSources:\n" + "\n".join(f"- {url}" for url in rule.sources)
    uri = help_uri(rule.id)
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": unwrap(rule.why)},
        "help": {"text": help_text, "markdown": f"**How to fix**\n\n{fix}\n\n{where}\n\n"
                 + "\n".join(f"- <{url}>" for url in rule.sources)},
        **({"helpUri": uri} if uri else {}),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["architecture", rule.family]},
    }


def input_error_descriptor(rule_id: str) -> dict[str, Any]:
    title = INPUT_ERROR_TITLES[rule_id]
    return {
        "id": rule_id,
        "name": title.replace(" ", "-"),
        "shortDescription": {"text": title[0].upper() + title[1:]},
        "fullDescription": {"text": f"The input could not be checked: {title}. Rules do not "
                                    "run on a document until it builds without errors."},
        "help": {"text": f"Fix the input at the reported position; every input error is "
                         f"described in {LANGUAGE_ERRORS_HELP}."},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["input-error"]},
    }


def _code_descriptor(finding: Finding) -> dict[str, Any]:
    """A code that is not a rule: an importer note (IMP) or a diff finding (DIF), described
    from their table; anything else (should not happen) still gets a valid entry."""
    from archlint.importers.codes import CODES, DOCS   # only runs for import/diff output
    name, title = CODES.get(finding.rule_id, (finding.rule_name or finding.rule_id, ""))
    where = DOCS.get(finding.rule_id[:3])
    descriptor: dict[str, Any] = {
        "id": finding.rule_id, "name": name,
        "shortDescription": {"text": title or name},
        "fullDescription": {"text": title or name},
        "help": {"text": f"Described in {where}." if where else (finding.fix or name)},
        "defaultConfiguration": {"level": LEVELS[finding.severity]}}
    if where:
        descriptor["properties"] = {"tags": ["import" if where.endswith("notes") else "diff"]}
    return descriptor


def artifact_location(file: str) -> dict[str, Any]:
    """A relative, percent-encoded URI against %SRCROOT%, or a file: URI if absolute."""
    path = Path(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(path.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def region(finding: Finding) -> dict[str, int]:
    s = finding.span
    end_line = max(s.end_line, s.line)
    end_column = s.end_column if end_line > s.line else max(s.end_column, s.column + 1)
    return {"startLine": s.line, "startColumn": s.column, "endLine": end_line, "endColumn": end_column}


def fingerprint(finding: Finding, occurrence: int) -> str:
    """Stable across line moves: rule, file, element, and the n-th such finding."""
    parts = [finding.rule_id, finding.span.file, finding.element_id or "",
             "" if finding.element_id else finding.message]
    if finding.block is not None:   # one file's blocks are separate designs
        parts.append(finding.block)
    basis = "\0".join(parts)
    return f"{hashlib.sha256(basis.encode('utf-8')).hexdigest()[:32]}:{occurrence}"


def report(report: "Report", info: "RunInfo") -> str:
    findings = report.findings
    descriptors = [rule_descriptor(r) for r in sorted(info.rules, key=lambda r: r.id)]
    descriptors += [input_error_descriptor(i) for i in sorted(INPUT_ERROR_TITLES)]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    for finding in findings:
        if finding.rule_id not in index:
            index[finding.rule_id] = len(descriptors)
            descriptors.append(_code_descriptor(finding))

    seen: dict[str, int] = {}
    results = []
    for finding in findings:
        base = fingerprint(finding, 0).split(":")[0]
        seen[base] = seen.get(base, 0) + 1
        result: dict[str, Any] = {
            "ruleId": finding.rule_id,
            "ruleIndex": index[finding.rule_id],
            "level": LEVELS[finding.severity],
            "message": {"text": finding.shown_message},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact_location(finding.span.file),
                "region": region(finding),
            }}],
            "partialFingerprints": {"primaryLocationLineHash": f"{base}:{seen[base]}"},
        }
        if finding.element_id:
            result["locations"][0]["logicalLocations"] = [
                {"name": finding.element_id, "kind": "element"}]
        related = (finding.properties or {}).get("related")
        if related:   # the other file's position (archlint diff: design vs template)
            result["relatedLocations"] = [{"id": n, "physicalLocation": {
                "artifactLocation": artifact_location(r["file"]),
                "region": {"startLine": r["line"], "startColumn": r["column"],
                           "endLine": r["end_line"], "endColumn": r["end_column"]}}}
                for n, r in enumerate(related)]
        properties = {"fix": finding.fix, "block": finding.block, **(finding.properties or {})}
        if any(v is not None for v in properties.values()):
            result["properties"] = {k: v for k, v in properties.items() if v is not None}
        results.append(result)

    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "archlint",
                "version": __version__,
                "semanticVersion": __version__,
                **({"informationUri": uri} if (uri := information_uri()) else {}),
                "rules": descriptors,
            }},
            "invocations": [{"executionSuccessful": True}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
