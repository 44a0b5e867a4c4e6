"""fastlayer: an architecture linter for FastAPI projects."""

__version__ = "0.1.0"
