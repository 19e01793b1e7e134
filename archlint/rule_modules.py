"""The list of built-in rule modules (`checks/_modules.py`), written from the package.

Every start used to walk `archlint.checks` to find its modules: `pkgutil` lists each
folder and each subfolder (its `__pycache__` too), about 0.8 ms and 130 system
calls before the first rule is imported. The registry imports from the list this
module writes instead; tests/test_rule_layout.py walks the package and fails when
the two differ, so a new rule file cannot be left out silently.

    python -m archlint.rule_modules > checks/_modules.py
"""

from __future__ import annotations

from archlint.registry import walked

HEADER = '''"""The built-in rule modules, in the order walking the package finds them.

Generated: `python -m archlint.rule_modules > checks/_modules.py` after adding,
renaming or removing a module (tests/test_rule_layout.py fails until then).
"""

MODULES: tuple[str, ...] = (
'''


def source(names: list[str]) -> str:
    """`checks/_modules.py` listing `names`."""
    return HEADER + "".join(f'    "{name}",\n' for name in names) + ")\n"


if __name__ == "__main__":
    import archlint.checks

    print(source(walked(archlint.checks)), end="")
