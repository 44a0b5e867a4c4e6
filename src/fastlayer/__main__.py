from __future__ import annotations

from fastlayer.cli import main

if __name__ == "__main__":
    main()
