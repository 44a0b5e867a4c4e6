from __future__ import annotations

from fastlayer.cli.main import main  # first: registers the commands, turns the collector off

if __name__ == "__main__":
    main()
