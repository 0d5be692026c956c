"""A second program that runs a whole event through the JSON API alone, as another system
of the organisation would: standard library only, no import of the service's code.

    python tests/api/event_runner.py BASE_URL TOKEN

creates an event, adds employers with vacancies, signs young people up, builds the schedule,
waits for it, publishes it (following the publish run in `Location` until everyone is told)
and reads the outcomes; prints a JSON summary on stdout.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

COMPANIES = [("Kahvila Aroma Oy", "1572860-0", "hygiene_passport"),
             ("Varasto Kiito Oy", "0737546-2", "forklift_card")]


class Api:
    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base.rstrip("/") + "/api/v1", token

    def call(self, method: str, path: str, body: Any = None,
             headers: dict[str, str] | None = None) -> tuple[int, Any, dict[str, str]]:
        """`path` under /api/v1, or an absolute path such as a Location header's."""
        url = (urllib.parse.urljoin(self.base, path) if path.startswith("/api/")
               else self.base + path)
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
            "Accept-Language": "fi", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null"), dict(
                    response.headers)
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null"), dict(error.headers)

    def expect(self, status: int, method: str, path: str, body: Any = None) -> Any:
        return self.expect_with_headers(status, method, path, body)[0]

    def expect_with_headers(self, status: int, method: str, path: str,
                            body: Any = None) -> tuple[Any, dict[str, str]]:
        got, answer, headers = self.call(method, path, body)
        if got != status:
            raise SystemExit(f"{method} {path}: expected {status}, got {got}: {answer}")
        return answer, headers


def follow(api: Api, location: str, timeout: float = 120) -> Any:
    """Poll a run (solve or publish) until it is neither queued nor running."""
    deadline = time.monotonic() + timeout
    run = api.expect(200, "GET", location)
    while run["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.5)
        run = api.expect(200, "GET", location)
    return run


def run(api: Api) -> dict[str, Any]:
    event = api.expect(201, "POST", "/events", {
        "name": "Työnantajatreffit", "date": "2027-05-20", "start": "09:00", "end": "12:00",
        "breaks": [{"start": "10:30", "end": "10:45"}], "venue_name": "Ohjaamo"})
    vacancies = []
    for company, business_id, card in COMPANIES:
        employer = api.expect(201, "POST", f"/events/{event['id']}/employers", {
            "company_name": company, "business_id": business_id, "contact_name": "Maija",
            "email": f"rekry@{business_id[:7]}.example.fi", "interview_minutes": 15,
            "tables": 2, "min_candidates": 2, "max_candidates": 12,
            "vacancies": [{"title": "Kesätyöntekijä", "positions": 3, "requires": [card]}]})
        vacancies.append(employer["vacancies"][0]["id"])
    for number in range(12):
        api.expect(201, "POST", f"/events/{event['id']}/candidates", {
            "first_name": "Nuori", "last_name": f"Henkilö {number}",
            "email": f"nuori{number}@example.fi", "birth_year": 2004 + number % 6,
            "languages": ["fi"], "cards": ["hygiene_passport", "forklift_card"][: 1 + number % 2],
            "interests": vacancies[: 1 + number % 2], "open_to_other": number % 3 == 0})
    listed = api.expect(200, "GET", f"/events/{event['id']}/candidates?page_size=100")
    run_ = api.expect(202, "POST", f"/events/{event['id']}/solve-runs", {"time_limit": 10})
    run_ = follow(api, f"/solve-runs/{run_['id']}")
    draft = api.expect(200, "GET", f"/events/{event['id']}/schedule/draft")
    accepted, headers = api.expect_with_headers(
        202, "POST", f"/events/{event['id']}/schedule/versions")
    published = follow(api, headers["Location"])
    version = api.expect(200, "GET",
                         f"/events/{event['id']}/schedule/versions/{published['version']}")
    outcomes = api.expect(200, "GET", f"/events/{event['id']}/outcomes")
    report = api.expect(200, "GET", f"/events/{event['id']}/report")
    return {
        "event_id": event["id"], "candidates": len(listed), "run_status": run_["status"],
        "objectives": run_["result"]["objectives"] if run_.get("result") else None,
        "left_out": run_["result"]["left_out"] if run_.get("result") else None,
        "draft": len(draft["interviews"]), "version": published["version"],
        "publish_accepted": accepted["status"], "publish_status": published["status"],
        "publish_location": headers["Location"], "publish_run": published["id"],
        "people_told": [published["people_done"], published["people_total"]],
        "messages_queued": published["messages_queued"],
        "published": len(version["interviews"]), "outcomes": len(outcomes),
        "report_lines": len(report["lines"]),
    }


if __name__ == "__main__":
    print(json.dumps(run(Api(sys.argv[1], sys.argv[2]))))
