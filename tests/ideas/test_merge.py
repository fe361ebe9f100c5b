"""Merging duplicates: the surviving idea receives votes (a person who voted for both
counts once), followers and evidence; both timelines record it; the merged idea's
address leads to the survivor."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ideas import lifecycle
from ideas.models import Evidence, Follow, IdeaEvent, Status, Vote
from tests.factories import ObservationFactory, UserFactory
from tests.ideas.lifecycle_helpers import (
    submitted_idea,
)


@pytest.fixture
def pair(alice, bob, dave, erin, nora):
    """Two duplicates: bob voted for and follows both."""
    duplicate = submitted_idea(alice, votes=[bob, dave], followers=[bob, dave])
    survivor = submitted_idea(erin, votes=[bob, nora], followers=[bob, nora])
    return duplicate, survivor


def link(idea, observation):
    Evidence.objects.create(idea=idea, observation=observation)
    idea.evidence_count += 1
    idea.save(update_fields=["evidence_count"])
    observation.idea_count += 1
    observation.save(update_fields=["idea_count"])


def test_votes_move_and_a_person_who_voted_for_both_counts_once(pair, alice, bob, dave, erin, nora):
    duplicate, survivor = pair
    lifecycle.merge_ideas(idea=duplicate, into=survivor, by=bob, note="Same idea")
    voters = set(Vote.objects.filter(idea=survivor).values_list("user__email", flat=True))
    assert voters == {u.email for u in (alice, bob, dave, erin, nora)}
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert survivor.vote_count == 5
    assert duplicate.vote_count == 0
    assert not Vote.objects.filter(idea=duplicate).exists()


def test_followers_move_the_same_way(pair, alice, bob, dave, erin, nora):
    duplicate, survivor = pair
    lifecycle.merge_ideas(idea=duplicate, into=survivor, by=bob, note="Same idea")
    followers = set(Follow.objects.filter(idea=survivor).values_list("user__email", flat=True))
    assert followers == {u.email for u in (alice, bob, dave, erin, nora)}
    survivor.refresh_from_db()
    assert survivor.follower_count == 5
    assert not Follow.objects.filter(idea=duplicate).exists()


def test_evidence_moves_without_duplicates(pair, bob):
    duplicate, survivor = pair
    shared, only_duplicate, only_survivor = ObservationFactory.create_batch(3)
    link(duplicate, shared)
    link(duplicate, only_duplicate)
    link(survivor, shared)
    link(survivor, only_survivor)
    lifecycle.merge_ideas(idea=duplicate, into=survivor, by=bob, note="Same idea")
    assert set(Evidence.objects.filter(idea=survivor).values_list("observation", flat=True)) == {
        shared.pk,
        only_duplicate.pk,
        only_survivor.pk,
    }
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    shared.refresh_from_db()
    assert (survivor.evidence_count, duplicate.evidence_count) == (3, 0)
    assert shared.idea_count == 1


def test_the_merged_idea_says_where_it_went_and_both_timelines_record_it(pair, bob):
    duplicate, survivor = pair
    lifecycle.merge_ideas(idea=duplicate, into=survivor, by=bob, note="Same idea")
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Status.MERGED, survivor)
    there = duplicate.events.get(kind=IdeaEvent.Kind.MERGED)
    back = survivor.events.get(kind=IdeaEvent.Kind.MERGED)
    assert (there.other_idea, there.to_status, there.note) == (survivor, Status.MERGED, "Same idea")
    assert (back.other_idea, back.data["role"], back.data["votes_moved"]) == (
        duplicate,
        "survivor",
        2,
    )


def test_ideas_merged_earlier_lead_straight_to_the_new_survivor(alice, bob):
    first, second, third = (submitted_idea(alice) for _ in range(3))
    lifecycle.merge_ideas(idea=first, into=second, by=bob, note="Same")
    lifecycle.merge_ideas(idea=second, into=third, by=bob, note="Same again")
    first.refresh_from_db()
    assert first.merged_into == third


def test_the_merged_ideas_followers_hear_before_they_move(pair, bob, monkeypatch):
    duplicate, survivor = pair
    followers_then = []

    def notify(*, event):
        followers_then.append(
            set(Follow.objects.filter(idea=event.idea).values_list("user", flat=True))
        )

    monkeypatch.setattr(lifecycle, "notify_idea_event", notify)
    lifecycle.merge_ideas(idea=duplicate, into=survivor, by=bob, note="Same")
    assert len(followers_then) == 1
    assert len(followers_then[0]) == 3  # alice, bob and dave, still on the duplicate


@pytest.mark.parametrize(
    ("into_status", "message"),
    [
        (Status.MERGED, "Merge into an open idea."),
        (Status.DONE, "Merge into an open idea."),
        (Status.DECLINED, "Merge into an open idea."),
    ],
)
def test_cannot_merge_into_a_closed_idea(alice, bob, into_status, message):
    idea, into = submitted_idea(alice), submitted_idea(alice, status=into_status)
    with pytest.raises(ValidationError, match=message):
        lifecycle.merge_ideas(idea=idea, into=into, by=bob, note="Same")


def test_cannot_merge_into_itself_or_merge_a_closed_idea_or_without_a_note(alice, bob):
    idea = submitted_idea(alice)
    with pytest.raises(ValidationError, match="into itself"):
        lifecycle.merge_ideas(idea=idea, into=idea, by=bob, note="Same")
    done = submitted_idea(alice, status=Status.DONE)
    with pytest.raises(ValidationError, match="Only an open idea"):
        lifecycle.merge_ideas(idea=done, into=idea, by=bob, note="Same")
    with pytest.raises(ValidationError, match="public note"):
        lifecycle.merge_ideas(idea=submitted_idea(alice), into=idea, by=bob, note="")
    assert not IdeaEvent.objects.filter(kind=IdeaEvent.Kind.MERGED).exists()


def test_merging_many_shared_voters_keeps_exact_counts(alice, bob):
    people = UserFactory.create_batch(12, team=alice.team)
    duplicate = submitted_idea(alice, votes=people[:8])
    survivor = submitted_idea(alice, votes=people[4:])
    lifecycle.merge_ideas(idea=duplicate, into=survivor, by=bob, note="Same")
    survivor.refresh_from_db()
    assert survivor.vote_count == Vote.objects.filter(idea=survivor).count() == 13


def test_the_merge_form_takes_the_manager_to_the_survivor(client, pair, bob):
    duplicate, survivor = pair
    client.force_login(bob)
    response = client.post(
        reverse("ideas:idea_merge", args=[duplicate.pk]), {"into": survivor.pk, "note": "Same"}
    )
    assert response["Location"] == survivor.get_absolute_url()
    response = client.post(
        reverse("ideas:idea_merge", args=[submitted_idea(bob).pk]),
        {"into": survivor.pk, "note": "Same"},
        headers={"HX-Request": "true", "HX-Target": "manage-panel"},
    )
    assert response["HX-Redirect"] == survivor.get_absolute_url()


def test_the_merge_form_refuses_an_unknown_or_hidden_idea(client, alice, bob):
    idea = submitted_idea(alice)
    hidden = submitted_idea(alice, is_hidden=True)
    client.force_login(bob)
    url = reverse("ideas:idea_merge", args=[idea.pk])
    for number in (999999, hidden.pk):
        response = client.post(url, {"into": number, "note": "Same"})
        assert response.status_code == 400
        assert "No idea has that number." in response.content.decode()


def test_a_merged_ideas_address_leads_to_the_survivor(client, pair, bob, dave):
    duplicate, survivor = pair
    lifecycle.merge_ideas(idea=duplicate, into=survivor, by=bob, note="Same")
    client.force_login(dave)
    response = client.get(duplicate.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == survivor.get_absolute_url()
