"""Per-file facts: what one libcst pass learns about a file, as plain data."""
