from __future__ import annotations

from fastlayer.facts.extract import extract_facts

SOURCE = b"""\
from functools import lru_cache

def plain(x):
    y = x + 1
    return y

@lru_cache
def get_settings():
    env = read()
    if env:
        env = "prod"
    return Settings(env)

def setup(app, origins):
    extra = ["https://a.example"]
    extra += origins
    app.add_middleware(CORSMiddleware, allow_origins=extra)

async def mw(request, call_next):
    response = await call_next(request)
    origin = request.headers.get("origin")
    if is_allowed_origin(origin):
        response.headers["Access-Control-Allow-Origin"] = origin
    response.headers.append("access-control-allow-credentials", "true")
    return Response(headers={"Access-Control-Allow-Origin": "*"})
"""


def test_functions_without_interest_keep_no_locals() -> None:
    plain = extract_facts("app/x.py", SOURCE).functions[0]
    assert plain.name == "plain" and plain.locals == () and plain.parameters == ()
    assert plain.params == ("x",)  # names are cheap and let a call bind its arguments


def test_cached_factory_keeps_locals_and_result() -> None:
    factory = extract_facts("app/x.py", SOURCE).functions[1]
    assert [(a.target, a.line, a.conditional) for a in factory.locals] == [
        ("env", 9, False),
        ("env", 11, True),
    ]
    assert factory.result is not None and factory.result.kind == "call"


def test_sink_function_keeps_params_and_augmented_assignments() -> None:
    setup = extract_facts("app/x.py", SOURCE).functions[2]
    assert setup.params == ("app", "origins")
    assert [(a.target, a.conditional, a.value.kind if a.value else None) for a in setup.locals] == [
        ("extra", False, "list"),
        ("extra", True, "unknown"),
    ]


def test_header_writes_and_their_guards() -> None:
    facts = extract_facts("app/x.py", SOURCE)
    rows = [(w.header, w.value.kind, w.line, w.in_function) for w in facts.header_writes]
    assert rows == [
        ("access-control-allow-origin", "name", 23, "mw"),
        ("access-control-allow-credentials", "const", 24, "mw"),
        ("access-control-allow-origin", "const", 25, "mw"),
    ]
    guards = [
        [(g.kind, g.callee.dotted() if g.callee else None) for g in w.guards]
        for w in facts.header_writes
    ]
    assert guards == [
        [("call", "is_allowed_origin")],
        [],
        [],
    ]  # only the first write is in the branch
    assert facts.functions[3].params == ("request", "call_next")


def test_guards_of_else_branches_and_early_returns() -> None:
    source = b"""\
def setup(app):
    if settings.CORS_ENABLED:
        app.add_middleware(CORSMiddleware)
    else:
        app.add_middleware(Other)

async def mw(request, call_next):
    response = await call_next(request)
    origin = request.headers.get("origin")
    if origin not in ALLOWED:
        return response
    for _ in range(1):
        if origin == "x":
            continue
    response.headers["Access-Control-Allow-Origin"] = origin
    return response
"""
    facts = extract_facts("app/x.py", source)
    enabled, other = [call.guards for call in facts.calls]
    assert [g.kind for g in enabled] == ["attr"]
    assert [(g.kind, g.value, g.items[0].kind) for g in other] == [("unary", "not", "attr")]
    (write,) = facts.header_writes
    (guard,) = write.guards  # the loop's ``continue`` guard ends with the loop
    assert (guard.kind, guard.items[0].kind, guard.items[0].value) == ("unary", "compare", "not in")
