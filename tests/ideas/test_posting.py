"""The posting actions: observations, ideas, routing, tags, evidence, edits."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ideas import posting, trending
from ideas.models import Evidence, Follow, Idea, IdeaEvent, Observation, Revision, Tag, Vote
from tests.factories import CategoryFactory, IdeaFactory, ObservationFactory


def submit(by, **extra):
    fields = {"title": "Receipts by email", "problem": "Paper fades.", "proposal": "Email them."}
    return posting.submit_idea(by=by, **{**fields, **extra})


def test_an_observation_is_posted_in_the_authors_team(alice, leeds):
    observation = posting.post_observation(
        by=alice, what_happened="Queue at the till", tags=["queues", "tills"]
    )
    assert observation.team == leeds
    assert observation.author == alice
    assert sorted(observation.tags.values_list("name", flat=True)) == ["queues", "tills"]


def test_posting_needs_a_team(alice):
    alice.team = None
    alice.save()
    with pytest.raises(ValidationError, match="Pick your team"):
        posting.post_observation(by=alice, what_happened="Queue")
    with pytest.raises(ValidationError, match="Pick your team"):
        submit(alice)
    assert not Observation.objects.exists()
    assert not Idea.objects.exists()


def test_the_author_votes_for_and_follows_their_own_idea(alice):
    idea = submit(alice)
    assert (idea.vote_count, idea.follower_count) == (1, 1)
    assert Vote.objects.filter(idea=idea, user=alice, created_at=idea.created_at).exists()
    assert Follow.objects.filter(idea=idea, user=alice).exists()
    assert idea.trending_score == trending.score_of(idea.created_at, [idea.created_at])
    assert list(idea.events.values_list("kind", flat=True)) == [IdeaEvent.Kind.SUBMITTED]


def test_an_idea_without_an_owning_category_is_routed_to_the_authors_team(alice, leeds):
    idea = submit(alice, category=CategoryFactory(owning_team=None))
    assert idea.team == leeds
    assert idea.routed_team == leeds
    assert not idea.events.filter(kind=IdeaEvent.Kind.ROUTED).exists()


def test_an_idea_is_routed_to_the_categorys_owning_team(alice, leeds, bristol):
    idea = submit(alice, category=CategoryFactory(owning_team=bristol))
    assert idea.team == leeds
    assert idea.routed_team == bristol
    routed = idea.events.get(kind=IdeaEvent.Kind.ROUTED)
    assert routed.data["team_id"] == bristol.pk


def test_an_idea_started_from_an_observation_links_it_as_evidence(alice, dave):
    source = ObservationFactory(author=dave)
    other = ObservationFactory(author=dave)
    idea = submit(alice, from_observation=source, observations=[source, other])
    assert set(idea.observations.all()) == {source, other}
    idea.refresh_from_db()
    source.refresh_from_db()
    assert idea.evidence_count == 2
    assert source.idea_count == 1
    assert idea.events.filter(kind=IdeaEvent.Kind.EVIDENCE_LINKED).count() == 2


def test_linking_the_same_evidence_twice_changes_nothing(alice):
    idea = IdeaFactory(author=alice)
    observation = ObservationFactory(author=alice)
    first = posting.link_evidence(idea=idea, observation=observation, by=alice)
    again = posting.link_evidence(idea=idea, observation=observation, by=alice)
    assert first == again
    idea.refresh_from_db()
    observation.refresh_from_db()
    assert (idea.evidence_count, observation.idea_count) == (1, 1)
    assert Evidence.objects.count() == 1
    assert idea.events.filter(kind=IdeaEvent.Kind.EVIDENCE_LINKED).count() == 1


def test_tags_are_trimmed_lower_cased_and_unique():
    assert posting.parse_tags(" Delivery , RETURNS,, delivery ,  late   parcels ") == [
        "delivery",
        "returns",
        "late parcels",
    ]


def test_at_most_ten_tags():
    assert len(posting.parse_tags(",".join(f"t{n}" for n in range(10)))) == 10
    with pytest.raises(ValidationError, match="At most 10 tags."):
        posting.parse_tags(",".join(f"t{n}" for n in range(11)))


def test_a_tag_has_at_most_40_characters():
    assert posting.parse_tags("x" * 40) == ["x" * 40]
    with pytest.raises(ValidationError, match="at most 40 characters"):
        posting.parse_tags("x" * 41)


def test_existing_tags_are_reused(alice):
    Tag.objects.create(name="returns")
    posting.post_observation(by=alice, what_happened="A", tags=["returns"])
    assert Tag.objects.count() == 1


def test_editing_an_idea_keeps_the_previous_version(alice):
    idea = submit(alice, tags=["receipts"])
    posting.edit_idea(idea=idea, by=alice, title="Digital receipts", tags=["receipts", "email"])
    idea.refresh_from_db()
    assert idea.title == "Digital receipts"
    revision = Revision.objects.get(idea=idea)
    assert revision.data["title"] == "Receipts by email"
    assert revision.data["tags"] == ["receipts"]
    assert revision.edited_by == alice
    edited = idea.events.get(kind=IdeaEvent.Kind.EDITED)
    assert edited.data["fields"] == ["tags", "title"]


def test_an_edit_that_changes_nothing_keeps_no_revision(alice):
    idea = submit(alice)
    posting.edit_idea(idea=idea, by=alice, title=idea.title)
    assert not Revision.objects.exists()
    assert not idea.events.filter(kind=IdeaEvent.Kind.EDITED).exists()


def test_editing_an_observation_keeps_the_previous_version(alice):
    observation = posting.post_observation(by=alice, what_happened="First words")
    posting.edit_observation(observation=observation, by=alice, what_happened="Better words")
    assert Revision.objects.get(observation=observation).data["what_happened"] == "First words"


def test_a_cx_lead_may_edit_and_a_colleague_may_not(alice, bob, carol):
    idea = submit(alice)
    posting.edit_idea(idea=idea, by=carol, proposal="Email or SMS them.")
    with pytest.raises(PermissionDenied):
        posting.edit_idea(idea=idea, by=bob, proposal="Nothing.")
    idea.refresh_from_db()
    assert idea.proposal == "Email or SMS them."
