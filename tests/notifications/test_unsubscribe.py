"""One-click unsubscribe (RFC 8058) on digest and escalation emails, and the page the
link opens, which works without signing in."""

import email
import email.policy
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.utils import timezone

from accounts.models import DigestFrequency
from ideas.models import IdeaEvent
from notifications import emails
from notifications.digests import build_and_queue, plan_digests
from notifications.dispatch import notify_idea_event
from notifications.models import OutboxEmail
from tests.factories import IdeaFactory


def sent_headers(row: OutboxEmail):
    """The headers of the message as it goes to the mail server."""
    raw = emails.to_message(row).message().as_bytes()
    return email.message_from_bytes(raw, policy=email.policy.default)


def one_click_path(headers, settings) -> str:
    (url,) = re.fullmatch(r"<(\S+)>", headers["List-Unsubscribe"]).groups()
    assert url.startswith(settings.SITE_URL + "/notifications/unsubscribe/")
    return url.removeprefix(settings.SITE_URL)


def one_click(path):
    """What a mail provider does: POST without a session or a CSRF token."""
    return Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})


@pytest.fixture
def digest_email(alice):
    IdeaFactory(author=alice, title="Something to say")
    now = timezone.now() + timedelta(minutes=1)
    build_and_queue(plan_digests(now=now, ignore_hour=True, fan_out=False), now=now)
    return OutboxEmail.objects.get(recipient=alice, kind="digest")


@pytest.fixture
def escalation_email(bob, alice, leeds):
    idea = IdeaFactory(author=alice, title="Waiting for an answer")
    event = IdeaEvent.objects.create(
        idea=idea, kind=IdeaEvent.Kind.ESCALATED, note="Unanswered for 5 days.",
        data={"manager_id": bob.pk, "manager_name": bob.name, "rule": "unanswered",
              "level": 0, "team": leeds.name},
    )  # fmt: skip
    notify_idea_event(event=event)
    return OutboxEmail.objects.get(recipient=bob, kind="escalation")


def test_a_digest_email_unsubscribes_in_one_click(digest_email, alice, settings):
    headers = sent_headers(digest_email)
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = one_click_path(headers, settings)
    assert path in digest_email.body and path in digest_email.html_body

    response = one_click(path)
    assert response.status_code == 200
    assert "you will get no more “Digest emails” emails" in response.text
    alice.refresh_from_db()
    assert alice.digest_frequency == DigestFrequency.OFF


def test_an_escalation_email_unsubscribes_in_one_click(escalation_email, bob, settings):
    headers = sent_headers(escalation_email)
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    response = one_click(one_click_path(headers, settings))
    assert response.status_code == 200
    bob.refresh_from_db()
    assert not bob.wants("escalation", "email")
    assert bob.wants("escalation", "in_app")
    assert bob.digest_frequency == DigestFrequency.WEEKLY  # only that kind is off


def test_the_page_asks_first_and_links_to_the_preferences_without_signing_in(alice, client):
    path = f"/notifications/unsubscribe/{emails.unsubscribe_token(alice.pk, 'digest')}/"
    response = client.get(path)
    assert response.status_code == 200
    assert '<button type="submit">Unsubscribe</button>' in response.text
    assert "Stop getting “Digest emails” emails from Frontline?" in response.text
    assert 'href="/accounts/preferences/"' in response.text
    alice.refresh_from_db()
    assert alice.digest_frequency == DigestFrequency.WEEKLY  # a GET changes nothing

    response = client.post(path)
    assert response.status_code == 200
    assert "<button" not in response.text.split("<main", 1)[-1].split("</main>")[0]
    assert 'href="/accounts/preferences/"' in response.text
    alice.refresh_from_db()
    assert alice.digest_frequency == DigestFrequency.OFF


def test_the_preferences_link_leads_a_signed_out_person_to_sign_in(client):
    response = client.get("/accounts/preferences/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/preferences/")


def test_the_link_is_the_same_whenever_it_is_written_and_old_links_still_work(alice):
    first = emails.unsubscribe_url(alice.pk, "digest")
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert emails.unsubscribe_url(alice.pk, "digest") == first
    old = signing.dumps([alice.pk, "digest"], salt=emails.UNSUBSCRIBE_SALT)
    assert emails.read_unsubscribe_token(old) == (alice.pk, "digest")
    with pytest.raises(signing.BadSignature):
        emails.read_unsubscribe_token(old[:-2] + "xx")
