"""Security: `include` stays inside the project, cycles and depth are bounded, and
the language executes nothing. (YAML alias bombs and render output paths are
tested in test_config.py and test_render.py.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from archlint.run.engine import check_text

from archlint.run.runner import check_paths
from archlint.language.sources import MAX_INCLUDE_DEPTH
from project_files import project


def include_error(path: Path) -> tuple:
    """The single E106 finding of checking `path`: (file, line, column, message)."""
    findings = check_paths([path]).findings
    assert [f.rule_id for f in findings] == ["E106"], [str(f.span) + f.message for f in findings]
    f = findings[0]
    return Path(f.span.file).name, f.span.line, f.span.column, f.message


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A secret architecture next to (not inside) the project."""
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "keys.arch").write_text("leak: ec2\n")
    return secret


def test_parent_directory_escape_is_refused_at_the_include(tmp_path: Path, outside: Path) -> None:
    root = project(tmp_path / "repo", {"main.arch": 'web: ec2\ninclude "../secret/keys.arch"\n'})
    assert include_error(root / "main.arch")[:3] == ("main.arch", 2, 1)


def test_deep_dot_dot_escape_from_a_subdirectory(tmp_path: Path, outside: Path) -> None:
    root = project(tmp_path / "repo", {"a/b/main.arch": 'include "../../../secret/keys.arch"\n'})
    name, line, column, message = include_error(root / "a" / "b" / "main.arch")
    assert (name, line, column) == ("main.arch", 1, 1) and "outside the project root" in message


def test_absolute_path_is_refused_even_inside_the_root(tmp_path: Path) -> None:
    root = project(tmp_path / "repo", {"shared.arch": "db: rds\n"})
    (root / "main.arch").write_text(f'include "{root / "shared.arch"}"\n')
    assert "absolute" in include_error(root / "main.arch")[3]


def test_windows_drive_path_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path / "repo", {"main.arch": 'include "C:\\\\Windows\\\\x.arch"\n'})
    assert "absolute" in include_error(root / "main.arch")[3]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinked_file_pointing_out_is_refused(tmp_path: Path, outside: Path) -> None:
    root = project(tmp_path / "repo", {"main.arch": 'include "link.arch"\n'})
    (root / "link.arch").symlink_to(outside / "keys.arch")
    assert "outside the project root" in include_error(root / "main.arch")[3]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinked_directory_pointing_out_is_refused(tmp_path: Path, outside: Path) -> None:
    root = project(tmp_path / "repo", {"main.arch": 'include "vendor/keys.arch"\n'})
    (root / "vendor").symlink_to(outside, target_is_directory=True)
    assert "outside the project root" in include_error(root / "main.arch")[3]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_inside_the_root_is_followed(tmp_path: Path) -> None:
    root = project(tmp_path / "repo", {"real/db.arch": "db: rds { multi_az = true }\n",
                                       "main.arch": 'include "alias.arch"\nweb: ec2\nweb -> db\n'})
    (root / "alias.arch").symlink_to(root / "real" / "db.arch")
    assert not any(f.rule_id.startswith("E") for f in check_paths([root / "main.arch"]).findings)


def test_self_include_is_a_cycle(tmp_path: Path) -> None:
    root = project(tmp_path / "repo", {"a.arch": 'x: ec2\ninclude "a.arch"\n'})
    name, line, column, message = include_error(root / "a.arch")
    assert (name, line, column) == ("a.arch", 2, 1) and message.startswith("include cycle")


def test_two_file_cycle_is_reported_where_it_closes(tmp_path: Path) -> None:
    root = project(tmp_path / "repo", {"a.arch": 'include "b.arch"\n',
                                       "b.arch": 'y: ec2\ninclude "a.arch"\n'})
    name, line, _, message = include_error(root / "a.arch")
    assert (name, line) == ("b.arch", 2) and "a.arch -> " in message and "b.arch" in message


def test_include_depth_is_bounded(tmp_path: Path) -> None:
    depth = MAX_INCLUDE_DEPTH + 4
    files = {f"f{i}.arch": f'n{i}: ec2\ninclude "f{i + 1}.arch"\n' for i in range(depth)}
    files[f"f{depth}.arch"] = "end: ec2\n"
    root = project(tmp_path / "repo", files)
    name, line, column, message = include_error(root / "f0.arch")
    assert (name, line, column) == (f"f{MAX_INCLUDE_DEPTH - 1}.arch", 2, 1)
    assert f"deeper than {MAX_INCLUDE_DEPTH}" in message


def test_include_chain_at_the_limit_is_fine(tmp_path: Path) -> None:
    depth = MAX_INCLUDE_DEPTH - 1
    files = {f"f{i}.arch": f'n{i}: ec2 {{ count = 2, azs = 2 }}\ninclude "f{i + 1}.arch"\n'
             for i in range(depth)}
    files[f"f{depth}.arch"] = "end: s3\n"
    root = project(tmp_path / "repo", files)
    assert not any(f.is_input_error for f in check_paths([root / "f0.arch"]).findings)


def test_diamond_includes_are_not_cycles_but_a_second_include(tmp_path: Path) -> None:
    """b and c both include d: not a cycle (d is not on its own chain), but d is
    included once per document (its ids would clash; and a diamond per level
    would read files 2^depth times, tests/test_cost.py)."""
    root = project(tmp_path / "repo", {"a.arch": 'include "b.arch"\ninclude "c.arch"\n',
                                       "b.arch": 'include "d.arch"\n',
                                       "c.arch": 'include "d.arch"\n', "d.arch": "db: rds\n"})
    (error,) = [f for f in check_paths([root / "a.arch"]).findings if f.is_input_error]
    assert (error.rule_id, Path(error.span.file).name, error.span.line) == ("E106", "c.arch", 1)
    assert "d.arch is already included" in error.message and "cycle" not in error.message


def test_include_of_a_directory_or_device_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path / "repo", {"main.arch": 'include "sub"\n', "sub/x.arch": "a: ec2\n"})
    assert include_error(root / "main.arch") == (
        "main.arch", 1, 1, "'sub' is a directory; include names a .arch file")


def test_include_in_text_without_a_file_is_refused() -> None:
    (error,) = check_text('include "anything.arch"\n').findings
    assert (error.rule_id, error.span.line) == ("E106", 1)


@pytest.mark.parametrize("payload", [
    '__import__("os").system("touch {marker}")',
    "{{{{ {marker} }}}}",
    "$(touch {marker})",
    "`touch {marker}`",
    "${{touch {marker}}}",
])
def test_strings_are_data_never_code(tmp_path: Path, payload: str) -> None:
    marker = tmp_path / "pwned"
    text = payload.format(marker=marker).replace("\\", "\\\\").replace('"', '\\"')
    result = check_text(f'title = "{text}"\na: ec2 "{text}" {{ note = "{text}" }}\n')
    assert not marker.exists()
    assert result.graph is not None and result.graph.nodes["a"].label == payload.format(marker=marker)
