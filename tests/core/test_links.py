"""Private links: unguessable, stored as hashes, expiring, revocable, owner-only; every
failure is the same 404."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from recruit.core import links
from recruit.extensions import db
from recruit.models import AuditEntry, BookingLink, Candidate, Interview, utcnow
from tests.booking.support import booking_token, outbox, publish, token_from, wait_for_refills


@pytest.fixture(autouse=True)
def _refills_finish(app: Any) -> Any:
    app.config["WAITLIST_TIME_LIMIT_SECONDS"] = 2
    yield
    wait_for_refills()


@pytest.fixture
def two_people(make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
               make_interview: Any) -> dict[str, Any]:
    event = make_event(retention_days=30)
    vacancy = make_vacancy(make_employer(event, tables=2))
    anna = make_candidate(event, interests=[vacancy])
    ben = make_candidate(event, interests=[vacancy])
    anna_interview = make_interview(anna, vacancy, start_minute=540)
    ben_interview = make_interview(ben, vacancy, start_minute=540, table_no=2)
    publish(event)
    return {"event": event, "anna": anna, "ben": ben, "anna_interview": anna_interview,
            "ben_interview": ben_interview, "token": booking_token(anna)}


def test_tokens_are_long_random_and_stored_only_as_hashes(two_people: dict[str, Any]) -> None:
    anna = two_people["anna"]
    link, token = links.issue(anna, "booking")
    db.session.commit()
    assert len(token) >= 43  # 32 random bytes, base64url: 256 bits
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = db.session.execute(sa.select(BookingLink.__table__)).all()
    assert all(token not in str(row) for row in stored)
    assert links.issue(anna, "booking")[1] != token


def test_links_expire_after_the_retention_period(two_people: dict[str, Any]) -> None:
    event = two_people["event"]
    link, _token = links.issue(two_people["anna"], "booking")
    # Event on 12 March 2027 (Helsinki), kept 30 days: usable until 12 April 00:00 local.
    assert link.expires_at == dt.datetime(2027, 4, 11, 21, 0, tzinfo=dt.UTC)
    assert links.link_expiry(event) == link.expires_at


def _same_404(client: Any, url: str, method: str = "get") -> str:
    """The 404 page's main content (the language links around it repeat the path)."""
    response = getattr(client, method)(url)
    assert response.status_code == 404
    return response.get_data(as_text=True).split("<main", 1)[1].split("</main>", 1)[0]


def test_wrong_expired_revoked_and_misused_tokens_get_the_same_404(
    client: Any, two_people: dict[str, Any]
) -> None:
    anna, token = two_people["anna"], two_people["token"]
    assert client.get(f"/youth/b/{token}").status_code == 200
    pages = {
        "wrong": _same_404(client, "/youth/b/" + "A" * 43),
        "malformed": _same_404(client, "/youth/b/short"),
        "nonsense": _same_404(client, "/youth/b/" + "%C3%A4" * 20),
    }
    expired_link, expired = links.issue(anna, "booking")
    expired_link.created_at = utcnow() - dt.timedelta(days=400)
    expired_link.expires_at = utcnow() - dt.timedelta(seconds=1)
    revoked_link, revoked = links.issue(anna, "booking")
    revoked_link.revoked_at = utcnow()
    _confirm_link, confirm_token = links.issue(anna, "confirm_email")
    db.session.commit()
    pages["expired"] = _same_404(client, f"/youth/b/{expired}")
    pages["revoked"] = _same_404(client, f"/youth/b/{revoked}")
    pages["other purpose"] = _same_404(client, f"/youth/b/{confirm_token}")
    pages["booking token as confirmation"] = _same_404(client, f"/youth/confirm/{token}")
    pages["ics of revoked"] = _same_404(client, f"/youth/b/{revoked}/interviews.ics")
    assert len(set(pages.values())) == 1, "every failure must look the same"
    # Actions through a dead link change nothing.
    client.post(f"/youth/b/{revoked}/cancel", data={"sure": "y"})
    assert db.session.get(Candidate, anna.id).status == "active"


def test_another_persons_interview_is_404(client: Any, two_people: dict[str, Any]) -> None:
    token, ben_interview = two_people["token"], two_people["ben_interview"]
    own_404 = _same_404(client, "/youth/b/" + "B" * 43)
    for action in ("confirm", "decline"):
        body = _same_404(client, f"/youth/b/{token}/interviews/{ben_interview.id}/{action}",
                         "post")
        assert body == own_404
    row = db.session.get(Interview, ben_interview.id)
    assert row.cancelled_at is None and row.response == "pending"
    assert _same_404(client, f"/youth/b/{token}/interviews/999999/confirm", "post") == own_404


def test_a_page_shows_only_its_owners_data(client: Any, two_people: dict[str, Any]) -> None:
    ben = two_people["ben"]
    page = client.get(f"/youth/b/{two_people['token']}").get_data(as_text=True)
    assert two_people["anna"].first_name in page
    assert ben.first_name not in page and ben.email not in page


def test_reissue_revokes_the_old_link(two_people: dict[str, Any], client: Any) -> None:
    anna, old = two_people["anna"], two_people["token"]
    _link, new = links.reissue(anna, "booking")
    db.session.commit()
    assert client.get(f"/youth/b/{old}").status_code == 404
    assert client.get(f"/youth/b/{new}").status_code == 200


def test_staff_revoke_and_send_a_new_link(
    logged_in_client: Any, two_people: dict[str, Any]
) -> None:
    event, anna, old = two_people["event"], two_people["anna"], two_people["token"]
    base = f"/staff/events/{event.id}/candidates/{anna.id}/booking"
    assert logged_in_client.get(base).status_code == 200
    assert logged_in_client.post(base + "/new-link").status_code == 302
    assert logged_in_client.get(f"/youth/b/{old}").status_code == 404
    [message] = outbox("booking_link")
    assert logged_in_client.get(f"/youth/b/{token_from(message)}").status_code == 200
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert "candidate.reissue_link" in actions


def test_check_in_code_opens_a_staff_page(
    client: Any, auth: Any, staff_user: Any, two_people: dict[str, Any]
) -> None:
    anna, token = two_people["anna"], two_people["token"]
    page = client.get(f"/youth/b/{token}").get_data(as_text=True)
    check_in = links.check_in_token(token)
    assert client.get(f"/youth/b/{token}").status_code == 200  # the same code every time
    assert links.resolve(check_in, "check_in") is not None
    assert "<svg" in page
    # Only staff can use it.
    anonymous = client.get(f"/staff/check-in/{check_in}")
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    auth.login()
    assert client.get(f"/staff/check-in/{check_in}").status_code == 200
    # Months before the event the door is not open yet.
    early = client.post(f"/staff/check-in/{check_in}", follow_redirects=True)
    assert "Saapumisen kirjaus avautuu tapahtumapäivänä" in early.get_data(as_text=True)
    assert db.session.get(Candidate, anna.id).checked_in_at is None
    event = db.session.get(Candidate, anna.id).event
    event.date = dt.datetime.now(ZoneInfo(event.timezone)).date()
    db.session.commit()
    assert client.post(f"/staff/check-in/{check_in}").status_code == 302
    assert db.session.get(Candidate, anna.id).checked_in_at is not None
    assert client.get(f"/staff/check-in/{token}").status_code == 404  # a booking token is not one
    assert "candidate.check_in" in db.session.scalars(sa.select(AuditEntry.action)).all()


def test_booking_link_command(runner: Any, client: Any, two_people: dict[str, Any]) -> None:
    anna = two_people["anna"]
    result = runner.invoke(args=["booking-link", anna.email.upper()])
    assert result.exit_code == 0, result.output
    url = result.output.strip()
    assert url.startswith("http://127.0.0.1:5000/youth/b/")
    assert client.get(url.removeprefix("http://127.0.0.1:5000")).status_code == 200
    unknown = runner.invoke(args=["booking-link", "nobody@example.org"])
    assert unknown.exit_code != 0 and "nobody with that address" in unknown.output
