"""The model: the typed graph, values and their units, attributes, kinds and their
traits, and findings. Imports nothing else of archlint."""
