"""Built-in rules, listed explicitly: the modules below are the registry's single source.

One module per topic; each exposes `RULES`, a tuple of rules declared with
`archlint.registry.rule`. To add a rule, declare it in its module and list it in
that module's RULES; to add a module, list it here.
"""

from __future__ import annotations

from importlib import import_module

from archlint.registry import Rule

# The four mission checks (single points of failure, VPC peering, Lambda duration, S3 uploads).
MISSION_MODULES: tuple[str, ...] = ("spof", "peering", "lambda_limits", "s3_upload")
# The wider catalogue of the high-performing-architecture domain.
CATALOGUE_MODULES: tuple[str, ...] = (
    "suppressions",
    "network_limits",
    "zones_and_failover",
    "storage",
    "compute_limits",
    "integration",
    "databases",
    "observability",
    "availability",
)

RULES: tuple[Rule, ...] = tuple(
    rule
    for module in MISSION_MODULES + CATALOGUE_MODULES
    for rule in import_module(f"archlint.checks.{module}").RULES
)
