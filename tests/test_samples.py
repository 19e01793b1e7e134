"""The samples are archlint's showcase and its end-to-end regression net.

Every file under `samples/` (`.arch` and `.md`, recursively, including the
fragments that other samples include, which are valid documents on their own)
is checked with the real `archlint check` command, and its whole text output is
compared with `tests/snapshots/<path of the sample>.txt`. A rule that starts or
stops firing on a sample shows up here as a diff to review.

To accept new output (after adding a rule or a sample), rerun with
`ARCHLINT_UPDATE_SNAPSHOTS=1`: the snapshots are rewritten (stale ones deleted)
and the tests pass; then read the diff in git before committing it.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main
from archlint.run.runner import check_paths
from archlint.registry import all_rules

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SNAPSHOTS = REPO / "tests" / "snapshots"
UPDATE = os.environ.get("ARCHLINT_UPDATE_SNAPSHOTS") == "1"

CLEAN_SAMPLE = SAMPLES / "three-tier-web.arch"
MIN_SAMPLES = 10


def sample_files() -> list[Path]:
    """Every sample, found independently of archlint's own directory walk."""
    return sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix in (".arch", ".md"))


def rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def snapshot_path(sample: Path) -> Path:
    return SNAPSHOTS / f"{rel(sample)}.txt"


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Paths in archlint's output are relative to the working directory."""
    monkeypatch.chdir(REPO)
    return REPO


def run_check(sample: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--no-color", rel(sample)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_there_are_enough_samples() -> None:
    files = sample_files()
    standalone = [p for p in files if p.parent == SAMPLES]
    assert len(standalone) >= MIN_SAMPLES, [rel(p) for p in files]
    assert any(p.suffix == ".md" for p in files), "a Markdown design doc sample is required"
    assert CLEAN_SAMPLE in files


@pytest.mark.parametrize("sample", sample_files(), ids=rel)
def test_sample_output_matches_snapshot(sample: Path, in_repo: Path) -> None:
    code, output = run_check(sample)
    assert code != 2, f"{rel(sample)} has input errors:\n{output}"
    snapshot = snapshot_path(sample)
    if UPDATE:
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(output, encoding="utf-8")
        return
    assert snapshot.is_file(), (
        f"no snapshot for {rel(sample)}; create it with "
        "ARCHLINT_UPDATE_SNAPSHOTS=1 pytest tests/test_samples.py")
    expected = snapshot.read_text(encoding="utf-8")
    if output != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), output.splitlines(keepends=True),
            fromfile=rel(snapshot), tofile=f"archlint check {rel(sample)}"))
        pytest.fail(f"output of {rel(sample)} changed; if intended, rerun with "
                    f"ARCHLINT_UPDATE_SNAPSHOTS=1 and review the diff:\n{diff}")


def test_no_stale_snapshots() -> None:
    """A snapshot whose sample was renamed or deleted would silently test nothing."""
    wanted = {snapshot_path(p) for p in sample_files()}
    stale = sorted(p for p in SNAPSHOTS.rglob("*.txt") if p not in wanted)
    if UPDATE:
        for path in stale:
            path.unlink()
        return
    assert not stale, f"snapshots without a sample: {[rel(p) for p in stale]}"


def test_snapshot_output_is_deterministic(in_repo: Path) -> None:
    """Two runs over the whole directory print the same bytes."""
    first = CliRunner().invoke(main, ["check", "--no-color", "samples"]).output
    second = CliRunner().invoke(main, ["check", "--no-color", "samples"]).output
    assert first == second
    lines = [line for line in first.splitlines() if line.startswith("samples/")]
    assert lines == sorted(lines, key=_position)


def _position(line: str) -> tuple:
    path, line_no, column, rest = line.split(":", 3)
    return path, int(line_no), int(column), rest


def test_no_sample_has_input_errors(in_repo: Path) -> None:
    report = check_paths(sample_files())
    errors = [f for f in report.findings if f.is_input_error]
    assert not errors, "\n".join(f"{f.span}: {f.rule_id} {f.message}" for f in errors)
    assert report.files == len(sample_files())
    assert all(r.graph is not None for r in report.results)


def test_clean_three_tier_sample_has_no_findings(in_repo: Path) -> None:
    assert all_rules(), "no rules registered: this test would prove nothing"
    report = check_paths([CLEAN_SAMPLE])
    assert [r.graph is not None for r in report.results] == [True]
    graph = report.results[0].graph
    assert {"users", "dns", "cdn", "lb", "web", "cache", "db", "assets"} <= set(graph.nodes)
    assert report.findings == [], "\n".join(
        f"{f.span}: {f.rule_id} {f.message}" for f in report.findings)


def test_every_sample_says_what_it_shows_and_expects() -> None:
    for sample in sample_files():
        text = sample.read_text(encoding="utf-8")
        opener = "<!--" if sample.suffix == ".md" else "#"
        assert text.startswith(opener), f"{rel(sample)} must open with a comment"
        head = text.split("\n\n", 1)[0] if sample.suffix != ".md" else text.split("-->", 1)[0]
        assert "Expected findings" in head, f"{rel(sample)}: say which findings it expects"


def test_design_doc_has_two_archlint_blocks_and_ignores_python(in_repo: Path) -> None:
    doc = SAMPLES / "design-doc.md"
    assert "```python" in doc.read_text(encoding="utf-8")
    report = check_paths([doc])
    assert [r.document.block for r in report.results] == [1, 2]
    titles = [r.graph.attrs["title"].value for r in report.results]
    assert titles == ["Photo sharing v1", "Photo sharing v2"]
    lines = doc.read_text(encoding="utf-8").split("\n")
    for finding in report.findings:
        # Positions are lines of the .md file, inside an archlint block.
        assert finding.span.file == "samples/design-doc.md"
        assert "```" not in lines[finding.span.line - 1]


def test_include_sample_pulls_in_the_shared_network(in_repo: Path) -> None:
    report = check_paths([SAMPLES / "hybrid-platform.arch"])
    graph = report.results[0].graph
    assert graph is not None
    assert graph.nodes["tgw"].span.file == "samples/network/shared.arch"
    assert graph.groups["core"].kind == "vpc"
    assert any(e.source == "dx" and e.target == "tgw" for e in graph.edges)


def test_shared_services_sample_stands_for_200_vpcs(in_repo: Path) -> None:
    report = check_paths([SAMPLES / "shared-services-peering.arch"])
    graph = report.results[0].graph
    assert graph is not None
    team, app = graph.groups["team"], graph.groups["app"]
    assert (team.kind, team.count, app.kind, app.count) == ("account", 50, "vpc", 4)
    assert app.parent is team
    peering = [e for e in graph.edges if {e.source, e.target} == {"app", "shared"}]
    assert len(peering) == 1 and peering[0].bidirectional
