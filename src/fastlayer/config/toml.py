"""Read a TOML file or fail with one line naming the file, the line and the problem."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict, List

from fastlayer.files.reading import read_regular

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older interpreters only
    import tomli as tomllib


MAX_BYTES = 10_000_000  # a configuration file larger than this is refused (read_regular: one line)


class ConfigError(Exception):
    """Configuration problems; ``problems`` holds one line each, all found at once."""

    def __init__(self, problems: List[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def read_toml(path: Path, shown: str) -> Dict[str, Any]:
    try:
        data: Dict[str, Any] = tomllib.loads(read_regular(path, MAX_BYTES).decode("utf-8"))
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
