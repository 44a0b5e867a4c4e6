"""``fastlayer check``: run the rules over the project (or the named files) and report."""

from __future__ import annotations

import dataclasses
import gc
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence, Tuple

import click

from fastlayer.cli import options, overrides
from fastlayer.cli import output as cli_output
from fastlayer.cli import targets as cli_targets
from fastlayer.cli.common import (
    EXIT_CLEAN,
    exit_code,
    fail,
    load,
    report_internal_errors,
    run_or_fail,
    use_color,
)
from fastlayer.cli.group import main
from fastlayer.config.loader import Config
from fastlayer.engine import shortcut
from fastlayer.engine.result import RunRequest, RunResult
from fastlayer.filters.baseline import Baseline, BaselineError
from fastlayer.reporters import REPORTERS
from fastlayer.reporters.base import ReportContext, escape_text
from fastlayer.reporters.statistics import render_statistics


@dataclass(frozen=True)
class CheckOptions:
    """Every option of ``check``, as click parsed it."""

    paths: Tuple[Path, ...] = ()
    config_path: Optional[Path] = None
    select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    output_format: str = "text"
    fail_on: Optional[str] = None
    exit_zero: bool = False
    quiet: bool = False
    verbose: bool = False
    stdin_filename: Optional[str] = None
    output_file: Optional[Path] = None
    statistics: bool = False
    baseline_file: Optional[Path] = None
    no_baseline: bool = False
    write_baseline: Optional[Path] = None
    no_cache: bool = False
    jobs: Optional[int] = None
    force: bool = False
    extend_select: Tuple[str, ...] = ()
    exclude: Tuple[str, ...] = ()
    extend_exclude: Tuple[str, ...] = ()
    per_file_ignores: Tuple[str, ...] = ()
    color: str = "auto"
    show_source: bool = False
    show_files: bool = False
    watch: bool = False

    @property
    def real_paths(self) -> Tuple[Path, ...]:
        """The named paths without ``-`` (stdin)."""
        return tuple(p for p in self.paths if str(p) != "-")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@options.config
@click.option(
    "--select",
    multiple=True,
    help="Rule codes or prefixes to run (comma-separated), e.g. FL1,FL401.",
)
@click.option(
    "--extend-select",
    multiple=True,
    help="Rule codes or prefixes to run on top of the selection [config: extend-select].",
)
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to skip (comma-separated).")
@click.option(
    "--per-file-ignores",
    multiple=True,
    metavar="GLOB:CODES",
    help="Silence CODES in files matching GLOB, e.g. 'tests/**:FL101' (replaces the config's).",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOBS",
    help="Globs of files to leave out (comma-separated; replaces the config's exclude).",
)
@click.option(
    "--extend-exclude",
    multiple=True,
    metavar="GLOBS",
    help="Globs of files to leave out on top of exclude (comma-separated).",
)
@options.output_format(REPORTERS, "text")
@options.fail_on()
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--quiet", "-q", is_flag=True, help="The findings and the summary line, no hints.")
@click.option(
    "--verbose", "-v", is_flag=True, help="Say which project root and app root were chosen."
)
@click.option("--stdin-filename", help="Read the file's content from stdin (pass '-' as the path).")
@options.output_file()
@click.option("--statistics", is_flag=True, help="Print only how many findings each rule reported.")
@options.color
@click.option("--show-source", is_flag=True, help="Show the offending line under each finding.")
@click.option("--show-files", is_flag=True, help="List the files that would be checked, and exit.")
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Report only findings not recorded in this baseline [config: baseline].",
)
@click.option(
    "--no-baseline",
    is_flag=True,
    help="Report every finding, also those the configured baseline records.",
)
@click.option(
    "--write-baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Record all current findings in this baseline file and exit 0.",
)
@click.option(
    "--no-cache", is_flag=True, help="Neither read nor write the facts cache [config: cache-dir]."
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for parsing [default: one per CPU when there is enough to parse].",
)
@click.option(
    "--watch", is_flag=True, help="Check again on every file change, printing what changed."
)
@options.force
def check(**values: Any) -> None:
    """Check PATHS (default: the whole project) against the architecture."""
    # one short run over acyclic facts: the cyclic collector only costs time (~25 % warm)
    gc.disable()
    run_check(CheckOptions(**values))


def run_check(opts: CheckOptions) -> None:
    if opts.watch:
        from fastlayer.cli.watch import watch  # imports watchfiles only when asked

        def report(config: Config, result: RunResult, request: RunRequest) -> None:
            _report(config, result, request, opts)

        watch(lambda: _prepare(opts), report, use_color(opts.color, False))
    config, request = _prepare(opts)
    result = run_or_fail(request)
    shortcut.note(result.inputs)  # what the no-change shortcut keys this output on (cli/fast.py)
    if opts.stdin_filename and opts.exit_zero:
        # editor mode: the buffer's own findings, quiet otherwise
        result = dataclasses.replace(result, warnings=(), blocked=None)
    for warning in result.warnings:
        click.echo(f"fastlayer: warning: {escape_text(warning)}", err=True)
    if opts.verbose:
        _describe_roots(config, result)
    if opts.write_baseline:
        cli_output.write_baseline(result, opts.write_baseline, opts.force)
        report_internal_errors(result)
        # findings recorded, not failing
        sys.exit(exit_code(result, config.fail_on, exit_zero=True))
    _report(config, result, request, opts)
    report_internal_errors(result)
    sys.exit(exit_code(result, opts.fail_on or config.fail_on, opts.exit_zero))


def _prepare(opts: CheckOptions) -> Tuple[Config, RunRequest]:
    """The configuration and the request the options ask for (exits for --show-files and usage
    errors)."""
    named = cli_targets.named_paths(opts.real_paths)
    if opts.paths and not named and not opts.stdin_filename and "-" not in map(str, opts.paths):
        sys.exit(EXIT_CLEAN)  # every named file was ignored (the notes say why): nothing to check
    stdin_path = [Path(opts.stdin_filename)] if opts.stdin_filename else []
    config = load(named or stdin_path, opts.config_path, buffer=bool(opts.stdin_filename))
    config = overrides.apply(
        config,
        bool(opts.select),
        opts.extend_select,
        opts.exclude,
        opts.extend_exclude,
        opts.per_file_ignores,
    )
    targets = cli_targets.relative_targets(config, named, opts.stdin_filename)
    if opts.write_baseline and (any(targets) or opts.stdin_filename):
        fail(
            "--write-baseline records the whole project: "
            "name no paths (or only `.`) and no --stdin-filename"
        )
    if opts.watch and (opts.stdin_filename or opts.write_baseline or opts.output_file):
        fail(
            "--watch prints to the terminal: "
            "not with --stdin-filename, --write-baseline or --output-file"
        )
    if not opts.paths and not opts.write_baseline:
        targets = cli_targets.working_subtree(config)
    if opts.show_files:
        cli_output.show_files(config, targets)
        sys.exit(EXIT_CLEAN)
    return config, _request(config, targets, opts)


def _request(config: Config, targets: Tuple[str, ...], opts: CheckOptions) -> RunRequest:
    return RunRequest(
        config,
        cli_output.widen(config, targets),
        overrides.codes("--select", opts.select),
        overrides.codes("--ignore", opts.ignore) or (),
        _stdin(config, opts.paths, opts.stdin_filename),
        None if opts.write_baseline or opts.no_baseline else _baseline(config, opts.baseline_file),
        cache=not opts.no_cache,
        jobs=opts.jobs,
    )


def _report(config: Config, result: RunResult, request: RunRequest, opts: CheckOptions) -> None:
    """The report; with --statistics, the counts instead of the text report (after a
    machine-readable one, on stderr when that one goes to stdout)."""
    text = opts.output_format == "text"
    if not (opts.statistics and text):
        report = REPORTERS[opts.output_format](_context(config, result, request, opts))
        cli_output.emit(report, opts.output_file, opts.output_format, opts.force)
    if opts.statistics:
        counts = render_statistics(result)
        if text:
            cli_output.emit(counts, opts.output_file, "statistics", opts.force)
        else:
            click.echo(counts, nl=False, err=opts.output_file is None)
    cli_output.baseline_summary(result)


def _context(
    config: Config, result: RunResult, request: RunRequest, opts: CheckOptions
) -> ReportContext:
    return ReportContext(
        result,
        color=use_color(opts.color, to_file=opts.output_file is not None),
        quiet=opts.quiet,
        project_root=config.project_root,
        path_prefix=cli_output.path_prefix(config),
        cwd=Path.cwd().resolve(),
        summary=not (opts.quiet and opts.stdin_filename),  # an editor parses every line
        sources=cli_output.sources(config, result, request.stdin) if opts.show_source else None,
    )


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
    relative = cli_targets.project_relative(config, Path(stdin_filename), must_exist=False)
    return relative, sys.stdin.buffer.read()


def _shown(value: str) -> str:
    return value if value else "."


def _describe_roots(config: Config, result: RunResult) -> None:
    click.echo(f"project root: {config.project_root}", err=True)
    where = config.config_file or "(defaults)"
    click.echo(f"config: {where}; preset: {config.preset.name}", err=True)
    click.echo(f"  chosen because: {config.located}", err=True)
    app_root = "(not found)" if result.app_root is None else _shown(result.app_root)
    source_root = _shown(result.source_root)
    click.echo(f"app root: {app_root}; module names relative to: {source_root}", err=True)
    if result.app_choice:
        click.echo(f"  {result.app_choice}", err=True)
    click.echo(f"rules: {', '.join(result.rules)}", err=True)
