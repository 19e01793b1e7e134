"""`archlint lsp`: start the language server on standard input and output."""

from __future__ import annotations

import sys

import click


@click.command("lsp")
def lsp() -> None:
    """Run the language server over stdio (for editors; needs `pip install archlint[lsp]`)."""
    try:
        from archlint.lsp.server import main
    except ImportError as error:
        click.echo(f"archlint: error: the language server needs the lsp extra "
                   f"(pip install 'archlint[lsp]'): {error}", err=True)
        sys.exit(2)
    main()
