"""Security headers (Flask-Talisman): a strict CSP with no inline script or style, no framing,
HSTS over HTTPS, and private-link pages that never pass their token on."""

from __future__ import annotations

import re
from pathlib import Path

from recruit.core import links
from recruit.extensions import db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# E-mails are not served as pages: mail clients need their inline styles.
PAGE_TEMPLATES = [p for p in TEMPLATES.rglob("*.html") if "email" not in p.parts]
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def _directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:])
            for part in (p.strip() for p in policy.split(";")) if part}


def test_the_policy_allows_no_inline_code_and_no_framing(client):
    response = client.get("/auth/login")
    policy = _directives(response.headers["Content-Security-Policy"])
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_page_template_has_inline_script_or_style():
    assert len(PAGE_TEMPLATES) > 40
    found = [f"{path.relative_to(TEMPLATES)}: {what}"
             for path in PAGE_TEMPLATES
             for what, pattern in INLINE.items()
             if pattern.search(path.read_text(encoding="utf-8"))]
    assert found == []


def test_private_link_pages_send_no_referrer_and_are_not_cached(app, client, make_event,
                                                                make_candidate):
    person = make_candidate(make_event())
    _link, token = links.issue(person, "booking")
    db.session.commit()
    for path in (f"/youth/b/{token}", f"/youth/b/{token}/data", f"/youth/b/{token}/data.json"):
        response = client.get(path, base_url="https://localhost")
        assert response.status_code == 200, path
        assert response.headers["Referrer-Policy"] == "no-referrer", path
        assert response.headers["Cache-Control"] == "no-store", path
        assert "Strict-Transport-Security" in response.headers


def test_forms_on_private_pages_work_over_https_without_a_referrer(make_app):
    """The pages send no Referer (no-referrer), so the CSRF check must not demand one."""
    app = make_app(WTF_CSRF_ENABLED=True, TRUSTED_PROXIES=1)
    with app.app_context():
        from tests import factories
        person = factories.make_candidate(factories.make_event())
        person_id = person.id
        _link, token = links.issue(person, "booking")
        db.session.commit()
        client = app.test_client()
        page = client.get(f"/youth/b/{token}/data/erase", base_url="https://localhost")
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*'
                         r'name="csrf_token"', page.get_data(as_text=True))
        assert csrf
        value = next(group for group in csrf.groups() if group)
        without_token = client.post(f"/youth/b/{token}/data/erase", data={"sure": "y"},
                                    base_url="https://localhost")
        assert without_token.status_code == 400
        erased = client.post(f"/youth/b/{token}/data/erase",
                             data={"csrf_token": value, "sure": "y"},
                             base_url="https://localhost")
        assert erased.status_code == 200
        db.session.expire_all()
        assert db.session.get(type(person), person_id) is None
