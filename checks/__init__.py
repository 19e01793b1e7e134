"""Built-in rules: one rule per module, in a folder per family (reliability/, network/...).

Each module is named after its rule's name (REL001 single-point-of-failure is
`reliability/single_point_of_failure.py`) and declares it with
`archlint.registry.rule` on a function of the same name. Rules are found through
this package's generated list of modules, `_modules.py` (`python -m archlint.rule_modules >
checks/_modules.py`; tests/test_rule_layout.py fails when it differs from what
walking the package finds). Modules whose names start with `_` hold what
several rules of a family share.
"""
