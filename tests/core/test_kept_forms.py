"""A public form refused by the rate limit or an expired token keeps what was typed; error
pages lead back to where the person came from, never to the staff login."""

from __future__ import annotations

import datetime as dt

from tests.employers.test_signup import signup_url, valid_form


def test_rate_limited_employer_form_keeps_the_input(make_app, make_event):
    app = make_app(RATELIMIT_ENABLED=True, EMPLOYER_SIGNUP_RATE_LIMIT="1 per minute")
    with app.app_context():
        event = make_event(signup_deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=7))
        client = app.test_client()
        assert client.post(signup_url(event), data=valid_form()).status_code == 302
        second = client.post(signup_url(event) + "?lang=en",
                             data=valid_form(company_name="Toinen Kahvila Oy"))
    text = second.get_data(as_text=True)
    assert second.status_code == 429
    assert "Your answers are kept" in text
    assert 'value="Toinen Kahvila Oy"' in text


def test_expired_token_keeps_the_input(make_app, make_event):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        event = make_event(signup_deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=7))
        client = app.test_client()
        response = client.post(signup_url(event) + "?lang=en",
                               data=valid_form(csrf_token="expired-or-forged"))
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The page had been open for a long time" in text
    assert 'value="Kahvila Kruunu Oy"' in text


def test_public_error_page_links_back_not_to_the_staff_login(client, make_event):
    event = make_event()
    came_from = f"http://localhost/youth/events/{event.id}/sign-up"
    missing = client.get("/youth/b/not-a-token?lang=en", headers={"Referer": came_from})
    text = missing.get_data(as_text=True)
    assert missing.status_code == 404
    assert f'href="/youth/events/{event.id}/sign-up"' in text
    assert 'href="/"' not in text.split("<main", 1)[1].split("</main>", 1)[0]
    # Without a page to go back to, no link to the staff side either.
    alone = client.get("/youth/b/not-a-token?lang=en").get_data(as_text=True)
    assert 'id="error-back"' not in alone


def test_form_errors_are_summarised_at_the_top_with_links(client, make_event):
    event = make_event(signup_deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=7))
    page = client.post(signup_url(event) + "?lang=en",
                       data=valid_form(business_id="1234567-8", email="not-an-address"))
    text = page.get_data(as_text=True)
    assert page.status_code == 400
    summary = text[text.index('id="error-summary"'):]
    summary = summary[: summary.index("</div>")]
    assert 'href="#business_id"' in summary and 'href="#email"' in summary
    opening = text[text.rindex("<div", 0, text.index('id="error-summary"')):]
    assert 'tabindex="-1"' in opening[:200] and "autofocus" in opening[:200]
