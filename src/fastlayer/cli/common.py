"""What every command shares: one-line failures, exit codes, loading the config and running.

Exit codes are decided here (``exit_code``) and nowhere else.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, NoReturn, Optional

import click

from fastlayer.config.loader import Config, load_config
from fastlayer.config.locate import Location, NoProject, locate, start_directory
from fastlayer.config.toml import ConfigError
from fastlayer.diagnostics import Severity
from fastlayer.engine.result import RunRequest, RunResult
from fastlayer.engine.run import run
from fastlayer.rules import all_rules

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C


def interrupted() -> NoReturn:
    click.echo("fastlayer: interrupted", err=True)
    sys.exit(EXIT_INTERRUPTED)


def fail(message: str) -> NoReturn:
    """One line on stderr, exit 2: usage, configuration or internal errors."""
    click.echo(f"fastlayer: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def fail_all(problems: List[str]) -> NoReturn:
    """Every problem on its own line, then exit 2 (a configuration is reported at once)."""
    for problem in problems:
        click.echo(f"fastlayer: error: {problem}", err=True)
    sys.exit(EXIT_ERROR)


def exit_code(result: RunResult, fail_on: str, exit_zero: bool) -> int:
    if result.internal_errors or result.blocked:
        return EXIT_ERROR
    threshold = Severity.parse(fail_on).rank
    failing = any(d.severity.rank >= threshold for d in result.diagnostics)
    return EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN


def load(paths: List[Path], config_path: Optional[Path], buffer: bool = False) -> Config:
    """The configuration found from the first path (or the working directory), or ``--config``.
    With ``buffer`` (an editor's ``--stdin-filename``) and no project at all, the buffer is checked
    alone."""
    try:
        try:
            location, alone = _locate(paths, config_path), False
        except NoProject as exc:
            if not buffer:
                fail(str(exc))
            location, alone = (
                Location(start_directory(paths[0]), None, f"{exc}; the buffer is checked alone"),
                True,
            )
        config = load_config(location.project_root, config_path, all_rules().rules)
    except ConfigError as exc:
        fail_all(exc.problems)
    return config.replace(located=location.reason, alone=alone)


def _locate(paths: List[Path], config_path: Optional[Path]) -> Location:
    if config_path is None:
        return locate(paths[0] if paths else Path.cwd())
    path = config_path.resolve()
    return Location(path.parent, path, f"--config {config_path}")


def run_or_fail(request: RunRequest) -> RunResult:
    try:
        return run(request)
    except ConfigError as exc:
        fail("; ".join(exc.problems))
    except Exception as exc:  # noqa: BLE001 - never a bare traceback
        fail_internal(exc)


def fail_internal(exc: Exception) -> NoReturn:
    """An unexpected error as one line, exit 2 (re-raised for the traceback with
    FASTLAYER_DEBUG)."""
    if os.environ.get("FASTLAYER_DEBUG"):
        raise exc
    hint = "set FASTLAYER_DEBUG=1 for the traceback"
    fail(f"internal error: {type(exc).__name__}: {exc} ({hint})")


def report_internal_errors(result: RunResult) -> None:
    if result.blocked:
        click.echo(f"fastlayer: error: {result.blocked}", err=True)
    for error in result.internal_errors:
        where = f" on {error.path}" if error.path else ""
        click.echo(
            f"fastlayer: internal error in rule {error.code}{where}: {error.message}", err=True
        )


def use_color(choice: str = "auto", to_file: bool = False) -> bool:
    """``--color always/never`` decides; with ``auto``, never into a file, NO_COLOR turns colour
    off, a non-empty FORCE_COLOR turns it on, else a terminal on stdout does."""
    if choice != "auto" or to_file:
        return choice == "always"
    if "NO_COLOR" in os.environ:
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()
