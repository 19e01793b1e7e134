"""The list of built-in rule modules (`checks/_modules.py`), written from the package.

Every start used to walk `archlint.checks` to find its modules: `pkgutil` lists each
folder and each subfolder (its `__pycache__` too), about 0.8 ms and 130 system
calls before the first rule is imported. The registry imports from the list this
module writes instead; tests/test_rule_layout.py walks the package and fails when
the two differ, so a new rule file cannot be left out silently.

    python -m archlint.rule_modules > checks/_modules.py
"""

from __future__ import annotations

from types import ModuleType

from archlint.registry import Rule, declared_in

HEADER = '''"""The built-in rule modules, in the order walking the package finds them.

Generated: `python -m archlint.rule_modules > checks/_modules.py` after adding,
renaming or removing a module (tests/test_rule_layout.py fails until then).
"""

MODULES: tuple[str, ...] = (
'''


def walked(package: ModuleType) -> list[str]:
    """Every module in `package` and below it, in `pkgutil.walk_packages` order."""
    import pkgutil

    return [info.name for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]


def discover(package: ModuleType) -> tuple[Rule, ...]:
    """Every rule declared at the top level of a module in `package` or below it,
    in module order (a rule imported into another module is counted once, where
    its check function is defined)."""
    return declared_in(walked(package))


def source(names: list[str]) -> str:
    """`checks/_modules.py` listing `names`, but not itself (it declares no rule, and
    the registry has imported it already)."""
    return HEADER + "".join(f'    "{name}",\n' for name in names
                            if not name.endswith("._modules")) + ")\n"


if __name__ == "__main__":
    import archlint.checks

    print(source(walked(archlint.checks)), end="")
