"""CORS and configuration security rules (FL4xx)."""
