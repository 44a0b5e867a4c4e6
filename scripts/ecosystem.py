"""Run fastlayer over locally fetched real FastAPI repositories; record and diff the results.

    python scripts/ecosystem.py --repos-dir /work/realrepos --output-file /tmp/eco.json
    python scripts/ecosystem.py --repos-dir /work/eco --init --scratch /tmp/eco-copies --output-file /tmp/eco-init.json

Each repository is checked with ``fastlayer check --output-format json --exit-zero
--no-cache`` in a separate process (the repositories are never modified, never
imported, never run). Recorded per repository: exit code, crash (a signal, a
traceback or an ``internal error``), wall time, files, findings per rule and
every finding. When the output file already holds a previous run, the findings
that appeared or disappeared are printed (and stored under ``diff``).

With ``--init`` each repository is first copied into ``--scratch`` (the original stays
untouched), ``fastlayer init --no-cache`` writes its configuration into the copy, and
``check`` runs there: what a new user sees after ``init`` then ``check``.
See docs/ecosystem.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

# Where the FastAPI project sits inside a repository, when it is not the top.
KNOWN_TARGETS = {
    "fastapi+full-stack-fastapi-template": "backend",
    "full-stack-fastapi-template": "backend",
    "polarsource+polar": "server",
    "polar": "server",
    "testdrivenio+fastapi-tdd-docker": "project",
    "onyx-dot-app+onyx": "backend",
    "onyx": "backend",
    "khoj-ai+khoj": "src",
    "khoj": "src",
    "Buuntu+fastapi-react": "{{cookiecutter.project_slug}}/backend",
    "fastapi-react": "{{cookiecutter.project_slug}}/backend",
}
# Never copied into the scratch directory: not Python, large, or version control.
SKIPPED = (
    "node_modules",
    ".git",
    ".venv",
    "*.png",
    "*.jpg",
    "*.svg",
    "*.woff*",
    "*.mp4",
    "*.pdf",
    "*.gif",
)
Json = Dict[str, Any]


def targets(repos_dir: Path, names: Sequence[str]) -> List[Tuple[str, Path]]:
    """``(name, directory to check)``; a name may carry its subdirectory: ``owner+repo:backend``."""
    chosen = list(names) or sorted(
        p.name for p in repos_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
    )
    result = []
    for spec in chosen:
        name, _, sub = spec.partition(":")
        result.append((name, repos_dir / name / (sub or KNOWN_TARGETS.get(name, ""))))
    return result


def copy_for_init(name: str, directory: Path, scratch: Path) -> Path:
    """A fresh copy of ``directory`` under ``scratch/name`` (``init`` writes there, never in the original)."""
    target = scratch / name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(directory, target, ignore=shutil.ignore_patterns(*SKIPPED), symlinks=True)
    return target


def init(directory: Path, timeout: float) -> Json:
    """Run ``fastlayer init --no-cache`` in ``directory``: its exit code, crash and output lines."""
    command = [sys.executable, "-I", "-m", "fastlayer", "init", "--no-cache"]
    try:
        done = subprocess.run(
            command, cwd=directory, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {"exit_code": None, "crash": f"init timed out after {timeout:.0f} s"}
    return {
        "exit_code": done.returncode,
        "crash": _crash(done.returncode, done.stderr),
        "output": (done.stdout + done.stderr).strip().splitlines()[-20:],
    }


def run_one(name: str, directory: Path, args: argparse.Namespace) -> Json:
    if not directory.is_dir():
        return {
            "exit_code": None,
            "crash": None,
            "seconds": 0.0,
            "stderr": [f"no directory {directory}"],
        }
    if not args.init:
        return check(directory, args.timeout, args.fastlayer_arg)
    copy = copy_for_init(name, directory, args.scratch)
    initialized = init(copy, args.timeout)
    record = check(copy, args.timeout, args.fastlayer_arg)
    record["init"] = initialized
    record["crash"] = record.get("crash") or initialized["crash"]
    return record


def check(directory: Path, timeout: float, extra: Sequence[str]) -> Json:
    # -I: the repository's directories never land on sys.path (nothing of it can be imported).
    command = [
        sys.executable,
        "-I",
        "-m",
        "fastlayer",
        "check",
        "--output-format",
        "json",
        "--exit-zero",
        "--no-cache",
        *extra,
    ]
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, cwd=directory, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {
            "exit_code": None,
            "crash": f"timed out after {timeout:.0f} s",
            "seconds": round(time.perf_counter() - started, 2),
        }
    record: Json = {
        "exit_code": done.returncode,
        "seconds": round(time.perf_counter() - started, 2),
    }
    record["stderr"] = done.stderr.strip().splitlines()[-20:]
    record["crash"] = _crash(done.returncode, done.stderr)
    record.update(_findings(done.stdout) if done.returncode == 0 else {})
    return record


def _crash(code: int, stderr: str) -> Optional[str]:
    if code < 0:
        return f"killed by signal {-code}"
    for marker in ("Traceback (most recent call last)", "internal error"):
        if marker in stderr:
            return next(
                line
                for line in stderr.splitlines()
                if marker in line or line.startswith("fastlayer: error")
            )
    return None


def _findings(stdout: str) -> Json:
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError as exc:
        return {"crash": f"unreadable JSON report: {exc}"}
    rows = [
        f"{d['path']}:{d['line']}:{d['column']}: {d['code']} {d['message']}"
        for d in report["diagnostics"]
    ]
    by_code = Counter(d["code"] for d in report["diagnostics"])
    return {
        "files": report["summary"]["files"],
        "findings": len(rows),
        "by_code": dict(sorted(by_code.items())),
        "diagnostics": rows,
    }


def diff(previous: Json, current: Json) -> Json:
    """Findings that appeared / disappeared per repository since the previous run."""
    changes: Json = {}
    for name, record in current.items():
        before = set(previous.get(name, {}).get("diagnostics", []))
        after = set(record.get("diagnostics", []))
        if before != after and name in previous:
            changes[name] = {"added": sorted(after - before), "removed": sorted(before - after)}
    return changes


def summary_lines(results: Json, changes: Json) -> List[str]:
    lines = [
        f"{'repository':<45} {'exit':>4} {'files':>6} {'time':>8} {'findings':>8}  crash / per rule"
    ]
    for name, r in results.items():
        rules = ", ".join(f"{code}:{count}" for code, count in r.get("by_code", {}).items())
        lines.append(
            f"{name:<45} {str(r.get('exit_code')):>4} {r.get('files', '-'):>6} {r['seconds']:>7.1f}s "
            f"{r.get('findings', '-'):>8}  {r.get('crash') or rules or (r.get('stderr') or [''])[-1]}"
        )
    for name, change in changes.items():
        lines.append(
            f"{name}: +{len(change['added'])} -{len(change['removed'])} findings since the previous run"
        )
        lines += [f"  + {row}" for row in change["added"][:20]] + [
            f"  - {row}" for row in change["removed"][:20]
        ]
    return lines


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "repos",
        nargs="*",
        help="repository directory names (owner+repo[:subdir]); default: all in --repos-dir",
    )
    parser.add_argument("--repos-dir", type=Path, default=Path("/work/realrepos"))
    parser.add_argument("--output-file", type=Path, default=Path("ecosystem-results.json"))
    parser.add_argument(
        "--previous",
        type=Path,
        help="results to diff against (default: the existing --output-file)",
    )
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per repository")
    parser.add_argument(
        "--fastlayer-arg",
        action="append",
        default=[],
        help="extra argument for fastlayer check (repeatable)",
    )
    parser.add_argument(
        "--init",
        action="store_true",
        help="copy each repository to --scratch, run init there, then check",
    )
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/fastlayer-ecosystem"))
    args = parser.parse_args(argv)
    previous_file = args.previous or args.output_file
    previous = json.loads(previous_file.read_text())["results"] if previous_file.is_file() else {}
    results = {
        name: run_one(name, directory, args)
        for name, directory in targets(args.repos_dir, args.repos)
    }
    changes = diff(previous, results)
    document = {"created": time.strftime("%Y-%m-%dT%H:%M:%S"), "results": results, "diff": changes}
    args.output_file.write_text(json.dumps(document, indent=2) + "\n")
    print("\n".join(summary_lines(results, changes)))
    return 1 if any(r.get("crash") for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
