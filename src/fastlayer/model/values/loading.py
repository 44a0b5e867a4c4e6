"""Calls that read a project data file, as the evaluator sees them: ``open(path)``,
``Path(...).open()``/``.read_text()`` give an opened file; ``yaml.safe_load``/``yaml.load``,
``json.load``/``json.loads``, ``tomllib.load``/``tomli.load``/``toml.load`` of an opened file
give the document (``datafiles.py``), in the evaluator's environment."""

from __future__ import annotations

from typing import Optional, Protocol, Sequence, Tuple

from fastlayer.model.values.datafiles import DataFiles
from fastlayer.model.values.envfiles import normalise
from fastlayer.model.values.types import Context, Value, instance, path_value, unknown

Args = Sequence[Tuple[Optional[str], Value]]
OPENED = "builtins.open"
READ_METHODS = frozenset({"open", "read_text", "read_bytes"})


class Reading(Protocol):
    data_files: DataFiles
    context: Context


def opened(ev: Reading, target: Optional[Value]) -> Value:
    """The file ``open(target)`` opens: a path built from ``__file__``, or a name relative to
    the working directory."""
    path = _located(ev, target) if target is not None else None
    return instance(OPENED, (("path", path_value(path)),)) if path else unknown("open()")


def _located(ev: Reading, target: Value) -> Optional[str]:
    if target.kind == "path":
        return normalise(target.path)
    if target.kind == "const" and isinstance(target.const, str):
        return ev.data_files.from_working_dir(target.const)
    if target.kind == "instance" and target.ref == OPENED:
        return dict(target.kwargs)["path"].path
    return None


def load(ev: Reading, loader: str, args: Args) -> Value:
    """``yaml.safe_load(f)`` and friends: the document of the file ``f`` is (``toml.load`` also
    takes the path itself)."""
    first = next((value for key, value in args if key in (None, "stream", "fp", "f", "s")), None)
    if first is None:
        return unknown(loader)
    if first.kind != "instance" or first.ref != OPENED:
        if loader != "toml.load" or first.kind not in ("path", "const"):
            return unknown(loader)
        first = opened(ev, first)
        if first.kind != "instance":
            return first
    path = dict(first.kwargs)["path"].path
    return ev.data_files.load(path, ev.context)
