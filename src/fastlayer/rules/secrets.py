"""FL407: a secret written into settings or configuration code.

Where: fields of settings classes (pydantic ``BaseSettings`` anywhere; any class in a
config module), module constants of config modules (a path part named like
``config``/``settings``/``conf``), including ``os.getenv("X", "literal")`` and
starlette ``config("X", default="literal")`` defaults. What: a non-empty string
literal for a name that reads like a secret (secret, password, token, credentials,
an api/private/access/encryption/signing key), and any literal DSN with a password
(``postgresql://user:pw@host/db``) whatever its name. Names of non-secrets that
merely contain those words (``ACCESS_TOKEN_EXPIRE_MINUTES``, ``TOKEN_URL``,
``JWT_ALGORITHM``, ``PASSWORD_MIN_LENGTH``) and test-only settings (under ``tests/``,
classes named ``Test...``) are skipped.

Placeholders (``changeme``, ``changethis``, ``secret``, ``dummy``, ``xxx``, ``<...>``)
are reported too, marked as placeholders: an application whose environment forgets
the variable still starts, with a value that is public. Remove the default (the
setting becomes required) or reject the placeholder in a validator and suppress
the finding on that line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator, List, Optional, Tuple

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.facts.expr import Expr
from fastlayer.facts.types import Assignment, ClassFact
from fastlayer.model.layout import is_config_path
from fastlayer.rules.base import Example, Rule, register, snippet

if TYPE_CHECKING:
    from fastlayer.model.module import Module
    from fastlayer.model.project import ProjectModel

_SECRET_WORDS = frozenset(
    {
        "secret",
        "password",
        "passwd",
        "pwd",
        "pass",
        "token",
        "credentials",
        "credential",
        "apikey",
        "passphrase",
    }
)
_KEY_QUALIFIERS = frozenset(
    {
        "api",
        "private",
        "access",
        "encryption",
        "signing",
        "secret",
        "jwt",
        "hmac",
        "master",
        "auth",
        "session",
        "crypt",
        "fernet",
    }
)
_NOT_SECRET = frozenset(
    {
        "expire",
        "expires",
        "expiry",
        "expiration",
        "ttl",
        "lifetime",
        "minutes",
        "seconds",
        "hours",
        "days",
        "length",
        "len",
        "algorithm",
        "alg",
        "url",
        "uri",
        "endpoint",
        "path",
        "file",
        "dir",
        "header",
        "prefix",
        "type",
        "name",
        "min",
        "max",
        "size",
        "audience",
        "issuer",
        "scheme",
        "location",
        "field",
        "env",
        "var",
        "id",
        "enabled",
        "required",
        "policy",
        "hash",
        "rounds",
        "iterations",
        "cost",
        "salt_rounds",
        "pattern",
        "regex",
        "format",
        "mode",
        "version",
        "count",
    }
)
_PLACEHOLDERS = re.compile(
    r"^(change[-_ ]?(me|this|it)|replace[-_ ]?me|secret|password|test|xxx+|\*+|"
    r"todo|fixme|placeholder|not[-_ ]?set|none|null|default)$",
    re.IGNORECASE,
)
# ``dummy``, ``example...``, ``your-...``, ``<...>``: a placeholder only when made of plain words
# (``your-secret-key-here``); ``example_K8s$RealPassword!2024`` is a real secret and stays masked
_PLACEHOLDER_PREFIX = re.compile(r"^(dummy|example|your[-_ ]|<)", re.IGNORECASE)
_WORDS = re.compile(r"<?[A-Za-z]+(?:[-_ .][A-Za-z]+)*>?")
_DSN = re.compile(r"^[a-z][a-z0-9+.\-]*://[^:/@\s]*:([^/\s]+)@[^@/\s]*(?:[/?#]|$)", re.IGNORECASE)


def secret_name(name: str) -> bool:
    """``SECRET_KEY``, ``db_password``, ``STRIPE_API_KEY`` yes; ``TOKEN_URL``, ``KEY_PREFIX`` no."""
    tokens = [t for t in re.split(r"[_\W]+|(?<=[a-z])(?=[A-Z])", name) if t]
    lowered = [t.lower() for t in tokens]
    if (
        not lowered
        or lowered[-1] in _NOT_SECRET
        or any(t in ("expire", "expires", "algorithm") for t in lowered)
    ):
        return False
    if "cookie" in lowered and not {"secret", "password"} & set(lowered):
        return False  # SESSION_COOKIE_KEY is the cookie's name
    if any(t in _SECRET_WORDS for t in lowered):
        return True
    return "key" in lowered and any(t in _KEY_QUALIFIERS for t in lowered)


def literal_secret(expr: Optional[Expr]) -> Optional[Expr]:
    """The string literal a default consists of (``"x"``, ``SecretStr("x")``,
    ``Field(default="x")``, ``os.getenv("K", "x")``, ``config("K", default="x")``), or None."""
    if expr is None:
        return None
    if expr.kind == "const":
        return expr if isinstance(expr.value, str) and expr.value.strip() else None
    if expr.kind != "call" or expr.callee is None:
        return None
    last = (expr.callee.dotted() or "").rsplit(".", 1)[-1]
    if last in ("SecretStr", "SecretBytes", "Secret", "str"):
        return literal_secret(expr.positional(0))
    if last == "Field":
        return literal_secret(expr.keyword("default") or expr.positional(0))
    if last in ("getenv", "get"):
        return literal_secret(expr.keyword("default") or expr.positional(1))
    if last == "config":
        return literal_secret(expr.keyword("default") or expr.positional(2))
    return None


def _test_only(path: str) -> bool:
    parts = path.lower().split("/")
    return (
        any(p in ("tests", "test") for p in parts[:-1])
        or parts[-1].startswith("test_")
        or parts[-1] == "conftest.py"
    )


@register
class HardCodedSecret(Rule):
    """## What it does
    Reports a secret written as a literal in settings or configuration code: a settings
    field or config constant named like a secret, password, token or API/private key
    with a non-empty string default, and any literal connection string with a password
    (`postgresql://user:pw@host/db`). Obvious placeholders (`"changeme"`,
    `"changethis"`) are reported too and marked as such: the application still starts
    with them when the environment does not set the variable.

    ## Why is this bad?
    The value is in the repository and in every deployment whose environment forgets to
    override it: anyone who can read the code can sign tokens, decrypt data or log in.

    ## Example
    ```python
    class Settings(BaseSettings):
        SECRET_KEY: str = "super secret jwt secret"
    ```

    ## Use instead
    ```python
    class Settings(BaseSettings):
        SECRET_KEY: SecretStr  # required: set SECRET_KEY in the environment
    ```
    """

    code = "FL407"
    name = "hard-coded-secret"
    severity = Severity.WARNING
    summary = "Hard-coded secret in settings or configuration"
    valid = (
        Example(
            {
                "app/config.py": snippet(
                    """
                    from pydantic_settings import BaseSettings

                    class Settings(BaseSettings):
                        SECRET_KEY: str
                        ACCESS_TOKEN_EXPIRE_MINUTES: int = 30
                        JWT_ALGORITHM: str = 'HS256'
                        SMTP_PASSWORD: str = ''
                    """
                )
            }
        ),
    )
    invalid = (
        Example(
            {
                "app/config.py": snippet(
                    """
                    from pydantic_settings import BaseSettings

                    class Settings(BaseSettings):
                        SECRET_KEY: str = 'super secret jwt secret'
                        DATABASE_URL: str = 'postgresql://app:hunter2@db/app'
                    """
                )
            },
            expect=(("app/config.py", 4), ("app/config.py", 5)),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        for module in self.modules(project):
            if _test_only(module.path):
                continue
            for owner, assignment in self._candidates(project, module):
                diagnostic = self._inspect(module, owner, assignment)
                if diagnostic is not None:
                    yield diagnostic

    def _candidates(self, project: ProjectModel, module: Module) -> List[Tuple[str, Assignment]]:
        found: List[Tuple[str, Assignment]] = []
        configish = is_config_path(module.path)
        if configish:
            found += [("", a) for a in module.facts.assignments]
        for cls in module.facts.classes:
            if not cls.name.startswith("Test") and (
                configish or self._settings_class(project, module, cls)
            ):
                found += [(cls.name, a) for a in cls.fields]
        return found

    def _settings_class(self, project: ProjectModel, module: Module, cls: ClassFact) -> bool:
        return "settings" in project.objects.markers(module, cls)

    def _inspect(self, module: Module, owner: str, assignment: Assignment) -> Optional[Diagnostic]:
        literal = literal_secret(assignment.value)
        if literal is None:
            return None
        text = str(literal.value)
        where = f"{owner}.{assignment.target}" if owner else assignment.target
        dsn = _DSN.match(text)
        if dsn and not dsn.group(1).startswith(("$", "{")):
            return self._report(
                module,
                literal,
                f"{where} is a connection string with a literal password ({mask(dsn.group(1))})",
            )
        if not secret_name(assignment.target) and not secret_name(_env_key(assignment.value) or ""):
            return None
        if placeholder(text):
            return self._report(
                module,
                literal,
                f"{where} defaults to the placeholder {text!r}: when the environment "
                "does not set it, the application runs with a public value",
            )
        return self._report(
            module, literal, f"{where} defaults to a hard-coded secret ({mask(text)})"
        )

    def _report(self, module: Module, literal: Expr, message: str) -> Diagnostic:
        return self.diagnostic(
            module.path,
            literal.line,
            literal.column,
            message + "; read it from the environment without a default",
        )


def _env_key(expr: Optional[Expr]) -> Optional[str]:
    if expr is None or expr.kind != "call":
        return None
    first = expr.positional(0)
    return (
        str(first.value)
        if first is not None and first.kind == "const" and isinstance(first.value, str)
        else None
    )


def placeholder(text: str) -> bool:
    """A value that is obviously not a real secret (and so may be shown whole)."""
    text = text.strip()
    if _PLACEHOLDERS.match(text):
        return True
    return (
        bool(_PLACEHOLDER_PREFIX.match(text))
        and len(text) <= 40
        and _WORDS.fullmatch(text) is not None
    )


def mask(text: str) -> str:
    """Neither the length nor more than two characters, and those only of a long value."""
    return f"{text[:2]}****" if len(text) >= 12 else "****"
