"""Write a file so that readers see the old content or the new, never half of it.

CI steps upload what archlint writes (`--output`, `--write-baseline`, pictures);
a run killed mid-write must not leave a truncated SARIF file, baseline or PNG
behind, nor a temporary file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: str | bytes, *, keep_mode: bool = False) -> None:
    """Write `data` (text as UTF-8) to a temporary file beside `path`, then rename it over.

    The file gets the usual umask mode; with `keep_mode`, an existing file keeps
    its own (a picture someone made read-only for others stays so).
    """
    directory = path.parent if str(path.parent) else Path(".")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode(path, keep_mode))   # mkstemp makes it 0600
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode(path: Path, keep: bool) -> int:
    if keep:
        try:
            return path.stat().st_mode & 0o777
        except OSError:
            pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
