"""FL407: a secret written as a literal, judged by where the value goes, not by names alone.

Reported: (1) the effective value of a secret-named setting: a field of a settings class
(pydantic ``BaseSettings`` anywhere; in a config module, a field read from the
environment with a default), a config-module constant read with ``os.getenv("X",
"literal")``/``config("X", default=...)``, the constants of a Django settings module, and
anywhere an environment variable named like a secret read with a literal default
(``os.getenv("DB_PASSWORD", "x")``, ``os.environ.get("DB_PASSWORD") or "x"``, inside a dict
or a ``quote_plus(...)`` too); (2) a literal that reaches a secret sink (``rules/secretsinks``:
``jwt.encode`` keys, ``SessionMiddleware(secret_key=)``, API clients, DSNs with a password
given to ``create_engine``), wherever it is written; (3) a literal DSN with a password in a
config module. Names of non-secrets that merely contain the words
(``ACCESS_TOKEN_EXPIRE_MINUTES``, ``TOKEN_URL``, ``JWT_ALGORITHM``,
``API_KEY_DUMMY_EMAIL_DOMAIN``, ``PASSWORD_SPECIAL_CHARS``) and values that cannot be secrets
(no letter or digit: ``"*"``; booleans; ``{{template}}`` values) are skipped; plain constants
of config modules (key names, enum members, a default compared against) are judged only
where they flow. Tests, examples and migrations are skipped; private settings attributes
(``_DEFAULT_PASSWORD``) are not read from the environment and are skipped.

Placeholders (``changeme``, ``changethis``, ``secret``, ``dummy``, ``xxx``, ``<...>``)
are reported too, marked as placeholders: an application whose environment forgets
the variable still starts, with a value that is public. Remove the default (the
setting becomes required) or reject the placeholder in a validator and suppress
the finding on that line.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, FrozenSet, Iterable, Iterator, List, Optional, Set, Tuple

from fastlayer.diagnostics import Diagnostic, Severity
from fastlayer.facts.expr import Expr
from fastlayer.facts.types import Assignment, CallFact, ClassFact, EnvRead, FileFacts
from fastlayer.model.layout import is_config_path, is_test_path
from fastlayer.model.perfile import per_file
from fastlayer.model.values.evaluator import Evaluator
from fastlayer.model.values.types import Origin, Value
from fastlayer.rules.base import Example, Rule, register, snippet
from fastlayer.rules.secretsinks import Flow, flows, may_flow

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
        "domain",
        "email",
        "char",
        "chars",
        "charset",
        "characters",
        "mask",
        "method",
        "methods",
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


@register
class HardCodedSecret(Rule):
    """## What it does
    Reports a secret written as a literal, by where the value goes: a literal that
    reaches a secret sink (the key of `jwt.encode`, `SessionMiddleware(secret_key=...)`,
    an API client's `api_key=`, a DSN with a password given to `create_engine`), and the
    effective value of a secret-named setting (a settings field default, an environment
    variable named like a secret read with a literal default, `os.environ.get(X) or
    "x"` included, dict settings such as Django's `DATABASES` entry by entry), and a
    secret-named key of a YAML, JSON or TOML file the application loads (reported at
    the file's line; `${VAR:default}` by its default). The message names the sink or the
    setting. Key names, enum members, character sets and masks that merely carry secret
    words in their names are not reported. Obvious placeholders (`"changeme"`, `"changethis"`) are reported too and
    marked as such: the application still starts with them when the environment does
    not set the variable.

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
        Example(
            {
                "app/config.py": snippet(
                    """
                    from enum import Enum

                    KV_PASSWORD_AUTH_ENABLED_KEY = 'password_auth_enabled_override'
                    PASSWORD_SPECIAL_CHARS = '!@#$%^&*()_+-='

                    class AuthMethod(str, Enum):
                        API_KEY = 'api_key'
                    """
                )
            }
        ),
        Example(
            {
                "config/settings.yaml": "app:\n  secret_key: ${SECRET_KEY}\n",
                "config/example.yaml": "app:\n  secret_key: changeme\n",
                "app/config.py": snippet(
                    """
                    import yaml

                    with open('config/settings.yaml') as f:
                        SETTINGS = yaml.safe_load(f)
                    """
                ),
            },
            title="a variable without a default; a file nothing loads",
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
        Example(
            {
                "app/core/security.py": snippet(
                    """
                    import jwt

                    SECRET_KEY = 'super_secret'

                    def token(sub):
                        return jwt.encode({'sub': sub}, SECRET_KEY, algorithm='HS256')
                    """
                )
            },
            expect=(("app/core/security.py", 6),),
        ),
        Example(
            {
                "config/settings.yaml": "app:\n  secret_key: changeme\n  debug: false\n",
                "app/config.py": snippet(
                    """
                    import yaml

                    with open('config/settings.yaml') as f:
                        SETTINGS = yaml.safe_load(f)
                    """
                ),
            },
            expect=(("config/settings.yaml", 2),),
            title="a settings file the application loads",
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Diagnostic]:
        """Settings and env defaults first; then sinks: a sink whose literal was reported where
        it is defined is not repeated, unless the literal is written in the sink's own line,
        where the sink names it better (``SessionMiddleware, secret_key=os.getenv("K", "x")``)."""
        self._settings = _settings_classes(project)
        homes = {path for path, _, _ in self._settings}
        modules = [
            module
            for module in project.parsed()
            if (module.path in homes or _may_hold_secrets(module.facts))
            and not _skipped(module.path)
        ]
        defined: List[Diagnostic] = []
        for module in modules:
            self.current_path = module.path
            for candidate in self._candidates(project, module):
                defined += self._inspect(module, *candidate)
            defined += filter(
                None, (self._env_default(module, read) for read in module.facts.env_reads)
            )
        evaluator = Evaluator(project)
        at_sinks: List[Diagnostic] = []
        lines = {(d.path, d.line) for d in defined}
        for module in modules:
            self.current_path = module.path
            for flow in (
                f
                for call in _sink_candidates(module.facts)
                for f in flows(evaluator, module, call, _secret_keyword)
            ):
                origin = flow.value.origin
                where = (
                    (origin.path, origin.line)
                    if origin is not None
                    else (module.path, flow.expr.line)
                )
                if where == (module.path, flow.expr.line) or where not in lines:
                    at_sinks += filter(None, [self._flow(flow)])
        replaced = {(d.path, d.line) for d in at_sinks}
        self.current_path = ""
        yield from _once([d for d in defined if (d.path, d.line) not in replaced] + at_sinks, set())
        for path, document in project.data_documents:
            self.current_path = path
            yield from _once(self._data_entries(document), set())
        self.current_path = ""

    def _data_entries(self, value: Value) -> Iterator[Diagnostic]:
        """Secret-named keys with a literal value in a loaded data file (``secret_key: changeme``
        in ``settings.yaml``), reported at the file's line; ``${VAR:default}`` by its default."""
        for key, item in zip(value.items[::2], value.items[1::2]) if value.kind == "dict" else ():
            text = item.const if item.kind == "const" else None
            origin = item.origin
            if isinstance(text, str) and origin is not None and secret_name(str(key.const)):
                if _secret_value(text) and not _DSN_VARIABLE.search(text):
                    yield self._data_secret(origin, text)
            if item.kind in ("dict", "seq"):
                yield from self._data_entries(item)
            for element in item.items if item.kind == "seq" else ():
                yield from self._data_entries(element)

    def _data_secret(self, origin: Origin, text: str) -> Diagnostic:
        where = f"{origin.what} ({origin.note})" if origin.note else origin.what
        what = (
            f"the placeholder {text!r}"
            if placeholder(text)
            else f"a hard-coded secret ({mask(text)})"
        )
        return self.diagnostic(
            origin.path,
            origin.line,
            1,
            f"{where} in {origin.path} is {what}, loaded by the application; set it from the "
            "environment (a ${VAR} without a default) or a secret store",
        )

    def _candidates(
        self, project: ProjectModel, module: Module
    ) -> List[Tuple[str, Assignment, bool]]:
        """(owner, assignment, is a setting): settings fields (not private ``_x`` attributes, which
        pydantic never reads from the environment) and, in config modules, values read from the
        environment with a default are settings; other constants of config modules (key names,
        enum members, character sets) are judged by value only: a DSN with a password. A plain
        constant that reaches a secret sink is reported there. A Django settings module's
        constants are settings."""
        configish, constants, classes = _shape(module.facts)
        found = list(constants)
        for cls in classes:
            settings = self._settings_class(project, module, cls)
            if not (configish or settings):
                continue
            fields = [a for a in cls.fields if not a.target.startswith("_")]
            found += [(cls.name, a, settings or _env_read(a.value)) for a in fields]
        return found

    def _settings_class(self, project: ProjectModel, module: Module, cls: ClassFact) -> bool:
        if cls.type_checking:  # not detected, but its fields are settings all the same
            return "settings" in project.objects.markers(module, cls)
        return (module.path, cls.line, cls.column) in self._settings

    def _env_default(self, module: Module, read: EnvRead) -> Optional[Diagnostic]:
        """``os.getenv("DB_PASSWORD", "x")``, ``os.environ.get("DB_PASSWORD") or "x"`` anywhere."""
        key, default = read.key, read.default
        if key is None or key.kind != "const" or not secret_name(str(key.value)):
            return None
        literal = literal_secret(default)
        if literal is None or not _secret_value(str(literal.value)):
            return None
        return self._judged(module, literal, f"the environment variable {key.value}")

    def _flow(self, flow: Flow) -> Optional[Diagnostic]:
        origin = flow.value.origin
        text = str(flow.value.const)
        dsn = _DSN.match(text)
        if flow.sink.endswith("(url)") and (not dsn or dsn.group(1).startswith(("$", "{"))):
            return None
        if not flow.sink.endswith("(url)") and not _secret_value(text):
            return None
        where = f" ({origin.describe()})" if origin is not None and origin.kind != "literal" else ""
        if flow.sink.endswith("(url)") and dsn:
            what = f"a connection string with a literal password ({mask(dsn.group(1))})"
        elif placeholder(text):
            what = f"the placeholder {text!r}"
        else:
            what = f"a hard-coded secret ({mask(text)})"
        return self.diagnostic(
            flow.module.path,
            flow.expr.line,
            flow.expr.column,
            f"{what}{where} is passed as {flow.sink}; read it from the environment without a "
            "default",
        )

    def _inspect(
        self, module: Module, owner: str, assignment: Assignment, setting: bool
    ) -> List[Diagnostic]:
        where = f"{owner}.{assignment.target}" if owner else assignment.target
        if setting and assignment.value is not None and assignment.value.kind == "dict":
            return list(self._dict_entries(module, where, assignment.value))
        found = self._literal(module, where, assignment, setting)
        return [found] if found is not None else []

    def _literal(
        self, module: Module, where: str, assignment: Assignment, setting: bool
    ) -> Optional[Diagnostic]:
        literal = literal_secret(assignment.value)
        if literal is None:
            return None
        text = str(literal.value)
        dsn = _DSN.match(text)
        if dsn and not dsn.group(1).startswith(("$", "{")):
            return self._report(
                module,
                literal,
                f"{where} is a connection string with a literal password ({mask(dsn.group(1))})",
            )
        if not setting:
            return None
        if not secret_name(assignment.target) and not secret_name(_env_key(assignment.value) or ""):
            return None
        if not _secret_value(text):
            return None
        return self._judged(module, literal, where)

    def _dict_entries(self, module: Module, where: str, value: Expr) -> Iterator[Diagnostic]:
        """A setting that is a dict literal (Django's ``DATABASES = {"default": {"PASSWORD":
        "postgres"}}``): its secret-named entries with a literal value."""
        for key, item in zip(value.items[::2], value.items[1::2]):
            name = f"{where}[{key.value!r}]"
            if item.kind == "dict":
                yield from self._dict_entries(module, name, item)
                continue
            literal = literal_secret(item) if item.kind == "const" else None
            if (
                literal is not None
                and isinstance(key.value, str)
                and secret_name(key.value)
                and _secret_value(str(literal.value))
            ):
                yield self._judged(module, literal, name)

    def _judged(self, module: Module, literal: Expr, where: str) -> Diagnostic:
        text = str(literal.value)
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


def _once(
    found: Iterable[Optional[Diagnostic]], reported: Set[Tuple[str, int, int]]
) -> Iterator[Diagnostic]:
    for diagnostic in found:
        if (
            diagnostic is not None
            and (diagnostic.path, diagnostic.line, diagnostic.column) not in reported
        ):
            reported.add((diagnostic.path, diagnostic.line, diagnostic.column))
            yield diagnostic


@functools.lru_cache(maxsize=1 << 16)
def _skipped(path: str) -> bool:
    """Tests, examples, template sources and migrations (they name keys of stored settings and
    configure nothing)."""
    parts = path.lower().split("/")[:-1]
    migrations = "migrations" in parts or (
        "versions" in parts and bool({"alembic", "revisions"} & set(parts))
    )
    return is_test_path(path) or migrations or bool({"examples", "example"} & set(parts))


_DSN_VARIABLE = re.compile(r"^\$\{[^}]*\}$")  # a ${VAR} left as text (no default known)
_NOT_SECRET_VALUES = frozenset({"true", "false", "yes", "no", "on", "off", "0", "1"})


def _settings_classes(project: ProjectModel) -> FrozenSet[Tuple[str, int, int]]:
    """Where the settings classes are: the detected ones (the classes marked ``settings``)."""
    found = project.detections.of_kind("settings-class")
    return frozenset((d.path, d.line, d.column) for d in found)


@per_file
def _may_hold_secrets(facts: FileFacts) -> bool:
    """Could FL407 find anything in the module but in a detected settings class? A config
    module, an environment read, a call a secret may flow into, a class under
    ``if TYPE_CHECKING:`` (never detected)."""
    return (
        is_config_path(facts.path)
        or bool(facts.env_reads or _sink_candidates(facts))
        or any(cls.type_checking for cls in facts.classes)
    )


@per_file
def _shape(
    facts: FileFacts,
) -> Tuple[bool, Tuple[Tuple[str, Assignment, bool], ...], Tuple[ClassFact, ...]]:
    """What ``_candidates`` reads of the module alone: whether it is a config module, its
    constants judged as settings (in a config module: read from the environment with a default,
    or every one of a Django settings module) and the classes that may hold settings."""
    configish = is_config_path(facts.path)
    django = any(a.target == "INSTALLED_APPS" for a in facts.assignments)
    constants = tuple(
        ("", a, django or _env_read(a.value)) for a in (facts.assignments if configish else ())
    )
    return configish, constants, tuple(c for c in facts.classes if not c.name.startswith("Test"))


@per_file
def _sink_candidates(facts: FileFacts) -> Tuple[CallFact, ...]:
    return tuple(call for call in facts.calls if may_flow(facts, call, _secret_keyword))


def _secret_keyword(name: str) -> bool:
    return secret_name(name) or name.lower() == "secret"


def _secret_value(text: str) -> bool:
    """Could be a secret: a character set (``"!@#$%^&*()"``) or a mask (``"*"``) cannot."""
    lowered = text.strip().lower()
    return (
        any(char.isalnum() for char in text)
        and lowered not in _NOT_SECRET_VALUES
        and "{{" not in lowered
    )


def _env_read(expr: Optional[Expr]) -> bool:
    """``os.getenv("K", ...)``, ``os.environ.get("K", ...)``, ``config("K", ...)``."""
    if expr is None or expr.kind != "call" or expr.callee is None:
        return False
    last = (expr.callee.dotted() or "").rsplit(".", 1)[-1]
    return last in ("getenv", "get", "config") and _env_key(expr) is not None


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
