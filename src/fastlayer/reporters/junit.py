"""JUnit XML for CI test reporters: one testsuite, one testcase per file with findings.

A clean run has a single passing testcase, so reporters show the check ran.
Internal rule errors are ``<error>`` testcases. No timestamps: output is deterministic.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby
from typing import List

from fastlayer.diagnostics import Diagnostic
from fastlayer.reporters.base import ReportContext, plural
from fastlayer.reporters.text import format_line

SUITE = "fastlayer"


def render_junit(context: ReportContext) -> str:
    result = context.result
    suite = ET.Element("testsuite", name=SUITE)
    failures = 0
    for path, group in groupby(result.diagnostics, key=lambda d: d.path):
        _failing_case(suite, path, list(group))
        failures += 1
    for error in result.internal_errors:
        case = ET.SubElement(
            suite, "testcase", classname=SUITE, name=f"internal error in {error.code}"
        )
        ET.SubElement(case, "error", message=error.message, type="internal-error").text = error.path
    if failures == 0 and not result.internal_errors:
        ET.SubElement(
            suite,
            "testcase",
            classname=SUITE,
            name=f"architecture ({plural(result.files, 'file')} checked)",
        )
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", str(len(result.internal_errors)))
    suite.set("skipped", "0")
    ET.indent(suite)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
    )


def _failing_case(suite: ET.Element, path: str, findings: List[Diagnostic]) -> None:
    case = ET.SubElement(suite, "testcase", classname=SUITE, name=path, file=path)
    codes = ", ".join(sorted({d.code for d in findings}))
    failure = ET.SubElement(
        case,
        "failure",
        message=f"{plural(len(findings), 'finding')} ({codes})",
        type=findings[0].code,
    )
    failure.text = "\n".join(
        format_line(d) + (f"\n  hint: {d.hint}" if d.hint else "") for d in findings
    )
