"""The guard's child process: parse one file (bytes on stdin), write pickled facts on stdout.

Kept apart from ``guard`` so that the guard (imported by ``extract``) never imports ``extract``.
"""

from __future__ import annotations

import pickle
import sys

from fastlayer.facts.extract import extract_unguarded
from fastlayer.facts.guard import deep


def main(argv: list[str]) -> int:
    data = sys.stdin.buffer.read()
    facts = deep(lambda: extract_unguarded(argv[0], data))
    sys.stdout.buffer.write(pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
