"""Rules from other packages: the `archlint.rules` entry-point group.

Each entry point names a sequence of `Rule`s; `registry.all_rules` adds them to the
built-in rules, so a plugin's rules are listed, selected, configured and run like
built-in ones. This module knows nothing of rules (the registry imports it).
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Iterator


class PluginError(Exception):
    """An installed plugin that cannot give its rules: a usage error (exit 2), never a traceback."""


@functools.lru_cache(maxsize=None)
def declares_plugins() -> bool:
    """Whether any installed distribution declares `archlint.rules` entry points.

    A scan of the dist-info folders on sys.path, so that the usual run, with no
    plugin, never imports importlib.metadata (it pulls zipfile and importlib.resources
    onto the check path): one directory listing per path entry, one small read per
    distribution that declares entry points at all.
    """
    for folder in sys.path:
        try:
            entries = list(os.scandir(folder or "."))
        except OSError:
            continue
        for entry in entries:
            if not entry.name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(entry.path, "entry_points.txt"), encoding="utf-8") as file:
                    if "[archlint.rules]" in file.read():
                        return True
            except (OSError, UnicodeDecodeError):
                continue
    return False


def entry_point_items() -> "Iterator[tuple[str, object]]":
    """Each item the `archlint.rules` entry points give, with where it came from
    (the registry keeps the `Rule`s and refuses anything else)."""
    if not declares_plugins():
        return
    from importlib.metadata import entry_points

    for entry in entry_points(group="archlint.rules"):
        where = f"plugin entry point {entry.name!r} ({entry.value})"
        try:
            items = list(entry.load())
        except Exception as error:  # noqa: BLE001 - any failure of foreign code is reported
            raise PluginError(f"{where} failed to load: {type(error).__name__}: {error}") from None
        for item in items:
            yield where, item
