"""``fastlayer rules`` (every rule in a table) and ``fastlayer explain`` (one rule's
documentation)."""

from __future__ import annotations

from typing import Iterator

import click

from fastlayer.cli.common import fail
from fastlayer.cli.group import main
from fastlayer.rules import all_rules
from fastlayer.tools.docs import render_rule


@main.command("rules")
def rules_command() -> None:
    """List every rule: code, name, default severity, summary."""
    for line in _rule_table():
        click.echo(line)


def _rule_table() -> Iterator[str]:
    rules = all_rules().sorted()
    width = max(len(rule.name) for rule in rules)
    yield f"{'CODE':<6} {'NAME':<{width}} {'SEVERITY':<8} SUMMARY"
    for rule in rules:
        opt_in = (
            " (opt-in)" if not rule.default_enabled else " (with a config)" if rule.opinion else ""
        )
        yield f"{rule.code:<6} {rule.name:<{width}} {rule.severity.value:<8} {rule.summary}{opt_in}"


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the full documentation of rule CODE."""
    rule = all_rules().get(code)
    if rule is None:
        fail(f"unknown rule code {code!r} (see `fastlayer rules`)")
    click.echo(render_rule(rule), nl=False)
