"""Property tests: the extractor never raises; runs are deterministic; every report says the same.

Programs come from hypothesmith (syntactically valid Python generated from the
grammar) and from plain hypothesis (any bytes, any text, mutations of a real
FastAPI module). The deep, slow cases (nesting, 10 MB) are pinned in
tests/facts/test_robustness.py instead.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Dict, List, Set, Tuple
from urllib.parse import unquote

import hypothesmith
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fastlayer.config.loader import load_config
from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.engine.result import RunRequest, RunResult
from fastlayer.engine.run import run
from fastlayer.facts.extract import extract_facts
from fastlayer.facts.types import FileFacts
from fastlayer.reporters import REPORTERS, ReportContext
from fastlayer.rules import all_rules
from tests.helpers import write_project

SLOW = settings(
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROJECTS = settings(
    deadline=None,
    max_examples=12,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

MODULE = b"""\
from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from app.core.config import settings

app = FastAPI(title="x")
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
router = APIRouter()


@router.get("/items/{item_id}")
async def read(item_id: int) -> dict:  # fastlayer: ignore[FL301]
    return {"id": item_id, "env": settings.ENV}
"""


def _checked(path: str, data: bytes) -> FileFacts:
    facts = extract_facts(path, data)
    assert isinstance(facts, FileFacts) and facts.path == path
    assert facts.error is None or facts.error.kind in ("syntax", "decode")
    assert facts == extract_facts(path, data), "extraction must be deterministic"
    return facts


@SLOW
@given(hypothesmith.from_grammar())
def test_extractor_never_raises_on_generated_programs(source: str) -> None:
    _checked("app/generated.py", source.encode("utf-8", "surrogatepass"))


@SLOW
@given(st.binary(max_size=2000))
def test_extractor_never_raises_on_random_bytes(data: bytes) -> None:
    _checked("app/random.py", data)


@SLOW
@given(st.text(max_size=500))
def test_extractor_never_raises_on_random_text(text: str) -> None:
    _checked("app/text.py", text.encode("utf-8", "surrogatepass"))


@SLOW
@given(st.integers(0, len(MODULE)), st.integers(0, 40), st.binary(max_size=12))
def test_extractor_never_raises_on_a_damaged_module(start: int, cut: int, insert: bytes) -> None:
    _checked("app/main.py", MODULE[:start] + insert + MODULE[start + cut :])


SNIPPETS = st.sampled_from(
    [
        "import os\n",
        "from app.services import users\n",
        "from app.api.v1.endpoints import items\n",
        "from fastapi import FastAPI\napp = FastAPI()\n",
        "def f(:\n",
        "x = 1\n",
        "from pydantic import BaseModel\nclass User(BaseModel):\n    name: str\n",
        "import os\nSECRET = os.getenv('SECRET', 'changeme')\n",
        "from . import models\n",
    ]
)
PATHS = st.sampled_from(
    [
        "app/main.py",
        "app/services/users.py",
        "app/api/v1/endpoints/items.py",
        "app/models/user.py",
        "app/core/config.py",
        "app/utils/helpers.py",
        "app/api/v1/__init__.py",
    ]
)
PROJECT = st.dictionaries(
    PATHS, st.lists(SNIPPETS, min_size=1, max_size=4).map("".join), min_size=1, max_size=6
)


def _run(root: Path, **options: object) -> RunResult:
    config = load_config(root, None, all_rules().rules)
    return run(RunRequest(config, **options))  # type: ignore[arg-type]


def _observable(result: RunResult) -> Tuple[object, ...]:
    return (result.diagnostics, result.files, result.lines, result.app_root, result.internal_errors)


@PROJECTS
@given(PROJECT)
def test_same_results_twice_with_and_without_cache_serial_and_parallel(
    files: Dict[str, str],
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = write_project(Path(directory), files, 'root = "app"')
        first = _run(root, cache=False, jobs=1)
        assert not first.internal_errors, first.internal_errors
        for options in (
            {"cache": False, "jobs": 1},
            {"cache": False, "jobs": 2},
            {"cache": True, "jobs": 1},
            {"cache": True, "jobs": 2},
        ):
            assert _observable(_run(root, **options)) == _observable(first), options


Row = Tuple[str, int, int, str, str]
TEXT_LINE = re.compile(r"^(.+):(\d+):(\d+): (FL\d{3}) \[(?:error|warning|info)\] (.*)$")
DIAGNOSTICS = st.lists(
    st.builds(
        Diagnostic,
        path=st.from_regex(
            r"[a-z_][a-z0-9_ .\-]{0,12}(/[a-z0-9_ .\-]{1,8}){0,3}\.py", fullmatch=True
        ),
        line=st.integers(1, 10**6),
        column=st.integers(1, 500),
        code=st.sampled_from(sorted(all_rules().rules)),
        name=st.just("rule-name"),
        severity=st.sampled_from(list(Severity)),
        message=st.text(
            st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60
        )
        .map(str.strip)
        .filter(bool),
        hint=st.none() | st.just("do this instead"),
    ),
    max_size=8,
)


def _from_text(report: str) -> Set[Row]:
    rows = set()
    for line in report.splitlines():
        match = TEXT_LINE.match(line)
        if match:
            rows.add(
                (
                    match.group(1),
                    int(match.group(2)),
                    int(match.group(3)),
                    match.group(4),
                    match.group(5),
                )
            )
    return rows


def _from_json(report: str) -> Set[Row]:
    return {
        (d["path"], d["line"], d["column"], d["code"], d["message"])
        for d in json.loads(report)["diagnostics"]
    }


def _from_sarif(report: str) -> Set[Row]:
    rows = set()
    for result in json.loads(report)["runs"][0]["results"]:
        location = result["locations"][0]["physicalLocation"]
        message = result["message"]["text"].split("\nhint: ")[0]
        rows.add(
            (
                unquote(location["artifactLocation"]["uri"]),
                location["region"]["startLine"],
                location["region"]["startColumn"],
                result["ruleId"],
                message,
            )
        )
    return rows


@settings(deadline=None, max_examples=60)
@given(DIAGNOSTICS)
def test_text_json_and_sarif_reports_agree(found: List[Diagnostic]) -> None:
    unique = tuple(sorted(set(found), key=Diagnostic.sort_key))
    result = RunResult(
        unique,
        files=3,
        lines=30,
        app_root="app",
        source_root="",
        rules=tuple(sorted({d.code for d in unique})),
    )
    context = ReportContext(result)
    expected = {(d.path, d.line, d.column, d.code, d.message) for d in unique}
    assert _from_text(REPORTERS["text"](context)) == expected
    assert _from_json(REPORTERS["json"](context)) == expected
    assert _from_sarif(REPORTERS["sarif"](context)) == expected
