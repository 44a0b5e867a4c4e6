from __future__ import annotations

import fastlayer.cli.main  # noqa: F401  (first: registers the commands, turns the collector off before the imports)
from fastlayer.cli.common import main

if __name__ == "__main__":
    main()
