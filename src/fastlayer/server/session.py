"""The server's state, free of the protocol: the project in memory, the open buffers and what
was last published for each file, so a check publishes only the files whose findings changed."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

from fastlayer.config.loader import load_config
from fastlayer.config.locate import NoProject, locate
from fastlayer.config.toml import ConfigError
from fastlayer.diagnostics import Diagnostic
from fastlayer.engine.live import LiveProject
from fastlayer.rules import all_rules

Findings = Dict[str, Tuple[Diagnostic, ...]]  # project-relative path -> its findings
CONFIG_FILES = ("pyproject.toml", "fastlayer.toml")


def is_config_file(path: str) -> bool:
    """Files whose change means: load the configuration again and check everything."""
    name = path.rsplit("/", 1)[-1]
    return name in CONFIG_FILES or name.startswith(".env")


class Session:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.root = folder.resolve()  # the project root once located (``load``)
        self.project: Optional[LiveProject] = None
        self.problem: Optional[str] = None  # why there is no project (a bad configuration)
        self.buffers: Dict[str, bytes] = {}
        self.published: Findings = {}
        self.reported: Set[str] = set()  # internal errors already shown to the user

    def load(self) -> None:
        """(Re)load the configuration and the whole project, with the open buffers in place."""
        try:
            self.root = locate(self.folder).project_root
            self.project = LiveProject(load_config(self.root, None, all_rules().rules))
            self.problem = None
        except (ConfigError, NoProject) as exc:
            problems = exc.problems if isinstance(exc, ConfigError) else [str(exc)]
            self.project, self.problem = None, "; ".join(problems)
            return
        for path, data in self.buffers.items():
            if self.project.tracks(path):
                self.project.set_buffer(path, data)

    def relative(self, path: Path) -> Optional[str]:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    def set_buffer(self, path: str, data: bytes) -> None:
        self.buffers[path] = data
        if self.project is not None and self.project.tracks(path):
            self.project.set_buffer(path, data)

    def drop_buffer(self, path: str) -> None:
        self.buffers.pop(path, None)
        if self.project is not None:
            self.project.drop_buffer(path)

    def files_changed(self, paths: Iterable[str]) -> None:
        """Files changed on disk: a configuration or env file reloads everything."""
        changed = list(paths)
        if self.project is None or any(is_config_file(path) for path in changed):
            self.load()
        else:
            self.project.refresh([path for path in changed if path.endswith(".py")])

    def check(self, always: Iterable[str] = ()) -> Tuple[Findings, List[str]]:
        """Findings of every file whose findings changed since last published (and of ``always``),
        and the new internal errors to show once."""
        current, errors = self._findings()
        paths = set(current) | set(self.published) | set(always)
        changed = {
            p: current.get(p, ()) for p in paths if current.get(p, ()) != self.published.get(p, ())
        }
        changed.update((p, current.get(p, ())) for p in always)
        self.published = current
        return changed, errors

    def _findings(self) -> Tuple[Findings, List[str]]:
        if self.project is None:
            return {}, self._once([f"configuration error: {self.problem}"] if self.problem else [])
        diagnosis = self.project.check()
        grouped: Dict[str, List[Diagnostic]] = {}
        for diagnostic in diagnosis.diagnostics:
            grouped.setdefault(diagnostic.path, []).append(diagnostic)
        messages = [
            f"internal error in rule {e.code} on {e.path}: {e.message}"
            for e in diagnosis.internal_errors
        ]
        messages += [diagnosis.blocked] if diagnosis.blocked else []
        return {p: tuple(found) for p, found in grouped.items()}, self._once(messages)

    def _once(self, messages: List[str]) -> List[str]:
        new = [message for message in messages if message not in self.reported]
        self.reported.update(new)
        return new

    def import_site(self, importer: str, imported: str) -> Optional[Tuple[int, int]]:
        """Where ``importer`` imports ``imported`` (line, column), if it does."""
        return None if self.project is None else self.project.import_site(importer, imported)

    def findings(self, path: str) -> Tuple[Diagnostic, ...]:
        return self.published.get(path, ())

    def lines(self, path: str) -> List[str]:
        """The text of ``path``: the buffer when open, else the file on disk."""
        data = self.buffers.get(path)
        if data is None:
            try:
                data = (self.root / path).read_bytes()
            except OSError:
                return []
        return data.decode("utf-8", errors="replace").splitlines()
