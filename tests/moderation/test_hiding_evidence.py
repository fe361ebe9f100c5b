"""Hiding an observation takes it out of the customer pain of the ideas it is evidence
for, and restoring it puts it back (ideas/pain.py, moderation/actions.py)."""

from ideas import posting
from moderation import actions
from tests.factories import IdeaFactory, ObservationFactory


def test_a_hidden_observation_stops_counting_as_pain_until_restored(alice, dave, carol):
    idea = IdeaFactory(author=carol, team=carol.team)
    for author in (alice, dave):
        observation = ObservationFactory(author=author, sentiment="frustrated")
        posting.link_evidence(idea=idea, observation=observation, by=carol)
    idea.refresh_from_db()
    assert (idea.pain_colleagues, idea.pain_places) == (2, 2)

    actions.hide(target=observation, by=carol, reason="Names a customer")
    idea.refresh_from_db()
    assert (idea.pain_colleagues, idea.pain_places) == (1, 1)

    actions.restore(target=observation, by=carol, reason="Name removed")
    idea.refresh_from_db()
    assert (idea.pain_colleagues, idea.pain_places) == (2, 2)
