"""What ``init`` accepts as it is: the findings the layout rules make on today's code.

``init`` learns the layout from the code, so most of the code already conforms; what the
placement, structure and domain-privacy rules still find (a schema beside its route, a top-level
module in no layer, a helper one domain borrows from another) is where the project departs from
its own majority: a matter of taste, not erosion. ``init`` records those findings in a baseline
file, so ``check`` reports only new ones (the layout holds from now on) and the first run shows
what is worth fixing now: the imports that close layer cycles (FL101), module cycles (FL102), the
framework in a lower layer (FL104), the app and security rules.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence, Tuple

from fastlayer.diagnostics import Diagnostic
from fastlayer.engine.run import diagnose
from fastlayer.model.project import ProjectModel
from fastlayer.rules import all_rules

BASELINE = "fastlayer-baseline.json"
# Layout rules whose findings on today's code stay reported: FL101 against the directions init
# learned is the erosion to fix; FL503's inconsistent prefix is a real inconsistency.
REPORTED = frozenset({"FL101", "FL503"})


def accepted_findings(model: ProjectModel) -> Tuple[Diagnostic, ...]:
    """Today's findings of the layout rules ``init`` does not report (opinion rules but
    ``REPORTED``), under the configuration it proposes."""
    rules = [r for r in all_rules().sorted() if r.opinion and r.code not in REPORTED]
    return diagnose(model, rules).diagnostics


def describe(found: Sequence[Diagnostic]) -> str:
    """``FL302: 131, FL109: 70``, most first."""
    counts = Counter(d.code for d in found)
    return ", ".join(f"{code}: {n}" for code, n in sorted(counts.items(), key=lambda i: -i[1]))
