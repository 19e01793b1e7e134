"""A resolved path relative to a resolved folder, from plain strings.

Every file of a run is named twice this way: as shown (relative to the working
directory) and by its place under the configuration root (which globs match and
the cache keys on). pathlib parses a path each time it makes one; for a warm run
over 1,000 cached files that parsing cost more than serving the results. On
POSIX, two resolved paths (absolute, normalised, no links) compare as strings,
exactly as pathlib compares their parts; elsewhere (drive letters, case-blind
names, POSIX's implementation-defined `//` root) pathlib's own rules are used.
"""

from __future__ import annotations

import os
from pathlib import PurePath


def under(real: str, base: str) -> str | None:
    """`real` relative to `base`, with forward slashes ("." for `base` itself), as
    `PurePath(real).relative_to(base).as_posix()` gives; None when `real` is not
    inside `base`. Both must be resolved."""
    if os.sep != "/" or os.altsep or real.startswith("//") or base.startswith("//"):
        try:
            return PurePath(real).relative_to(base).as_posix()
        except ValueError:
            return None
    if real == base:
        return "."
    prefix = base if base.endswith("/") else base + "/"
    return real[len(prefix):] if real.startswith(prefix) else None
