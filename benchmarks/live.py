"""Where an edit's time goes in a project held in memory (what ``fastlayer server`` runs per edit).

In-process CPU time (``time.process_time``, so other load matters less) of ``LiveProject``
``set_buffer`` (the buffer's extraction) and ``check`` after each of ``--repeat`` edits of the
service module the server benchmark edits, medians without the first two; then each rule that ran
(not taken over) and took at least 0.3 ms. The edits are those of ``server.py``:

    python benchmarks/live.py TREE [--edit body|import|settings] [--repeat 16]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Sequence, Tuple, Type

from fastlayer.config.loader import load_config
from fastlayer.diagnostics import Diagnostic
from fastlayer.engine import run as engine
from fastlayer.engine.live import LiveProject
from fastlayer.engine.result import InternalError
from fastlayer.model.project import ProjectModel
from fastlayer.rules import Rule, all_rules

SERVICE = "app/services/user0_service.py"
SETTINGS = "app/config/settings.py"
Found = Tuple[Dict[str, Tuple[Diagnostic, ...]], List[InternalError]]


def edits(tree: Path, kind: str) -> Tuple[str, Callable[[int], bytes]]:
    service, settings = (tree / SERVICE).read_bytes(), (tree / SETTINGS).read_bytes()
    if kind == "body":
        return (
            SERVICE,
            lambda i: service + f"\n\ndef added_{i}() -> int:\n    return {i}\n".encode(),
        )
    if kind == "import":
        return (
            SERVICE,
            lambda i: f"from services import user{i + 1}_service as peer_{i}\n".encode() + service,
        )
    marker = b"class Settings(BaseSettings):\n"
    return SETTINGS, lambda i: settings.replace(
        marker, marker + f"    EXTRA_{i}: str = 'v'\n".encode()
    )


def measure(tree: Path, kind: str, repeat: int) -> Tuple[Dict[str, float], Dict[str, float]]:
    os.chdir(tree)
    project = LiveProject(load_config(tree, None, all_rules().rules))
    project.check()
    rules: Dict[str, List[float]] = {}
    engine._run_rules = _timed(engine._run_rules, rules)
    phases: Dict[str, List[float]] = {"extraction": [], "check": []}
    path, edit = edits(tree, kind)
    for index in range(repeat):
        began = time.process_time()
        project.set_buffer(path, edit(index))
        extracted = time.process_time()
        project.check()
        phases["extraction"].append(extracted - began)
        phases["check"].append(time.process_time() - extracted)
    return _medians(phases), _medians(rules)


def _timed(
    run_rules: Callable[..., Found], into: Dict[str, List[float]]
) -> Callable[[ProjectModel, Sequence[Type[Rule]], Mapping[str, Tuple[Diagnostic, ...]]], Found]:
    def each(
        model: ProjectModel,
        rules: Sequence[Type[Rule]],
        earlier: Mapping[str, Tuple[Diagnostic, ...]],
    ) -> Found:
        found: Dict[str, Tuple[Diagnostic, ...]] = {}
        errors: List[InternalError] = []
        for rule in rules:
            began = time.process_time()
            one, failed = run_rules(model, [rule], earlier)
            if rule.code not in earlier:
                into.setdefault(rule.code, []).append(time.process_time() - began)
            found.update(one)
            errors += failed
        return found, errors

    return each


def _medians(samples: Dict[str, List[float]]) -> Dict[str, float]:
    return {name: statistics.median(times[2:] or times) * 1000 for name, times in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--edit", choices=("body", "import", "settings"), default="body")
    parser.add_argument("--repeat", type=int, default=16)
    args = parser.parse_args()
    phases, rules = measure(args.tree.resolve(), args.edit, args.repeat)
    print(" ".join(f"{name} {ms:.1f} ms" for name, ms in phases.items()))
    for code, ms in sorted(rules.items(), key=lambda item: -item[1]):
        if ms >= 0.3:
            print(f"  {code} {ms:.1f} ms")


if __name__ == "__main__":
    main()
