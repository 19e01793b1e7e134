"""The language: reading sources (files, Markdown blocks, includes), parsing with the
grammar, and building the typed graph. Imports only `archlint.model`."""
