"""Write (or --check) docs/rules/ from the rule classes: a maintainer's script, not part of the wheel.

python scripts/gen_rule_docs.py [--check] [DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

from fastlayer.tools.docs import pages, stale, write

DOCS_DIR = Path(__file__).resolve().parents[1] / "docs" / "rules"


def main(argv: Sequence[str]) -> int:
    check = "--check" in argv
    rest = [arg for arg in argv if arg != "--check"]
    directory = Path(rest[0]) if rest else DOCS_DIR
    changed = stale(directory, pages()) if check else write(directory, pages())
    verb = "stale" if check else "updated"
    for name in changed:
        sys.stderr.write(f"{verb}: {directory / name}\n")
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
