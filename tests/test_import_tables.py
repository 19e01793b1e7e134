"""Every row of both mapping tables: the kind exists and every mapped property
becomes its attribute, with a value the language accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archlint.importers import cfn_types, tf_types
from archlint.importers.cloudformation import import_cloudformation
from archlint.importers.terraform import import_terraform
from archlint.importers.writer import to_arch
from archlint.model.kinds import GROUP_KINDS, KINDS
from archlint.run.engine import check_text

SAMPLES = {"seconds": 30, "hours": 24, "days": 1, "mb": 512, "gib": 100, "bytes": 2048, "int": 3,
           "count": 2, "number": 2, "bool": True, "present": "hc-1", "str": "x", "lower": "X",
           "length": ["a", "b"], "az_mode": "cross-az", "mq_multi_az": "ACTIVE_STANDBY_MULTI_AZ"}


def _nest(paths: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for path, value in paths.items():
        *parents, last = path.split(".")
        node = out
        for key in parents:
            node = node.setdefault(key, {})  # type: ignore[assignment]
        node[last] = value  # type: ignore[index]
    return out


def _expected(row: dict) -> dict[str, object]:
    attrs = {attribute for attribute, _ in row.get("attrs", {}).values()}
    return {a for a in attrs} | set(row.get("fixed", {}))  # type: ignore[return-value]


def _check(result, element_id: str, row: dict) -> None:  # type: ignore[no-untyped-def]
    """The element exists with a known kind and every mapped attribute; its .arch reads."""
    assert result.ok, result.findings
    element = result.graph.element(element_id)
    assert element is not None
    assert element.kind in (GROUP_KINDS if "group" in row else KINDS)
    assert set(element.attrs) >= _expected(row), [f.message for f in result.findings]
    doc = check_text(to_arch(result, "t"), "t.arch")
    assert not any(f.is_input_error for f in doc.findings), doc.findings


@pytest.mark.parametrize("resource_type", sorted(cfn_types.TYPES))
def test_cloudformation_row(resource_type: str) -> None:
    row = cfn_types.TYPES[resource_type]
    properties = _nest({path: SAMPLES[conv] for path, (_, conv) in row.get("attrs", {}).items()})
    template = {"Resources": {"It": {"Type": resource_type, "Properties": properties}}}
    _check(import_cloudformation(json.dumps(template, indent=1), "t.json"), "It", row)


def _hcl(value: object, indent: str = "  ") -> str:
    if isinstance(value, dict):
        return "".join(f"{indent}{k} {{\n{_hcl(v, indent + '  ')}{indent}}}\n" if isinstance(v, dict)
                       else f"{indent}{k} = {json.dumps(v)}\n" for k, v in value.items())
    raise AssertionError(value)


@pytest.mark.parametrize("resource_type", sorted(tf_types.TYPES))
def test_terraform_row(resource_type: str, tmp_path: Path) -> None:
    row = tf_types.TYPES[resource_type]
    samples = {**SAMPLES, "replicas": None}
    arguments = {path: samples[conv] for path, (_, conv) in row.get("attrs", {}).items() if conv != "replicas"}
    body = _hcl(_nest(arguments))
    if any(conv == "replicas" for _, conv in row.get("attrs", {}).values()):
        body += '  replica {\n    region_name = "eu-west-2"\n  }\n'
    (tmp_path / "main.tf").write_text(f'resource "{resource_type}" "it" {{\n{body}}}\n')
    _check(import_terraform(tmp_path), "it", row)
