"""Staff accounts in the app: an admin invites by e-mail, the invitee sets a password through
a one-time link; anyone can ask for a reset link without learning which addresses exist.
Mail goes through the outbox to a real SMTP server."""

from __future__ import annotations

import re

import sqlalchemy as sa

from recruit.accounts import links as account_links
from recruit.core import links
from recruit.extensions import db
from recruit.mail.sender import deliver_due
from recruit.models import AuditEntry, OutboxMessage, StaffAccountLink, StaffUser, utcnow

LINK = re.compile(r"https?://\S+/auth/password/([A-Za-z0-9_-]{40,64})")


def _arrived_link(smtp_server, to: str) -> str:
    mails = [r for r in smtp_server.received if r.message["To"] == to]
    assert len(mails) == 1, [r.message["To"] for r in smtp_server.received]
    text = mails[0].message.get_body(("plain",)).get_content()
    match = LINK.search(text)
    assert match is not None, text
    return match.group(1)


def test_an_invitation_arrives_and_its_link_sets_the_password_once(
    mail_app, smtp_server, logged_in_client
):
    response = logged_in_client.post("/staff/accounts", data={
        "email": "Uusi.Koordinaattori@Example.org", "name": "Uuna Uusi",
        "role": "coordinator", "locale": "sv"})
    assert response.status_code == 302, response.get_data(as_text=True)
    user = StaffUser.by_email("uusi.koordinaattori@example.org")
    assert user is not None and user.role == "coordinator"
    # The outbox holds a placeholder, never a token that opens the page.
    stored = db.session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "staff_invite"))
    assert links.has_mail_links(stored.body_text) and links.has_mail_links(stored.body_html)
    assert all(account_links.resolve(found) is None
               for found in re.findall(r"[A-Za-z0-9_-]{40,64}", stored.body_text))
    deliver_due(mail_app)
    token = _arrived_link(smtp_server, "uusi.koordinaattori@example.org")
    mail = smtp_server.received[-1].message
    assert "Täsmärekry" in mail["Subject"] and mail.get_body(("plain",)).get_content().startswith(
        "Hej Uuna Uusi")
    client = mail_app.test_client()
    assert client.post("/auth/login", data={"email": user.email,
                                            "password": "uusi salasana 1"}).status_code == 401
    page = client.get(f"/auth/password/{token}")
    assert page.status_code == 200 and user.email in page.get_data(as_text=True)
    mismatch = client.post(f"/auth/password/{token}", data={
        "password": "uusi salasana 1", "confirm": "toinen salasana"})
    assert mismatch.status_code == 400
    short = client.post(f"/auth/password/{token}", data={"password": "lyhyt", "confirm": "lyhyt"})
    assert short.status_code == 400
    assert "10" in short.get_data(as_text=True)
    done = client.post(f"/auth/password/{token}", data={
        "password": "uusi salasana 1", "confirm": "uusi salasana 1"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/auth/login")
    # Once: the same link no longer opens.
    assert client.get(f"/auth/password/{token}").status_code == 404
    assert client.post("/auth/login", data={"email": user.email,
                                            "password": "uusi salasana 1"}).status_code == 302
    actions = set(db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.object_type == "staff_user", AuditEntry.object_id == user.id)))
    assert {"staff_user.invite", "staff_user.password_set_by_invite"} <= actions


def test_an_address_already_in_use_is_refused(app, logged_in_client, staff_user):
    response = logged_in_client.post("/staff/accounts", data={
        "email": staff_user.email.upper(), "name": "Toinen", "role": "admin", "locale": "fi"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(StaffUser.id))) == 1


def test_a_reset_answers_the_same_for_unknown_addresses_and_mails_only_real_ones(
    mail_app, smtp_server, staff_user, make_staff_user
):
    gone = make_staff_user(email="poissa@example.org", is_active=False)
    client = mail_app.test_client()
    client.get("/auth/login?lang=en")
    answers = []
    for email in (staff_user.email, "ei.ole@example.org", gone.email):
        response = client.post("/auth/password-reset", data={"email": email})
        assert response.status_code == 302
        answers.append(client.get(response.headers["Location"]).get_data(as_text=True))
    assert answers[0] == answers[1] == answers[2]
    assert "If the address belongs to a staff account" in answers[0]
    deliver_due(mail_app)
    assert [r.message["To"] for r in smtp_server.received] == [staff_user.email]
    token = _arrived_link(smtp_server, staff_user.email)
    assert client.post(f"/auth/password/{token}", data={
        "password": "aivan uusi salasana", "confirm": "aivan uusi salasana"}).status_code == 302
    assert client.post("/auth/login", data={
        "email": staff_user.email, "password": "aivan uusi salasana"}).status_code == 302


def test_a_reset_link_expires_and_a_newer_one_retires_it(app, staff_user):
    first = account_links.issue_for_mail(staff_user, "password_reset")
    first_token = links.mail_token(first.split("~")[2])
    assert account_links.resolve(first_token) is not None
    second = account_links.issue_for_mail(staff_user, "password_reset")
    second_token = links.mail_token(second.split("~")[2])
    assert account_links.resolve(first_token) is None
    row = db.session.scalar(sa.select(StaffAccountLink).where(
        StaffAccountLink.token_hash == links.hash_token(second_token)))
    assert row.expires_at - row.created_at <= account_links.DEFAULT_LIFETIME["password_reset"]
    row.expires_at = utcnow()
    db.session.commit()
    assert account_links.resolve(second_token) is None
    for bad in ("x" * 43, "short", "ä" * 43, second_token):
        assert app.test_client().get(f"/auth/password/{bad}").status_code == 404


def test_deactivating_an_invited_account_stops_its_link(app, logged_in_client, staff_user):
    logged_in_client.post("/staff/accounts", data={
        "email": "kutsuttu@example.org", "name": "Kutsuttu", "role": "coordinator",
        "locale": "fi"})
    user = StaffUser.by_email("kutsuttu@example.org")
    link = db.session.scalar(sa.select(StaffAccountLink).where(
        StaffAccountLink.staff_user_id == user.id))
    assert link.usable()
    logged_in_client.post(f"/staff/accounts/{user.id}", data={"role": "coordinator"})
    db.session.refresh(link)
    assert not link.usable()


def test_the_cli_creates_a_coordinator_with_role(app, runner):
    result = runner.invoke(args=["create-staff", "koord@example.org", "--name", "Koordi",
                                 "--role", "coordinator", "--password", "pitkä salasana"])
    assert result.exit_code == 0, result.output
    assert StaffUser.by_email("koord@example.org").role == "coordinator"
    result = runner.invoke(args=["create-staff", "pää@example.org", "--name", "Pää",
                                 "--password", "pitkä salasana"])
    assert result.exit_code == 0, result.output
    assert "(admin)" in result.output
    result = runner.invoke(args=["create-staff", "x@example.org", "--name", "X",
                                 "--role", "chief", "--password", "pitkä salasana"])
    assert result.exit_code != 0
