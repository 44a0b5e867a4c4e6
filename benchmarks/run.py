"""Measure fastlayer against import-linter on one generated tree, in one run.

    python benchmarks/run.py --modules 1000 [--repeat 5] [--jobs N] [--il /work/venvs/il/bin/lint-imports] [--src CHECKOUT]

Every measurement is a fresh process timed from outside (wall clock, median of
``--repeat``), peak RSS from ``getrusage`` of the children. Scenarios:

- fastlayer cold (no cache), warm (cache full), one file changed (cache full but
  one file edited), one file via ``--stdin-filename``: an edited buffer that no run
  has seen (a new one each time, as an editor sends them) and the unmodified file;
- import-linter with the equivalent layers contract, cold (cache removed) and warm;
- the cold baseline: bare ``libcst.parse_module`` of every file, divided by the jobs.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

import server  # noqa: E402

FASTLAYER = [sys.executable, "-m", "fastlayer", "check", "--quiet", "--exit-zero"]
CHANGED = "app/services/user0_service.py"
REPO = Path(__file__).resolve().parents[1]


def snapshot(source: Path) -> Dict[str, str]:
    """Run a frozen copy of src/ and rules/: edits made meanwhile must not change the cache salt.

    The copy is byte-compiled, as an installed package is (pip compiles it): with
    ``PYTHONDONTWRITEBYTECODE`` set, every run would otherwise compile ~100 modules (~70 ms)."""
    target = Path(f"/tmp/fastlayer-bench-src-{os.getpid()}")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source / "src", target / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(source / "rules", target / "rules")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target / "src")], check=True)
    env = dict(os.environ, PYTHONPATH=str(target / "src"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


Sample = Tuple[float, float, int]


ENV: Optional[Dict[str, str]] = None


def timed(
    command: List[str],
    cwd: Path,
    stdin: Optional[bytes] = None,
    env: Optional[Dict[str, str]] = None,
) -> Sample:
    """Wall seconds, CPU seconds (user+sys, the process and its workers) and peak RSS (KiB) of one child."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    done = subprocess.run(
        command,
        cwd=cwd,
        input=stdin,
        env=env or ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(
            f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode()[-2000:]}"
        )
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, usage.ru_utime + usage.ru_stime - cpu, max(before, usage.ru_maxrss)


def sample(repeat: int, prepare: Callable[[], None], command: Callable[[], Sample]) -> Sample:
    times, cpus, peak = [], [], 0
    for _ in range(repeat):
        prepare()
        elapsed, cpu, rss = command()
        times.append(elapsed)
        cpus.append(cpu)
        peak = max(peak, rss)
    return statistics.median(times), statistics.median(cpus), peak


def bare_parse(tree: Path, keep: bool = True) -> Tuple[float, float]:
    """Wall and CPU seconds of ``libcst.parse_module`` over every file, serially, in one process.

    ``keep``: every tree stays in a list (the garbage collector then scans a growing heap), as this
    baseline always measured; without it each tree is dropped after parsing, as the extractor does
    (the stricter baseline: the parse alone)."""
    kept, dropped = (
        "[libcst.parse_module(f) for f in files]",
        "for f in files: libcst.parse_module(f)",
    )
    parse = kept if keep else dropped
    code = (
        "import sys, time, libcst, pathlib\n"
        "files = [p.read_text() for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.py'))]\n"
        f"t, c = time.perf_counter(), time.process_time()\n{parse}\n"
        "print(time.perf_counter() - t, time.process_time() - c)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tree / "app")], capture_output=True, text=True, check=True
    )
    wall, cpu = out.stdout.split()
    return float(wall), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--jobs",
        type=int,
        default=len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
    )
    parser.add_argument(
        "--il", default=shutil.which("lint-imports") or "/work/venvs/il/bin/lint-imports"
    )
    parser.add_argument(
        "--tree", type=Path, default=None, help="where to generate (default: a temp dir)"
    )
    parser.add_argument(
        "--src",
        type=Path,
        default=REPO,
        help="a checkout of fastlayer to measure (default: this one)",
    )
    args = parser.parse_args()
    global ENV
    ENV = snapshot(args.src)
    warm_up = generate(Path(f"/tmp/fastlayer-bench-warmup-{os.getpid()}"), 1)
    timed(
        FASTLAYER + ["--no-cache"], Path(f"/tmp/fastlayer-bench-warmup-{os.getpid()}")
    )  # compile the snapshot once
    del warm_up
    tree = args.tree or Path(f"/tmp/fastlayer-bench-{args.modules}")
    files = generate(tree, args.modules)
    lines = sum(text.count("\n") for path, text in files.items() if path.endswith(".py"))
    modules = sum(path.endswith(".py") for path in files)
    print(
        f"tree: {tree} ({modules} modules, {lines} lines); jobs={args.jobs}; repeat={args.repeat}; python {sys.version.split()[0]}"
    )
    cache = tree / ".fastlayer_cache"
    changed = tree / CHANGED
    original = changed.read_bytes()
    edited = original + b"\n\ndef added_later() -> int:\n    return 1\n"
    fl = lambda *extra, stdin=None: (
        lambda: timed(FASTLAYER + ["--jobs", str(args.jobs), *extra], tree, stdin)
    )  # noqa: E731
    wipe = lambda: shutil.rmtree(cache, ignore_errors=True)  # noqa: E731
    nothing = lambda: None  # noqa: E731

    def fresh(buffer: bytes) -> bytes:
        """A buffer no run has seen (as an editor sends after each keystroke): never a cache hit."""
        return buffer + f"# {time.perf_counter_ns()}\n".encode()

    def edit() -> None:
        changed.write_bytes(original)
        timed(FASTLAYER, tree)  # cache full for the original tree
        changed.write_bytes(edited + str(time.perf_counter_ns()).encode() + b"\n")

    results: Dict[str, Sample] = {}
    results["fastlayer cold"] = sample(args.repeat, wipe, fl())
    changed.write_bytes(original)
    timed(FASTLAYER, tree)
    # a file written within 2 s may change again unseen (RACY_NS): no result is stored or recorded
    # for it, so the no-change runs start once the rewritten file is older than that
    time.sleep(2.1)
    fl()()  # the same command line once: its output is recorded for the no-change shortcut
    results["fastlayer warm"] = sample(args.repeat, nothing, fl())
    results["fastlayer one file changed"] = sample(args.repeat, edit, fl())
    changed.write_bytes(original)
    timed(FASTLAYER, tree)
    results["fastlayer --stdin-filename (edited buffer)"] = sample(
        args.repeat, nothing, lambda: fl("--stdin-filename", CHANGED, "-", stdin=fresh(edited))()
    )
    results["fastlayer --stdin-filename (unmodified buffer)"] = sample(
        args.repeat, nothing, fl("--stdin-filename", CHANGED, "-", stdin=original)
    )
    il_env = dict(os.environ, PYTHONPATH=str(tree / "app"))
    il = lambda: timed([args.il, "--no-logo"], tree, env=il_env)  # noqa: E731
    results["import-linter cold"] = sample(
        args.repeat, lambda: shutil.rmtree(tree / ".import_linter_cache", ignore_errors=True), il
    )
    results["import-linter warm"] = sample(args.repeat, nothing, il)
    changed.write_bytes(original)
    timed(FASTLAYER, tree)
    report(results, (bare_parse(tree), bare_parse(tree, keep=False)), lines, args.jobs)
    server_report(server.measure(tree, ENV, args.repeat), results["import-linter warm"][0])


Timing = Tuple[float, float]
# The baseline as always measured (trees kept), then the stricter one (each tree dropped).
_HOW = ("", ", trees dropped")


def report(
    results: Dict[str, Sample], parses: Tuple[Timing, Timing], lines: int, jobs: int
) -> None:
    il_cold, il_warm = results["import-linter cold"], results["import-linter warm"]
    print(
        "\n| scenario | median wall s | wall vs import-linter | median CPU s | CPU vs import-linter | lines/s (wall) | peak RSS MiB |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, (seconds, cpu, rss) in results.items():
        base = il_cold if name in ("fastlayer cold", "import-linter cold") else il_warm
        print(
            f"| {name} | {seconds:.3f} | {seconds / base[0]:.2f}x | {cpu:.3f} | {cpu / base[1]:.2f}x | {lines / seconds:,.0f} | {rss / 1024:.0f} |"
        )
    for (wall, cpu), how in zip(parses, _HOW):
        print(
            f"| bare libcst.parse_module, serial{how} | {wall:.3f} | | {cpu:.3f} | | {lines / wall:,.0f} | |"
        )
    cold = results["fastlayer cold"]
    for (wall, cpu), how in zip(parses, _HOW):
        print(
            f"\nfastlayer cold wall / (bare parse wall{how} / {jobs} jobs) = {cold[0] / (wall / jobs):.2f}"
        )
        print(f"fastlayer cold CPU (all processes) / bare parse CPU{how} = {cold[1] / cpu:.2f}")


def server_report(measured: Dict[str, float], il_warm: float) -> None:
    """The language server's latencies beside import-linter's warm full run, and its resident memory."""
    print("\n| language server | median s | vs import-linter warm |")
    print("|---|---|---|")
    for name, seconds in measured.items():
        if name.endswith("MiB"):
            print(f"| {name} | {seconds:.0f} | |")
        else:
            print(f"| {name} | {seconds:.3f} | {seconds / il_warm:.2f}x |")


if __name__ == "__main__":
    main()
