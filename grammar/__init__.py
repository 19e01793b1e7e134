"""The archlint grammar, shipped as package data (`archlint.grammar`)."""
