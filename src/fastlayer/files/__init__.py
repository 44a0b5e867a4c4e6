"""Finding the project's files: discovery, .gitignore and glob matching."""
