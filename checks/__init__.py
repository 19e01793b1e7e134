"""Built-in rules, listed explicitly: this tuple is the registry's single source.

One module per family (rel, net, cmp, int_, sto, db, obs, avl). To add a rule,
declare it with `archlint.registry.rule` in its family module and list it here.
"""

from __future__ import annotations

from archlint.registry import Rule

RULES: tuple[Rule, ...] = ()
