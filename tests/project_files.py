"""A throwaway project on disk for tests that need real files (includes, roots)."""

from __future__ import annotations

from pathlib import Path


def project(root: Path, files: dict[str, str]) -> Path:
    """Write `files` under `root`, marked as a project root by an empty .archlint.yaml."""
    root.mkdir(parents=True, exist_ok=True)
    (root / ".archlint.yaml").write_text("{}\n")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def later_tick(directory: Path, than: Path) -> None:
    """Wait until the file system's clock, which stamps ctime, moved past `than`'s
    ctime (a coarse clock may stamp two quick writes alike); no timing is asserted."""
    probe = directory / "tick"
    while True:
        probe.write_bytes(b"x")
        if probe.stat().st_ctime_ns > than.stat().st_ctime_ns:
            return
