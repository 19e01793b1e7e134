"""What checking a configuration value needs, shared by every key's parser
(`schema`) and the rule options (`options`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from archlint.config.files import ConfigError
from archlint.registry import Rule


@dataclass(frozen=True)
class Context:
    """What checking a value needs: the known rules and how to report a mistake.

    `fail(message, *key)` makes the error (positioned by the key's line in a file,
    named by the flag on the command line); `named` says whether messages name the
    key themselves (in a file) or the flag already does."""

    rules: tuple[Rule, ...]
    fail: Callable[..., ConfigError]
    named: bool = True

    def label(self, *key: str) -> str:
        return f"{'.'.join(key)}: " if key and self.named else ""
