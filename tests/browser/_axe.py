"""Accessibility checks with axe-core (the engine shipped inside axe-playwright-python)."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

_AXE = Axe()
SERIOUS = ("serious", "critical")


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page, one readable line each."""
    results = _AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]
