"""Built-in rules: one rule per module, in a folder per family (reliability/, network/...).

Each module is named after its rule's name (REL001 single-point-of-failure is
`reliability/single_point_of_failure.py`) and declares it with
`archlint.registry.rule` on a function of the same name. Rules are found by
walking this package (`archlint.registry.discover`): adding a rule is adding its
file, with no list to update. Modules whose names start with `_` hold what
several rules of a family share.
"""
