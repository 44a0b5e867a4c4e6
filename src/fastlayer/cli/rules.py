"""``fastlayer rules`` (every rule, as a table or JSON) and ``fastlayer explain`` (one rule's
documentation, by code or by name)."""

from __future__ import annotations

import difflib
import json
from typing import Dict, Iterator, List, Type

import click

from fastlayer.cli import options
from fastlayer.cli.common import fail
from fastlayer.cli.group import main
from fastlayer.rules import Rule, all_rules
from fastlayer.tools.docs import render_rule


@main.command("rules")
@options.output_format(["text", "json"], "text")
def rules_command(output_format: str) -> None:
    """List every rule: code, name, default severity, summary."""
    if output_format == "json":
        click.echo(json.dumps([_rule_json(rule) for rule in all_rules().sorted()], indent=2))
        return
    for line in _rule_table():
        click.echo(line)


def _rule_json(rule: Type[Rule]) -> Dict[str, object]:
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.value,
        "default_enabled": rule.default_enabled,
        "opinion": rule.opinion,  # runs by default only with a configuration
        "summary": rule.summary,
    }


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
@click.argument("rule")
def explain(rule: str) -> None:
    """Print the documentation of RULE, given by code (FL101) or name (layer-direction)."""
    registry = all_rules()
    by_name = {found.name: found for found in registry.sorted()}
    chosen = registry.get(rule) or by_name.get(rule.strip().lower())
    if chosen is None:
        fail(f"unknown rule {rule!r}{_suggestion(rule, list(registry.rules) + list(by_name))}")
    click.echo(render_rule(chosen), nl=False)


def _suggestion(rule: str, known: List[str]) -> str:
    folded = {name.lower(): name for name in known}
    close = difflib.get_close_matches(rule.strip().lower(), list(folded), n=3, cutoff=0.6)
    if not close:
        return " (see `fastlayer rules`)"
    return f" (did you mean {' or '.join(repr(folded[c]) for c in close)}? see `fastlayer rules`)"
