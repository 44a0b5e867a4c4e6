"""SARIF 2.1.0: every rule in ``tool.driver.rules``, results located relative to the project root."""

from __future__ import annotations

import json
import re
from typing import Dict, List, Mapping, Sequence, Type
from urllib.parse import quote

from fastlayer import __version__
from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.filters.baseline import fingerprints
from fastlayer.reporters.base import ReportContext
from fastlayer.rules import Rule, all_rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
ROOT_ID = "PROJECTROOT"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_WHAT = re.compile(r"## What it does\s*\n(.*?)(?:\n\s*\n|\n## |\Z)", re.DOTALL)

Json = Dict[str, object]


def render_sarif(context: ReportContext) -> str:
    rules = all_rules().sorted()
    run: Json = {
        "tool": {"driver": _driver(rules)},
        "columnKind": "unicodeCodePoints",
        "results": _results(
            context.result.diagnostics, {rule.code: i for i, rule in enumerate(rules)}
        ),
        "invocations": [_invocation(context)],
    }
    if context.project_root is not None:
        run["originalUriBaseIds"] = {
            ROOT_ID: {"uri": context.project_root.as_uri().rstrip("/") + "/"}
        }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _driver(rules: List[Type[Rule]]) -> Json:
    return {
        "name": "fastlayer",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_descriptor(rule) for rule in rules],
    }


def full_description(rule: Type[Rule]) -> str:
    """The first paragraph under *What it does*, on one line."""
    match = _WHAT.search(rule.doc())
    text = match.group(1) if match else rule.summary
    return " ".join(text.split())


def _descriptor(rule: Type[Rule]) -> Json:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": f"{rule.summary}."},
        "fullDescription": {"text": full_description(rule)},
        "help": {"text": rule.doc(), "markdown": rule.doc()},
        "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": rule.default_enabled},
        "properties": {"tags": ["architecture", rule.code[:3] + "xx"]},
    }


def _results(diagnostics: Sequence[Diagnostic], index: Mapping[str, int]) -> List[Json]:
    return [_result(d, entry.fingerprint(), index) for d, entry in fingerprints(diagnostics)]


def _result(diagnostic: Diagnostic, fingerprint: str, index: Mapping[str, int]) -> Json:
    result: Json = {
        "ruleId": diagnostic.code,
        "level": LEVELS[diagnostic.severity],
        "message": {"text": _message(diagnostic)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(diagnostic.path),
                    "region": _region(diagnostic),
                }
            }
        ],
        "partialFingerprints": {"fastlayer/v1": fingerprint},
    }
    if diagnostic.code in index:
        result["ruleIndex"] = index[diagnostic.code]
    if diagnostic.related:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": {"artifactLocation": _artifact(path)}}
            for i, path in enumerate(diagnostic.related)
        ]
    return result


def _message(diagnostic: Diagnostic) -> str:
    return diagnostic.message + (f"\nhint: {diagnostic.hint}" if diagnostic.hint else "")


def _artifact(path: str) -> Json:
    return {"uri": quote(path), "uriBaseId": ROOT_ID}


def _region(diagnostic: Diagnostic) -> Json:
    region: Json = {"startLine": diagnostic.line, "startColumn": diagnostic.column}
    if diagnostic.end_line is not None:
        region["endLine"] = diagnostic.end_line
    if diagnostic.end_column is not None:
        region["endColumn"] = diagnostic.end_column
    return region


def _invocation(context: ReportContext) -> Json:
    errors = context.result.internal_errors
    invocation: Json = {"executionSuccessful": not errors}
    if errors:
        invocation["toolExecutionNotifications"] = [
            {
                "level": "error",
                "message": {
                    "text": f"internal error in rule {e.code} on {e.path or '(project)'}: {e.message}"
                },
                "descriptor": {"id": e.code},
            }
            for e in errors
        ]
    return invocation
