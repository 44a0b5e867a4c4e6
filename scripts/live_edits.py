"""Random edits of a real repository held in memory: every live check must equal a full run.

    python scripts/live_edits.py REPO [--seed 1] [--edits 40]

``REPO`` (with a configuration: ``fastlayer init`` ran there) is copied to a temporary directory
first; the edits are made in the copy. Each edit changes one Python file, on disk and as the
buffer of a ``LiveProject`` (the engine of ``fastlayer server`` and ``check --watch``): an import
of another module of the project added at the top, a function appended, a line dropped or
doubled, or a line that builds an app, a router, a middleware or settings, or reads the
environment, copied from another file and appended. After each edit the live check (which takes
over findings and views where the edit cannot have changed them: ``engine/reuse.py``,
``engine/kept.py``) is compared with a full run over the files (``engine.run.run``, the facts
cache of the copy on). Edits that do not parse are skipped (a live project keeps the last good
facts of such a buffer, by design, where a run has none). Exit 1 on the first difference.
"""

from __future__ import annotations

import argparse
import ast
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from fastlayer.config.loader import load_config
from fastlayer.diagnostics import Diagnostic
from fastlayer.engine.live import LiveProject
from fastlayer.engine.result import RunRequest
from fastlayer.engine.run import run as full_run
from fastlayer.rules import all_rules

_GRAFTED = re.compile(
    r"include_router|add_middleware|load_dotenv|FastAPI\(|Settings\(|APIRouter\(|getenv|secret"
)
Edit = Callable[[random.Random, str, Sequence[str], Path], Optional[str]]


def _import(rng: random.Random, text: str, paths: Sequence[str], root: Path) -> Optional[str]:
    parts = rng.choice(paths)[: -len(".py")].split("/")
    parts = parts[:-1] if parts[-1] == "__init__" else parts
    name = ".".join(parts[-rng.choice((1, 2, 3)) :])
    return f"import {name}\n{text}" if all(p.isidentifier() for p in name.split(".")) else None


def _function(rng: random.Random, text: str, paths: Sequence[str], root: Path) -> Optional[str]:
    return text + f"\n\ndef added_{rng.randrange(10**6)}():\n    return 1\n"


def _drop(rng: random.Random, text: str, paths: Sequence[str], root: Path) -> Optional[str]:
    lines = text.splitlines(keepends=True)
    index = rng.randrange(len(lines)) if lines else 0
    return "".join(lines[:index] + lines[index + 1 :])


def _double(rng: random.Random, text: str, paths: Sequence[str], root: Path) -> Optional[str]:
    lines = text.splitlines(keepends=True)
    index = rng.randrange(len(lines)) if lines else 0
    return "".join(lines[: index + 1] + lines[index:])


def _graft(rng: random.Random, text: str, paths: Sequence[str], root: Path) -> Optional[str]:
    donors = rng.sample(list(paths), min(40, len(paths)))
    pool = [
        line.strip()
        for donor in donors
        for line in (root / donor).read_text(errors="replace").splitlines()
        if _GRAFTED.search(line)
    ]
    return f"{text}\n{rng.choice(pool)}\n" if pool else None


EDITS: Tuple[Edit, ...] = (_import, _function, _drop, _double, _graft, _graft)


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True


def _differences(live: Sequence[Diagnostic], full: Sequence[Diagnostic]) -> List[str]:
    only_live, only_full = set(live) - set(full), set(full) - set(live)
    return [f"  live only: {d.path}:{d.line} {d.code} {d.message[:100]}" for d in only_live] + [
        f"  full only: {d.path}:{d.line} {d.code} {d.message[:100]}" for d in only_full
    ]


def run(root: Path, seed: int, count: int) -> int:
    config = load_config(root, None, all_rules().rules)
    project = LiveProject(config)
    rng = random.Random(seed)
    paths = [path for path in project.files if _parses((root / path).read_text(errors="replace"))]
    done: Dict[str, int] = {}
    while sum(done.values()) < count:
        path, edit = rng.choice(paths), rng.choice(EDITS)
        new = edit(rng, (root / path).read_text(errors="replace"), paths, root)
        if new is None or not _parses(new):
            continue
        (root / path).write_text(new)
        project.set_buffer(path, new.encode())
        live, full = project.check().diagnostics, full_run(RunRequest(config)).diagnostics
        name = edit.__name__.strip("_")
        if live != full:
            print(f"difference after {name} of {path}:\n" + "\n".join(_differences(live, full)))
            return 1
        done[name] = done.get(name, 0) + 1
    shown = ", ".join(f"{name} {times}" for name, times in sorted(done.items()))
    print(f"{count} edits ({shown}): every live check equals the full run")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--edits", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / args.repo.name
        shutil.copytree(args.repo, copy, symlinks=True)
        sys.exit(run(copy.resolve(), args.seed, args.edits))


if __name__ == "__main__":
    main()
