"""Posting and commenting are rate-limited per person (POST_RATE_LIMIT,
COMMENT_RATE_LIMIT), counted from the database, with a clear message and nothing
typed lost; CX leads are not limited."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from ideas import posting, rate_limits
from ideas.comments import post_comment
from ideas.models import Comment, Idea, Observation
from tests.factories import IdeaFactory, ObservationFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def limits(settings):
    settings.POST_RATE_LIMIT = "3/10m"
    settings.COMMENT_RATE_LIMIT = "2/1h"


def posted(author, count, *, minutes_ago=1):
    at = timezone.now() - timedelta(minutes=minutes_ago)
    for _ in range(count):
        ObservationFactory(author=author, created_at=at)


@pytest.mark.parametrize(
    ("text", "count", "window"),
    [
        ("10/10m", 10, timedelta(minutes=10)),
        ("20/1h", 20, timedelta(hours=1)),
        (" 5 / 2h ", 5, timedelta(hours=2)),
    ],
)
def test_the_setting_reads_as_a_count_in_a_window(text, count, window):
    limit = rate_limits.parse(text)
    assert (limit.count, limit.window) == (count, window)


def test_off_is_no_limit_and_nonsense_is_refused():
    assert rate_limits.parse("off") is None
    for text in ("10", "ten/10m", "10/10s", "0/10m"):
        with pytest.raises(ImproperlyConfigured):
            rate_limits.parse(text)


def test_observations_and_ideas_count_together(alice):
    posted(alice, 2)
    IdeaFactory(author=alice)
    with pytest.raises(
        rate_limits.RateLimited, match="You have posted 3 times in the last 10 minutes"
    ):
        posting.post_observation(by=alice, what_happened="One more")
    with pytest.raises(rate_limits.RateLimited):
        posting.submit_idea(by=alice, title="t", problem="p", proposal="q")
    assert Observation.objects.count() == 2 and Idea.objects.count() == 1


def test_posts_older_than_the_window_do_not_count(alice, dave):
    posted(alice, 3, minutes_ago=11)
    posted(dave, 3)  # someone else's
    observation = posting.post_observation(by=alice, what_happened="Allowed")
    assert Observation.objects.filter(pk=observation.pk, author=alice).exists()


def test_the_message_says_when_they_may_post_again(alice):
    posted(alice, 1, minutes_ago=8)
    posted(alice, 2, minutes_ago=1)
    with pytest.raises(rate_limits.RateLimited) as limited:
        posting.post_observation(by=alice, what_happened="Too soon")
    oldest = Observation.objects.order_by("created_at").first().created_at
    assert limited.value.until == oldest + timedelta(minutes=10)
    assert (
        f"again at {timezone.localtime(limited.value.until):%H:%M} (in 2 minutes)"
        in limited.value.messages[0]
    )


def test_cx_leads_are_not_limited(carol):
    posted(carol, 5)
    observation = posting.post_observation(by=carol, what_happened="From the workshop")
    assert Observation.objects.filter(pk=observation.pk, author=carol).exists()


def test_the_demo_seeding_lifts_the_limits(alice):
    posted(alice, 3)
    with rate_limits.lifted():
        posting.post_observation(by=alice, what_happened="Seeded")
    with pytest.raises(rate_limits.RateLimited):
        posting.post_observation(by=alice, what_happened="Not seeded")


def test_over_the_limit_the_observation_form_comes_back_with_what_was_typed(client, alice):
    posted(alice, 3)
    client.force_login(alice)
    data = {"what_happened": "The card reader froze again", "customer_words": "Every week!"}
    response = client.post("/observations/new/", data)
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have posted 3 times in the last 10 minutes. You can post again at" in page
    assert "The card reader froze again" in page and "Every week!" in page
    assert Observation.objects.count() == 3


def test_over_the_limit_the_idea_form_comes_back_with_what_was_typed(client, alice):
    posted(alice, 3)
    client.force_login(alice)
    data = {"title": "Spare card readers", "problem": "They freeze", "proposal": "Keep two"}
    response = client.post("/ideas/new/", data)
    assert response.status_code == 429
    page = response.content.decode()
    assert "You can post again at" in page and "Spare card readers" in page and "Keep two" in page
    assert not Idea.objects.exists()


@pytest.fixture
def idea(dave):
    return IdeaFactory(author=dave)


def test_comments_have_their_own_limit(idea, alice):
    posted(alice, 3)  # posts do not count towards comments
    post_comment(target=idea, by=alice, body="One")
    post_comment(target=idea, by=alice, body="Two")
    with pytest.raises(
        rate_limits.RateLimited, match="You have commented 2 times in the last hour"
    ):
        post_comment(target=idea, by=alice, body="Three")
    assert Comment.objects.count() == 2


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_over_the_limit_the_comment_form_keeps_the_comment(client, idea, alice, headers):
    post_comment(target=idea, by=alice, body="One")
    post_comment(target=idea, by=alice, body="Two")
    client.force_login(alice)
    response = client.post(
        f"/ideas/{idea.pk}/comments/", {"body": "My third thought"}, headers=headers
    )
    assert response.status_code == (200 if headers else 429)
    page = response.content.decode()
    assert "You can comment again at" in page and "My third thought" in page
    assert Comment.objects.count() == 2
