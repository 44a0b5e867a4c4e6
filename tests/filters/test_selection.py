"""``[severity]``: the most specific code or prefix decides the severity a finding reports with."""

from __future__ import annotations

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.filters.selection import severity_for, with_severities

OVERRIDES = (("FL1", "info"), ("FL101", "error"), ("fl4", "warning"))


def test_the_most_specific_prefix_wins() -> None:
    assert severity_for("FL101", OVERRIDES) == "error"
    assert severity_for("FL105", OVERRIDES) == "info"
    assert severity_for("FL401", OVERRIDES) == "warning"  # prefixes match case-insensitively
    assert severity_for("FL201", OVERRIDES) is None


def test_findings_get_the_configured_severity_and_others_keep_theirs() -> None:
    found = [
        Diagnostic(
            "app/a.py", 1, 1, "FL105", "module-outside-layers", Severity.WARNING, "no layer"
        ),
        Diagnostic("app/a.py", 2, 1, "FL201", "required-path-missing", Severity.WARNING, "missing"),
    ]
    assert [d.severity for d in with_severities(found, OVERRIDES)] == [
        Severity.INFO,
        Severity.WARNING,
    ]
