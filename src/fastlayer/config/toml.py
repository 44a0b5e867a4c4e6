"""Read a TOML file or fail with one line naming the file, the line and the problem."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict, List

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older interpreters only
    import tomli as tomllib


class ConfigError(Exception):
    """Configuration problems; ``problems`` holds one line each, all found at once."""

    def __init__(self, problems: List[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def read_toml(path: Path, shown: str) -> Dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data: Dict[str, Any] = tomllib.load(handle)
            return data
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{shown}: invalid TOML: {exc}"]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            [
                f"{shown}: invalid TOML: not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"
            ]
        ) from None
    except OSError as exc:
        raise ConfigError([f"{shown}: cannot read: {exc.strerror or exc}"]) from None
