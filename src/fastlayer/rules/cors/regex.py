"""Is an ``allow_origin_regex`` broader than the domain it names? Proven by an example.

Starlette tests origins with ``re.fullmatch``. From the pattern we read the domain
it names (the literal host after the last wildcard, e.g. ``example.com`` in
``https://.*\\.example\\.com``) and try a few hostile origins against the compiled
pattern. A problem is reported only with an origin that really matches, so the
message can show it: any origin at all, an unescaped dot, no label boundary
before the domain, a trailing wildcard after it, or a wildcard subdomain of a
shared-hosting suffix where anyone can publish a site.
"""

from __future__ import annotations

import re
from typing import List, Optional, Pattern, Tuple

SHARED_SUFFIXES = frozenset(
    {
        "vercel.app",
        "netlify.app",
        "herokuapp.com",
        "github.io",
        "gitlab.io",
        "pages.dev",
        "workers.dev",
        "web.app",
        "firebaseapp.com",
        "appspot.com",
        "azurewebsites.net",
        "azurestaticapps.net",
        "cloudfront.net",
        "onrender.com",
        "fly.dev",
        "ngrok.io",
        "ngrok-free.app",
        "amplifyapp.com",
        "railway.app",
        "up.railway.app",
        "glitch.me",
        "surge.sh",
        "repl.co",
        "s3.amazonaws.com",
        "ondigitalocean.app",
        "deno.dev",
        "pythonanywhere.com",
    }
)
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
    return None


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
    if domain in SHARED_SUFFIXES:
        found.append((f"allows every site on the shared-hosting suffix {domain}", f"https://evil.{domain}"))
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
