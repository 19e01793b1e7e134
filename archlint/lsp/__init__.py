"""The language server (`archlint lsp`, extra `archlint[lsp]`). Only `server` imports
pygls; the lint path never imports this package."""
