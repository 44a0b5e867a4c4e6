"""``fastlayer cors``: the effective CORS policy per environment, with where each value came from;
with ``--origin``, whether that origin gets ``Access-Control-Allow-Origin`` (and credentials)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import click

from fastlayer.cli import options
from fastlayer.cli.common import EXIT_CLEAN, fail, load
from fastlayer.cli.group import main
from fastlayer.config.toml import ConfigError
from fastlayer.engine.run import build_model
from fastlayer.model.corspolicy import Policy, policies, to_json


@main.command("cors")
@click.argument("path", required=False, type=click.Path(path_type=Path, exists=True))
@click.option(
    "--origin",
    metavar="URL",
    help=(
        "Say whether this origin (https://evil.example) gets Access-Control-Allow-Origin, and why."
    ),
)
@options.output_format(["text", "json"], "text")
@options.config
def cors_command(
    path: Optional[Path], origin: Optional[str], output_format: str, config_path: Optional[Path]
) -> None:
    """Print the effective CORS policy of PATH's project (default: the current one).

    One block per CORSMiddleware and environment (the default one, then each
    [tool.fastlayer.environments] entry and each dynaconf environment table): origins, regex, credentials, methods, headers and
    private network access, each with its source (file:line, env file, default). Read
    statically: nothing is imported or run.
    """
    config = load([path] if path else [], config_path)
    try:
        found = policies(build_model(config), origin)
    except ConfigError as exc:
        fail("; ".join(exc.problems))
    if output_format == "json":
        click.echo(json.dumps(to_json(found), indent=2))
    else:
        click.echo("\n".join(_text(found)) if found else "no CORSMiddleware configured")
    sys.exit(EXIT_CLEAN)


def _text(found: List[Policy]) -> List[str]:
    lines: List[str] = []
    for policy in found:
        lines.append(f"{policy.path}:{policy.line} [environment {policy.environment or 'default'}]")
        for setting in policy.settings:
            sources = "; ".join(setting.sources)
            lines.append(f"  {setting.name} = {setting.value}  ({sources})")
        if policy.verdict is not None:
            lines.append(f"  origin {policy.verdict.origin}: {_answer(policy)}")
        lines.append("")
    return lines[:-1]


def _answer(policy: Policy) -> str:
    verdict = policy.verdict
    assert verdict is not None
    if verdict.allowed is None:
        return f"unknown ({verdict.why})"
    if not verdict.allowed:
        return f"no Access-Control-Allow-Origin ({verdict.why})"
    with_credentials = {
        True: "with credentials",
        False: "without credentials",
        None: "credentials unknown",
    }
    return f"allowed, {with_credentials[verdict.credentials]} ({verdict.why})"
