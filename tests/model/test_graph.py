"""Tarjan SCCs and shortest cycles: correct and deterministic."""

from __future__ import annotations

from typing import Dict, List, Sequence

from fastlayer.model.graph import Reachability, shortest_cycle, shortest_path, strongly_connected

GRAPH: Dict[str, List[str]] = {
    "a": ["b"],
    "b": ["c", "e"],
    "c": ["a", "d"],
    "d": [],
    "e": ["f"],
    "f": ["e"],
    "g": ["g"],
}


def succ(node: str) -> Sequence[str]:
    return sorted(GRAPH.get(node, []))


def test_components_are_sorted_and_skip_singletons() -> None:
    assert strongly_connected(["g", "f", "e", "d", "c", "b", "a"], succ) == [
        ["a", "b", "c"],
        ["e", "f"],
    ]


def test_order_of_nodes_does_not_matter() -> None:
    assert strongly_connected(list("abcdefg"), succ) == strongly_connected(list("gfedcba"), succ)


def test_shortest_cycle_and_path() -> None:
    assert shortest_cycle("a", succ, {"a", "b", "c"}) == ["a", "b", "c", "a"]
    assert shortest_cycle("e", succ, {"e", "f"}) == ["e", "f", "e"]
    assert shortest_path("c", "b", succ, {"a", "b", "c"}) == ["c", "a", "b"]
    assert shortest_path("d", "a", succ, set(GRAPH)) is None


def test_deep_chain_does_not_recurse() -> None:
    chain = {str(i): [str(i + 1)] for i in range(5000)}
    chain["5000"] = ["0"]
    components = strongly_connected(chain.keys() | {"5000"}, lambda n: chain.get(n, []))
    assert len(components) == 1 and len(components[0]) == 5001


def test_reachability_follows_edges_one_way_and_asks_each_node_once() -> None:
    edges = {"a": ["b"], "b": ["c", "a"], "c": [], "d": ["a"]}
    asked: List[str] = []

    def successors(node: str) -> List[str]:
        asked.append(node)
        return edges[node]

    reaches = Reachability(successors)
    assert reaches("a", "c") and reaches("d", "c") and reaches("a", "a")
    assert not reaches("c", "a") and not reaches("a", "d")
    assert sorted(asked) == ["a", "b", "c", "d"]
