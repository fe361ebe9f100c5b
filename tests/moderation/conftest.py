"""Posts to report: an idea and an observation by alice, and a comment by dave on
the idea (bob and erin are the other reporters)."""

import pytest

from ideas.comments import post_comment
from tests.factories import IdeaFactory, ObservationFactory


@pytest.fixture
def idea(alice):
    return IdeaFactory(author=alice, title="Self-checkout for returns")


@pytest.fixture
def observation(alice):
    return ObservationFactory(author=alice, what_happened="A customer queued for returns")


@pytest.fixture
def comment(idea, dave):
    return post_comment(target=idea, by=dave, body="This is a rude remark")


@pytest.fixture
def observation_comment(observation, dave):
    return post_comment(target=observation, by=dave, body="Rude about the customer")
