"""Configuration: reading `.archlint.yaml` / `[tool.archlint]` safely, and the
settings a run uses."""
