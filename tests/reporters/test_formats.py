"""Every output format on fixtures/ci-report, compared with its golden file byte for byte.

Regenerate after an intended change with ``FASTLAYER_UPDATE_GOLDEN=1 pytest tests/reporters``
and review the diff.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Dict, List

import pytest

from fastlayer import __version__
from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.filters.baseline import fingerprints
from fastlayer.reporters import REPORTERS
from fastlayer.reporters.github import format_command
from fastlayer.rules import all_rules
from tests.helpers import cli

ROOT = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
PROJECT = ROOT / "fixtures" / "ci-report"
GOLDEN = Path(__file__).resolve().parent / "golden"
FORMATS = {
    "text": "text.txt",
    "json": "json.json",
    "sarif": "sarif.json",
    "github": "github.txt",
    "junit": "junit.xml",
    "gitlab": "gitlab.json",
}


def check(*args: str) -> str:
    result = cli(PROJECT, "check", *args)
    assert result.exit_code == 1, result.output
    return result.stdout


def normalised(output_format: str, text: str) -> str:
    """Only what legitimately varies: the absolute project root, the version, rules added later."""
    if output_format == "json":
        document = json.loads(text)
        document["version"] = "VERSION"
        return json.dumps(document, indent=2) + "\n"
    if output_format != "sarif":
        return text
    document = json.loads(text)
    run = document["runs"][0]
    run["originalUriBaseIds"]["PROJECTROOT"]["uri"] = "file:///PROJECT/"
    driver = run["tool"]["driver"]
    driver["version"] = driver["semanticVersion"] = "VERSION"
    driver["rules"] = [
        rule for rule in driver["rules"] if rule["id"] in ("FL001", "FL002", "FL003")
    ]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def compare_golden(name: str, actual: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("FASTLAYER_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_every_format_has_a_golden_file() -> None:
    assert sorted(REPORTERS) == sorted(FORMATS)


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_format_matches_golden_file(output_format: str) -> None:
    actual = normalised(output_format, check("--output-format", output_format))
    compare_golden(f"ci-report.{FORMATS[output_format]}", actual)


def test_statistics_golden() -> None:
    compare_golden("ci-report.statistics.txt", check("--statistics", "--quiet"))


def official_schema(path: Path) -> Path:
    """The schema lives beside the checkout only in CI: elsewhere skip with the reason, in CI fail."""
    if not path.is_file():
        missing = f"the official SARIF schema is not beside the checkout ({path})"
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; CI must provide it")
        pytest.skip(f"{missing}: only CI has it (with CI set its absence fails)")
    return path


def test_missing_schema_skips_on_a_clone_and_fails_in_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="only CI has it"):
        official_schema(tmp_path / "absent.json")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must provide it"):
        official_schema(tmp_path / "absent.json")
    (tmp_path / "present.json").write_text("{}")
    assert official_schema(tmp_path / "present.json") == tmp_path / "present.json"


def test_sarif_is_valid_against_the_official_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = official_schema(SARIF_SCHEMA)
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    document = json.loads(check("--output-format", "sarif"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert errors == []
    assert document["runs"][0]["results"], "the fixture must produce results to validate"


def test_sarif_describes_every_rule_with_help_and_default_level() -> None:
    document = json.loads(check("--output-format", "sarif"))
    run = document["runs"][0]
    descriptors = run["tool"]["driver"]["rules"]
    assert [d["id"] for d in descriptors] == [rule.code for rule in all_rules().sorted()]
    for descriptor, rule in zip(descriptors, all_rules().sorted()):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] and descriptor["fullDescription"]["text"]
        assert (
            descriptor["help"]["text"] == rule.doc()
            and "## What it does" in descriptor["help"]["markdown"]
        )
        assert (
            descriptor["defaultConfiguration"]["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[rule.severity.value]
        )
    for result in run["results"]:
        assert descriptors[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "PROJECTROOT" and not location["uri"].startswith("/")
    assert run["originalUriBaseIds"]["PROJECTROOT"]["uri"] == PROJECT.as_uri() + "/"
    assert run["tool"]["driver"]["version"] == __version__


def test_gitlab_fingerprints_are_unique_and_deterministic() -> None:
    issues: List[Dict[str, object]] = json.loads(check("--output-format", "gitlab"))
    prints = [issue["fingerprint"] for issue in issues]
    assert len(set(prints)) == len(prints) == 6
    assert issues[0]["severity"] == "minor" and issues[1]["severity"] == "major"
    again = cli(PROJECT, "check", "--output-format", "gitlab").stdout
    assert [i["fingerprint"] for i in json.loads(again)] == prints


def test_junit_is_well_formed_with_one_suite() -> None:
    suite = ET.fromstring(check("--output-format", "junit").encode("utf-8"))
    assert suite.tag == "testsuite"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("5", "5", "0")
    assert [case.get("name") for case in suite] == [
        "app/bare.py",
        "app/broken.py",
        "app/latin1.py",
        "app/main.py",
        "app/stale.py",
    ]


def test_junit_clean_run_has_one_passing_testcase(tmp_path: Path) -> None:
    from tests.helpers import write_project

    root = write_project(tmp_path, {"app/main.py": "x = 1\n"}, 'root = "app"\npreset = "none"\n')
    result = cli(root, "check", "--output-format", "junit")
    assert result.exit_code == 0
    assert result.stdout == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuite name="fastlayer" tests="1" failures="0" errors="0" skipped="0">\n'
        '  <testcase classname="fastlayer" name="architecture (1 file checked)" />\n'
        "</testsuite>\n"
    )


def _diagnostic(
    path: str, message: str, severity: Severity = Severity.INFO, hint: str = ""
) -> Diagnostic:
    return Diagnostic(
        path,
        3,
        5,
        "FL101",
        "layer-import-direction",
        severity,
        message,
        hint=hint or None,
        end_line=3,
        end_column=9,
    )


def test_github_escapes_data_and_properties_as_the_toolkit_does() -> None:
    diagnostic = _diagnostic("app/a,b:c%.py", "100% wrong,\r\nreally: yes", hint="fix: it")
    assert format_command(diagnostic) == (
        "::notice file=app/a%2Cb%3Ac%25.py,line=3,col=5,endLine=3,endColumn=9,title=FL101::"
        "100%25 wrong,%0D%0Areally: yes%0Ahint: fix: it"
    )
    assert format_command(_diagnostic("x.py", "m", Severity.WARNING), "backend/").startswith(
        "::warning file=backend/x.py,"
    )


def test_fingerprints_ignore_lines_and_count_occurrences() -> None:
    first = [_diagnostic("a.py", "m"), Diagnostic("a.py", 9, 1, "FL101", "n", Severity.ERROR, "m")]
    moved = [
        Diagnostic(d.path, d.line + 20, d.column, d.code, d.name, d.severity, d.message)
        for d in first
    ]
    assert [e for _, e in fingerprints(first)] == [e for _, e in fingerprints(moved)]
    assert [e.occurrence for _, e in fingerprints(first)] == [0, 1]
