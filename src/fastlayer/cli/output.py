"""Where ``check`` sends its report and extras: --output-file, --show-source, --show-files,
--baseline, --write-baseline.

Part of the command line (it prints); the core never does.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import click

from fastlayer.cli.common import fail
from fastlayer.cli.outfile import OutputError, write_output
from fastlayer.config.loader import Config
from fastlayer.engine.result import RunResult
from fastlayer.engine.run import project_files, targeted
from fastlayer.files.reading import read_inside
from fastlayer.filters import baseline as baselines
from fastlayer.reporters.base import plural


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
    """On stdout as rendered (its colour was decided by ``--color``), or into ``output_file``
    (``kind``: what it holds, see ``outfile.write_output``)."""
    if output_file is None:
        click.echo(report, nl=False, color=True)
        return
    write_file(output_file, report, kind, force)


def write_file(target: Path, text: str, kind: str, force: bool) -> None:
    try:
        write_output(target, text, kind, force)
    except OutputError as exc:
        fail(str(exc))


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


def sources(
    config: Config, result: RunResult, stdin: Optional[Tuple[str, bytes]]
) -> Dict[str, List[str]]:
    """``--show-source``: the lines of each file a finding is in (the buffer for stdin's file)."""
    found: Dict[str, List[str]] = {}
    for path in sorted({d.path for d in result.diagnostics}):
        if stdin is not None and path == stdin[0]:
            data: Optional[bytes] = stdin[1]
        else:
            data = _read(config.project_root, path)
        if data is not None:
            found[path] = data.decode("utf-8", errors="replace").splitlines()
    return found


def _read(root: Path, path: str) -> Optional[bytes]:
    try:
        return read_inside(root, path)
    except OSError:  # a directory (project-level finding), gone, too large or outside
        return None


def show_files(config: Config, targets: Tuple[str, ...]) -> None:
    """``--show-files``: each file the run would check, relative to the working directory."""
    cwd = Path.cwd().resolve()
    for path in project_files(config).python_files:
        if targeted(path, targets):
            click.echo(Path(os.path.relpath(config.project_root / path, cwd)).as_posix())
