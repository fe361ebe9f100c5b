"""The notification email: its subject, link, and one-click unsubscribe."""

import re

from django.core import mail

from accounts.models import DigestFrequency
from notifications import emails
from notifications.dispatch import notify_idea_event
from notifications.models import OutboxEmail


def unsubscribe_path(text):
    return re.search(r"http://[^/\s]+(/notifications/unsubscribe/[^/\s]+/)", text).group(1)


def test_the_email_has_the_site_name_a_link_and_an_unsubscribe_link(status_event, settings):
    notify_idea_event(event=status_event)
    row = OutboxEmail.objects.get()
    assert row.subject == (
        "[Frontline] Bob Baker moved “Let customers book a fitting by text” to Under review"
    )
    idea_url = settings.SITE_URL + status_event.idea.get_absolute_url()
    assert idea_url in row.body and idea_url in row.html_body
    assert "We are looking at the booking system." in row.body
    assert "/notifications/unsubscribe/" in row.body
    assert unsubscribe_path(row.body) == unsubscribe_path(row.html_body)


def test_the_sent_email_carries_list_unsubscribe_headers(status_event):
    notify_idea_event(event=status_event)
    emails.deliver(OutboxEmail.objects.get().pk)
    (message,) = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header_path = unsubscribe_path(message.extra_headers["List-Unsubscribe"])
    assert header_path == unsubscribe_path(message.body)
    assert message.alternatives[0].mimetype == "text/html"


def test_the_unsubscribe_header_is_a_plain_url_not_encoded_words(status_event, settings):
    settings.SITE_URL = "https://frontline.customer-experience.example.com"
    notify_idea_event(event=status_event)
    emails.deliver(OutboxEmail.objects.get().pk)
    raw = mail.outbox[0].message().as_string()
    header = re.search(r"^List-Unsubscribe: (.*)$", raw, re.MULTILINE).group(1)
    assert re.fullmatch(r"<https://frontline\S+/notifications/unsubscribe/\S+/>", header)
    body_lines = raw.split("\n\n", 1)[1].splitlines()
    assert max(len(line) for line in body_lines) <= 78  # the body is still wrapped


def test_unsubscribe_asks_first_then_turns_that_kind_of_email_off(status_event, alice, client):
    notify_idea_event(event=status_event)
    path = unsubscribe_path(OutboxEmail.objects.get().body)

    response = client.get(path)
    assert response.status_code == 200
    assert "Status change on an idea I follow" in response.text
    alice.refresh_from_db()
    assert alice.wants("status_change", "email")

    response = client.post(path)  # no login and no CSRF token: one-click from the mail app
    assert response.status_code == 200
    alice.refresh_from_db()
    assert not alice.wants("status_change", "email")
    assert alice.wants("status_change", "in_app")
    assert alice.wants("comment", "email")


def test_a_one_click_unsubscribe_post_needs_no_csrf_token(alice, client):
    client = client.__class__(enforce_csrf_checks=True)
    response = client.post(
        f"/notifications/unsubscribe/{emails.unsubscribe_token(alice.pk, 'mention')}/",
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    assert not alice.wants("mention", "email")


def test_a_forged_unsubscribe_token_is_not_found(alice, client):
    token = emails.unsubscribe_token(alice.pk, "comment")
    response = client.post(f"/notifications/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 404
    alice.refresh_from_db()
    assert alice.wants("comment", "email")


def test_the_digest_unsubscribe_turns_the_digest_off(alice, client):
    client.post(f"/notifications/unsubscribe/{emails.unsubscribe_token(alice.pk, 'digest')}/")
    alice.refresh_from_db()
    assert alice.digest_frequency == DigestFrequency.OFF
