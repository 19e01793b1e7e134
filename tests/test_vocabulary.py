"""Each vocabulary has one source, and what must repeat it is proved to agree.

The grammar (`grammar/archlint.lark`) is read by lark, so its unit and group
keyword terminals are written out there; these tests read those terminals and
compare the language they accept with the tables in `archlint.model`.
"""

from __future__ import annotations

import itertools
import re
import re._constants as c  # type: ignore[import-not-found]
import re._parser as sre  # type: ignore[import-not-found]
from pathlib import Path

import pytest

import archlint.grammar
from archlint.language import syntax_errors
from archlint.model.kinds import GROUP_KINDS, KINDS, TRAITS, has_trait, kinds_with
from archlint.model.values import all_units, parse_quantity

GRAMMAR = (Path(archlint.grammar.__path__[0]) / "archlint.lark").read_text(encoding="utf-8")


def terminal(name: str) -> str:
    return re.search(rf"^{name}(?:\.\d+)?:\s*/(.*)/\s*$", GRAMMAR, re.M)[1]  # type: ignore[index]


def language(items: list) -> set[str]:
    """Every string a small, finite regular expression matches (literals, classes,
    alternation, groups, `?`; lookaheads match the empty string)."""
    out = {""}
    for op, arg in items:
        if op is c.LITERAL:
            options = {chr(arg)}
        elif op is c.IN:
            options = set()
            for kind, value in arg:
                if kind is c.LITERAL:
                    options.add(chr(value))
                else:
                    assert kind is c.RANGE, kind
                    options |= {chr(x) for x in range(value[0], value[1] + 1)}
        elif op is c.BRANCH:
            options = set().union(*(language(list(b)) for b in arg[1]))
        elif op is c.SUBPATTERN:
            options = language(list(arg[3]))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, high, sub = arg
            assert high <= 3, "not a finite language"
            base = language(list(sub))
            options = {"".join(p) for n in range(low, high + 1)
                       for p in itertools.product(base, repeat=n)}
        else:
            assert op in (c.ASSERT_NOT, c.ASSERT), op
            options = {""}
        out = {a + b for a in out for b in options}
    return out


def test_the_grammar_accepts_exactly_the_units_of_the_table() -> None:
    items = list(sre.parse(terminal("QUANTITY")))
    unit_group = [item for item in items if item[0] is c.SUBPATTERN][-1]
    accepted = language([unit_group])
    assert accepted == all_units()
    for unit in accepted:                    # and each one parses to a typed value
        assert parse_quantity(f"2{unit}") is not None


def test_spelled_out_units_name_units_of_the_table() -> None:
    assert set(syntax_errors._LONG_UNITS.values()) <= all_units()
    assert syntax_errors._UNITS <= all_units()


def test_the_grammar_knows_exactly_the_group_kinds_of_the_table() -> None:
    keywords = language(list(sre.parse(terminal("GROUP_KIND"))))
    assert keywords == set(GROUP_KINDS)
    assert not keywords & set(KINDS)


def test_every_trait_is_described_and_used() -> None:
    used = {t for kind in [*KINDS.values(), *GROUP_KINDS.values()] for t in kind.traits}
    fields = {"managed_ha", "stateful", "entry", "asynchronous"}
    assert used | fields == set(TRAITS)


@pytest.mark.parametrize("kind, trait, expected", [
    ("aurora", "replica_cluster", True), ("rds", "replica_cluster", False),
    ("asg", "replicating", True), ("vpc", "replicating", False), ("vpc", "network", True),
    ("lambda", "managed_ha", True), ("ec2", "managed_ha", False), ("nosuch", "compute", False),
])
def test_has_trait_reads_node_and_group_kinds(kind: str, trait: str, expected: bool) -> None:
    assert has_trait(kind, trait) is expected


def test_kinds_with_lists_table_order() -> None:
    assert kinds_with("load_balancer") == ("alb", "nlb", "elb", "clb")
