"""`archlint fmt`: the canonical layout of the language (layout) and of files (files)."""
