from __future__ import annotations

from fastlayer.cli_common import main
import fastlayer.cli  # noqa: F401  (registers the commands)

if __name__ == "__main__":
    main()
