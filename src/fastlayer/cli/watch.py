"""``check --watch``: check, then again on every change of the project's files (watchfiles), with
the screen cleared like ``ruff check --watch``; after the first report, only what changed since the
last run is printed (findings new and fixed). The configuration is loaded again on every run."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Iterable, NoReturn, Set, Tuple

import click

from fastlayer.cli.common import EXIT_CLEAN, fail, run_or_fail
from fastlayer.config.loader import Config
from fastlayer.diagnostics import Diagnostic
from fastlayer.engine.result import RunRequest, RunResult
from fastlayer.reporters.text import format_line

Prepare = Callable[[], Tuple[Config, RunRequest]]
Report = Callable[[Config, RunResult, RunRequest], None]


def watch(prepare: Prepare, report: Report, color: bool) -> NoReturn:
    """Run, report, then wait for changes and print the difference each time (until Ctrl-C)."""
    try:
        import watchfiles
    except ImportError:
        fail(
            "--watch needs the watchfiles package: install fastlayer with its [server] extra "
            "from the repository (README, Install), not from PyPI"
        )
    config, request = prepare()
    result = run_or_fail(request)
    report(config, result, request)
    ignore = (*watchfiles.DefaultFilter.ignore_dirs, Path(config.cache_dir).name)
    changes = watchfiles.watch(
        config.project_root,
        watch_filter=watchfiles.DefaultFilter(ignore_dirs=ignore),
        raise_interrupt=False,
        rust_timeout=500,
        yield_on_timeout=True,  # an empty batch first: the watcher is running
    )
    watching = False
    for batch in changes:
        if not batch:
            if not watching:
                click.echo("Watching for file changes.")
            watching = True
            continue
        config, request = prepare()
        click.clear()
        result = _rerun(request, result, len(batch), color)
    raise SystemExit(EXIT_CLEAN)


def _rerun(request: RunRequest, before: RunResult, changed: int, color: bool) -> RunResult:
    after = run_or_fail(request)
    stamp = time.strftime("%H:%M:%S")
    click.echo(f"[{stamp}] {changed} file{'s' if changed != 1 else ''} changed; checked again.")
    new, fixed = _difference(before.diagnostics, after.diagnostics)
    for diagnostic in new:
        click.echo("+ " + format_line(diagnostic, color))
    for diagnostic in fixed:
        click.echo("- " + format_line(diagnostic, color))
    total = len(after.diagnostics)
    click.echo(
        f"{len(new)} new, {len(fixed)} fixed; {total} finding{'s' if total != 1 else ''} in all."
    )
    return after


def _difference(
    before: Iterable[Diagnostic], after: Iterable[Diagnostic]
) -> Tuple[Tuple[Diagnostic, ...], Tuple[Diagnostic, ...]]:
    old: Set[Diagnostic] = set(before)
    current: Set[Diagnostic] = set(after)
    key = Diagnostic.sort_key
    return tuple(sorted(current - old, key=key)), tuple(sorted(old - current, key=key))
