"""What `archlint init` writes: a starter design, a commented configuration and a
pre-commit configuration. A test checks that the starter design checks clean."""

DESIGN_NAME = "architecture.arch"
CONFIG_NAME = ".archlint.yaml"
PRECOMMIT_NAME = ".pre-commit-config.yaml"

DESIGN = '''\
# A starter architecture: a web application over two Availability Zones.
# `archlint check` reads this file; `archlint fmt` keeps it tidy. The language
# reference is docs/language.md; `archlint kinds` lists every component kind.
#
# Comments start with # or //. Newlines are plain whitespace; commas and
# semicolons between statements are optional.

# A document attribute: `key = value` outside any node.
title = "My service"

# Nodes: `id: kind "Label" { attributes }`. The id is how edges refer to it.
users: users "Customers"
dns:   route53 "app.example.com"

# Groups nest: region > vpc > (subnets, AZs, ...). A group is `kind id "Label" { ... }`.
region main "eu-west-1" {
  vpc prod "Production" {
    cidr = "10.0.0.0/16"

    # Redundancy is declared: 2 instances spread over 2 Availability Zones.
    lb:  alb "Load balancer" { protocol = https }
    web: ec2 "Web servers" { count = 2, azs = 2 }
    # Values carry units: sizes (100MB), durations (15m, 900s), rates (3000/s), 99.9%.
    db:  rds "Database" { engine = "postgres", multi_az = true }
  }
}

# Edges: `a -> b : "label" { attributes }`; chains and fan-outs are allowed:
# `a -> [b, c]`. Other arrows: <- (reverse), <-> (both ways), -- (association).
users -> dns -> lb : "https"
lb -> web
web -> db : "sql"

# A finding you accept is silenced where it is, with a reason:
#   # archlint: ignore[REL001] internal tool; downtime is acceptable
'''

CONFIG = '''\
# archlint configuration (docs/configuration.md). Every key is optional; the
# values below are the defaults. `archlint check --show-settings` shows the result.

# Which files to check when a directory is given (globs, .gitignore style).
# Empty: every .arch and .md file. Quote globs that start with `*`.
include: []

# Files never checked, even when named; put include-only fragments here.
exclude: []

# The rules to run: ALL, a family (REL, NET, CMP, INT, STO, DB, OBS, AVL, SUP),
# an id (REL001), an id prefix (REL00) or a rule name. `archlint rules` lists them.
select: [ALL]

# Rules not to run (wins over select).
ignore: []

# Rules not to run on matching files, e.g. {"drafts/**": [REL]}.
per-file-ignores: {}

# Change a rule's severity, e.g. {INT006: warning}: error | warning | info.
severity: {}

# Per-rule options, e.g. {NET001: {quota: 125}}; `archlint explain RULE` lists them.
rules: {}

# The lowest severity that makes a run fail (exit 1): error | warning | info | never.
fail-on: error

# When true, a suppression comment without a reason is a finding (SUP002).
require-reason: false

# CloudFormation/SAM templates and Terraform files in a directory to import and
# check like design docs (globs, docs/import.md), e.g. ["infra/**/*.yaml"].
templates: []

# Template parameter values used when templates are checked, e.g. {MultiAZ: "true"}.
params: {}
'''

PRECOMMIT = '''\
# pre-commit (https://pre-commit.com): `pre-commit install`, then every commit
# checks the staged architectures. docs/ci.md explains each hook.
repos:
  - repo: https://github.com/OWNER/archlint    # the archlint repository
    rev: v0.1.0                                 # a tag or commit of it
    hooks:
      - id: archlint          # archlint check on staged .arch and .md files
      - id: archlint-fmt      # keep them in the canonical layout
'''
