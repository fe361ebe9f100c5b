"""Tell-your-customer cards: made when an idea reaches done, once, for the people whose
observations were evidence; "Told them" by the card's person only; shown on home, on
/cards/, in the digest, and counted on /wins/."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ideas import customer_cards
from ideas.lifecycle import change_status
from ideas.models import CustomerCard, Evidence, Idea, IdeaEvent, Observation, Status
from notifications.digest_context import CARD_DAYS, DigestReader
from notifications.digests import plan_digests
from notifications.models import Digest, Notification
from tests.factories import ObservationFactory
from tests.ideas.lifecycle_helpers import submitted_idea
from tests.notifications.test_digests import email_to, run_digests, sections, titles

HTMX = {"HX-Request": "true"}
IMPACT = "Queue times are shown on the door"


@pytest.fixture
def idea(alice, dave, erin):
    """Routed to the Leeds store (bob manages it). Evidence: alice's observation,
    two of dave's (one anonymous), and erin's hidden one."""
    idea = submitted_idea(alice, title="Show queue times")
    observations = [
        ObservationFactory(author=alice, customer_words="I waited forty minutes"),
        ObservationFactory(author=dave, customer_words="Nobody said how long", is_anonymous=True),
        ObservationFactory(author=dave, customer_words="", what_happened="Left the queue"),
        ObservationFactory(author=erin, customer_words="Hidden words", is_hidden=True),
    ]
    for observation in observations:
        Evidence.objects.create(idea=idea, observation=observation)
    idea.observations_made = observations
    return idea


def finish(idea, bob):
    change_status(idea=idea, by=bob, to=Status.DONE, note="Shipped", impact=IMPACT)


def cards_by_name(idea) -> dict:
    return {
        card.user.name: card
        for card in CustomerCard.objects.filter(idea=idea).select_related("user")
    }


def test_no_cards_before_done(idea, bob):
    change_status(idea=idea, by=bob, to=Status.PLANNED, note="")
    change_status(idea=idea, by=bob, to=Status.IN_PROGRESS, note="")

    assert not CustomerCard.objects.exists()


def test_done_makes_one_card_per_evidence_author_not_for_hidden_evidence(idea, bob):
    finish(idea, bob)

    cards = cards_by_name(idea)
    assert sorted(cards) == ["Alice Archer", "Dave Davies"]
    assert cards["Dave Davies"].observation == idea.observations_made[1]
    assert all(card.told_at is None for card in cards.values())


def test_declined_makes_no_cards(idea, bob):
    change_status(idea=idea, by=bob, to=Status.DECLINED, note="Not now")

    assert not CustomerCard.objects.exists()


def test_cards_are_made_once_and_notified_once(idea, bob, alice, dave):
    finish(idea, bob)
    assert customer_cards.create_cards(idea=Idea.objects.get(pk=idea.pk)) == []

    assert CustomerCard.objects.count() == 2
    notes = Notification.objects.filter(kind="customer_card")
    assert sorted(n.recipient.name for n in notes) == ["Alice Archer", "Dave Davies"]
    # The text names no one: dave's observation was anonymous.
    assert {n.text for n in notes} == {
        "“Show queue times” is done: tell your customer what changed"
    }
    assert {n.url for n in notes} == {reverse("ideas:customer_cards")}


def test_a_card_lists_all_the_persons_words(idea, bob, dave):
    finish(idea, bob)

    [card] = customer_cards.load_words(CustomerCard.objects.filter(user=dave))

    # What happened stands in for words never noted.
    assert card.words == ["Nobody said how long", "Left the queue"]


def told_url(card):
    return reverse("ideas:customer_card_told", args=[card.pk])


def test_only_the_cards_person_may_mark_it_told(client, idea, bob, alice, dave, carol):
    finish(idea, bob)
    card = cards_by_name(idea)["Alice Archer"]

    for other in (dave, bob, carol):
        client.force_login(other)
        assert client.post(told_url(card)).status_code == 404
    card.refresh_from_db()
    assert card.told_at is None

    client.force_login(alice)
    response = client.post(told_url(card), {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    card.refresh_from_db()
    assert card.told_at is not None


def test_told_is_set_once(client, idea, bob, alice):
    finish(idea, bob)
    card = cards_by_name(idea)["Alice Archer"]
    client.force_login(alice)
    client.post(told_url(card))
    card.refresh_from_db()
    first = card.told_at

    client.post(told_url(card))

    card.refresh_from_db()
    assert card.told_at == first
    assert customer_cards.mark_told(card=card, by=alice) is False


def test_told_them_needs_a_post_and_a_login(client, idea, bob, alice):
    finish(idea, bob)
    card = cards_by_name(idea)["Alice Archer"]
    assert client.post(told_url(card)).status_code == 302  # to the login page
    client.force_login(alice)
    assert client.get(told_url(card)).status_code == 405


def test_told_them_by_htmx_answers_with_the_card_in_place(client, idea, bob, alice):
    finish(idea, bob)
    card = cards_by_name(idea)["Alice Archer"]
    client.force_login(alice)

    response = client.post(told_url(card), headers=HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="card-{card.pk}"' in body and "You told them" in body
    assert "<form" not in body and "I waited forty minutes" in body


def test_home_shows_my_cards_still_to_tell(client, idea, bob, alice, dave):
    finish(idea, bob)
    client.force_login(dave)

    body = client.get(reverse("home")).content.decode()

    assert "Tell your customer" in body and IMPACT in body
    assert "Nobody said how long" in body and "I waited forty minutes" not in body
    card = cards_by_name(idea)["Dave Davies"]
    assert f'id="card-{card.pk}"' in body and "Told them" in body
    client.post(told_url(card))
    assert f'id="card-{card.pk}"' not in client.get(reverse("home")).content.decode()


def test_home_has_no_cards_section_without_cards(client, idea, bob):
    client.force_login(bob)
    assert "Tell your customer" not in client.get(reverse("home")).content.decode()


def test_a_hidden_ideas_card_is_not_shown(client, idea, bob, alice):
    finish(idea, bob)
    Idea.objects.filter(pk=idea.pk).update(is_hidden=True)
    client.force_login(alice)

    assert "Show queue times" not in client.get(reverse("ideas:customer_cards")).content.decode()
    card = cards_by_name(idea)["Alice Archer"]
    assert client.post(told_url(card)).status_code == 404


def test_the_cards_page_lists_mine_untold_first(client, idea, bob, alice):
    finish(idea, bob)
    other = submitted_idea(alice, title="Second win")
    Evidence.objects.create(idea=other, observation=ObservationFactory(author=alice))
    change_status(idea=other, by=bob, to=Status.DONE, note="Done", impact="Better")
    client.force_login(alice)
    client.post(told_url(cards_by_name(other)["Alice Archer"]))

    page = client.get(reverse("ideas:customer_cards")).context["page"]

    assert [card.idea.title for card in page] == ["Show queue times", "Second win"]


@pytest.mark.parametrize("size", [1, 25])
def test_the_cards_page_runs_a_fixed_number_of_queries(
    client, alice, bob, size, django_assert_num_queries
):
    for n in range(size):
        idea = submitted_idea(alice, title=f"Win {n}")
        Evidence.objects.create(idea=idea, observation=ObservationFactory(author=alice))
        change_status(idea=idea, by=bob, to=Status.DONE, note="Done", impact="Better")
    client.force_login(alice)
    # session + user (2); the count (1); the page of cards with their ideas (1); the
    # words (1); navigation: managed team paths, the unread count (2) = 7.
    with django_assert_num_queries(7):
        response = client.get(reverse("ideas:customer_cards"))
    assert len(response.context["page"]) == min(size, 20)


def test_wins_count_the_customers_told(client, idea, bob, alice, dave):
    finish(idea, bob)
    client.force_login(bob)
    assert "Told 1 customer" not in client.get(reverse("ideas:wins")).content.decode()
    for person in (alice, dave):
        client.force_login(person)
        client.post(told_url(cards_by_name(idea)[person.name]))

    body = client.get(reverse("ideas:wins")).content.decode()

    assert "Told 2 customers" in body
    assert customer_cards.told_count() == 2
    assert customer_cards.told_count(ideas=Idea.objects.filter(pk=idea.pk)) == 2
    assert customer_cards.told_count(ideas=Idea.objects.exclude(pk=idea.pk)) == 0
    now = timezone.now()
    assert customer_cards.told_count(since=now + timedelta(minutes=1)) == 0
    assert customer_cards.told_count(since=now - timedelta(hours=1), until=now) == 2


# --- In the digest ----------------------------------------------------------------


def age_everything(days):
    """Move the posts, the done date and the cards back, so that a digest of the
    last week has nothing to say but the cards still to tell."""
    then = timezone.now() - timedelta(days=days)
    Idea.objects.update(created_at=then, done_at=then, status_changed_at=then)
    Observation.objects.update(created_at=then)
    IdeaEvent.objects.update(created_at=then)
    CustomerCard.objects.update(created_at=then)


def test_a_digest_with_only_cards_still_tells_them(idea, bob, alice, dave):
    finish(idea, bob)
    age_everything(days=10)

    assert run_digests(user_ids=[dave.pk]) == {"built": 1, "empty": 0, "skipped": 0}

    email = email_to(dave)
    block = sections(email.body)["TELL YOUR CUSTOMER"]
    assert titles(block) == ["Show queue times"]
    assert IMPACT in block and "Nobody said how long" in block
    assert "Tell your customer" in email.html_body
    assert email.subject.endswith("1 customer to tell")


def test_a_told_card_or_an_old_one_leaves_the_digest(idea, bob, alice, dave):
    finish(idea, bob)
    age_everything(days=10)
    customer_cards.mark_told(card=cards_by_name(idea)["Alice Archer"], by=alice)
    CustomerCard.objects.filter(user=dave).update(
        created_at=timezone.now() - timedelta(days=CARD_DAYS + 1)
    )

    assert run_digests(user_ids=[alice.pk, dave.pk]) == {"built": 0, "empty": 2, "skipped": 0}


def test_the_digest_reads_the_cards_in_one_query(idea, bob, alice, dave):
    """The cards of the whole chunk, with their ideas and lead observations: one
    query, whether there are cards or not (see test_digest_planning's count)."""
    finish(idea, bob)
    age_everything(days=10)
    now = timezone.now() + timedelta(minutes=1)
    ids = plan_digests(now=now, ignore_hour=True, fan_out=False, user_ids=[alice.pk, dave.pk])
    with CaptureQueriesContext(connection) as read:
        DigestReader(now=now).contexts(Digest.objects.filter(pk__in=ids).select_related("user"))
    card_reads = [q for q in read.captured_queries if "ideas_customercard" in q["sql"]]
    assert len(card_reads) == 1


@pytest.mark.parametrize("size", [1, 5])
def test_home_with_cards_runs_a_fixed_number_of_queries(
    client, alice, bob, size, django_assert_num_queries
):
    for n in range(size):
        idea = submitted_idea(alice, title=f"Win {n}")
        Evidence.objects.create(idea=idea, observation=ObservationFactory(author=alice))
        change_status(idea=idea, by=bob, to=Status.DONE, note="Done", impact="Better")
    client.force_login(alice)
    # The 10 of alice's home (test_posting_query_counts) + the cards' words (1) = 11.
    with django_assert_num_queries(11):
        response = client.get(reverse("home"))
    assert len(response.context["cards"]) == min(size, customer_cards.HOME_LIMIT)
