"""The project model: what every rule reads (modules, layers, imports, values)."""
