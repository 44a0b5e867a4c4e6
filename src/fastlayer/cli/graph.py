"""``fastlayer graph``: draw the layer graph the code really has, or hold a documented diagram
against it."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Mapping, Optional, Tuple

import click

from fastlayer.cli import options
from fastlayer.cli import output as cli_output
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
from fastlayer.config.toml import ConfigError
from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.engine.result import RunRequest
from fastlayer.engine.run import build_model
from fastlayer.filters import suppressions
from fastlayer.graph import source as graph_source
from fastlayer.graph.layers import (
    FORBIDDEN_CODE,
    Dependency,
    Graph,
    focus,
    layer_graph,
    module_graph,
)
from fastlayer.graph.render import RENDERERS
from fastlayer.model.approot import no_app_root
from fastlayer.model.project import ProjectModel
from fastlayer.reporters import REPORTERS, ReportContext

DIAGRAM_RULES = ("FL120", "FL121", "FL122")


@main.command("graph")
@click.argument("path", required=False, type=click.Path(path_type=Path, exists=True))
@click.option(
    "--output-format",
    type=click.Choice(sorted(set(RENDERERS) | set(REPORTERS))),
    default=None,
    help=(
        "The graph: mermaid (default), dot or json; with --check, the findings: "
        "text (default), json, sarif, github, junit or gitlab."
    ),
)
@click.option(  # the option's old name, before it was named like check's
    "--format", "form", type=click.Choice(sorted(RENDERERS)), default=None, hidden=True
)
@click.option("--modules", is_flag=True, help="Draw modules (grouped by layer) instead of layers.")
@click.option(
    "--layer", "focus_layer", metavar="NAME", help="Only this layer and its direct neighbours."
)
@click.option(
    "--show-unused",
    is_flag=True,
    help="Also draw, faintly, allowed layer edges the code never uses.",
)
@click.option(
    "--check",
    "doc",
    type=click.Path(path_type=Path, dir_okay=False),
    help=(
        "Check the Mermaid diagram of this Markdown file against the configuration and the code "
        "(FL120-FL122)."
    ),
)
@options.config
@options.fail_on(help="With --check: lowest severity that fails [default: warning].")
@options.output_file(help="Write the graph (or the findings) to this file.")
@options.force
def graph_command(
    path: Optional[Path],
    output_format: Optional[str],
    form: Optional[str],
    modules: bool,
    focus_layer: Optional[str],
    show_unused: bool,
    doc: Optional[Path],
    config_path: Optional[Path],
    fail_on: Optional[str],
    output_file: Optional[Path],
    force: bool,
) -> None:
    """Print the layer graph of PATH's project (default: the current one): Mermaid, DOT or JSON.

    Edges carry the number of imports behind them; edges against the configured direction are red,
    dashed and labelled FL101; cycles are orange. With --check DOC, report instead where the diagram
    of DOC and the code disagree, with DOC's line numbers; exit codes as for `fastlayer check`.
    """
    config = load([path] if path else [], config_path)
    if doc is not None:
        report_format = _format(output_format, REPORTERS, "text")
        _check_doc(config, doc, report_format, fail_on, (output_file, force))
    form = _format(output_format or form, RENDERERS, "mermaid")
    model = _model(config)
    graph = _graph(model, modules, show_unused)
    if focus_layer is not None:
        if focus_layer not in {layer.name for layer in config.preset.layers}:
            layers = ", ".join(sorted(layer.name for layer in config.preset.layers))
            fail(f"--layer: unknown layer {focus_layer!r} (layers: {layers})")
        graph = focus(graph, focus_layer)
    cli_output.emit(RENDERERS[form](graph), output_file, f"graph-{form}", force)
    sys.exit(EXIT_CLEAN)


def _format(chosen: Optional[str], formats: Mapping[str, object], default: str) -> str:
    """``--output-format`` for the graph or (with --check) for the findings."""
    if chosen is None:
        return default
    if chosen not in formats:
        what = "with --check" if formats is REPORTERS else "for the graph (without --check)"
        choices = ", ".join(sorted(formats))
        fail(f"--output-format {chosen}: not a format {what}; choose from {choices}")
    return chosen


def _model(config: Config) -> ProjectModel:
    try:
        model = build_model(config)
    except ConfigError as exc:
        fail("; ".join(exc.problems))
    if model.app_root is None:
        fail(no_app_root("so no module has a layer"))
    return model


def _graph(model: ProjectModel, modules: bool, show_unused: bool) -> Graph:
    allowed = graph_source.allowed(model.config.preset)
    dependencies = [_with_suppression(model, d) for d in graph_source.dependencies(model)]
    if modules:
        return module_graph(dependencies, allowed, graph_source.modules(model))
    return layer_graph(dependencies, allowed, graph_source.modules(model), show_unused)


def _with_suppression(model: ProjectModel, dependency: Dependency) -> Dependency:
    """An import whose FL101 is suppressed inline (or by per-file-ignores) is not drawn red."""
    probe = Diagnostic(
        dependency.importer, dependency.line, 1, FORBIDDEN_CODE, "", Severity.ERROR, ""
    )
    quiet = suppressions.silenced(probe, model.facts, model.config.per_file_ignores)
    return dataclasses.replace(dependency, suppressed=True) if quiet else dependency


def _with_doc(config: Config, doc: str) -> Config:
    """``config`` with ``graph.doc`` replaced: ``--check DOC``."""
    return config.replace(graph=dataclasses.replace(config.graph, doc=doc))


def _check_doc(
    config: Config,
    doc: Path,
    output_format: str,
    fail_on: Optional[str],
    output: Tuple[Optional[Path], bool],
) -> None:
    output_file, force = output
    if not doc.is_file():
        fail(f"--check: {doc}: no such file")
    try:
        relative = doc.resolve().relative_to(config.project_root).as_posix()
    except ValueError:
        fail(f"--check: {doc} is outside the project root {config.project_root}")
    result = run_or_fail(RunRequest(_with_doc(config, relative), select=DIAGRAM_RULES))
    if result.app_root is None:
        fail(no_app_root("so no module has a layer"))
    context = ReportContext(
        result,
        color=use_color() and output_file is None,
        project_root=config.project_root,
        path_prefix=cli_output.path_prefix(config),
    )
    cli_output.emit(REPORTERS[output_format](context), output_file, output_format, force)
    report_internal_errors(result)
    sys.exit(exit_code(result, fail_on or config.fail_on, False))
