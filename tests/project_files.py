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
