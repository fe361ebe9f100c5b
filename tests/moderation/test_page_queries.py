"""The post pages as CX leads see them, with what moderation adds, run a fixed number
of queries at two data sizes."""

import pytest

from ideas.comments import post_comment
from moderation import actions
from tests.factories import IdeaFactory, ObservationFactory, UserFactory

SIZES = [2, 12]


def moderated_observation(size):
    """An observation hidden and restored, with `size` comments, each reported and
    half of them hidden."""
    observation = ObservationFactory()
    cx_lead = UserFactory(is_cx_lead=True)
    actions.hide(target=observation, by=cx_lead, reason="Spam?")
    actions.restore(target=observation, by=cx_lead, reason="Not spam")
    for number in range(size):
        comment = post_comment(target=observation, by=UserFactory(), body=f"Comment {number}")
        actions.report(target=comment, by=UserFactory(), reason="abusive")
        if number % 2:
            actions.hide(target=comment, by=cx_lead, reason="Rude")
    return observation


@pytest.mark.parametrize("size", SIZES)
def test_the_observation_page_with_its_moderation_history(
    client, carol, size, django_assert_num_queries
):
    observation = moderated_observation(size)
    client.force_login(carol)
    # session + user (2); the observation (1); its comments (1); the unread count (1:
    # a CX lead's Manage link needs no managed team paths); the ideas it is evidence
    # for (1); earlier versions (1); hands raised for it in huddles (1); its moderation
    # history, its comments' too (1) = 9.
    with django_assert_num_queries(9):
        response = client.get(observation.get_absolute_url())
    assert response.content.decode().count("<strong>Hidden</strong> (") == size // 2


@pytest.mark.parametrize("size", SIZES)
def test_a_hidden_idea_page_with_its_reason(client, carol, size, django_assert_num_queries):
    idea = IdeaFactory()
    for number in range(size):
        post_comment(target=idea, by=UserFactory(), body=f"Comment {number}")
    actions.hide(target=idea, by=carol, reason="Names a customer")
    client.force_login(carol)
    # The 10 of the idea page for a CX lead (tests/ideas/test_posting_query_counts.py:
    # 9, and the manage panel's team choices) + why it is hidden (1) = 11.
    with django_assert_num_queries(11):
        response = client.get(idea.get_absolute_url())
    assert "Reason: Names a customer" in response.content.decode()
