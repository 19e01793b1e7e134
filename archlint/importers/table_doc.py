"""The mapping tables of docs/import.md, printed from the data they describe
(`python -m archlint.importers.table_doc`); a test keeps the docs equal to it."""

from __future__ import annotations

from typing import Any


def _row(resource_type: str, row: dict[str, Any]) -> str:
    kind = row.get("group") or row.get("kind", "generic")
    if "kind_by" in row:
        prop, choices = row["kind_by"]
        kind += " (" + ", ".join(f"{v} if {prop} = {k}" for k, v in choices.items()) + ")"
    attrs = [f"{path} → `{name}`" for path, (name, _) in row.get("attrs", {}).items()]
    attrs += [f"`{k} = {str(v).lower()}`" for k, v in row.get("fixed", {}).items()]
    edges = [f"→ refs in {p}" for p in row.get("calls", ())] + [f"← refs in {p}" for p in row.get("called_by", ())]
    where = [f"{key}: {row[key]}" for key in ("subnets", "db_subnets", "zone", "vpc", "azs_list", "member_of")
             if key in row]
    if row.get("entry"):
        where.append("entry" if row["entry"] is True else f"entry if {row['entry'][0]} in {sorted(map(str, row['entry'][1]))}")
    return f"| `{resource_type}` | {kind} | {'; '.join(attrs)} | {'; '.join(edges + where)} |"


def table(types: dict[str, dict[str, Any]], connectors: dict[str, dict[str, Any]]) -> str:
    lines = ["| resource type | kind | properties → attributes | edges and placement |",
             "| --- | --- | --- | --- |"]
    lines += [_row(t, r) for t, r in types.items()]
    lines += ["", "| connection resource | from | to |", "| --- | --- | --- |"]
    for resource_type, spec in connectors.items():
        to = spec["to"] if isinstance(spec["to"], str) else ", ".join(spec["to"])
        style = " (both ways)" if spec.get("both") else " (association)" if spec.get("association") else ""
        lines.append(f"| `{resource_type}` | {spec['from']} | {to}{style} |")
    return "\n".join(lines) + "\n"


def tables() -> dict[str, str]:
    from archlint.importers import cfn_types, tf_types

    return {"cloudformation": table(cfn_types.TYPES, cfn_types.CONNECTORS),
            "terraform": table(tf_types.TYPES, tf_types.CONNECTORS)}


if __name__ == "__main__":
    for name, text in tables().items():
        print(f"<!-- {name} table -->\n{text}")
