"""The effective configuration as TOML (``fastlayer config``): every key of ``keys``, with its
value. The document is a ``fastlayer.toml``: saved as one, it loads back into the same
``Config``. Keys that are not set (``root`` when the app root is detected) are comments.
"""

from __future__ import annotations

from typing import Any, Dict, Tuple

from fastlayer.config import keys, presets, toml
from fastlayer.config.loader import Config


def document(config: Config) -> Dict[str, Any]:
    """Every key of ``[tool.fastlayer]`` with the value ``config`` has for it, in the key
    table's order."""
    preset = config.preset
    sections: Dict[str, Any] = {
        "preset": presets.reference(preset),
        "layers": {layer.name: keys.dump(keys.LAYER, layer) for layer in preset.layers},
        "structure": keys.dump(keys.STRUCTURE, preset.structure),
        "placement": {kind: list(globs) for kind, globs in preset.placement},
        "app": keys.dump(keys.APP, preset.app),
        "domains": keys.dump(keys.DOMAINS, preset.domains) if preset.domains is not None else None,
        "graph": keys.dump(keys.GRAPH, config.graph),
    }
    return {**keys.dump(keys.SETTINGS, config), **sections}


def docs() -> Dict[Tuple[str, ...], str]:
    """Key path -> what the key does: the comments of the document."""
    found: Dict[Tuple[str, ...], str] = {
        (key.name,): key.doc for key in keys.SETTINGS + keys.ARCHITECTURE + keys.TABLES
    }
    for table, sub in (("structure", keys.STRUCTURE), ("app", keys.APP), ("graph", keys.GRAPH)):
        found.update({(table, key.name): key.doc for key in sub})
    found.update({("domains", key.name): key.doc for key in keys.DOMAINS})
    return found


def render(config: Config) -> str:
    source = config.config_file or "no configuration file: the defaults"
    preset = config.preset
    head = (
        f"# the effective fastlayer configuration, from {source};\n"
        f"# preset {preset.name} ({preset.source or 'built in'}) merged with your keys.\n"
        "# Valid as fastlayer.toml (under [tool.fastlayer] in pyproject.toml);\n"
        "# keys not set are comments.\n\n"
    )
    return head + toml.dumps(document(config), docs())
