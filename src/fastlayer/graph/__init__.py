"""The layer graph: aggregation, the Mermaid reader, the diagram check and the renderers."""
