"""docs/language.md is checked like code, so the reference never drifts from the language.

- every ```archlint block parses and builds with no input error;
- every ```archlint-error EXXX block produces that error id, and when a ```text
  block follows it, archlint prints exactly those lines for it (as `example.arch`);
- every input error id (E100-E108) is documented, every known attribute is in
  the attributes table with its type, and every group kind is described.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from archlint.language.markdown import markdown_blocks
from archlint.model.attributes import ATTRIBUTES
from archlint.run.engine import check_document
from archlint.run.runner import check_paths
from archlint.model.findings import INPUT_ERROR_TITLES, Finding
from archlint.model.kinds import GROUP_KINDS
from archlint.output.reporters.text import format_finding
from archlint.config.settings import Settings
from archlint.language.document import Document

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "language.md"
TEXT = DOC.read_text(encoding="utf-8")

_OPEN = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")


@dataclass
class Block:
    info: str
    text: str
    line: int  # 1-based line of the opening fence
    end: int  # 1-based line of the closing fence

    @property
    def words(self) -> list[str]:
        return self.info.split()

    @property
    def name(self) -> str:
        return f"language.md:{self.line}"


def fenced_blocks(text: str) -> list[Block]:
    """Top-level fenced blocks (a ````markdown block's inner fences are its text)."""
    blocks: list[Block] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        match = _OPEN.match(lines[i])
        if not match:
            i += 1
            continue
        fence = match["fence"]
        end = i + 1
        while end < len(lines) and not (
                lines[end].startswith(fence[0] * len(fence)) and not lines[end].strip(fence[0]).strip()):
            end += 1
        blocks.append(Block(match["info"].strip(), "\n".join(lines[i + 1:end]), i + 1, end + 1))
        i = end + 1
    return blocks


BLOCKS = fenced_blocks(TEXT)
VALID = [b for b in BLOCKS if b.words[:1] == ["archlint"]]
ERRORS = [b for b in BLOCKS if b.words[:1] == ["archlint-error"]]


def check_block(block: Block) -> list[Finding]:
    """Check a block as the file `example.arch` living in docs/ (includes resolve from there)."""
    document = Document("example.arch", block.text, real_path=DOC)
    return check_document(document, [], Settings(), root=REPO).findings


def describe(findings: list[Finding]) -> str:
    return "\n".join(format_finding(f) for f in findings)


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def test_the_doc_has_examples() -> None:
    assert len(VALID) >= 15
    assert len(ERRORS) >= 10
    # archlint itself sees exactly the ```archlint blocks (not the error ones, not ````markdown's).
    assert len(markdown_blocks(TEXT, "docs/language.md")) == len(VALID)


@pytest.mark.parametrize("block", VALID, ids=lambda b: b.name)
def test_every_archlint_example_is_valid(block: Block) -> None:
    findings = check_block(block)
    assert not findings, f"example at {block.name} has input errors:\n{describe(findings)}"


def test_the_whole_doc_checks_without_input_errors() -> None:
    """Through the real Markdown path: line mapping, includes relative to docs/."""
    report = check_paths([DOC])
    assert len(report.results) == len(VALID)
    errors = [f for f in report.findings if f.is_input_error]
    assert not errors, describe(errors)


@pytest.mark.parametrize("block", ERRORS, ids=lambda b: b.name)
def test_every_error_example_gives_its_error(block: Block) -> None:
    assert len(block.words) == 2 and block.words[1] in INPUT_ERROR_TITLES, (
        f"{block.name}: write the expected id, e.g. ```archlint-error E101")
    expected_id = block.words[1]
    findings = check_block(block)
    assert findings, f"{block.name} was meant to give {expected_id} but is valid"
    assert {f.rule_id for f in findings} == {expected_id}, describe(findings)
    shown = output_shown_after(block)
    if shown is not None:
        assert describe(findings) == shown.text.rstrip("\n"), (
            f"the output shown at language.md:{shown.line} is not what archlint prints")


def output_shown_after(block: Block) -> Block | None:
    """The ```text block right after an error example (only blank lines between)."""
    index = BLOCKS.index(block)
    if index + 1 == len(BLOCKS):
        return None
    following = BLOCKS[index + 1]
    between = TEXT.split("\n")[block.end:following.line - 1]
    if following.info == "text" and not any(line.strip() for line in between):
        return following
    return None


def test_every_input_error_is_documented() -> None:
    for error_id, title in INPUT_ERROR_TITLES.items():
        heading = f"### {error_id} {title}"
        assert heading in TEXT, f"missing section '{heading}'"
    documented = {b.words[1] for b in ERRORS if len(b.words) == 2}
    # E107 is about bytes (encoding, NUL, size) that a Markdown example cannot carry.
    assert documented == set(INPUT_ERROR_TITLES) - {"E107"}
    shown = [b for b in ERRORS if output_shown_after(b) is not None]
    assert len(shown) >= len(ERRORS) - 1, "show the output of (nearly) every error example"


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_to_a_section_resolves() -> None:
    anchors = {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", TEXT, re.MULTILINE)}
    for block in BLOCKS:  # headings inside code blocks are not headings
        anchors -= {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", block.text, re.MULTILINE)}
    links = set(re.findall(r"\]\(#([^)]+)\)", TEXT))
    assert links and not links - anchors, sorted(links - anchors)


def _table_rows(heading: str) -> dict[str, str]:
    section = TEXT.split(heading, 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"^\| `(?P<name>[a-z_]+)` \|(?P<rest>.*)$", line)
        if match:
            rows[match["name"]] = match["rest"]
    return rows


def test_attribute_table_matches_the_schema() -> None:
    rows = _table_rows("## Known attributes")
    missing = [name for name in ATTRIBUTES if name not in rows]
    assert not missing, ("docs/language.md 'Known attributes' lacks these rows:\n"
                         + "\n".join(attribute_row(name) for name in missing))
    extra = sorted(set(rows) - set(ATTRIBUTES))
    assert not extra, f"documented attributes archlint does not know: {extra}"
    for name in ATTRIBUTES:
        documented = [c.strip() for c in rows[name].split("|")][:2]
        expected = [c.strip() for c in attribute_row(name).split("|")][2:4]
        assert documented == expected, f"{name}: documented as {documented}, schema says {expected}"


def attribute_row(name: str) -> str:
    """The table row for an attribute, as the schema describes it (type, minimum...)."""
    spec = ATTRIBUTES[name]
    kind = spec.expected.split(" (e.g.")[0]
    minimum = "" if spec.minimum is None else f"{spec.minimum:g}"
    return f"| `{name}` | {kind} | {minimum} | {spec.description} | `{spec.example}` |"


def test_every_group_kind_is_described() -> None:
    rows = _table_rows("## Groups")
    assert set(rows) == set(GROUP_KINDS)


def test_every_unit_in_the_units_table_parses() -> None:
    """The units the doc promises are the units the grammar accepts."""
    from archlint.model.values import BYTES_PER_UNIT, SECONDS_PER_UNIT

    section = TEXT.split("| kind | unit | meaning |", 1)[1].split("\n\n", 1)[0]
    written = set(re.findall(r"`([A-Za-z%/]+)`", section))
    for unit in written:
        if unit in ("%", "/s", "rps") or unit in SECONDS_PER_UNIT or unit in BYTES_PER_UNIT:
            continue
        pytest.fail(f"units table lists `{unit}`, which archlint does not know")
    assert set(SECONDS_PER_UNIT) <= written
    assert set(BYTES_PER_UNIT) <= written
