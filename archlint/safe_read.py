"""The one way archlint reads a file it did not write: sources, includes,
configurations and baselines all come through `read_bytes`.

Why one function: the checks that keep a hostile repository from hanging or
exhausting a run must not depend on each caller remembering them.
- The size limit is enforced while reading (at most `limit + 1` bytes are ever
  read), never trusted from `stat` (which only refuses a large regular file early): a symlink to `/dev/zero` or a file that grows
  while it is read stops at the limit.
- A file archlint found itself (by walking a directory, by discovery, by an
  include) must be a regular file: a FIFO would block forever and a device could
  be endless. It is checked before opening, and again on the open descriptor
  (opened non-blocking, so a FIFO swapped in between cannot hang the run).
  A path the user named explicitly (`archlint check /dev/stdin`, `--config
  <(...)`) may be a pipe or device: that is their choice, and it is still
  read with the size limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_CHUNK = 1 << 20
_BOM = b"\xef\xbb\xbf"


def decode_text(data: bytes, errors: str = "strict") -> str:
    """`data.decode("utf-8-sig", errors)`: UTF-8 without a leading byte-order mark.
    The same text, and the same error (its positions counted after the mark), but
    without importing the `utf_8_sig` codec's module at every start."""
    return (data[3:] if data.startswith(_BOM) else data).decode("utf-8", errors)


class ReadRefused(Exception):
    """Why a file was not read: a short phrase for "cannot read X: <reason>"."""


class TooLarge(ReadRefused):
    """The file has more than the limit's bytes (counted while reading)."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "a symlink loop"
    return str(error.strerror or error)


def read_bytes(path: Path | str, limit: int, *, special_ok: bool = False) -> bytes:
    """The bytes of `path`, at most `limit`; raises ReadRefused with the reason.

    `special_ok`: also read pipes and devices (only for paths the user named)."""
    data = _read(path, limit + 1, special_ok)
    if len(data) > limit:
        raise TooLarge(f"over the {_size(limit)} limit")
    return data


def read_head(path: Path | str, size: int) -> bytes:
    """The first `size` bytes of a regular file (to recognise what it is); raises
    ReadRefused for anything else."""
    return _read(path, size, special_ok=False, early_refusal=False)


def _read(path: Path | str, most: int, special_ok: bool, early_refusal: bool = True) -> bytes:
    """Up to `most` bytes, checked as the module docstring says."""
    try:
        if not special_ok:
            mode = os.stat(path).st_mode
            if not stat.S_ISREG(mode):
                raise ReadRefused(f"{_kind(mode)}, not a regular file")
        flags = os.O_RDONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
        if not special_ok:
            flags |= getattr(os, "O_NONBLOCK", 0)
        descriptor = os.open(path, flags)
    except OSError as error:
        raise ReadRefused(_reason(error)) from None
    try:
        status = os.fstat(descriptor)
        mode = status.st_mode
        if stat.S_ISDIR(mode) or (not special_ok and not stat.S_ISREG(mode)):
            raise ReadRefused(f"{_kind(mode)}, not a regular file")
        if early_refusal and stat.S_ISREG(mode) and status.st_size >= most:   # no read at all
            raise TooLarge(f"over the {_size(most - 1)} limit")
        chunks: list[bytes] = []
        size = 0
        while size < most:
            chunk = os.read(descriptor, min(_CHUNK, most - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise ReadRefused(_reason(error)) from None
    finally:
        os.close(descriptor)
    return b"".join(chunks)


def _size(limit: int) -> str:
    """10485760 -> '10 MiB', 65536 -> '64 KiB'."""
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if limit >= scale and limit % scale == 0:
            return f"{limit // scale} {unit}"
    return f"{limit}-byte"
