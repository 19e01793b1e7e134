"""The TextMate grammars in editors/vscode, run by VS Code's own engine (the npm
packages vscode-textmate and vscode-oniguruma, via editors/grammar-test/tokenize.js)
over the samples and a Markdown design doc with the archlint injection."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HARNESS = REPO / "editors" / "grammar-test"
SAMPLES = sorted((REPO / "samples").rglob("*.arch"))


@pytest.fixture(scope="module")
def tokenize():  # type: ignore[no-untyped-def]
    """Runs the harness (installing its two pinned packages once, as .ci/setup does)."""
    assert shutil.which("node") and shutil.which("npm"), "node and npm are needed (.ci/run)"
    if not (HARNESS / "node_modules" / "vscode-textmate").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=HARNESS,
                       check=True, capture_output=True, timeout=300)

    def run(*files: Path) -> dict[str, list[list[dict]]]:
        done = subprocess.run(["node", str(HARNESS / "tokenize.js"), *map(str, files)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return {d["file"]: d["lines"] for d in map(json.loads, done.stdout.splitlines())}
    return run


def scopes_of(lines: list[list[dict]], text: str) -> list[list[str]]:
    return [t["scopes"] for line in lines for t in line if t["text"] == text]


def test_every_character_of_the_samples_gets_a_scope(tokenize) -> None:  # type: ignore[no-untyped-def]
    result = tokenize(*SAMPLES)
    assert len(result) == len(SAMPLES)
    for file, lines in result.items():
        for number, line in enumerate(lines, 1):
            bare = [t["text"] for t in line if t["text"].strip() and t["scopes"] == ["source.archlint"]]
            assert not bare, f"{file}:{number}: no scope for {bare}"


def test_the_pieces_of_the_language(tokenize, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = tmp_path / "probe.arch"
    doc.write_text('include "net.arch"\nfn: lambda "Worker" { timeout = 15m, async = true }\n'
                   "vpc prod { db: rds }  // data\n"
                   "fn -> [db, q] : \"reads\"  # archlint: ignore[REL001] accepted\n")
    lines = tokenize(doc)[str(doc)]
    assert scopes_of(lines, "include")[0][-1] == "keyword.control.import.archlint"
    assert scopes_of(lines, "fn")[0][-1] == "entity.name.tag.node.archlint"
    assert scopes_of(lines, "lambda")[0][-1] == "support.type.kind.archlint"
    assert scopes_of(lines, "timeout")[0][-1] == "variable.other.property.archlint"
    assert scopes_of(lines, "15")[0][-1] == "constant.numeric.archlint"
    assert scopes_of(lines, "m")[0][-1] == "keyword.other.unit.archlint"
    assert scopes_of(lines, "true")[0][-1] == "constant.language.boolean.archlint"
    assert scopes_of(lines, "vpc")[0][-1] == "storage.type.group.archlint"
    assert scopes_of(lines, "prod")[0][-1] == "entity.name.namespace.archlint"
    assert scopes_of(lines, "->")[0][-1] == "keyword.operator.arrow.archlint"
    assert scopes_of(lines, "REL001")[0][-1] == "constant.other.rule-id.archlint"
    assert "comment.line.archlint" in scopes_of(lines, " data")[0]
    assert scopes_of(lines, "reads")[0][-1] == "string.quoted.double.archlint"


def test_markdown_injection_colours_only_archlint_blocks(tokenize) -> None:  # type: ignore[no-untyped-def]
    doc = REPO / "samples" / "design-doc.md"
    text = doc.read_text()
    assert "```archlint" in text
    lines = tokenize(doc)[str(doc)]
    inside = [s for line in lines for t in line for s in [t["scopes"]]
              if "meta.embedded.block.archlint" in s]
    assert any(s[-1] == "entity.name.tag.node.archlint" for s in inside)
    assert any(s[-1] == "support.type.kind.archlint" for s in inside)
    prose = [t for line in lines for t in line if "text.plain.markdown" in t["scopes"]]
    assert prose and all("source.archlint" not in " ".join(t["scopes"]) for t in prose)
