"""Writing a file into the cache directory: whole or not at all.

Result entries, the rule catalogue and the source memo are all written the same
way: to a temporary file in the same folder, then renamed over the name, so that a
reader (another archlint running at the same time) sees a whole file or none. The
directory is marked as a cache, so that version control and backups leave it out.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path


def write_whole(root: Path, path: Path, text: str) -> bool:
    """Write `text` to `path`, a file under the cache directory `root`; False when the
    cache cannot be written (the caller then simply does without)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mark(root)
        temporary = path.parent / f".tmp-{os.getpid()}-{time.monotonic_ns()}.json"
        try:
            with open(temporary, "x", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError:
        return False
    return True


def mark(directory: Path) -> None:
    """Keep the cache out of version control and backups, as pytest and ruff do."""
    ignore = directory / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# created by archlint\n*\n")
        (directory / "CACHEDIR.TAG").write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n# archlint result cache\n")
