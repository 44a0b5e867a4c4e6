"""Function-scope facts gathered during the one visitor pass (see ``FactsVisitor``).

Most functions need nothing beyond their ``FunctionFact``. A function that holds a
call of interest (a CORS sink), writes an ``Access-Control-Allow-Origin`` header or
is cached (``@lru_cache`` settings factories) also keeps its simple-name local
assignments, its parameters and the expression of its final lone ``return`` (also the
last statement of a final ``with`` block). Assignments are buffered as libcst nodes and converted
only when the function is kept, so the pass stays lean.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable, List, Optional, Tuple, Union

import libcst as cst

from fastlayer.facts.convert import ExprConverter, string_value
from fastlayer.facts.expr import Expr
from fastlayer.facts.types import Assignment, FunctionFact, HeaderWrite

CORS_HEADERS = frozenset({"access-control-allow-origin", "access-control-allow-credentials"})
_HEADER_SETTERS = frozenset(
    {"append", "setdefault", "set", "add", "add_header", "__setitem__", "insert", "setitem"}
)
_CACHE_DECORATORS = frozenset({"lru_cache", "cache", "cached"})
_SETTINGS_WORDS = ("settings", "config", "conf", "cfg")
Position = Callable[[cst.CSTNode], Tuple[int, int]]
_Buffered = Tuple[
    Union[cst.Name, cst.Attribute], Optional[cst.BaseExpression], Optional[cst.BaseExpression], bool
]


@dataclass
class _Frame:
    node: cst.FunctionDef
    fact: FunctionFact
    container: List[FunctionFact]
    index: int
    blocks: int
    calls: int
    writes: int = 0
    returns: int = 0
    env_reads: int = 0
    settings_attributes: int = 0
    assigns: List[_Buffered] = field(default_factory=list)


class FunctionScopes:
    def __init__(
        self,
        conv: ExprConverter,
        position: Position,
        guards: Callable[[], Tuple[Expr, ...]] = tuple,
    ) -> None:
        self.conv = conv
        self.position = position
        self.guards = guards
        self.frames: List[_Frame] = []
        self.header_writes: List[HeaderWrite] = []

    # -- frames ----------------------------------------------------------
    def enter(
        self, node: cst.FunctionDef, container: List[FunctionFact], blocks: int, calls: int
    ) -> None:
        index = len(container) - 1
        self.frames.append(_Frame(node, container[index], container, index, blocks, calls))

    def leave(self, calls: int) -> None:
        frame = self.frames.pop()
        if frame.writes and self.frames:
            self.frames[
                -1
            ].writes += frame.writes  # the enclosing function holds what the write reads
        kept = calls > frame.calls or frame.writes or frame.env_reads or frame.settings_attributes
        if kept or _cached(frame.fact):
            frame.container[frame.index] = self._kept(frame)

    def _kept(self, frame: _Frame) -> FunctionFact:
        locals_ = tuple(self._assignment(*buffered) for buffered in frame.assigns)
        return dataclasses.replace(
            frame.fact,
            locals=locals_,
            parameters=self._parameters(frame.node.params),
            result=self._result(frame),
        )

    def _assignment(
        self,
        target: Union[cst.Name, cst.Attribute],
        value: Optional[cst.BaseExpression],
        annotation: Optional[cst.BaseExpression],
        conditional: bool,
    ) -> Assignment:
        converted = (
            self.conv.convert(value) if value is not None else Expr("unknown", "<augmented>")
        )
        ann = self.conv.convert(annotation) if annotation is not None else None
        name = target.value if isinstance(target, cst.Name) else f"self.{target.attr.value}"
        return Assignment(name, converted, ann, *self.position(target), conditional=conditional)

    def _parameters(self, params: cst.Parameters) -> Tuple[Assignment, ...]:
        every = [*params.posonly_params, *params.params, *params.kwonly_params]
        return tuple(
            Assignment(
                param.name.value,
                self.conv.convert(param.default) if param.default is not None else None,
                self.conv.convert(param.annotation.annotation)
                if param.annotation is not None
                else None,
                *self.position(param.name),
            )
            for param in every
        )

    def env_read(self) -> None:
        if self.frames:
            self.frames[-1].env_reads += 1

    def _result(self, frame: _Frame) -> Optional[Expr]:
        body = frame.node.body
        statements = body.body if isinstance(body, cst.IndentedBlock) else ()
        last = statements[-1] if statements else None
        if isinstance(last, cst.With) and isinstance(last.body, cst.IndentedBlock):
            last = last.body.body[-1] if last.body.body else None  # with open(p) as f: return ...
        if frame.returns != 1 or not isinstance(last, cst.SimpleStatementLine):
            return None
        final = last.body[-1]
        return (
            self.conv.convert(final.value)
            if isinstance(final, cst.Return) and final.value
            else None
        )

    # -- events from the visitor ------------------------------------------
    def assign(
        self,
        target: cst.BaseExpression,
        value: Optional[cst.BaseExpression],
        annotation: Optional[cst.BaseExpression],
        blocks: int,
        augmented: bool = False,
    ) -> None:
        if not self.frames:
            return
        frame = self.frames[-1]
        if isinstance(target, cst.Name):
            frame.assigns.append(
                (
                    target,
                    None if augmented else value,
                    annotation,
                    blocks > frame.blocks or augmented,
                )
            )
        elif isinstance(target, cst.Attribute) and _settings_attribute(target):
            frame.settings_attributes += 1
            frame.assigns.append(
                (target, None if augmented else value, annotation, blocks > frame.blocks)
            )
        elif isinstance(target, cst.Subscript) and value is not None:
            header = _header_name(_index(target))
            if header is not None:
                self._write(header, value, target)

    def returned(self) -> None:
        if self.frames:
            self.frames[-1].returns += 1

    def call(self, node: cst.Call) -> None:
        func = node.func
        name = (
            func.attr.value
            if isinstance(func, cst.Attribute)
            else func.value
            if isinstance(func, cst.Name)
            else ""
        )
        positional = [arg.value for arg in node.args if arg.keyword is None and not arg.star]
        if name in _HEADER_SETTERS and len(positional) >= 2:
            header = _header_name(positional[0])
            if header is not None:
                self._write(header, positional[1], node)

    def dict_literal(self, node: cst.Dict) -> None:
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                header = _header_name(element.key)
                if header is not None:
                    self._write(header, element.value, element.key)

    def tuple_literal(self, node: cst.Tuple) -> None:
        if len(node.elements) == 2:
            header = _header_name(node.elements[0].value)
            if header is not None:
                self._write(header, node.elements[1].value, node)

    def _write(self, header: str, value: cst.BaseExpression, at: cst.CSTNode) -> None:
        function = self.frames[-1].fact.qualname if self.frames else ""
        if self.frames:
            self.frames[-1].writes += 1
        self.header_writes.append(
            HeaderWrite(header, self._value(value), *self.position(at), function, self.guards())
        )

    def _value(self, node: cst.BaseExpression) -> Expr:
        """The written value; a raw ASGI read ``headers[b"origin"]`` keeps its key as text."""
        converted = self.conv.convert(node)
        if isinstance(node, cst.Subscript) and _header_key(_index(node)) == "origin":
            return Expr(
                "subscript",
                None,
                (converted.items[0], Expr("const", "origin")),
                line=converted.line,
                column=converted.column,
            )
        return converted


def _cached(fact: FunctionFact) -> bool:
    for decorator in fact.decorators:
        callee = decorator.callee or decorator
        dotted = callee.dotted() or ""
        if dotted.rsplit(".", 1)[-1] in _CACHE_DECORATORS:
            return True
    return False


def _settings_attribute(target: cst.BaseExpression) -> bool:
    """``self.settings = ...`` (also ``self.config``, ``self._conf``): what class-based app builders read."""
    return (
        isinstance(target, cst.Attribute)
        and isinstance(target.value, cst.Name)
        and target.value.value == "self"
        and any(word in target.attr.value.lower() for word in _SETTINGS_WORDS)
    )


def params_of(params: cst.Parameters) -> Tuple[str, ...]:
    every = [*params.posonly_params, *params.params, *params.kwonly_params]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            every.append(star)
    return tuple(param.name.value for param in every)


def _index(node: cst.Subscript) -> Optional[cst.BaseExpression]:
    if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return node.slice[0].slice.value
    return None


def _header_key(node: Optional[cst.CSTNode]) -> str:
    """The lower-cased text of a str or bytes literal, else ""."""
    if not isinstance(node, cst.SimpleString):
        return ""
    value = string_value(node)
    text = value.decode("latin-1", "replace") if isinstance(value, bytes) else value
    return text.lower() if isinstance(text, str) else ""


def _header_name(node: Optional[cst.CSTNode]) -> Optional[str]:
    lowered = _header_key(node)
    return lowered if lowered in CORS_HEADERS else None
