"""Configuration: every key once (keys.py), validation, presets, the TOML reader/writer."""
