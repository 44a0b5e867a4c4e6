"""What every command shares: the group, one-line failures, exit codes, loading and running.

The only modules that print are this one, the command modules (``cli*.py``) and reporters'
callers; exit codes are decided here (``exit_code``) and nowhere else.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Dict, List, NoReturn, Optional

import click

from fastlayer import __version__
from fastlayer.config.loader import Config, load_config
from fastlayer.config.locate import Location, NoProject, locate
from fastlayer.config.toml import ConfigError
from fastlayer.diagnostics import Severity
from fastlayer.engine.result import RunRequest, RunResult
from fastlayer.engine.run import run
from fastlayer.rules import all_rules

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def fail(message: str) -> NoReturn:
    """One line on stderr, exit 2: usage, configuration or internal errors."""
    click.echo(f"fastlayer: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def exit_code(result: RunResult, fail_on: str, exit_zero: bool) -> int:
    if result.internal_errors or result.blocked:
        return EXIT_ERROR
    threshold = Severity.parse(fail_on).rank
    failing = any(d.severity.rank >= threshold for d in result.diagnostics)
    return EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN


class LazyGroup(click.Group):
    """A group whose commands may live in modules imported only when the command is used.

    ``main.lazy("graph", "fastlayer.cli.graph")`` names the module; importing it registers
    the command (``@main.command``). ``check`` never imports graph/init/cache and their
    dependencies; ``--help`` imports them all to list every command with its summary."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_modules: Dict[str, str] = {}

    def lazy(self, name: str, module: str) -> None:
        self.lazy_modules[name] = module

    def list_commands(self, ctx: click.Context) -> List[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy_modules))

    def get_command(self, ctx: click.Context, cmd_name: str) -> Optional[click.Command]:
        if cmd_name not in self.commands and cmd_name in self.lazy_modules:
            importlib.import_module(self.lazy_modules[cmd_name])
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="fastlayer", message="%(prog)s %(version)s")
def main() -> None:
    """fastlayer: architecture linter for FastAPI projects."""


assert isinstance(main, LazyGroup)


def _load(paths: List[Path], config_path: Optional[Path]) -> Config:
    """The configuration found from the first path (or the working directory), or ``--config``."""
    try:
        location = _locate(paths, config_path)
        config = load_config(location.project_root, config_path, all_rules().rules)
    except NoProject as exc:
        fail(str(exc))
    except ConfigError as exc:
        for problem in exc.problems:
            click.echo(f"fastlayer: error: {problem}", err=True)
        sys.exit(EXIT_ERROR)
    return config.replace(located=location.reason)


def _locate(paths: List[Path], config_path: Optional[Path]) -> Location:
    if config_path is None:
        return locate(paths[0] if paths else Path.cwd())
    path = config_path.resolve()
    return Location(path.parent, path, f"--config {config_path}")


def _run(request: RunRequest) -> RunResult:
    try:
        return run(request)
    except ConfigError as exc:
        fail("; ".join(exc.problems))
    except Exception as exc:  # noqa: BLE001 - never a bare traceback
        if os.environ.get("FASTLAYER_DEBUG"):
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (set FASTLAYER_DEBUG=1 for the traceback)")


def _report_internal_errors(result: RunResult) -> None:
    if result.blocked:
        click.echo(f"fastlayer: error: {result.blocked}", err=True)
    for error in result.internal_errors:
        where = f" on {error.path}" if error.path else ""
        click.echo(f"fastlayer: internal error in rule {error.code}{where}: {error.message}", err=True)


def _use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
