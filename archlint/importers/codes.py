"""The finding codes of `import` (IMP, notes) and `diff` (DIF): one table, no imports.

They are not rules (nothing in `checks/` reports them), but reporters describe them
like rules: SARIF needs a descriptor for every `ruleId` it carries.
"""

from __future__ import annotations

DOCS = {"IMP": "docs/import.md#notes", "DIF": "docs/import.md#diff"}

# code: (name, title)
CODES: dict[str, tuple[str, str]] = {
    "IMP001": ("unknown-resource-type", "Resource type the importer does not map; kept as generic"),
    "IMP002": ("unknown-tag", "YAML tag that is not CloudFormation's; its value is unknown"),
    "IMP003": ("unknown-value", "Value the template alone does not decide; kept unknown"),
    "IMP004": ("nested-stack", "Nested stack or module kept as one element; its insides are not read"),
    "IMP005": ("not-understood", "Template feature the importer does not evaluate"),
    "DIF001": ("missing-in-infrastructure", "Component in the design that the infrastructure lacks"),
    "DIF002": ("missing-in-design", "Component in the infrastructure that the design lacks"),
    "DIF003": ("connection-differs", "Connection in one and not the other"),
    "DIF004": ("attribute-differs", "Attribute the design and the infrastructure disagree on"),
    "DIF005": ("unmatched-source", "A design element's `source` names nothing in the infrastructure"),
}
