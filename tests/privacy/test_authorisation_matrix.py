"""Every URL rule × method × role, with the expected outcome in one table: 0 unexpected 2xx.

Roles: anonymous; staff: an admin, a coordinator of the event the URLs name, and a coordinator
of another event; the owner of each kind of private link (a young person's booking and
confirmation links, an employer's link, the staff calendar feed, a staff member's one-time
password link, the follow-up form's link); the same links used on someone else's data (young
person X's link on Y's interview, employer A's link on B's interview); expired links; revoked
(or used) links; and links of the wrong kind (a booking link where an employer link belongs,
and back). Any response ≥ 500 also fails.

A rule missing from `ACCESS` fails the test: a new route must say who may open it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import sqlalchemy as sa

from recruit.accounts import links as account_links
from recruit.accounts.operations import add_coordinator
from recruit.api import tokens as api_tokens
from recruit.calendar import feeds
from recruit.core import links
from recruit.extensions import db
from recruit.models import (
    BookingLink,
    FollowUpRequest,
    OutboxMessage,
    RequirementCard,
    StaffAccountLink,
)
from recruit.scheduling.publishing import publish_schedule
from tests import factories

PUBLIC, STAFF, BOOKING, CONFIRM, EMPLOYER, FEED, API, ACCOUNT, FOLLOW_UP = (
    "public", "staff", "booking link", "confirmation link", "employer link", "event feed",
    "API token", "account link", "follow-up link")
# Staff pages come in three kinds: any staff member's (no event in the URL), the event's
# (its coordinators and admins), and admins' alone.
EVENT_STAFF, ADMIN = "the event's staff", "admin"

# Who may open each endpoint: the one table of expected access.
ACCESS = {
    "index": PUBLIC, "healthz": PUBLIC, "readyz": PUBLIC, "static": PUBLIC,
    "auth.login": PUBLIC, "auth.logout": PUBLIC,
    "employers.static": PUBLIC, "reports.static": PUBLIC,
    "employers.events": PUBLIC, "employers.link_again": PUBLIC, "employers.privacy": PUBLIC,
    "employers.signup": PUBLIC, "employers.signup_done": PUBLIC,
    "youth.link_again": PUBLIC, "youth.privacy": PUBLIC, "youth.signup_form": PUBLIC,
    "youth.signup_sent": PUBLIC,
    "youth.booking": BOOKING, "youth.book": BOOKING, "youth.cancel_everything": BOOKING,
    "youth.calendar": BOOKING, "youth.confirm_interview": BOOKING,
    "youth.decline_interview": BOOKING, "youth.contact": BOOKING, "youth.stop_texts": BOOKING,
    "youth.booking_times": BOOKING,
    "privacy.own_data_page": BOOKING,
    "privacy.own_data_json": BOOKING, "privacy.erase": BOOKING,
    "privacy.consented_notice": BOOKING, "privacy.consent_again": BOOKING,
    "privacy.withdraw": BOOKING, "privacy.stop_sharing": BOOKING,
    "youth.confirm_email": CONFIRM,
    "employers.link": EMPLOYER, "employers.outcomes_form": EMPLOYER,
    "employers.roster_print": EMPLOYER, "employers.arrivals": EMPLOYER,
    "calendar_feeds.employer_feed": EMPLOYER,
    "employer_data.own_data_page": EMPLOYER, "employer_data.own_data_json": EMPLOYER,
    "employer_data.consented_notice": EMPLOYER, "employer_data.consent_again": EMPLOYER,
    "employer_data.erase": EMPLOYER,
    "calendar_feeds.event_feed": FEED,
    "follow_up.form": FOLLOW_UP,
    "api-docs.openapi_json": PUBLIC, "api_docs.reference": PUBLIC,
    "auth.password_reset": PUBLIC, "auth.set_password": ACCOUNT,
    # The second step of a login: it needs a password given moments ago, or sends to login.
    "auth.second_factor_page": PUBLIC, "auth.second_factor_enrol": PUBLIC,
    "staff.account_second_factor_reset": ADMIN, "staff.account_policy": ADMIN,
    "staff.accounts": ADMIN, "staff.account_update": ADMIN, "staff.account_lift_lockout": ADMIN,
    "staff.audit_log_page": ADMIN,
    "staff.cards": ADMIN, "staff.card_set_active": ADMIN, "staff.api_tokens": ADMIN,
    "staff.api_token_revoke": ADMIN,
}
# Everything else under /staff/ is for logged-in staff (reports included): a page of one
# event for its coordinators and admins, any other for every staff member; every other
# route of the JSON API needs an API token (reads a read token, writes a write token).
STAFF_PREFIXES = ("staff.", "reports.")
API_PREFIX = "api-"
TOKEN_KINDS = (BOOKING, CONFIRM, EMPLOYER, FEED, ACCOUNT, FOLLOW_UP)
UNKNOWN_TOKEN = "A" * 43
STATIC_FILES = {"static": "style.css", "employers.static": "employers.css",
                "reports.static": "reports.css"}


def _access(endpoint: str, arguments: frozenset[str] | set[str] = frozenset()) -> str:
    if endpoint in ACCESS:
        return ACCESS[endpoint]
    if endpoint.startswith(STAFF_PREFIXES):
        return EVENT_STAFF if "event_id" in arguments else STAFF
    if endpoint.startswith(API_PREFIX):
        return API
    raise AssertionError(f"{endpoint} is not in the access table")


def _world(make_event, make_employer, make_vacancy, make_candidate, make_interview,
           make_staff_user):
    event = make_event(start_minute=9 * 60, end_minute=11 * 60)
    employer_a, employer_b = make_employer(event), make_employer(event)
    vacancy_a, vacancy_b = make_vacancy(employer_a), make_vacancy(employer_b)
    youth_x = make_candidate(event, open_to_other=True)
    youth_y = make_candidate(event, open_to_other=True)
    own = make_interview(youth_x, vacancy_a, start_minute=9 * 60)
    others = make_interview(youth_y, vacancy_b, start_minute=9 * 60)
    publish_schedule(event, None)
    # Asked the follow-up: their follow-up link opens the form.
    db.session.add(FollowUpRequest(event_id=event.id, candidate_id=youth_x.id,
                                   asked_at=dt.datetime.now(dt.UTC)))
    db.session.commit()

    def tokens() -> dict[str, str]:
        return {
            BOOKING: links.issue(youth_x, "booking")[1],
            CONFIRM: links.issue(youth_x, "confirm_email")[1],
            EMPLOYER: links.issue(employer_a, "employer")[1],
            FOLLOW_UP: links.issue(youth_x, "follow_up")[1],
        }

    owner = {**tokens(), FEED: feeds.renew_event_feed(event)}
    expired = tokens()
    revoked = tokens()
    for token in revoked.values():
        db.session.execute(sa.update(BookingLink).where(
            BookingLink.token_hash == links.hash_token(token)).values(revoked_at=sa.func.now()))
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    for token in expired.values():
        db.session.execute(sa.update(BookingLink).where(
            BookingLink.token_hash == links.hash_token(token)).values(
                created_at=past - dt.timedelta(days=1), expires_at=past))
    # A feed of another event, expired; and one revoked.
    other_event = make_event()
    expired[FEED] = feeds.renew_event_feed(other_event)
    db.session.execute(sa.update(BookingLink).where(
        BookingLink.token_hash == links.hash_token(expired[FEED])).values(
            created_at=past - dt.timedelta(days=1), expires_at=past))
    revoked[FEED] = feeds.renew_event_feed(other_event)
    feeds.revoke_event_feed(other_event)
    db.session.commit()
    # A staff member's one-time password link: a live one, one past its time, one used.
    invited = make_staff_user(role="coordinator")

    def account_token() -> str:
        placeholder = account_links.issue_for_mail(invited, "invite")
        return links.mail_token(placeholder.split("~")[2])

    expired[ACCOUNT] = account_token()
    db.session.execute(sa.update(StaffAccountLink).where(
        StaffAccountLink.token_hash == links.hash_token(expired[ACCOUNT])).values(
            created_at=past - dt.timedelta(days=1), expires_at=past))
    revoked[ACCOUNT] = account_token()  # used up when the next one is issued
    owner[ACCOUNT] = account_token()
    db.session.commit()
    wrong = {BOOKING: owner[EMPLOYER], CONFIRM: owner[EMPLOYER], EMPLOYER: owner[BOOKING],
             FEED: owner[BOOKING], ACCOUNT: owner[BOOKING], FOLLOW_UP: owner[BOOKING]}
    ids = {
        "event_id": event.id, "candidate_id": youth_x.id, "employer_id": employer_a.id,
        "vacancy_id": vacancy_a.id, "interview_id": own.id, "number": 1, "kind": "csv",
        "run_id": 1, "card_id": db.session.scalar(sa.select(RequirementCard.id)),
        "message_id": db.session.scalar(sa.select(OutboxMessage.id)),
        # No text exists (SMS is off): staff get a 404 from the event they may see.
        "sms_id": 1,
    }
    api = {scope: api_tokens.create_token(f"matrix {scope}", scope, None)[1]
           for scope in ("read", "write")}
    revoked_row, api["revoked"] = api_tokens.create_token("matrix revoked", "write", None)
    api_tokens.revoke_token(revoked_row, None)
    db.session.commit()
    ids["token_id"] = revoked_row.id
    # Coordinators: one of this event, one of another event only.
    coordinators = {}
    for role, their_event in (("coordinator of the event", event),
                              ("coordinator of another event", other_event)):
        user = make_staff_user(role="coordinator")
        add_coordinator(their_event, user, None)
        coordinators[role] = user.email
    db.session.commit()
    ids["user_id"] = invited.id
    return {"owner": owner, "expired": expired, "revoked": revoked, "wrong": wrong,
            "ids": ids, "foreign_interview": others.id, "api": api,
            "coordinators": coordinators}


# role → (tokens used, whose ids, logged in)
STAFF_ROLES = ("coordinator of another event", "coordinator of the event", "admin")
ROLES = ("anonymous", "link owner", "X's link on Y's data / A's on B's", "expired link",
         "revoked link", "link of the wrong kind", "API read token", "API write token",
         "revoked API token", *STAFF_ROLES)
API_ROLES = {"API read token": "read", "API write token": "write",
             "revoked API token": "revoked"}
READS = ("GET",)


def _allowed(role: str, access: str, method: str) -> bool:
    if access == PUBLIC:
        return True
    if access == STAFF:
        return role in STAFF_ROLES
    if access == EVENT_STAFF:
        return role in ("coordinator of the event", "admin")
    if access == ADMIN:
        return role == "admin"
    if access == API:
        return role == "API write token" or (role == "API read token" and method in READS)
    return role == "link owner"


def _url(rule: Any, role: str, world: dict[str, Any]) -> str | None:
    access = _access(rule.endpoint, rule.arguments)
    values: dict[str, Any] = {}
    for name in rule.arguments:
        if name == "token":
            if access not in TOKEN_KINDS or role in ("anonymous", *STAFF_ROLES, *API_ROLES):
                values[name] = UNKNOWN_TOKEN
            else:
                source = {"link owner": "owner", "expired link": "expired",
                          "revoked link": "revoked", "link of the wrong kind": "wrong"}.get(
                              role, "owner")
                values[name] = world[source][access]
        elif name == "filename":
            values[name] = STATIC_FILES[rule.endpoint]
        else:
            values[name] = world["ids"][name]
    if role.startswith("X's link"):
        # Only a route that names another object can show someone else's data.
        if access not in TOKEN_KINDS or "interview_id" not in rule.arguments:
            return None
        values["interview_id"] = world["foreign_interview"]
    return rule.build(values, append_unknown=False)[1]


def test_every_route_method_and_role(
    app, logged_in_client, make_event, make_employer, make_vacancy, make_candidate,
    make_interview, make_staff_user,
):
    world = _world(make_event, make_employer, make_vacancy, make_candidate, make_interview,
                   make_staff_user)
    anonymous = app.test_client()
    clients = {"admin": logged_in_client}
    for role, email in world["coordinators"].items():
        clients[role] = app.test_client()
        response = clients[role].post("/auth/login", data={
            "email": email, "password": factories.STAFF_PASSWORD})
        assert response.status_code == 302, f"the {role} could not log in"
    # Logging out last, or the staff member's later cells would be anonymous ones.
    rules = sorted(app.url_map.iter_rules(),
                   key=lambda r: (r.endpoint == "auth.logout", r.rule, r.endpoint))
    unexpected: list[str] = []
    errors: list[str] = []
    counts: Counter[tuple[str, str]] = Counter()
    for role in ROLES:  # staff last: their allowed writes must not change the other cells
        client = clients.get(role, anonymous)
        for rule in rules:
            access = _access(rule.endpoint, rule.arguments)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                if role in STAFF_ROLES and method == "POST" and _allowed(role, access, method):
                    # Allowed by the table whatever they answer; some start solver jobs
                    # (build, a freed time for the waiting list) that outlive the test.
                    continue
                url = _url(rule, role, world)
                if url is None:
                    continue
                headers = ({"Authorization": f"Bearer {world['api'][API_ROLES[role]]}"}
                           if role in API_ROLES else {})
                if role in API_ROLES and method != "GET":
                    headers["If-Match"] = '"stale"'  # a write never lands on a guessed ETag
                response = client.open(url, method=method, data={}, headers=headers)
                allowed = _allowed(role, access, method)
                ok = 200 <= response.status_code < 300
                counts[(role, "2xx allowed" if allowed and ok else
                        "2xx UNEXPECTED" if ok else "refused")] += 1
                cell = f"{role}: {method} {url} -> {response.status_code}"
                if ok and not allowed:
                    unexpected.append(cell)
                # /readyz answers 503 by design when a service it checks is down.
                if response.status_code >= 500 and rule.endpoint != "readyz":
                    errors.append(cell)
    print()
    for role in ROLES:
        print(f"{role:40} " + ", ".join(
            f"{what} {counts[(role, what)]}" for what in ("2xx allowed", "refused",
                                                          "2xx UNEXPECTED")))
    print(f"cells: {sum(counts.values())}, unexpected 2xx: {len(unexpected)}")
    assert unexpected == []
    assert errors == []
    # The table is not vacuous: owners and staff really get in.
    assert counts[("link owner", "2xx allowed")] >= 10
    assert counts[("admin", "2xx allowed")] >= 30
    # Roles are not vacuous either: a coordinator opens their event's pages, not the
    # admin's; the other event's coordinator opens only pages that name no event.
    assert counts[("coordinator of the event", "2xx allowed")] >= 25
    assert (counts[("coordinator of another event", "2xx allowed")]
            < counts[("coordinator of the event", "2xx allowed")]
            < counts[("admin", "2xx allowed")])
    # API tokens open the API and nothing else; a revoked one opens what anyone may.
    assert counts[("API read token", "2xx allowed")] > counts[("anonymous", "2xx allowed")]
    assert counts[("revoked API token", "2xx allowed")] == counts[("anonymous", "2xx allowed")]


def test_every_rule_is_in_the_table(app):
    for rule in app.url_map.iter_rules():
        assert _access(rule.endpoint, rule.arguments)
