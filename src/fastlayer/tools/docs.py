"""The rules reference: one Markdown page per rule plus an index, generated from the rule classes.

``fastlayer explain CODE`` prints :func:`render_rule`, and ``docs/rules/FLnnn.md`` holds the
same text, so the two never disagree. Regenerate the pages after changing a rule with the maintainer's script (outside the wheel)::

    python scripts/gen_rule_docs.py            # writes docs/rules/ of the source checkout
    python scripts/gen_rule_docs.py --check    # exit 1 when a page is stale (what the test suite asserts)
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Dict, Iterable, List, Optional, Sequence, Type

from fastlayer.rules import Example, Rule, all_rules

_LANGUAGES = {
    ".py": "python",
    ".toml": "toml",
    ".md": "markdown",
    ".json": "json",
    ".cfg": "ini",
    ".ini": "ini",
}
_FAMILIES = (
    ("FL0", "Engine"),
    ("FL1", "Imports and layers"),
    ("FL2", "Directory structure"),
    ("FL3", "Placement"),
    ("FL4", "CORS and security"),
    ("FL5", "Application"),
)


def render_rule(rule: Type[Rule]) -> str:
    """The full documentation of one rule, as Markdown (the page and ``fastlayer explain``)."""
    parts = [
        f"# {rule.code} {rule.name} ({rule.severity.value})",
        f"{rule.summary}.",
        _facts_table(rule),
        rule.doc(),
    ]
    parts += [_options(rule), _examples(rule)]
    return "\n\n".join(part for part in parts if part) + "\n"


def _facts_table(rule: Type[Rule]) -> str:
    enabled = "yes" if rule.default_enabled else f"no (opt-in: `--select {rule.code}`)"
    if rule.default_enabled and rule.opinion:
        enabled = (
            f"with a configuration (`fastlayer init`); without one only with `--select {rule.code}`"
        )
    rows = [
        ("Code", f"`{rule.code}`"),
        ("Name", f"`{rule.name}`"),
        ("Severity", rule.severity.value),
        ("Enabled by default", enabled),
        ("Needs the app root", "yes" if rule.needs_app_root else "no"),
    ]
    return "\n".join(["| | |", "| --- | --- |", *(f"| {key} | {value} |" for key, value in rows)])


def _options(rule: Type[Rule]) -> str:
    """The config keys a rule declares in ``options`` ((key, what it changes) pairs), if any."""
    if not rule.options:
        return ""
    return "\n".join(["## Options", "", *(f"- `{key}`: {text}" for key, text in rule.options)])


def _examples(rule: Type[Rule]) -> str:
    blocks = [_example("Valid", index, ex, len(rule.valid)) for index, ex in enumerate(rule.valid)]
    blocks += [
        _example("Invalid", index, ex, len(rule.invalid)) for index, ex in enumerate(rule.invalid)
    ]
    if not blocks:
        return ""
    intro = "## Examples checked by the test suite\n\nEach example is a small project; `Invalid` ones list where the rule reports."
    return "\n\n".join([intro, *blocks])


def _example(kind: str, index: int, example: Example, count: int) -> str:
    title = (
        f"### {kind}"
        + (f" {index + 1}" if count > 1 else "")
        + (f": {example.title}" if example.title else "")
    )
    lines = [title]
    if example.expect:
        lines.append(
            "Reported at " + ", ".join(f"`{path}:{line}`" for path, line in example.expect) + "."
        )
    if example.config.strip():
        lines.append(
            _file_block("pyproject.toml", "[tool.fastlayer]\n" + example.config.strip() + "\n")
        )
    lines += [_file_block(path, text) for path, text in sorted(example.files.items())]
    return "\n\n".join(lines)


def _file_block(path: str, text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    language = _LANGUAGES.get(PurePosixPath(path).suffix, "")
    body = _visible(text if text.endswith("\n") else text + "\n")
    note = " (control characters shown as `\\xNN`)" if body != text and body != text + "\n" else ""
    return f"`{path}`{note}:\n\n{fence}{language}\n{body}{fence}"


def _visible(text: str) -> str:
    """Control characters (a NUL byte in an example) would corrupt the page: show them escaped."""
    return "".join(c if c in "\n\t" or c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def render_index(rules: Iterable[Type[Rule]]) -> str:
    """``docs/rules/index.md``: every rule by family, linking its page."""
    lines = [
        "# fastlayer rules",
        "",
        "Generated from the rule classes by `python scripts/gen_rule_docs.py`; do not edit by hand.",
        "`fastlayer explain CODE` prints the same text as each page.",
        "",
    ]
    by_family = _by_family(rules)
    for prefix, title in _FAMILIES:
        lines += _family_table(title, by_family.pop(prefix, []))
    for prefix, members in sorted(by_family.items()):
        lines += _family_table(f"{prefix}xx", members)
    return "\n".join(lines)


def _by_family(rules: Iterable[Type[Rule]]) -> Dict[str, List[Type[Rule]]]:
    grouped: Dict[str, List[Type[Rule]]] = {}
    for rule in sorted(rules, key=lambda r: r.code):
        grouped.setdefault(rule.code[:3], []).append(rule)
    return grouped


def _family_table(title: str, rules: Sequence[Type[Rule]]) -> List[str]:
    if not rules:
        return []
    lines = [
        f"## {title}",
        "",
        "| code | name | severity | default | summary |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in rules:
        default = "on" if rule.default_enabled else "opt-in"
        if rule.default_enabled and rule.opinion:
            default = "with a config"
        lines.append(
            f"| [{rule.code}]({rule.code}.md) | `{rule.name}` | {rule.severity.value} | {default} | {rule.summary} |"
        )
    return lines + [""]


def pages(rules: Optional[Iterable[Type[Rule]]] = None) -> Dict[str, str]:
    """File name (relative to ``docs/rules/``) -> content, for every rule and the index."""
    chosen = list(rules) if rules is not None else all_rules().sorted()
    generated = {f"{rule.code}.md": render_rule(rule) for rule in chosen}
    generated["index.md"] = render_index(chosen)
    return generated


def stale(directory: Path, generated: Dict[str, str]) -> List[str]:
    """Pages that are missing, differ, or belong to no rule any more (sorted file names)."""
    present = {path.name for path in directory.glob("*.md")} if directory.is_dir() else set()
    differing = [name for name, text in generated.items() if not _same(directory / name, text)]
    return sorted(set(differing) | (present - set(generated)))


def _same(path: Path, text: str) -> bool:
    return path.is_file() and path.read_text(encoding="utf-8") == text


def write(directory: Path, generated: Dict[str, str]) -> List[str]:
    """Bring ``directory`` up to date; returns the file names written or removed."""
    changed = stale(directory, generated)
    directory.mkdir(parents=True, exist_ok=True)
    for name in changed:
        target = directory / name
        if name in generated:
            target.write_text(generated[name], encoding="utf-8")
        else:
            target.unlink()
    return changed
