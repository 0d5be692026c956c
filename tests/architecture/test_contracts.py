"""The package layout's rules, checked on every run (the import graph is read from source).

Data flows one way: forms and routes → feature operations → models → `scheduling/bridge.py`
→ `solver`. These tests keep it so.
"""

from __future__ import annotations

import pytest

from tests.architecture.import_graph import cycles, import_graph

GRAPH = import_graph()


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _importers(package: str, *, outside: str = "") -> dict[str, set[str]]:
    """Module → the modules of `package` it imports (only importers outside `outside`)."""
    found = {}
    for module, targets in GRAPH.items():
        if outside and _in(module, outside):
            continue
        hits = {target for target in targets if _in(target, package)}
        if hits:
            found[module] = hits
    return found


def test_the_graph_sees_the_known_edges():
    # Guards the parser: if these are missed, every rule below passes for nothing.
    assert "recruit.scheduling.bridge" in GRAPH["recruit.scheduling.solving"]
    assert "solver" in GRAPH["recruit.scheduling.bridge"]
    assert "solver.problem" in GRAPH["solver.engine"]
    assert "recruit.core.staff" in GRAPH["recruit.people.views"]


def test_solver_imports_nothing_of_recruit():
    offenders = {m: t for m, t in _importers("recruit").items() if _in(m, "solver")}
    assert offenders == {}


def test_validator_is_independent_of_the_engine():
    """The checker must not share the code it checks: no model, engine or slot grid."""
    forbidden = ("solver.model", "solver.engine", "solver.slots")
    assert {t for t in GRAPH["solver.validate"] if t.startswith(forbidden)} == set()


def test_only_the_bridge_imports_the_solver():
    importers = {m for m in _importers("solver", outside="solver")}
    assert importers == {"recruit.scheduling.bridge"}


def test_the_bridge_uses_only_the_solvers_public_api():
    """`from solver import ...`: the modules behind those names may move."""
    assert _importers("solver", outside="solver")["recruit.scheduling.bridge"] == {"solver"}


@pytest.mark.parametrize(("audience", "other"), [
    ("recruit.youth", "recruit.employers"),
    ("recruit.employers", "recruit.youth"),
])
def test_public_audiences_do_not_import_each_other_or_staff_pages(audience, other):
    staff_only = {
        target
        for module, targets in GRAPH.items() if _in(module, audience)
        for target in targets
        if _in(target, other) or target == "recruit.core.staff" or target.endswith(".views")
    }
    assert staff_only == set()


def test_no_import_cycles():
    assert cycles(GRAPH) == []


def test_a_cycle_is_found_however_long():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
