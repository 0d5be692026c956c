"""Fuzzing every form and query parameter of every page: 0 responses ≥ 500, and a refused
request (4xx) changes no stored data.

The routes come from the app's URL map, each opened as whoever may open it (anonymous, the
link's owner, logged-in staff), with huge and odd ids in its path. The fields come from the
forms on the pages themselves (every `<form>` of every GET page, matched to the route it posts
to) and from every WTForms class of the app, so a new form or route is fuzzed without touching
this file. Values: long strings, NUL and other control characters, unicode, markup, numbers
out of range, wrong types, and the same field several times.

The hypothesis profile (HYPOTHESIS_PROFILE) sets the examples per route: "ci" (the default)
keeps the run near a minute, "nightly" tries many more.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import defaultdict
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms import Form
from wtforms.fields import FieldList, FormField
from wtforms.fields.core import UnboundField

from recruit.extensions import db
from tests.privacy.test_authorisation_matrix import (
    ADMIN,
    EVENT_STAFF,
    STAFF,
    _access,
    _url,
    _world,
)

STAFF_ACCESS = (STAFF, EVENT_STAFF, ADMIN)

_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
           HealthCheck.filter_too_much]
settings.register_profile("fuzz-ci", max_examples=4, deadline=None,
                          suppress_health_check=_HEALTH, database=None, derandomize=True)
settings.register_profile("fuzz-nightly", max_examples=60, deadline=None,
                          suppress_health_check=_HEALTH, database=None)
PROFILE = {"nightly": "fuzz-nightly"}.get(os.environ.get("HYPOTHESIS_PROFILE", ""), "fuzz-ci")

# Query parameters pages read besides their forms' fields.
COMMON_QUERY = ("lang", "q", "page", "next", "status", "sort", "kind", "format", "date", "tab",
                "employer", "vacancy", "candidate", "event", "from", "to", "order", "view")
HUGE_IDS = ("0", "2147483648", "9223372036854775808", "1" + "0" * 40, "-1")
# Staff POSTs that start work which outlives the request (a solve) or ends the session.
SKIP_POST = {"auth.logout"}

ODD = st.sampled_from([
    "\x00", "a\x00b", "\r\nBcc: x@example.org", "\t", "\x1b[31m", "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>", "' OR '1'='1", "%00", "../../etc/passwd", "\u202e",
    "😀" * 50, "ä" * 300, "-1", "0", "2147483648", "-9223372036854775809", "1e309", "NaN",
    "Infinity", "1.5", "true", "null", "[]", "{}", "2026-02-30", "25:61", "99:99", "",
    " ", "x" * 70000, "Europe/" + "X" * 300, "https://evil.example/", "//evil.example",
    "javascript:alert(1)", "fi_FI", "zz",
])
VALUE = st.one_of(
    ODD,
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=3), st.integers(200, 4000)),
)
# A field sent once, or several times (duplicate fields).
VALUES = st.one_of(VALUE, st.lists(VALUE, min_size=2, max_size=4))


class _Forms(HTMLParser):
    """The fields of every form on a page: {(method, action path): {field names}}."""

    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.forms: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.current: tuple[str, str] | None = None
        self.loose: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            action = urlsplit(values.get("action") or self.page_path).path or self.page_path
            self.current = ((values.get("method") or "get").upper(), action)
            self.forms.setdefault(self.current, set())  # a form without fields counts too
        elif tag in ("input", "select", "textarea", "button") and values.get("name"):
            name = str(values["name"])
            if self.current is not None:
                self.forms[self.current].add(name)
            else:
                self.loose.add(name)  # fields tied to a form by its id attribute

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None


def _form_classes() -> list[type[Form]]:
    found, todo = [], [Form]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("recruit."):
                found.append(sub)
            todo.append(sub)
    return found


def _field_names(cls: type[Form], prefix: str = "") -> set[str]:
    names = set()
    for name in dir(cls):
        unbound = getattr(cls, name, None)
        if not isinstance(unbound, UnboundField):
            continue
        if unbound.field_class is FieldList and unbound.args:
            inner = unbound.args[0]
            if isinstance(inner, UnboundField) and inner.field_class is FormField:
                names |= _field_names(inner.args[0], f"{prefix}{name}-0-")
            names.add(f"{prefix}{name}-0")
        elif unbound.field_class is FormField and unbound.args:
            names |= _field_names(unbound.args[0], f"{prefix}{name}-")
        names.add(prefix + name)
    return names


# What every request may write, refused or not: the visitor's session (its id, language and
# form token) and the counters of the rate limits. Not the data a refusal must leave alone.
BOOKKEEPING = {"server_session", "throttle_hit"}


def _snapshot() -> str:
    """A digest of every row of every table (what a refused request must not change)."""
    digest = hashlib.sha256()
    db.session.expire_all()
    for table in db.metadata.sorted_tables:
        if table.name in BOOKKEEPING:
            continue
        order = list(table.primary_key.columns) or list(table.columns)
        for row in db.session.execute(sa.select(table).order_by(*order)):
            digest.update(repr(tuple(row)).encode())
    db.session.rollback()
    return digest.hexdigest()


def _wait_for_jobs(timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread.name.startswith("job:"):
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_fuzzing_every_form_and_parameter_gives_no_500_and_refusals_change_nothing(
    app, logged_in_client, make_event, make_employer, make_vacancy, make_candidate,
    make_interview, make_staff_user,
):
    app.config.update(SOLVER_TIME_LIMIT_SECONDS=1, WAITLIST_TIME_LIMIT_SECONDS=1,
                      FILL_GAPS_TIME_LIMIT_SECONDS=1, MAX_CONTENT_LENGTH=256 * 1024,
                      # A 500 is answered (and counted), not raised into hypothesis.
                      PROPAGATE_EXCEPTIONS=False)
    world = _world(make_event, make_employer, make_vacancy, make_candidate, make_interview,
                   make_staff_user)
    anonymous = app.test_client()
    rules = sorted((r for r in app.url_map.iter_rules() if not r.endpoint.endswith("static")),
                   key=lambda r: (r.endpoint == "auth.logout", r.rule, r.endpoint))

    def client_for(rule: Any) -> Any:
        staff = _access(rule.endpoint, rule.arguments) in STAFF_ACCESS
        return logged_in_client if staff else anonymous

    def url_for_rule(rule: Any, ids: dict[str, Any] | None = None) -> str | None:
        access = _access(rule.endpoint, rule.arguments)
        return _url(rule, "admin" if access in STAFF_ACCESS else "link owner", ids or world)

    # The forms on every page, matched to where they post.
    posted: dict[tuple[str, str], set[str]] = defaultdict(set)
    for rule in rules:
        url = url_for_rule(rule)
        if url is None or "GET" not in rule.methods or rule.endpoint == "auth.logout":
            continue
        page = client_for(rule).get(url)
        if "html" not in (page.mimetype or ""):
            continue
        parser = _Forms(urlsplit(url).path)
        parser.feed(page.get_data(as_text=True))
        for key, names in parser.forms.items():
            posted[key] |= names | parser.loose
    all_fields = sorted(set().union(*(_field_names(cls) for cls in _form_classes())))
    assert len(all_fields) > 50 and posted  # the enumeration found the app's forms

    failures: list[str] = []
    changed: list[str] = []
    counts = {"requests": 0, "refused": 0, "routes": 0}
    slow: list[tuple[float, str]] = []

    def run_route(rule: Any, method: str, own: list[str], client: Any, base: str,
                  int_args: list[str]) -> None:
        baseline = [_snapshot()]

        @settings(settings.get_profile(PROFILE))
        @given(data=st.data())
        def fuzz(data: Any) -> None:
            names = data.draw(st.lists(st.sampled_from(own), max_size=8, unique=True)
                              if own else st.just([]))
            names += data.draw(st.lists(st.sampled_from(all_fields), max_size=3))
            fields = {name: data.draw(VALUES) for name in names}
            url = base
            if int_args and data.draw(st.booleans()):
                huge = data.draw(st.sampled_from(HUGE_IDS))
                odd_world = {**world, "ids": {**world["ids"],
                                              data.draw(st.sampled_from(int_args)): huge}}
                url = url_for_rule(rule, odd_world) or base
            if method == "GET":
                response = client.get(url, query_string=fields)
            else:
                response = client.open(url, method=method, data=fields)
            if method != "GET":
                _wait_for_jobs()  # a job started by the request finishes before the next one
            counts["requests"] += 1
            status = response.status_code
            if status >= 500 and not (rule.endpoint == "readyz" and status == 503):
                failures.append(f"{method} {url} {fields!r:.300} -> {status}")
            if 400 <= status < 500:
                counts["refused"] += 1
                now = _snapshot()
                if now != baseline[0]:
                    changed.append(f"{method} {rule.rule} {sorted(fields)!r} -> {status}")
                    baseline[0] = now
            else:
                baseline[0] = _snapshot()  # an accepted request may change data

        fuzz()

    for rule in rules:
        base = url_for_rule(rule)
        if base is None:
            continue
        path = urlsplit(base).path
        int_args = [name for name, conv in rule._converters.items()
                    if type(conv).__name__ in ("DatabaseIdConverter", "IntegerConverter")]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method != "GET" and rule.endpoint in SKIP_POST:
                continue
            own = sorted(posted.get((method, path), set()) | (
                posted.get(("GET", path), set()) if method == "GET" else set()))
            if method == "GET":
                own = sorted(set(own) | set(COMMON_QUERY))
            counts["routes"] += 1
            started = time.perf_counter()
            run_route(rule, method, own, client_for(rule), base, int_args)
            slow.append((time.perf_counter() - started, f"{method} {rule.rule}"))
    _wait_for_jobs()
    print(f"\nfuzz: {counts['routes']} route × method, {counts['requests']} requests, "
          f"{counts['refused']} refused, {len(failures)} ≥ 500, {len(changed)} changed data")
    print("slowest:", sorted(slow, reverse=True)[:8])
    print("\n".join(failures[:40]))
    assert failures == []
    assert changed == []
    assert counts["refused"] > 0 and counts["requests"] >= counts["routes"]
