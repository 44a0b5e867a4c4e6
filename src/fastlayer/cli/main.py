"""`fastlayer check`, `rules` and `explain`; the other commands live in `cli_*.py` (registered below)."""

from __future__ import annotations

import gc

gc.disable()  # a short CLI run: no collector passes while ~100 modules import (~7 ms); `check` keeps it off

import sys
from pathlib import Path
from typing import Iterator, Optional, Sequence, Tuple

import click

from fastlayer.cli import output as cli_output
from fastlayer.cli import targets as cli_targets
from fastlayer.cli.common import (  # noqa: F401  (main and the exit codes are re-exported)
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    _load,
    _report_internal_errors,
    _run,
    _use_color,
    exit_code,
    fail,
    main,
)
from fastlayer.config.loader import Config, code_problem
from fastlayer.engine.result import RunRequest, RunResult
from fastlayer.filters.baseline import Baseline, BaselineError
from fastlayer.reporters import REPORTERS, ReportContext
from fastlayer.rules import all_rules
from fastlayer.tools.docs import render_rule


def _codes(values: Sequence[str]) -> Optional[Tuple[str, ...]]:
    codes = tuple(c.strip().upper() for value in values for c in value.split(",") if c.strip())
    known = set(all_rules().rules)
    for code in codes:
        problem = code_problem(code, known)
        if problem:
            fail(problem)
    return codes or None


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help="Config file (fastlayer.toml or pyproject.toml).",
)
@click.option(
    "--select", multiple=True, help="Rule codes or prefixes to run (comma-separated), e.g. FL1,FL401."
)
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to skip (comma-separated).")
@click.option("--output-format", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Lowest severity that fails the run [default: warning].",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--quiet", "-q", is_flag=True, help="Only the findings, no summary or hints.")
@click.option("--verbose", "-v", is_flag=True, help="Say which project root and app root were chosen.")
@click.option("--stdin-filename", help="Read the file's content from stdin (pass '-' as the path).")
@click.option(
    "--output-file",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to this file instead of stdout.",
)
@click.option("--statistics", is_flag=True, help="Also print how many findings each rule reported.")
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Report only findings not recorded in this baseline [config: baseline].",
)
@click.option(
    "--write-baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Record all current findings in this baseline file and exit 0.",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the facts cache [config: cache-dir].")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for parsing [default: one per CPU when there is enough to parse].",
)
def check(
    paths: Tuple[Path, ...],
    config_path: Optional[Path],
    select: Tuple[str, ...],
    ignore: Tuple[str, ...],
    output_format: str,
    fail_on: Optional[str],
    exit_zero: bool,
    quiet: bool,
    verbose: bool,
    stdin_filename: Optional[str],
    output_file: Optional[Path],
    statistics: bool,
    baseline_file: Optional[Path],
    write_baseline: Optional[Path],
    no_cache: bool,
    jobs: Optional[int],
) -> None:
    """Check PATHS (default: the whole project) against the architecture."""
    gc.disable()  # one short run over acyclic facts: the cyclic collector only costs time (~25 % warm)
    named = cli_targets.named_paths([p for p in paths if str(p) != "-"])
    if paths and not named and not stdin_filename and "-" not in map(str, paths):
        sys.exit(EXIT_CLEAN)  # every named file was ignored (the notes say why): nothing to check
    config = _load(named or ([Path(stdin_filename)] if stdin_filename else []), config_path)
    targets = cli_targets.relative_targets(config, named, stdin_filename)
    if write_baseline and (any(targets) or stdin_filename):
        fail(
            "--write-baseline records the whole project: name no paths (or only `.`) and no --stdin-filename"
        )
    if not paths and not write_baseline:
        targets = cli_targets.working_subtree(config)
    request = RunRequest(
        config,
        cli_output.widen(config, targets),
        _codes(select),
        _codes(ignore) or (),
        _stdin(config, paths, stdin_filename),
        None if write_baseline else _baseline(config, baseline_file),
        cache=not no_cache,
        jobs=jobs,
    )
    result = _run(request)
    for warning in result.warnings:
        click.echo(f"fastlayer: warning: {warning}", err=True)
    if verbose:
        _describe_roots(config, result)
    if write_baseline:
        cli_output.write_baseline(result, write_baseline)
        _report_internal_errors(result)
        sys.exit(exit_code(result, config.fail_on, exit_zero=True))  # findings recorded, not failing
    context = ReportContext(
        result,
        color=_use_color() and output_file is None,
        quiet=quiet,
        project_root=config.project_root,
        path_prefix=cli_output.path_prefix(config),
        cwd=Path.cwd().resolve(),
    )
    cli_output.emit(REPORTERS[output_format](context), output_file)
    if statistics:
        cli_output.statistics(result, to_stderr=output_format != "text" and output_file is None)
    cli_output.baseline_summary(result)
    _report_internal_errors(result)
    sys.exit(exit_code(result, fail_on or config.fail_on, exit_zero))


def _baseline(config: Config, option: Optional[Path]) -> Optional[Baseline]:
    try:
        return cli_output.load_baseline(config, option)
    except BaselineError as exc:
        fail(str(exc))


def _stdin(
    config: Config, paths: Sequence[Path], stdin_filename: Optional[str]
) -> Optional[Tuple[str, bytes]]:
    if stdin_filename is None:
        if any(str(p) == "-" for p in paths):
            fail("reading from stdin ('-') needs --stdin-filename to name the file")
        return None
    return cli_targets.project_relative(
        config, Path(stdin_filename), must_exist=False
    ), sys.stdin.buffer.read()


def _shown(value: str) -> str:
    return value if value else "."


def _describe_roots(config: Config, result: RunResult) -> None:
    click.echo(f"project root: {config.project_root}", err=True)
    click.echo(f"config: {config.config_file or '(defaults)'}; preset: {config.preset.name}", err=True)
    click.echo(f"  chosen because: {config.located}", err=True)
    app_root = "(not found)" if result.app_root is None else _shown(result.app_root)
    click.echo(f"app root: {app_root}; module names relative to: {_shown(result.source_root)}", err=True)
    click.echo(f"rules: {', '.join(result.rules)}", err=True)


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
        opt_in = " (opt-in)" if not rule.default_enabled else ""
        yield f"{rule.code:<6} {rule.name:<{width}} {rule.severity.value:<8} {rule.summary}{opt_in}"


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the full documentation of rule CODE."""
    rule = all_rules().get(code)
    if rule is None:
        fail(f"unknown rule code {code!r} (see `fastlayer rules`)")
    click.echo(render_rule(rule), nl=False)


main.lazy("graph", "fastlayer.cli.graph")  # imported only when `fastlayer graph` runs or --help lists it
main.lazy("init", "fastlayer.cli.init")
main.lazy("config", "fastlayer.cli.init")
main.lazy("clean", "fastlayer.cli.cache")


if __name__ == "__main__":  # pragma: no cover
    main()
