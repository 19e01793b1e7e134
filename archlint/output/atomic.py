"""Write a file so that readers see the old content or the new, never half of it.

CI steps upload what archlint writes (`--output`, `--write-baseline`, pictures);
a run killed mid-write must not leave a truncated SARIF file, baseline or PNG
behind, nor a temporary file.

What is at the path decides how (docs/security.md):
- nothing, a regular file or a symlink: a temporary file renamed over it (a
  symlink is replaced, never written through: a committed `report.sarif ->
  ~/.bashrc` must not let a CI run overwrite the link's target);
- the run's own standard output or error (`--output /dev/stdout`) or the null
  device: written through, in place; renaming over them would replace a device;
- any other device, FIFO or socket, a directory, or a file the run read: refused.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable


class OutputRefused(OSError):
    """Why archlint will not write to a path (an input, a device...)."""


def write_atomic(path: Path, data: str | bytes, *, keep_mode: bool = False) -> None:
    """Write `data` (text as UTF-8) to a temporary file beside `path`, then rename it over.

    The file gets the usual umask mode; with `keep_mode`, an existing file keeps
    its own (a picture someone made read-only for others stays so).
    """
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise OutputRefused("it is a device, FIFO or other special file; not replaced")
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


def write_output(path: Path, data: str, inputs: Iterable[Path] = ()) -> None:
    """Write a report or baseline the user asked for: atomically, written through
    to this process's stdout/stderr or the null device, and never over `inputs`
    (the files the run read), an existing `.arch` file (an include is an input
    too) nor any other device or FIFO. Raises OSError."""
    try:
        target = os.stat(path)
    except OSError:
        target = None   # a new file (or a dangling link, replaced like any link)
    if target is not None:
        if any(_same(target, other) for other in inputs) or path.suffix == ".arch":
            raise OutputRefused("it is an input (a file this run read, or an architecture); "
                                "refusing to overwrite it")
        if _is_stream(target):
            with open(path, "wb") as stream:   # no rename: a device must stay a device
                stream.write(data.encode("utf-8"))
            return
        if not stat.S_ISREG(target.st_mode):
            raise OutputRefused("it is a device, FIFO or other special file; write to a "
                                "regular file or redirect standard output instead")
    write_atomic(path, data)


def _is_stream(status: os.stat_result) -> bool:
    """Our own standard output or error, or the null device."""
    streams = []
    for descriptor in (1, 2):
        try:
            streams.append(os.fstat(descriptor))
        except OSError:
            pass
    try:
        streams.append(os.stat(os.devnull))
    except OSError:
        pass
    return any(os.path.samestat(status, other) for other in streams)


def _same(status: os.stat_result, path: Path) -> bool:
    try:
        return os.path.samestat(status, os.stat(path))
    except OSError:
        return False
