"""fastlayer: an architecture linter for FastAPI projects."""

__version__ = "0.1.0"
DISTRIBUTION = (
    "fastlayer"  # the name pyproject.toml's [project] gives (the presets are found through it)
)
