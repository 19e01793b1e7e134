"""CLI commands kept out of archlint/cli.py, each imported only when it runs."""
