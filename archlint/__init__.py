"""archlint: a linter for cloud architectures written in a small DSL."""

__version__ = "0.1.0"
