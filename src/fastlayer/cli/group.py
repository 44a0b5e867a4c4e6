"""The ``fastlayer`` click group: commands may live in modules imported only when used."""

from __future__ import annotations

import importlib
from typing import Dict, List, Optional

import click

from fastlayer import __version__


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

    def invoke(self, ctx: click.Context) -> object:
        """Every command under one guard: Ctrl-C exits 130, an unexpected error is one line,
        exit 2."""
        from fastlayer.cli.common import fail_internal, interrupted  # the group imports light

        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            interrupted()
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - never a bare traceback
            fail_internal(exc)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with its whole first sentence (wrapped, never cut off with "...")."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "--version", prog_name="fastlayer", message="%(prog)s %(version)s"
)
def main() -> None:
    """fastlayer: architecture linter for FastAPI projects."""


assert isinstance(main, LazyGroup)
