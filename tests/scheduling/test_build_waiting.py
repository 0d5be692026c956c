"""The build ends once who gets an interview is settled; waiting times only if staff ask."""

from __future__ import annotations

import re

from recruit.events.demo import create_demo_event
from recruit.extensions import db
from recruit.models import SolveRun
from tests.scheduling.support import wait_for_run

STILL_IMPROVABLE = "can still be shortened"


def _build(client, event_id: int, **data: str) -> SolveRun:
    response = client.post(f"/staff/events/{event_id}/schedule/build?lang=en",
                           data={"time_limit": "20", "seed": "1", **data})
    assert response.status_code == 302, response.get_data(as_text=True)
    return wait_for_run(int(re.search(r"/runs/(\d+)$", response.headers["Location"]).group(1)))


def _waiting(run: SolveRun) -> dict:
    return next(t for t in run.result["objectives"] if t["name"] == "waiting")


def test_the_build_stops_when_tiers_1_to_4_are_proven_and_offers_to_go_on(logged_in_client):
    event = create_demo_event(employers=2, candidates=30)
    db.session.commit()
    overview = logged_in_client.get(f"/staff/events/{event.id}/schedule?lang=en")
    html = overview.get_data(as_text=True)
    assert "Keep improving waiting times" in html
    # Off by default: the box is not ticked.
    box = re.search(r'<input[^>]*name="improve_waiting"[^>]*>', html).group(0)
    assert 'type="checkbox"' in box and "checked" not in box

    first = _build(logged_in_client, event.id)
    assert first.status == "done", first.error
    assert first.improve_waiting is False
    assert first.result["stats"]["waiting_skipped"] == 1.0
    proven = {t["name"]: t["proven"] for t in first.result["objectives"]}
    assert all(proven[name] for name in proven if name != "waiting")
    assert not _waiting(first)["proven"]

    for page in (f"/staff/events/{event.id}/schedule/runs/{first.id}?lang=en",
                 f"/staff/events/{event.id}/schedule?lang=en"):
        html = logged_in_client.get(page).get_data(as_text=True)
        assert STILL_IMPROVABLE in html, page
        assert f"now {_waiting(first)['value']} minutes in all" in html
        assert 'name="improve_waiting" value="y"' in html

    # The button builds again and keeps going on the waits.
    second = _build(logged_in_client, event.id, time_limit=str(first.time_limit),
                    seed=str(first.seed), improve_waiting="y")
    assert second.status == "done", second.error
    assert second.improve_waiting is True
    assert second.result["stats"]["waiting_skipped"] == 0.0
    assert _waiting(second)["value"] < _waiting(first)["value"]
    for name in ("kept_published", "priority_covered", "covered", "shortfall", "preference"):
        assert ({t["name"]: t["value"] for t in second.result["objectives"]}[name]
                == {t["name"]: t["value"] for t in first.result["objectives"]}[name])
    html = logged_in_client.get(
        f"/staff/events/{event.id}/schedule/runs/{second.id}?lang=en").get_data(as_text=True)
    assert STILL_IMPROVABLE not in html
