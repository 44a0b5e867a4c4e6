"""``fastlayer server``: the language server over stdio; pygls is imported only when it runs."""

from __future__ import annotations

import click

from fastlayer.cli.common import fail
from fastlayer.cli.group import main


@main.command("server")
def server_command() -> None:
    """Run the language server over stdin/stdout (for editors; see docs/editors.md)."""
    try:
        from fastlayer.server.app import serve
    except ImportError as exc:
        missing = f"({exc.name} is missing)"
        fail(
            f"the language server needs pygls and lsprotocol {missing}: install fastlayer "
            "with its [server] extra from the repository (README, Install), not from PyPI"
        )
    click.echo("fastlayer server: listening on stdio", err=True)
    serve()
