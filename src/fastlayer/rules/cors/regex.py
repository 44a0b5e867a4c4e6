"""Is an ``allow_origin_regex`` broader than the domain it names? Proven by an example.

Starlette tests origins with ``re.fullmatch``. From the pattern we read the domain
it names (the literal host after the last wildcard, e.g. ``example.com`` in
``https://.*\\.example\\.com``) and try a few hostile origins against the compiled
pattern. A problem is reported only with an origin that really matches, so the
message can show it: any origin at all, an unescaped dot, no label boundary
before the domain, a trailing wildcard after it, or a wildcard label right under a
public suffix, where anyone can register a matching site: a shared-hosting suffix
such as ``vercel.app`` or ``github.io`` (the private section of the Public Suffix
List, shipped offline by the ``publicsuffixlist`` package) or a registry suffix.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import List, Optional, Pattern, Tuple
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

from fastlayer.rules.cors.sample import sample


@lru_cache(maxsize=2)
def _suffixes(only_icann: bool = False) -> PublicSuffixList:
    """The list the package ships (read once, only when a regex is checked; never downloaded)."""
    return PublicSuffixList(only_icann=only_icann)


_WILDCARD_TAIL = re.compile(r"(\.\*\??|\.\+\??|\[\^?[^\]]*\][*+]\??|\\[wSd][*+]\??)+$")
_HOST_END = re.compile(r"\(\??:|\(:|(?<!\\):|/|\\/|\$")
_META = set("[](){}*+?|^$\\")


def broad_match(pattern: str) -> Optional[Tuple[str, str]]:
    """(what is wrong, an origin that matches) or None when the pattern is tight."""
    try:
        compiled = re.compile(pattern)
    except re.error:
        return None
    for problem, origin in _candidates(pattern):
        for candidate in (origin, origin.replace("https://", "http://", 1)):
            if _matches(compiled, candidate):
                return problem, candidate
    return open_registration(pattern)


def open_registration(pattern: str) -> Optional[Tuple[str, str]]:
    """The pattern lets the visitor's attacker choose the registrable domain: a wildcard label
    right under a public suffix (``[a-z0-9-]+\\.vercel\\.app``, ``.*\\.co\\.uk``)."""
    hosts = [_host(sample(pattern, word)) for word in ("evil", "attacker")]
    if not hosts[0] or not hosts[1]:
        return None
    mine, theirs = (_suffixes().privatesuffix(host) for host in hosts)
    if mine is None or theirs is None or mine == theirs:
        return None
    suffix = _suffixes().publicsuffix(hosts[0])
    kind = (
        "public suffix"
        if _suffixes(only_icann=True).publicsuffix(hosts[0]) == suffix
        else "shared-hosting suffix"
    )
    return f"lets anyone register a matching site under the {kind} {suffix}", f"https://{hosts[0]}"


def plain_http(pattern: str) -> Optional[str]:
    """A plain-http origin on a host other than the local machine that the pattern accepts."""
    found = sample(pattern, "evil")
    if found is None or "://" not in found:
        return None
    candidate = "http://" + found.split("://", 1)[1]
    host = _host(candidate)
    if not host or is_loopback(host) or re.fullmatch(pattern, candidate) is None:
        return None
    return candidate


def is_loopback(host: str) -> bool:
    """``localhost``, ``127.x.x.x``, ``[::1]`` or ``0.0.0.0``: the visitor's own machine."""
    host = host.lower().strip("[]")
    return (
        host in ("localhost", "::1", "0.0.0.0")
        or host.endswith(".localhost")
        or host.startswith("127.")
    )


def _host(origin: Optional[str]) -> str:
    if not origin or "://" not in origin:
        return ""
    try:
        return (urlsplit(origin).hostname or "").lower()
    except ValueError:
        return ""


def _matches(compiled: Pattern[str], origin: str) -> bool:
    try:
        return compiled.fullmatch(origin) is not None
    except RecursionError:
        return False


def _candidates(pattern: str) -> List[Tuple[str, str]]:
    found = [("matches any origin", "https://evil.example")]
    domain = named_domain(pattern)
    if not domain or "." not in domain:
        return found
    found.append((f"has no label boundary before {domain}", f"https://evil{domain}"))
    found.append((f"allows anything after {domain}", f"https://{domain}.evil.example"))
    for index, char in enumerate(domain):
        if char == ".":
            spoof = domain[:index] + "x" + domain[index + 1 :]
            found.append((f"has an unescaped dot in {domain}", f"https://{spoof}"))
            found.append((f"has an unescaped dot in {domain}", f"https://app.{spoof}"))
    return found


def named_domain(pattern: str) -> Optional[str]:
    """The literal domain the pattern names, unescaped (``example.com``), or None."""
    text = pattern.lstrip("^")
    if text.startswith("(?i)"):
        text = text[4:]
    host = text.split("://", 1)[1] if "://" in text else text
    end = _HOST_END.search(host)
    host = host[: end.start()] if end else host
    host = _WILDCARD_TAIL.sub("", host)
    cut = max(host.rfind(mark) for mark in ("*", "+", "?", ")", "]", "}"))
    tail = host[cut + 1 :] if cut >= 0 else host
    tail = tail[2:] if tail.startswith("\\.") else tail.lstrip(".")
    plain = tail.replace("\\.", ".").replace("\\-", "-")
    if not plain or any(char in _META for char in plain):
        return None
    return plain.lower()
