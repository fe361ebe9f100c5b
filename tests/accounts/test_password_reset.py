"""Forgotten passwords: the emailed link lets you set a new one."""

import re

from django.core import mail

from tests.factories import PASSWORD

NEW_PASSWORD = "a-brand-new-Passphrase-7"


def reset_link(client, email):
    client.post("/accounts/password/reset/", {"email": email})
    return re.search(r"https?://testserver(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)


def test_asking_for_a_reset_sends_a_link(client, alice):
    response = client.post("/accounts/password/reset/", {"email": alice.email})

    assert response.status_code == 302
    assert mail.outbox[0].to == [alice.email]
    assert mail.outbox[0].subject == "Reset your Frontline password"
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_the_link_lets_you_set_a_new_password_and_log_in_with_it(client, alice):
    link = reset_link(client, alice.email).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    form_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert not alice.check_password(PASSWORD)
    login = client.post("/accounts/login/", {"login": alice.email, "password": NEW_PASSWORD})
    assert login.headers["Location"] == "/"


def test_a_used_link_cannot_be_used_again(client, alice):
    link = reset_link(client, alice.email).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = client.get(link, follow=True)

    assert again.status_code == 200
    assert "This password reset link has expired or was already used." in again.content.decode()
    assert 'name="password1"' not in again.content.decode()


def test_an_unknown_address_gets_no_reset_link(client, db):
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"})

    assert all("/accounts/password/reset/key/" not in m.body for m in mail.outbox)
    assert [m.subject for m in mail.outbox] == ["No Frontline account for this address"]
