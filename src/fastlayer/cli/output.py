"""Where ``check`` sends its report and extras: --output-file, --statistics, --baseline,
--write-baseline.

Part of the command line (it prints); the core never does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Tuple

import click

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


def write_baseline(result: RunResult, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(baselines.dumps(result.diagnostics), encoding="utf-8")
    click.echo(
        f"fastlayer: wrote {plural(len(result.diagnostics), 'finding')} to baseline {target}",
        err=True,
    )


def emit(report: str, output_file: Optional[Path]) -> None:
    if output_file is None:
        click.echo(report, nl=False)
        return
    output_file.parent.mkdir(parents=True, exist_ok=True)
    output_file.write_text(report, encoding="utf-8")


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
