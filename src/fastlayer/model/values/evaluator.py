"""A small static evaluator over ``Expr`` facts: what a value is, and where it came from.

Nothing is imported or executed. ``Evaluator.evaluate(module, expr)`` understands
literals, names (function locals, module constants, imported constants across
modules), list/tuple/set/dict, ``+``, comprehensions, ``str`` methods
(``split``/``strip``/``lower``), f-strings, ``os.getenv``/``os.environ.get``,
``dotenv_values``, paths built from ``__file__``, conditional expressions whose
test is known, calls of project functions (``@lru_cache`` settings factories) and
settings objects (see ``settings.py``). Anything else is ``unknown``: unknown
never becomes a guess. Every value carries an ``Origin`` so a message can say
``Settings.ALLOWED_ORIGINS from .env.production:2``.

A ``Context`` fixes the process environment: by default only what ``load_dotenv``
loads; a configured environment (``[tool.fastlayer.environments]``) adds its files.
"""

from __future__ import annotations

import json
import posixpath
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from fastlayer.facts.expr import ConstValue, Expr
from fastlayer.facts.types import LOADER_CALLS, Assignment, ClassFact, FunctionFact
from fastlayer.model.core import ProjectCore
from fastlayer.model.layout import is_test_path
from fastlayer.model.module import Module
from fastlayer.model.symbols import absolute
from fastlayer.model.values import dynaconf
from fastlayer.model.values.configlibs import ENVIRONS_METHODS, csv, decouple_config, environs_call
from fastlayer.model.values.databound import (
    MODEL_BUILDERS,
    built_from_unknown,
    container_lookup,
    expanded,
    sole_instance,
    validated,
)
from fastlayer.model.values.envfiles import EnvFiles, normalise
from fastlayer.model.values.loading import READ_METHODS, load, opened
from fastlayer.model.values.parameters import call_sites, declared, self_attribute
from fastlayer.model.values.settings import SettingsResolver
from fastlayer.model.values.types import (  # noqa: F401  (re-exported for the rules)
    Context,
    Origin,
    Scope,
    Value,
    alts,
    bound_method,
    comma_separated,
    compared,
    const,
    from_json,
    instance,
    mapping,
    path_value,
    reference,
    render,
    seq,
    symbol,
    truth,
    unknown,
)

MAX_DEPTH = 40
_BUILTINS = frozenset(
    {"str", "list", "tuple", "set", "frozenset", "sorted", "bool", "int", "float", "dict", "len"}
    | {"open"}
)
_STR_METHODS = frozenset({"split", "strip", "lstrip", "rstrip", "lower", "upper", "rsplit"})


class Evaluator:
    """Evaluates ``Expr`` facts of one project in one ``Context``.

    ``project``: the modules and names it reads; ``symbols``: the project's name resolution;
    ``context``: the process environment assumed (env files acting as variables);
    ``env_files``: the project's env files (shared by every evaluator of a run);
    ``settings``: the settings semantics it hands settings classes and ``config()`` to.
    Module constants are memoised per (module, name); recursion is cut at ``MAX_DEPTH``.
    """

    def __init__(
        self,
        project: ProjectCore,
        context: Context = Context(),
        env_files: Optional[EnvFiles] = None,
    ) -> None:
        self.project = project
        self.symbols = project.symbols
        self.context = context
        self.env_files = env_files or project.env_files
        self.data_files = project.data_files
        self.settings: SettingsResolver = SettingsResolver(self)
        self._depth = 0
        self._memo: Dict[Tuple[str, str], Value] = {}

    # -- entry points ----------------------------------------------------------
    def evaluate(
        self,
        module: Module,
        expr: Optional[Expr],
        function: Optional[FunctionFact] = None,
        bound: Optional[Dict[str, Value]] = None,
    ) -> Value:
        if expr is None:
            return const(None)
        return self.eval(expr, Scope(module, function, dict(bound or {}), expr.line or 10**9))

    def eval(self, expr: Expr, scope: Scope) -> Value:
        if self._depth > MAX_DEPTH:
            return unknown("too deep")
        self._depth += 1
        try:
            handler = _HANDLERS.get(expr.kind)
            return handler(self, expr, scope) if handler else unknown(str(expr.value or expr.kind))
        finally:
            self._depth -= 1

    def literal_origin(self, expr: Expr, scope: Scope) -> Origin:
        return Origin("literal", "", scope.module.path, expr.line)

    # -- names -------------------------------------------------------------------
    def name(self, name: str, scope: Scope, at: int) -> Value:
        if name in scope.bound:
            return scope.bound[name]
        if scope.function is not None:
            local = self._local(name, scope, at)
            if local is not None:
                return local
        if name == "__file__":
            return path_value(scope.module.path)
        if scope.function is None and scope.line < 10**9:
            earlier = self._earlier_global(scope.module, name, at)
            if earlier is not None:
                return earlier
        return self.global_name(scope.module, name)

    def _earlier_global(self, module: Module, name: str, at: int) -> Optional[Value]:
        """Module-level code runs top to bottom: ``f`` in ``with open(a) as f: A = load(f)`` is
        the ``open(a)`` above it, even when a later ``with open(b) as f:`` rebinds it."""
        assignments = [a for a in module.facts.assignments if a.target == name]
        before = [a for a in assignments if a.line < at]
        if len(before) == len(assignments) or not before or before[-1].conditional:
            return None
        return self._constant(module, name, before[-1])

    def _local(self, name: str, scope: Scope, at: int) -> Optional[Value]:
        assert scope.function is not None
        earlier = [a for a in scope.function.locals if a.target == name and a.line < at]
        if earlier:
            last = earlier[-1]
            if last.conditional or last.value is None:
                return unknown(name)
            return self.eval(
                last.value, Scope(scope.module, scope.function, scope.bound, last.line)
            )
        if any(a.target == name for a in scope.function.locals):
            return unknown(name)
        if name in scope.function.params:
            return self.parameter(name, scope) if name not in ("self", "cls") else unknown(name)
        return None

    # -- parameters and self ---------------------------------------------------------------
    def parameter(self, name: str, scope: Scope) -> Value:
        """A parameter's value: ``Depends(f)``, a settings-class annotation, or its one call
        site."""
        assert scope.function is not None
        found = declared(scope.function, name)
        if found.dependency is not None:
            dependency = self.eval(found.dependency, Scope(scope.module))
            if dependency.kind == "function":
                return self.call_function(dependency.ref, [])
        if found.annotation is not None:
            cls = self.eval(found.annotation, Scope(scope.module))
            if cls.kind == "class" and self.settings.is_settings(cls.ref):
                return self.settings.instantiate(cls, [])
        return self._from_call_site(name, scope)

    def _from_call_site(self, name: str, scope: Scope) -> Value:
        assert scope.function is not None
        key = (f"{scope.module.path}:{scope.function.qualname}", name)
        if key not in self._memo:
            self._memo[key] = unknown(name)
            self._memo[key] = self._bound_at_call_site(name, scope.function) or unknown(name)
        return self._memo[key]

    def _bound_at_call_site(self, name: str, function: FunctionFact) -> Optional[Value]:
        modules = [module for module in self.project.parsed() if not is_test_path(module.path)]
        sites = call_sites(iter(modules), function.name)
        if (
            len(sites) != 1
            or sum(module.facts.called.count(function.name) for module in modules) != 1
        ):
            return None  # called more than once, or somewhere the facts do not show
        module, caller, site = sites[0]
        outer = Scope(module, caller, {}, site.line + 1)
        args = [(key, self.eval(arg, outer)) for key, arg in site.arguments()]
        if any(key in ("*", "**") for key, _ in args):
            return None
        return _bind(function, args).get(name)

    def self_attribute(self, scope: Scope, attr: str) -> Optional[Value]:
        """``self.settings`` in a method: the value ``__init__`` (or another method) assigned."""
        if scope.function is None or "self" not in scope.function.params:
            return None
        found = self_attribute(scope.module, scope.function, attr)
        if found is None:
            return None
        method, assignment = found
        inner = Scope(scope.module, method, {}, assignment.line)
        return self.eval(assignment.value, inner)  # type: ignore[arg-type]

    def global_name(self, module: Module, name: str) -> Value:
        key = (module.path, name)
        if key not in self._memo:
            self._memo[key] = unknown("cycle")
            self._memo[key] = self._global_name(module, name)
        return self._memo[key]

    def _global_name(self, module: Module, name: str) -> Value:
        assignments = [a for a in module.facts.assignments if a.target == name]
        if assignments:
            return self._assigned(module, name, assignments)
        for cls in module.facts.classes:
            if cls.name == name:
                return reference("class", f"{module.name}.{name}")
        if module.function(name, methods=False) is not None:
            return reference("function", f"{module.name}.{name}")
        target = module.facts.bindings.get(name)
        if target is not None:
            return self.qualified(absolute(module, target))
        return symbol(f"builtins.{name}") if name in _BUILTINS else unknown(name)

    def _assigned(self, module: Module, name: str, assignments: List[Assignment]) -> Value:
        last_plain = max((i for i, a in enumerate(assignments) if not a.conditional), default=-1)
        chosen = assignments[max(last_plain, 0) :] if last_plain >= 0 else assignments
        values = [self._constant(module, name, a) for a in chosen]
        if len(values) == 1 and (last_plain >= 0 or not chosen[0].conditional):
            return values[0]
        return alts(values, name)

    def _constant(self, module: Module, name: str, assignment: Assignment) -> Value:
        if assignment.value is None:
            return unknown(name)
        value = self.eval(assignment.value, Scope(module, line=assignment.line))
        return value.with_origin(Origin("constant", name, module.path, assignment.line))

    def qualified(self, qualified: str) -> Value:
        """The value an absolute dotted name stands for (project definition or external symbol)."""
        definition = self.symbols.definition(qualified)
        if definition is None:
            if qualified in self.symbols.modules:
                return reference("module", qualified)
            return unknown(qualified) if self.symbols.split(qualified) else symbol(qualified)
        ref = (
            f"{definition.module.name}.{definition.name}"
            if definition.name != definition.module.name
            else qualified
        )
        if definition.kind == "module":
            return reference("module", definition.module.name or qualified)
        if definition.kind == "class":
            return reference("class", ref)
        if definition.kind == "function":
            return reference("function", ref)
        return self.global_name(definition.module, definition.name)

    # -- definitions ---------------------------------------------------------------
    def class_fact(self, ref: str) -> Optional[Tuple[Module, ClassFact]]:
        definition = self.symbols.definition(ref)
        if definition is not None and isinstance(definition.fact, ClassFact):
            return definition.module, definition.fact
        return None

    def function_fact(self, ref: str) -> Optional[Tuple[Module, FunctionFact]]:
        definition = self.symbols.definition(ref)
        if definition is not None and isinstance(definition.fact, FunctionFact):
            return definition.module, definition.fact
        return None

    def ancestors(self, ref: str) -> List[str]:
        found = self.class_fact(ref)
        return list(self.symbols.ancestors(*found)) if found else []

    def call_function(self, ref: str, args: Sequence[Tuple[Optional[str], Value]]) -> Value:
        found = self.function_fact(ref)
        if found is None:
            return unknown(ref)
        module, function = found
        body = function.returns if function.returns is not None else function.result
        if body is None:
            return unknown(f"{function.name}()")
        bound = _bind(function, args)
        return self.eval(body, Scope(module, function, bound, body.line + 1))

    # -- environment -------------------------------------------------------------------
    def getenv(self, key: Value, default: Optional[Value], what: str, at: Origin) -> Value:
        if key.kind != "const" or not isinstance(key.const, str):
            return unknown(what)
        entry = self.context.lookup(key.const)
        if entry is not None:
            return const(
                entry.value,
                Origin("env", what, at.path, at.line, entry.path, entry.line, entry.interpolated),
            )
        if default is None:
            return const(None, Origin("getenv", what, at.path, at.line))
        return default.with_origin(
            Origin("getenv", what, at.path, at.line),
            force=default.origin is None or default.origin.kind == "literal",
        )

    def dotenv_values(self, path: Value, module: Module) -> Value:
        located = self.locate_env_file(path)
        env = self.env_files.read(located) if located else None
        if env is None:
            return unknown("dotenv_values")
        pairs: List[Value] = []
        for entry in env.entries:
            origin = Origin(
                "env", entry.key, module.path, 0, entry.path, entry.line, entry.interpolated
            )
            pairs += [const(entry.key), const(entry.value, origin)]
        return mapping(pairs)

    def locate_env_file(self, path: Value) -> Optional[str]:
        """A value naming an env file -> the project file it is (None when unknown or absent)."""
        if path.kind == "path":
            located = normalise(path.path)
            return located if located is not None and self.env_files.read(located) else None
        if path.kind == "const" and isinstance(path.const, str):
            return self.env_files.from_working_dir(path.const)
        return None


def _bind(function: FunctionFact, args: Sequence[Tuple[Optional[str], Value]]) -> Dict[str, Value]:
    params = [p for p in function.params if p not in ("self", "cls")]
    bound: Dict[str, Value] = {}
    positional = [value for key, value in args if key is None]
    for name, value in zip(params, positional):
        bound[name] = value
    for key, value in args:
        if key in params:
            bound[key] = value
    return bound


# -- expression handlers ---------------------------------------------------------------
def _const(ev: Evaluator, expr: Expr, scope: Scope) -> Value:
    return const(expr.value, ev.literal_origin(expr, scope))


def _sequence(ev: Evaluator, expr: Expr, scope: Scope) -> Value:
    items: List[Value] = []
    for item in expr.items:
        if item.kind == "starred":
            inner = ev.eval(item.items[0], scope)
            if inner.kind != "seq":
                return unknown("*" + (inner.why or "?"))
            items.extend(inner.items)
        else:
            items.append(ev.eval(item, scope))
    return seq(items, ev.literal_origin(expr, scope))


def _dict(ev: Evaluator, expr: Expr, scope: Scope) -> Value:
    pairs: List[Value] = []
    for key, item in zip(expr.items[::2], expr.items[1::2]):
        if key.kind == "splat":
            inner = ev.eval(item, scope)
            if inner.kind != "dict":
                return unknown("**" + (inner.why or "?"))
            pairs.extend(inner.items)
        else:
            pairs += [ev.eval(key, scope), ev.eval(item, scope)]
    return mapping(pairs, ev.literal_origin(expr, scope))


def _name(ev: Evaluator, expr: Expr, scope: Scope) -> Value:
    return ev.name(str(expr.value), scope, expr.line or scope.line)


def _attr(ev: Evaluator, expr: Expr, scope: Scope) -> Value:
    base = expr.items[0]
    if base.kind == "name" and base.value == "self" and "self" not in scope.bound:
        found = ev.self_attribute(scope, str(expr.value))
        if found is not None:
            return found
    obj = ev.eval(base, scope)
    return attribute(ev, obj, str(expr.value), expr, scope)


def attribute(ev: Evaluator, obj: Value, attr: str, expr: Expr, scope: Scope) -> Value:
    if obj.kind == "module":
        return ev.qualified(f"{obj.ref}.{attr}")
    if obj.kind == "symbol":
        return symbol(f"{obj.ref}.{attr}")
    if obj.kind == "instance" and obj.ref == "environs.Env" and attr in ENVIRONS_METHODS:
        return bound_method(obj, attr)
    if obj.kind == "instance" and obj.ref == dynaconf.REF:
        return dynaconf.attribute(ev, obj, attr)
    if obj.kind == "dict" and obj.origin is not None and obj.origin.kind == "data":
        found = dynaconf.key(obj, attr)  # Box, DynaBox, OmegaConf: keys as attributes
        return found if found is not None else bound_method(obj, attr)
    if obj.kind == "instance":
        return ev.settings.attribute(obj, attr)
    if obj.kind == "class" and attr in MODEL_BUILDERS:
        return bound_method(obj, attr)
    if obj.kind == "class":
        return ev.settings.class_attribute(obj, attr)
    if obj.kind == "path" and attr == "parent":
        return path_value(parent(obj.path))
    if obj.kind in ("const", "seq", "dict", "path"):
        return bound_method(obj, attr)
    return unknown(f"{obj.why or '?'}.{attr}")


def _call(ev: Evaluator, expr: Expr, scope: Scope) -> Value:
    callee = ev.eval(expr.items[0], scope)
    args = expanded([(key, ev.eval(arg, scope)) for key, arg in expr.arguments()])
    if args is None:
        return built_from_unknown(ev, callee) if callee.kind == "class" else unknown("*args")
    if callee.kind == "unknown" and container_lookup(expr, args):
        return sole_instance(ev, args[0][1])
    at = Origin("literal", "", scope.module.path, expr.line)
    return call(ev, callee, args, expr, scope, at)


def call(
    ev: Evaluator,
    callee: Value,
    args: List[Tuple[Optional[str], Value]],
    expr: Expr,
    scope: Scope,
    at: Origin,
) -> Value:
    if callee.kind == "class":
        return ev.settings.instantiate(callee, args)
    if callee.kind == "function":
        return ev.call_function(callee.ref, args)
    if callee.kind == "method" and callee.items[0].ref == "environs.Env":
        return environs_call(ev, callee.method, args, scope.module.path, expr.line)
    if callee.kind == "method" and callee.items[0].ref == dynaconf.REF:
        return dynaconf.get(ev, callee.items[0], callee.method, args)
    if callee.kind == "method" and callee.items[0].kind == "class":
        return validated(ev, callee.items[0], callee.method, args)
    if callee.kind == "method" and callee.items[0].kind == "path" and callee.method in READ_METHODS:
        return opened(ev, callee.items[0])
    if callee.kind == "method":
        return _method(callee, args)
    if callee.kind == "instance" and callee.ref == "starlette.config.Config":
        return ev.settings.starlette(callee, args, expr, scope)
    if callee.kind == "symbol":
        handler = _EXTERNAL.get(callee.ref)
        if handler is not None:
            return handler(ev, args, expr, scope, at)
        if callee.ref.endswith(".Config") and callee.ref.startswith("starlette.config"):
            return instance("starlette.config.Config", _kwargs(args, ("env_file", "environ")))
    return unknown(f"{expr.items[0].dotted() or 'call'}()")


def _kwargs(
    args: Sequence[Tuple[Optional[str], Value]], positional: Sequence[str]
) -> Tuple[Tuple[str, Value], ...]:
    named = [(key, value) for key, value in args if key is not None]
    plain = [value for key, value in args if key is None]
    return tuple(zip(positional, plain)) + tuple((str(k), v) for k, v in named)


def parent(path: str) -> str:
    """The directory of a project-relative path; above the root it stays outside (``..``)."""
    if path in ("", "..") or path.startswith("../"):
        return posixpath.join("..", path) if path else ".."
    return posixpath.dirname(path)


def _method(callee: Value, args: Sequence[Tuple[Optional[str], Value]]) -> Value:
    obj, name = callee.items[0], callee.method
    if obj.kind == "path" and name in ("resolve", "absolute"):
        return obj
    values = [value for _, value in args]
    if obj.kind == "dict" and name == "get" and values:
        found = lookup(obj, values[0])
        return found if found is not None else (values[1] if len(values) > 1 else const(None))
    if obj.kind != "const" or not isinstance(obj.const, str) or name not in _STR_METHODS:
        return unknown(f".{name}()")
    if any(value.kind != "const" for value in values):
        return unknown(f".{name}()")
    return _str_method(obj, name, [value.const for value in values])


def _str_method(obj: Value, name: str, params: List[ConstValue]) -> Value:
    text = str(obj.const)
    try:
        result = getattr(text, name)(*params)
    except (TypeError, ValueError):
        return unknown(f".{name}()")
    if isinstance(result, list):
        return seq([const(part, obj.origin) for part in result], obj.origin)
    return const(result, obj.origin)


def lookup(mapping: Value, key: Value) -> Optional[Value]:
    pairs = list(zip(mapping.items[::2], mapping.items[1::2]))
    for candidate, item in reversed(pairs):
        if same(candidate, key):
            return item
    return None


def same(a: Value, b: Value) -> bool:
    if a.kind == b.kind == "const":
        return a.const == b.const and type(a.const) is type(b.const)
    if a.kind == b.kind and a.kind in ("symbol", "class") and a.ref:
        return a.ref == b.ref
    return False


def _binop(ev: Evaluator, expr: Expr, scope: Scope) -> Value:
    left, right = ev.eval(expr.items[0], scope), ev.eval(expr.items[1], scope)
    origin = left.origin or right.origin
    if expr.value == "+" and left.kind == right.kind == "seq":
        return seq(left.items + right.items, ev.literal_origin(expr, scope))
    if (
        expr.value == "/"
        and left.kind == "path"
        and right.kind == "const"
        and isinstance(right.const, str)
    ):
        return path_value(posixpath.join(left.path, right.const))
    if expr.value == "+" and left.kind == right.kind == "const":
        if isinstance(left.const, str) == isinstance(right.const, str) and not isinstance(
            left.const, (bool, type(None))
        ):
            try:
                return const(left.const + right.const, origin)  # type: ignore[operator]
            except TypeError:
                return unknown("+")
    return unknown(str(expr.value))


def _fstring(ev: Evaluator, expr: Expr, scope: Scope) -> Value:
    parts: List[str] = []
    origin = ev.literal_origin(expr, scope)
    for part in expr.items:
        value = ev.eval(part, scope)
        if value.kind != "const":
            return unknown("f-string")
        parts.append(str(value.const))
        if value.origin is not None and value.origin.kind != "literal" and origin.kind == "literal":
            origin = value.origin  # built from a setting: say where that came from
    return const("".join(parts), origin)


def _comp(ev: Evaluator, expr: Expr, scope: Scope) -> Value:
    element, target, iterable, *conditions = expr.items
    source = ev.eval(iterable, scope)
    if source.kind != "seq" or target.kind != "name":
        return unknown("comprehension")
    items: List[Value] = []
    for item in source.items:
        inner = Scope(
            scope.module, scope.function, {**scope.bound, str(target.value): item}, scope.line
        )
        keep = [truth(ev.eval(condition, inner)) for condition in conditions]
        if None in keep:
            return unknown("comprehension filter")
        if all(keep):
            items.append(ev.eval(element, inner))
    return seq(items, source.origin)


def _subscript(ev: Evaluator, expr: Expr, scope: Scope) -> Value:
    obj, index = ev.eval(expr.items[0], scope), ev.eval(expr.items[1], scope)
    if obj.kind == "dict":
        found = lookup(obj, index)
        return found if found is not None else unknown("key")
    if obj.kind == "instance" and obj.ref == dynaconf.REF and isinstance(index.const, str):
        return dynaconf.lookup(ev, obj, index.const) or unknown("key")
    if (
        obj.kind == "seq"
        and index.kind == "const"
        and isinstance(index.const, int)
        and not isinstance(index.const, bool)
    ):
        return (
            obj.items[index.const]
            if -len(obj.items) <= index.const < len(obj.items)
            else unknown("index")
        )
    if obj.kind == "symbol" and obj.ref == "os.environ" and index.kind == "const":
        found = ev.getenv(
            index,
            None,
            f"os.environ[{render(index)}]",
            Origin("getenv", "", scope.module.path, expr.line),
        )
        return (
            found if found.origin is not None and found.origin.env_path else unknown("os.environ[]")
        )
    return unknown("subscript")


def _ifexp(ev: Evaluator, expr: Expr, scope: Scope) -> Value:
    test = truth(ev.eval(expr.items[0], scope))
    if test is None:
        return unknown("conditional")
    return ev.eval(expr.items[1] if test else expr.items[2], scope)


def _boolop(ev: Evaluator, expr: Expr, scope: Scope) -> Value:
    left = ev.eval(expr.items[0], scope)
    test = truth(left)
    if test is None:
        return unknown(str(expr.value))
    if (expr.value == "or") == test:
        return left
    return ev.eval(expr.items[1], scope)


def _unary(ev: Evaluator, expr: Expr, scope: Scope) -> Value:
    operand = ev.eval(expr.items[0], scope)
    if expr.value == "not":
        test = truth(operand)
        return const(not test) if test is not None else unknown("not")
    if expr.value == "-" and operand.kind == "const" and isinstance(operand.const, (int, float)):
        return const(-operand.const, operand.origin)
    return unknown(str(expr.value))


def _compare(ev: Evaluator, expr: Expr, scope: Scope) -> Value:
    """``settings.ENV == "production"``, ``"*" in origins``: known when both sides are."""
    left, right = ev.eval(expr.items[0], scope), ev.eval(expr.items[1], scope)
    result = compared(str(expr.value), left, right)
    return const(result) if result is not None else unknown(str(expr.value))


_HANDLERS: Dict[str, Callable[[Evaluator, Expr, Scope], Value]] = {
    "const": _const,
    "list": _sequence,
    "tuple": _sequence,
    "set": _sequence,
    "dict": _dict,
    "name": _name,
    "attr": _attr,
    "call": _call,
    "binop": _binop,
    "fstring": _fstring,
    "comp": _comp,
    "subscript": _subscript,
    "ifexp": _ifexp,
    "boolop": _boolop,
    "unary": _unary,
    "compare": _compare,
}


# -- external callables ---------------------------------------------------------------
External = Callable[[Evaluator, List[Tuple[Optional[str], Value]], Expr, Scope, Origin], Value]


def _first(args: Sequence[Tuple[Optional[str], Value]], keyword: str = "") -> Optional[Value]:
    for key, value in args:
        if key is None or (keyword and key == keyword):
            return value
    return None


def _to_str(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    value = _first(args)
    if value is None:
        return const("", at)
    if value.kind == "const" and not isinstance(value.const, (bytes,)):
        return const(str(value.const) if value.const is not None else "None", value.origin)
    return unknown("str()")


def _to_seq(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    value = _first(args)
    if value is None:
        return seq([], at)
    if value.kind == "seq":
        return value
    if value.kind == "const" and isinstance(value.const, str):
        return seq([const(char, value.origin) for char in value.const], value.origin)
    return unknown("list()")


def _to_bool(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    value = _first(args)
    test = truth(value) if value is not None else False
    return const(test, value.origin if value else at) if test is not None else unknown("bool()")


def _getenv(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    positional = [value for key, value in args if key is None]
    key = positional[0] if positional else _first(args, "key")
    default = (
        positional[1]
        if len(positional) > 1
        else _first([(k, v) for k, v in args if k == "default"], "default")
    )
    if key is None:
        return unknown("getenv")
    what = f"os.getenv({render(key)})"
    return ev.getenv(key, default, what, Origin("getenv", what, scope.module.path, expr.line))


def _dotenv_values(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    path = _first(args, "dotenv_path")
    if path is None:
        found = ev.env_files.search_upwards(posixpath.dirname(scope.module.path))
        return (
            ev.dotenv_values(path_value(found), scope.module) if found else unknown("dotenv_values")
        )
    return ev.dotenv_values(path, scope.module)


def _comma_separated(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    value = _first(args)
    if value is not None and value.kind == "const" and isinstance(value.const, str):
        return comma_separated(value.const, value.origin)
    return value if value is not None and value.kind == "seq" else unknown("CommaSeparatedStrings")


def _secret(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    value = _first(args)
    return value if value is not None and value.kind == "const" else unknown("secret")


def _path(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    values = [value for key, value in args if key is None]
    if len(values) == 1 and values[0].kind == "path":
        return values[0]
    if len(values) == 1 and values[0].kind == "const" and isinstance(values[0].const, str):
        relative = normalise(values[0].const)  # Path("config/settings.yaml"): from the root
        return path_value(relative) if relative is not None else unknown("path")
    return unknown("path")


def _dirname(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    value = _first(args)
    return (
        path_value(parent(value.path))
        if value is not None and value.kind == "path"
        else unknown("dirname")
    )


def _join(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    values = [value for key, value in args if key is None]
    if (
        not values
        or values[0].kind != "path"
        or any(v.kind != "const" or not isinstance(v.const, str) for v in values[1:])
    ):
        return unknown("join")
    return path_value(posixpath.join(values[0].path, *[str(v.const) for v in values[1:]]))


def _json_loads(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    value = _first(args)
    if value is not None and value.kind == "instance":
        return load(ev, "json.loads", args)  # json.loads(Path(...).read_text())
    if value is None or value.kind != "const" or not isinstance(value.const, str):
        return unknown("json.loads")
    try:
        return from_json(json.loads(value.const), value.origin)
    except ValueError:
        return unknown("json.loads")


def _open(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    return opened(ev, _first(args, "file"))


def _loader(name: str) -> External:
    def handler(
        ev: Evaluator,
        args: List[Tuple[Optional[str], Value]],
        expr: Expr,
        scope: Scope,
        at: Origin,
    ) -> Value:
        return load(ev, name, args)

    return handler


def _dynaconf(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    return dynaconf.settings(args, scope.module.path)


def _dict_call(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    pairs: List[Value] = []
    for key, value in args:
        if key is None:
            return unknown("dict()")
        pairs += [const(key), value]
    return mapping(pairs, at)


def _decouple_config(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    return decouple_config(ev, args, scope.module.path, expr.line)


def _csv(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    return csv()


def _environs(
    ev: Evaluator, args: List[Tuple[Optional[str], Value]], expr: Expr, scope: Scope, at: Origin
) -> Value:
    return instance("environs.Env")


_EXTERNAL: Dict[str, External] = {
    "decouple.config": _decouple_config,
    "decouple.Csv": _csv,
    "environs.Env": _environs,
    "builtins.dict": _dict_call,
    "pydantic_settings.SettingsConfigDict": _dict_call,
    "pydantic_settings.main.SettingsConfigDict": _dict_call,
    "pydantic.ConfigDict": _dict_call,
    "builtins.str": _to_str,
    "builtins.list": _to_seq,
    "builtins.tuple": _to_seq,
    "builtins.set": _to_seq,
    "builtins.frozenset": _to_seq,
    "builtins.sorted": _to_seq,
    "builtins.bool": _to_bool,
    "os.getenv": _getenv,
    "os.environ.get": _getenv,
    "dotenv.dotenv_values": _dotenv_values,
    "dotenv.main.dotenv_values": _dotenv_values,
    "starlette.datastructures.CommaSeparatedStrings": _comma_separated,
    "starlette.datastructures.Secret": _secret,
    "pydantic.SecretStr": _secret,
    "pydantic.types.SecretStr": _secret,
    "pathlib.Path": _path,
    "os.path.dirname": _dirname,
    "os.path.abspath": _path,
    "os.path.realpath": _path,
    "os.path.join": _join,
    "json.loads": _json_loads,
    "builtins.open": _open,
    "dynaconf.Dynaconf": _dynaconf,
    "dynaconf.LazySettings": _dynaconf,
    "dynaconf.base.LazySettings": _dynaconf,
    "io.open": _open,
    **{name: _loader(name) for name in LOADER_CALLS if name != "json.loads"},
}
