"""The ``fastlayer`` entry point: the group with every command registered.

``check`` is imported here (it is what runs warm in editors and hooks); every other command is
registered by module name and imported only when it runs or ``--help`` lists it.
"""

from __future__ import annotations

import gc

# a short CLI run: no collector passes while ~100 modules import (~7 ms); `check` keeps it off
gc.disable()

from fastlayer.cli import check as _check  # noqa: E402,F401  (registers `check`)
from fastlayer.cli.common import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS  # noqa: E402,F401
from fastlayer.cli.group import main  # noqa: E402

main.lazy("rules", "fastlayer.cli.rules")
main.lazy("explain", "fastlayer.cli.rules")
main.lazy("graph", "fastlayer.cli.graph")
main.lazy("init", "fastlayer.cli.init")
main.lazy("config", "fastlayer.cli.config")
main.lazy("clean", "fastlayer.cli.cache")
main.lazy("server", "fastlayer.cli.server")
main.lazy("cors", "fastlayer.cli.cors")

__all__ = ["main", "EXIT_CLEAN", "EXIT_FINDINGS", "EXIT_ERROR"]

if __name__ == "__main__":  # pragma: no cover
    main()
