"""A manager triages an idea and its author hears about it, in the app and by email."""

import pytest
from celery import current_app
from django.core import mail
from playwright.sync_api import expect

from ideas.models import Follow
from notifications.models import OutboxEmail
from tests.factories import IdeaFactory

TITLE = "Let customers book a fitting by text"


@pytest.fixture
def eager_celery():
    """Run tasks in the live server's thread, as soon as they are queued, so the
    email is delivered (to mail.outbox) without a worker."""
    conf = current_app.conf
    before = conf.task_always_eager
    conf.task_always_eager = True
    yield
    conf.task_always_eager = before


@pytest.fixture
def alices_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_bob_triages_alices_idea_and_alice_reads_the_news(
    transactional_db, phone, alices_phone, login, alice, bob, eager_celery
):
    idea = IdeaFactory(author=alice, title=TITLE)
    Follow.objects.create(idea=idea, user=alice)  # authors follow their own ideas
    login(alices_phone, alice)
    expect(alices_phone.locator("#unread-count")).to_be_hidden()

    # Bob moves it to under review from his triage queue.
    login(phone, bob)
    phone.goto("/manage/")
    row = phone.locator(f"#triage-{idea.pk}")
    row.get_by_label("Public note").fill("Looking at the booking system this week.")
    row.get_by_role("button", name="Move to under review").click()
    expect(phone.locator(f"#triage-{idea.pk}")).to_contain_text("Moved to under review.")

    alices_phone.reload()
    expect(alices_phone.locator("#unread-count")).to_have_text("1 unread")

    # Then to planned, with a note, from the idea's page.
    phone.goto(idea.get_absolute_url())
    move = phone.locator("#manage-panel form").filter(has=phone.get_by_label("Move to"))
    move.get_by_label("Move to").select_option(label="Planned")
    move.get_by_label("Public note").fill("Planned for the spring release.")
    move.get_by_role("button", name="Move", exact=True).click()
    expect(phone.locator("#manage-panel .pill")).to_have_text("Planned")

    alices_phone.reload()
    expect(alices_phone.locator("#unread-count")).to_have_text("2 unread")

    # Alice reads her notifications.
    alices_phone.get_by_role("link", name="Notifications").click()
    expect(alices_phone.get_by_role("heading", name="Notifications")).to_be_visible()
    items = alices_phone.locator(".notification-list > li")
    expect(items).to_have_count(2)
    newest = items.first
    expect(newest).to_contain_text(f"Bob Baker moved “{TITLE}” to Planned")
    newest.get_by_role("button", name="Mark read").click()
    expect(newest).not_to_have_class("notification unread")
    expect(alices_phone.locator("#unread-count")).to_have_text("1 unread")

    alices_phone.get_by_role("link", name=f"Bob Baker moved “{TITLE}” to Under review").click()
    alices_phone.wait_for_url(f"**{idea.get_absolute_url()}")
    expect(alices_phone.locator("#unread-count")).to_be_hidden()

    # And each move reached her by email, once.
    emails = OutboxEmail.objects.filter(recipient=alice).order_by("created_at")
    assert [e.state for e in emails] == ["sent", "sent"]
    to_alice = [m for m in mail.outbox if m.to == [alice.email]]
    assert len(to_alice) == 2
    assert to_alice[1].subject == f"[Frontline] Bob Baker moved “{TITLE}” to Planned"
    assert "Planned for the spring release." in to_alice[1].body
    assert "/notifications/unsubscribe/" in to_alice[1].body
