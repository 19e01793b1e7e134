"""OBS: observability: metrics a design relies on that AWS does not publish by itself."""
