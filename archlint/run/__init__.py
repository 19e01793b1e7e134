"""Running checks: one document (engine), many files (runner, pool, cache) and the
baseline. Sits between the language/model and the outputs."""
