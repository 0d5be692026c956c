"""Exact coverage (tier 2) and honest bounds for tiers 3 and 4, by network flows.

On slot grids the slots of one employer never overlap, so "one interview per covered
candidate" is a bipartite b-matching:

    source -> candidate (1) -> (employer, slot) (1) -> employer (tables) -> sink (max_candidates)

A min-cost flow on it with costs that make one priority candidate worth more than all
ordinary ones together gives the exact lexicographic tier-2 optimum (priority candidates
covered, then all covered) in milliseconds, together with a schedule that reaches it.

For tiers 3 and 4 the same graph with candidate capacity `max_interviews_per_candidate` and a
(candidate, employer) node of capacity 1 (one interview per pair) drops only the rule that a
candidate's interviews must not overlap; its optimum is therefore a valid bound:
an upper bound on the interviews that count towards `min_candidates` (so a lower bound on the
shortfall) and an upper bound on the preference score.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
from ortools.graph.python import min_cost_flow

from solver.problem import Problem
from solver.settings import OPEN_TO_OTHER_WEIGHT
from solver.slots import Option, preference_weight

PRIORITY_COVERED = "priority_covered"
COVERED = "covered"
MINIMUMS = "minimums"
"""Gates of the lexicographic relaxation (node keys of _Network.gate)."""


@dataclass(frozen=True)
class Coverage:
    """Tier-2 optimum given some fixed interviews, and one set of extra interviews reaching it."""

    priority_covered: int
    covered: int
    added: tuple[Option, ...]


class _Network:
    """A min-cost flow network with named nodes, a source and a sink, and a bypass arc.

    Tiers are never all folded into one cost as nested multiples of each other: those grow
    with the product of the counts and overflowed OR-Tools' cost range on large events
    (min_candidates 1,000 at 1,000 employers; 100,000 youth). Instead a tier is a *gate*,
    one arc between the source (or the sink) and a node its flow must pass, and
    `solve_in_order` optimises in stages, holding each stage's gates at the amount reached
    while the next is optimised; within a stage a cost nests at most one count.
    """

    def __init__(self) -> None:
        self.nodes: dict[object, int] = {"source": 0, "sink": 1}
        # Typed arrays, not lists: 200 x 6,000 has 8 million arcs, and a list holds an int
        # object per entry (several hundred MB more at the peak of the solve).
        self.tails = array("i")
        self.heads = array("i")
        self.capacities = array("q")
        self.costs = array("q")
        self.gates: dict[object, int] = {}

    def node(self, key: object) -> int:
        return self.nodes.setdefault(key, len(self.nodes))

    def arcs(self, tails: Sequence[int], heads: Sequence[int], capacities: Sequence[int],
             costs: Sequence[int]) -> None:
        """Many arcs between node ids at once (the bulk of a network, kept fast)."""
        self.tails.extend(tails)
        self.heads.extend(heads)
        if isinstance(capacities, array):  # the bulk of a network: unit capacities, as is
            self.capacities.extend(capacities)
        else:
            self.capacities.extend(max(0, c) for c in capacities)
        self.costs.extend(costs)

    def arc(self, tail: object, head: object, capacity: int, cost: int = 0) -> int:
        self.tails.append(self.node(tail))
        self.heads.append(self.node(head))
        self.capacities.append(max(0, capacity))
        self.costs.append(cost)
        return len(self.tails) - 1

    def gate(self, key: object, capacity: int, *, to_sink: bool = False) -> object:
        """A node whose flow from the source (or into the sink) is one tier's value."""
        if to_sink:
            self.gates[key] = self.arc(key, "sink", capacity)
        else:
            self.gates[key] = self.arc("source", key, capacity)
        return key

    def solve(self, supply: int) -> tuple[int, np.ndarray]:
        """Push up to `supply` units source -> sink at least cost; return (cost, arc flows).

        A zero-cost bypass arc source -> sink lets the flow be smaller than the supply, so
        the result is the min-cost flow of any size (the most valuable one).
        """
        return self.solve_in_order(supply, ({},))

    def solve_in_order(self, supply: int, stages: Sequence[dict[object, int]]
                       ) -> tuple[int, np.ndarray]:
        """Min-cost flows in turn, each holding the gate flows of the ones before.

        Every stage but the last costs only its gates (unit cost per gate) and afterwards
        holds each of them at the flow it reached: its arc is replaced by a supply (or a
        demand) of exactly that amount at its node, so later stages can move which units
        pass a gate but never how many. The last stage costs the arcs' own costs plus its
        gates'. Returns the last stage's cost and arc flows.
        """
        bypass = self.arc("source", "sink", supply)
        held: dict[object, int] = {}
        for number, stage in enumerate(stages):
            last = number == len(stages) - 1
            costs = (np.array(self.costs, dtype=np.int64) if last
                     else np.zeros(len(self.costs), dtype=np.int64))
            costs[bypass] = 0
            for gate, unit in stage.items():
                costs[self.gates[gate]] = unit
            flows = self._flow(supply, held, costs)
            if not last:
                held.update((gate, int(flows[self.gates[gate]])) for gate in stage)
        del self.tails[bypass], self.heads[bypass], self.capacities[bypass], self.costs[bypass]
        return int(np.dot(costs[:-1], flows[:-1])), flows[:-1]

    def _flow(self, supply: int, held: dict[object, int], costs: np.ndarray) -> np.ndarray:
        capacities = np.array(self.capacities, dtype=np.int64)
        supplies = np.zeros(len(self.nodes), dtype=np.int64)
        supplies[0], supplies[1] = supply, -supply
        for gate, amount in held.items():
            arc = self.gates[gate]
            capacities[arc] = 0
            if self.tails[arc] == 0:
                supplies[0] -= amount
                supplies[self.heads[arc]] += amount
            else:
                supplies[1] += amount
                supplies[self.tails[arc]] -= amount
        flow = min_cost_flow.SimpleMinCostFlow()
        arcs = flow.add_arcs_with_capacity_and_unit_cost(
            np.array(self.tails, dtype=np.int32), np.array(self.heads, dtype=np.int32),
            capacities, costs)
        flow.set_nodes_supplies(np.arange(len(self.nodes), dtype=np.int32), supplies)
        status = flow.solve()
        if status != flow.OPTIMAL:
            # Every cost is a small weight and the previous stage's flow is feasible for the
            # next, so this is a bug, not an input the caller could fix.
            raise RuntimeError(f"min-cost flow failed with status {status}")
        return flow.flows(arcs)


def max_coverage(problem: Problem, options: Iterable[Option],
                 fixed: Iterable[Option] = ()) -> Coverage:
    """Most priority candidates covered, then most candidates, with `fixed` already booked.

    Candidates with a fixed interview are covered already and stay out of the flow; fixed
    interviews use up their tables and their employer's max_candidates.
    """
    fixed = tuple(fixed)
    candidates = {c.id: c for c in problem.candidates}
    employers = {e.id: e for e in problem.employers}
    fixed_covered = {o.candidate for o in fixed}
    slot_use = Counter((o.employer, o.start) for o in fixed)
    employer_use = {e: len({o.candidate for o in fixed if o.employer == e}) for e in employers}
    best: dict[tuple[str, str, int], Option] = {}
    if problem.event.max_interviews_per_candidate < 1:
        options = ()  # nobody may have an interview beyond the fixed ones
    for option in options:
        if option.candidate in fixed_covered:
            continue
        key = (option.candidate, option.employer, option.start)
        if key not in best or option.weight > best[key].weight:
            best[key] = option
    free = sorted({c for c, _, _ in best})
    # One covered priority candidate outweighs every ordinary candidate together.
    priority_value = len(free) + 1
    network = _Network()
    for candidate in free:
        value = priority_value if candidates[candidate].priority > 0 else 1
        network.arc("source", ("c", candidate), 1, -value)
    keys = sorted(best)
    first_arc = len(network.tails)
    node = network.node
    network.arcs([node(("c", k[0])) for k in keys], [node(("s", k[1], k[2])) for k in keys],
                 [1] * len(keys), [0] * len(keys))
    pair_arcs = {key: first_arc + n for n, key in enumerate(keys)}
    for employer, start in sorted({(e, s) for _, e, s in best}):
        network.arc(("s", employer, start), ("e", employer),
                    employers[employer].tables - slot_use[employer, start])
    for employer in sorted({e for _, e, _ in best}):
        network.arc(("e", employer), "sink",
                    employers[employer].max_candidates - employer_use[employer])
    _, flows = network.solve(len(free))
    added = tuple(best[key] for key, arc in pair_arcs.items() if flows[arc] > 0)
    covered = fixed_covered | {o.candidate for o in added}
    return Coverage(sum(candidates[c].priority > 0 for c in covered), len(covered), added)


def _pair_network(problem: Problem, options: Iterable[Option],
                  pair_cost: dict[tuple[str, str], int] | None,
                  cover_gates: bool = False,
                  fixed: tuple[Option, ...] = ()) -> tuple[_Network, dict]:
    """Candidate -> (candidate, employer) -> (employer, slot) -> employer, without the sink arcs.

    Every rule but "a candidate's interviews do not overlap" is kept, so optima are bounds.
    With `cover_gates` a candidate's first interview passes the gate PRIORITY_COVERED or
    COVERED (a priority candidate's or another's), so the gates' flows count coverage.
    `fixed` interviews are booked already: they use up capacity and cover their candidate.
    """
    employers = {e.id: e for e in problem.employers}
    per_candidate = problem.event.max_interviews_per_candidate
    own = Counter(o.candidate for o in fixed)
    fixed_pairs = {(o.candidate, o.employer) for o in fixed}
    slot_use = Counter((o.employer, o.start) for o in fixed)
    network = _Network()
    # Lists, not sets: options come sorted by start, and 1.2 million pairs (200 x 6,000)
    # held as sets cost a few hundred MB more.
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for option in options:
        starts = pairs[option.candidate, option.employer]
        if not starts or starts[-1] != option.start:
            starts.append(option.start)
    for pair in fixed_pairs:
        pairs.pop(pair, None)
    priority = {c.id for c in problem.candidates if c.priority > 0}
    if cover_gates:
        network.gate(PRIORITY_COVERED, len(problem.candidates))
        network.gate(COVERED, len(problem.candidates))
    for candidate in sorted({c for c, _ in pairs}):
        room = per_candidate - own[candidate]
        if not cover_gates or own[candidate] or room < 1:
            network.arc("source", ("c", candidate), room)
        else:
            gate = PRIORITY_COVERED if candidate in priority else COVERED
            network.arc(gate, ("c", candidate), 1)
            network.arc("source", ("c", candidate), room - 1)
    ordered = sorted(pairs.items())
    node = network.node
    pair_ids = [node(("p", c, e)) for (c, e), _ in ordered]
    network.arcs([node(("c", c)) for (c, _), _ in ordered], pair_ids, [1] * len(ordered),
                 [0 if pair_cost is None else pair_cost[pair] for pair, _ in ordered])
    slots = sorted({(e, s) for (_, e), starts in ordered for s in starts})
    slot_ids = {slot: node(("s", *slot)) for slot in slots}
    tails, heads = array("i"), array("i")
    for pair_id, ((_, employer), starts) in zip(pair_ids, ordered, strict=True):
        for start in sorted(set(starts)):
            tails.append(pair_id)
            heads.append(slot_ids[employer, start])
    network.arcs(tails, heads, array("q", [1]) * len(tails), array("q", [0]) * len(tails))
    for employer, start in slots:
        network.arc(("s", employer, start), ("e", employer),
                    employers[employer].tables - slot_use[employer, start])
    return network, pairs


def shortfall_lower_bound(problem: Problem, options: Iterable[Option]) -> int:
    """A lower bound on tier 3: interviews beyond min_candidates earn nothing in the flow."""
    options = tuple(options)
    network, pairs = _pair_network(problem, options, None)
    reachable = {e for _, e in pairs}
    for employer in sorted(problem.employers, key=lambda e: e.id):
        if employer.id not in reachable:
            continue
        counted = min(employer.min_candidates, employer.max_candidates)
        network.arc(("e", employer.id), "sink", counted, -1)
        network.arc(("e", employer.id), "sink", employer.max_candidates - counted, 0)
    cost, _ = network.solve(len(options) + 1)
    wanted = sum(e.min_candidates for e in problem.employers)
    return wanted + cost  # cost = -(interviews that reduce the shortfall)


def preference_upper_bound(problem: Problem, options: Iterable[Option]) -> int:
    """An upper bound on tier 4: the best score with overlaps between interviews allowed."""
    options = tuple(options)
    weight = _pair_weights(options)
    network, pairs = _pair_network(problem, options, {k: -w for k, w in weight.items()})
    reachable = {e for _, e in pairs}
    for employer in sorted(problem.employers, key=lambda e: e.id):
        if employer.id in reachable:
            network.arc(("e", employer.id), "sink", employer.max_candidates)
    cost, _ = network.solve(len(options) + 1)
    return -cost


def _pair_weights(options: Iterable[Option]) -> dict[tuple[str, str], int]:
    weight: dict[tuple[str, str], int] = {}
    for option in options:
        key = (option.candidate, option.employer)
        weight[key] = max(weight.get(key, 0), option.weight)
    return weight


@dataclass(frozen=True)
class Relaxed:
    """Optimum of the overlap relaxation for tiers 2, 3 and 4 in lexicographic order.

    `added` are the interviews beside the fixed ones; they may overlap for one candidate.
    """

    priority_covered: int
    covered: int
    shortfall: int
    preference: int
    added: tuple[Option, ...]


def lexicographic_relaxation(problem: Problem, options: Iterable[Option],
                             fixed: Iterable[Option] = ()) -> Relaxed:
    """Tiers 2, 3 and 4 optimised in order on the pair network, overlaps allowed.

    Two min-cost flows (see _Network.solve_in_order). The first covers the most priority
    candidates, then the most candidates: a priority candidate's unit outweighs all ordinary
    ones together, a cost of at most the candidate count. Holding both, the second counts one
    interview towards min_candidates above any preference score a candidate can add, a cost
    of at most candidates x max_interviews_per_candidate x the largest weight. So the flow is
    the lexicographic optimum of the relaxation, with costs that stay far inside OR-Tools'
    range at any size. When its higher tiers equal the real optimum, its next tier bounds
    the real one: every real schedule with those higher values is one of its flows.
    """
    options, fixed = tuple(options), tuple(fixed)
    candidates = {c.id: c for c in problem.candidates}
    employers = sorted(problem.employers, key=lambda e: e.id)
    weight = _pair_weights(options)
    network, pairs = _pair_network(problem, options, {k: -w for k, w in weight.items()},
                                   True, fixed)
    booked = Counter(o.employer for o in fixed)
    reachable = {e for _, e in pairs}
    network.gate(MINIMUMS, sum(e.min_candidates for e in employers), to_sink=True)
    for employer in employers:
        if employer.id not in reachable:
            continue
        room = employer.max_candidates - booked[employer.id]
        counted = max(0, min(employer.min_candidates - booked[employer.id], room))
        network.arc(("e", employer.id), MINIMUMS, counted)
        network.arc(("e", employer.id), "sink", room - counted)
    ordinary = sum(c.priority <= 0 for c in problem.candidates)
    short_unit = max(weight.values(), default=0) * problem.event.max_interviews_per_candidate
    short_unit = short_unit * len(candidates) + 1
    _, flows = network.solve_in_order(len(options) + 1, (
        {PRIORITY_COVERED: -(ordinary + 1), COVERED: -1},
        {MINIMUMS: -short_unit},
    ))
    added = _chosen_slots(network, flows, options, weight)
    interviews = fixed + added
    covered = {o.candidate for o in interviews}
    count = Counter(o.employer for o in interviews)
    return Relaxed(
        sum(candidates[c].priority > 0 for c in covered), len(covered),
        sum(max(0, e.min_candidates - count[e.id]) for e in employers),
        sum(o.weight for o in interviews), added)


def _chosen_slots(network: _Network, flows, options: tuple[Option, ...],
                  weight: dict[tuple[str, str], int]) -> tuple[Option, ...]:
    """The (candidate, employer, slot) arcs carrying flow, as the best-weighted options.

    The arcs with flow are read first, so only their options are kept (a map of every
    option was 1 GB on 200 x 6,000).
    """
    names = {index: key for key, index in network.nodes.items()}
    chosen: set[tuple[str, str, int]] = set()
    for arc in np.flatnonzero(flows > 0):
        tail = names[network.tails[arc]]
        if isinstance(tail, tuple) and tail[0] == "p":
            # A pair node's arcs all lead to slot nodes ("s", employer, start).
            slot = cast(tuple[str, str, int], names[network.heads[arc]])
            chosen.add((tail[1], tail[2], slot[2]))
    best: dict[tuple[str, str, int], Option] = {}
    for option in options:
        key = (option.candidate, option.employer, option.start)
        if (key in chosen and key not in best
                and option.weight == weight[option.candidate, option.employer]):
            best[key] = option
    return tuple(best[key] for key in sorted(chosen))


def loose_bounds(problem: Problem, options: Iterable[Option], *,
                 complete: bool = True) -> dict[str, int]:
    """Bounds that hold for every schedule, for the tiers a stopped solve never reached.

    The minimised tiers count something, so 0; coverage counts the candidates with any
    option; preference adds each candidate's max_interviews_per_candidate best pair weights.
    Weak, but true (a stopped solve used to report each such tier's value as its bound).
    With `complete=False` (options cut short by the time limit) the candidates without
    options are counted from what they want alone: every one who wants anything, with the
    weights of their best-ranked wishes.
    """
    limit = problem.event.max_interviews_per_candidate
    weights: dict[str, list[int]] = defaultdict(list)
    for (candidate_id, _), weight in _pair_weights(options).items():
        weights[candidate_id].append(weight)
    if not complete:
        for candidate in problem.candidates:
            if candidate.id not in weights and (candidate.preferences or candidate.open_to_other):
                weights[candidate.id] = [preference_weight(candidate, v)
                                         for v in candidate.preferences[:limit]]
                weights[candidate.id] += [OPEN_TO_OTHER_WEIGHT] * (limit * candidate.open_to_other)
    reachable = set(weights) if limit > 0 else set()
    priority = {c.id for c in problem.candidates if c.priority > 0}
    return {
        "kept_published": 0,
        "priority_covered": len(reachable & priority),
        "covered": len(reachable),
        "shortfall": 0,
        "preference": sum(sum(sorted(w, reverse=True)[:limit]) for w in weights.values()),
        "waiting": 0,
    }
