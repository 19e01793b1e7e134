"""What archlint writes: reporters (text, JSON, SARIF, GitHub, JUnit), pictures,
generated docs, and atomic file writes."""
