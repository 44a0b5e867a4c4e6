"""Where ``check`` sends its report and extras: --output-file, --statistics, --baseline,
--write-baseline.

Part of the command line (it prints); the core never does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Tuple

import click

from fastlayer.cli.common import fail
from fastlayer.cli.outfile import OutputError, write_output
from fastlayer.config.loader import Config
from fastlayer.engine.result import RunResult
from fastlayer.filters import baseline as baselines
from fastlayer.reporters.base import plural
from fastlayer.reporters.statistics import render_statistics


def load_baseline(config: Config, option: Optional[Path]) -> Optional[baselines.Baseline]:
    """``--baseline FILE`` (relative to the working directory) or ``baseline`` in config (relative
    to the project)."""
    if option is not None:
        return baselines.load(option, str(option))
    if config.baseline:
        return baselines.load(Path(config.baseline), config.baseline, root=config.project_root)
    return None


def write_baseline(result: RunResult, target: Path, force: bool = False) -> None:
    write_file(target, baselines.dumps(result.diagnostics), "baseline", force)
    click.echo(
        f"fastlayer: wrote {plural(len(result.diagnostics), 'finding')} to baseline {target}",
        err=True,
    )


def emit(report: str, output_file: Optional[Path], kind: str, force: bool = False) -> None:
    """On stdout, or into ``output_file`` (``kind``: what it holds, see ``outfile.write_output``)."""
    if output_file is None:
        click.echo(report, nl=False)
        return
    write_file(output_file, report, kind, force)


def write_file(target: Path, text: str, kind: str, force: bool) -> None:
    try:
        write_output(target, text, kind, force)
    except OutputError as exc:
        fail(str(exc))


def statistics(result: RunResult, to_stderr: bool) -> None:
    click.echo(render_statistics(result), nl=False, err=to_stderr)


def baseline_summary(result: RunResult) -> None:
    """On stderr, so machine-readable reports on stdout stay clean."""
    outcome = result.baseline
    if outcome is None:
        return
    click.echo(
        f"baseline {outcome.source}: {plural(outcome.known, 'known finding')} not shown", err=True
    )
    if not outcome.fixed:
        return
    entries = "entry" if len(outcome.fixed) == 1 else "entries"
    fixed = f"{len(outcome.fixed)} {entries} fixed (no longer found):"
    click.echo(f"baseline {outcome.source}: {fixed}", err=True)
    for entry in outcome.fixed:
        subject = f" {entry.subject}" if entry.subject else ""
        click.echo(
            f"  {entry.path}: {entry.code}{subject} (occurrence {entry.occurrence})", err=True
        )
    click.echo(f"shrink it with: fastlayer check --write-baseline {outcome.source}", err=True)


def path_prefix(config: Config) -> str:
    """The project root seen from the working directory (``backend/``) when it lies below it."""
    try:
        relative = config.project_root.relative_to(Path.cwd().resolve())
    except ValueError:
        return ""
    return "" if str(relative) == "." else relative.as_posix() + "/"


def widen(config: Config, targets: Tuple[str, ...]) -> Tuple[str, ...]:
    """A named non-Python file (pyproject.toml, fastlayer.toml, .env*) can change any finding:
    report all."""
    named_files = [t for t in targets if t and (config.project_root / t).is_file()]
    return () if any(not t.endswith(".py") for t in named_files) else targets
