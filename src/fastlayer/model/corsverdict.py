"""Would this CORS configuration let an origin read responses, and with the visitor's cookies?

The same decision Starlette's ``CORSMiddleware`` takes for a request carrying ``Origin``
(and a cookie), taken on the statically resolved values of one sink: a ``"*"`` in
``allow_origins`` (list or string) allows every origin, echoed with credentials when
``allow_credentials`` is truthy; else ``allow_origin_regex`` is full-matched; else the
origin must be ``in allow_origins``, which for a string is a substring test. Unknown
values give an unknown verdict instead of a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Tuple

from fastlayer.model.cors import Sink
from fastlayer.model.values.types import Value, render, truth


@dataclass(frozen=True)
class Verdict:
    origin: str
    allowed: Optional[bool]  # Access-Control-Allow-Origin is sent for this origin; None: unknown
    credentials: Optional[bool]  # ... together with Access-Control-Allow-Credentials: true
    why: str


def verdict(sink: Sink, origin: str) -> Verdict:
    allowed, why = _allowed(sink, origin)
    if not allowed:
        return Verdict(origin, allowed, False if allowed is False else None, why)
    credentials = truth(sink.arg("allow_credentials").value)
    return Verdict(origin, True, credentials, why)


def _allowed(sink: Sink, origin: str) -> Tuple[Optional[bool], str]:
    origins, regex = sink.arg("allow_origins").value, sink.arg("allow_origin_regex").value
    listed = _listed(origins, origin)
    if listed[0]:
        return listed
    matched = _regex(regex, origin)
    if matched[0]:
        return matched
    if listed[0] is None or matched[0] is None:
        return None, listed[1] if listed[0] is None else matched[1]
    return False, f"not in allow_origins {render(origins)}" + (
        f" and no full match of allow_origin_regex {render(regex)}"
        if regex.const is not None
        else ""
    )


def _listed(origins: Value, origin: str) -> Tuple[Optional[bool], str]:
    if origins.kind == "const" and isinstance(origins.const, str):
        if "*" in origins.const:
            return True, f'allow_origins {render(origins)} contains "*": every origin is allowed'
        if origin in origins.const:
            return (
                True,
                f"allow_origins is the string {render(origins)}, and it contains {origin!r}",
            )
        return False, ""
    strings = origins.strings()
    if strings is None:
        return None, f"allow_origins is not known statically ({origins.why or origins.kind})"
    if "*" in strings:
        return True, 'allow_origins contains "*": every origin is allowed'
    if origin in strings:
        return True, f"{origin} is listed in allow_origins"
    return False, ""


def _regex(regex: Value, origin: str) -> Tuple[Optional[bool], str]:
    if regex.kind == "const" and regex.const is None:
        return False, ""
    if regex.kind != "const" or not isinstance(regex.const, str):
        return None, f"allow_origin_regex is not known statically ({regex.why or regex.kind})"
    try:
        matched = re.fullmatch(regex.const, origin) is not None
    except re.error:
        return None, f"allow_origin_regex {render(regex)} does not compile"
    return (True, f"allow_origin_regex {render(regex)} full-matches it") if matched else (False, "")
