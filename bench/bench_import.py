"""archlint next to cfn-lint (and checkov, when installed) on the same CloudFormation
templates: wall time, peak memory, and which architecture-level problems each finds.

    python bench/bench_import.py            # 3 runs per tool and template
    python bench/bench_import.py --runs 1   # quicker
    CHECKOV=/path/to/checkov python bench/bench_import.py

The templates in bench/templates/ were written for archlint (never copied); each
holds one architecture-level problem. `generated-N` repeats a three-tier stack N
times, for time and memory only. Nothing here asserts: these are figures for people.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"

# template -> (the architecture-level problem, the archlint rule, cfn-lint rule or None, checkov check or None)
PROBLEMS = {
    # checkov's CKV_AWS_157 asks every RDS instance for Multi-AZ, path or not: a resource-level
    # check that covers this case, counted as found
    "single-az-db.yaml": ("single-AZ database on the only serving path", "REL001", None, "CKV_AWS_157"),
    "sqs-visibility.yaml": ("SQS visibility timeout shorter than its consumer's timeout",
                            "INT001", "E3505", None),
    "transitive-peering.yaml": ("traffic that needs transitive VPC peering", "NET002", None, None),
}


def generated(count: int, directory: Path) -> Path:
    """A template of `count` copies of the three-tier stack (ids suffixed)."""
    text = (TEMPLATES / "single-az-db.yaml").read_text()
    head, _, body = text.partition("Resources:\n")
    names = re.findall(r"^  ([A-Za-z0-9]+):\n", body, re.M)
    parts = []
    for n in range(count):
        copy = body
        for name in sorted(names, key=len, reverse=True):
            copy = re.sub(rf"\b{name}\b", f"{name}{n}", copy)
        parts.append(copy)
    path = directory / f"generated-{count}.yaml"
    path.write_text(head + "Resources:\n" + "".join(parts))
    return path


def measure(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident MB of the child, and its standard output."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = process.stdout.read() if process.stdout else ""
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, out


def tools() -> dict[str, list[str]]:
    found = {"archlint": [sys.executable, "-m", "archlint", "check", "--no-cache", "--format", "json",
                          "--fail-on", "never"]}
    if shutil.which("cfn-lint"):
        found["cfn-lint"] = [shutil.which("cfn-lint") or "cfn-lint", "--format", "json"]
    checkov = os.environ.get("CHECKOV") or shutil.which("checkov")
    if checkov:
        found["checkov"] = [checkov, "--framework", "cloudformation", "-o", "json", "--quiet", "-f"]
    return found


def reported(tool: str, output: str) -> list[str]:
    """The rule or check ids a tool reported."""
    try:
        data = json.loads(output or "null")
    except ValueError:
        return []
    if tool == "archlint":
        return sorted({f["rule"] for f in data["findings"] if not f["rule"].startswith("IMP")})
    if tool == "cfn-lint":
        return sorted({m["Rule"]["Id"] for m in data})
    checks = data if isinstance(data, list) else [data]
    return sorted({c["check_id"] for d in checks if isinstance(d, dict)
                   for c in d.get("results", {}).get("failed_checks", [])})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    available = tools()
    with tempfile.TemporaryDirectory() as scratch:
        files = sorted(TEMPLATES.glob("*.yaml")) + [generated(n, Path(scratch)) for n in (20, 100)]
        rows, found = [], {}
        for file in files:
            for tool, command in available.items():
                runs = [measure([*command, str(file)]) for _ in range(args.runs)]
                wall = statistics.median(r[0] for r in runs)
                memory = max(r[1] for r in runs)
                rows.append(f"| {file.name} | {tool} | {wall:.2f} | {memory:.0f} |")
                found[(file.name, tool)] = reported(tool, runs[0][2])
    print(f"{args.runs} run(s) each; wall time is the median, memory the peak resident size "
          f"of the tool's process.\n")
    print("| template | tool | wall s | peak MB |\n| --- | --- | ---: | ---: |")
    print("\n".join(rows))
    names = list(available)
    print("\n| template | architecture-level problem | " + " | ".join(names) + " |")
    print("| --- | --- |" + " --- |" * len(names))
    for template, (problem, *ids) in PROBLEMS.items():
        cells = []
        for tool, wanted in zip(("archlint", "cfn-lint", "checkov"), ids):
            if tool not in available:
                continue
            got = found.get((template, tool), [])
            hit = wanted is not None and wanted in got
            cells.append(f"{'found (' + wanted + ')' if hit else 'not found'}; reported: {', '.join(got) or 'nothing'}")
        print(f"| {template} | {problem} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
