"""What the schedule page says of a finished build, kept apart from the build's answer.

A run's `result` is the solver's whole answer: every interview and every young person left
out with their reasons, about 300 kB at 40 employers × 1,200 youth. The schedule page only
tells the build's status, tier values against the greedy's, a few statistics and which
employers were left out; reading and parsing the whole answer on every load made the page
cost the size of the event. The job that finishes a run stores `summary_of(result)` beside
it (`SolveRun.summary`), and the page reads that.

Ids only, like the result: the page puts names to them in the reader's language.
"""

from __future__ import annotations

from typing import Any

from recruit.scheduling.bridge import Schedule, schedule_from_dict

# The result's parts the summary keeps as they are.
_KEPT = ("status", "message", "objectives", "baseline", "stats")


def summary_of(result: dict[str, Any]) -> dict[str, Any]:
    """The summary of a run's `result` (the solver's answer with the bridge's additions)."""
    placed = {item.get("candidate") for item in result.get("interviews", [])}
    summary = {key: result[key] for key in _KEPT if key in result}
    summary["candidates"] = len(result.get("unscheduled", [])) + len(placed)
    summary["employers_left_out"] = [
        item for item in result.get("left_out", []) if str(item.get("id", "")).startswith("E")
    ]
    if isinstance(result.get("published"), int):
        summary["published"] = result["published"]
    return summary


def summary_schedule(summary: dict[str, Any]) -> Schedule:
    """The summary read back as a solver answer without interviews (status, tiers, greedy,
    statistics), through the same reader as a whole answer."""
    return schedule_from_dict({
        "status": summary.get("status", ""),
        "message": summary.get("message", ""),
        "interviews": [],
        "unscheduled": [],
        "not_first_choice": [],
        "objectives": summary.get("objectives", []),
        "baseline": summary.get("baseline", []),
        "stats": summary.get("stats", {}),
    })
