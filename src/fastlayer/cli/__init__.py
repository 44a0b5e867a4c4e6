"""The command line: the click group, one module per command; the only layer that prints and decides exit codes."""
