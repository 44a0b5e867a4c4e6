from __future__ import annotations

from fastlayer.cli.fast import main  # a no-change `check` replays before click is imported

if __name__ == "__main__":
    main()
