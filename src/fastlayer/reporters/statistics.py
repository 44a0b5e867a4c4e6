"""``--statistics``: how many findings each rule reported, most frequent first."""

from __future__ import annotations

from collections import Counter
from typing import Dict

from fastlayer.engine.result import RunResult


def render_statistics(result: RunResult) -> str:
    counts = Counter(d.code for d in result.diagnostics)
    names: Dict[str, str] = {d.code: d.name for d in result.diagnostics}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if not rows:
        return ""
    width = len(str(rows[0][1]))
    return "".join(f"{count:>{width}}  {code}  {names[code]}\n" for code, count in rows)
