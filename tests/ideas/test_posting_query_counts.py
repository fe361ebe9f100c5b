"""Every list and detail page of posting and browsing runs a fixed number of queries,
whatever the data size: each is measured with 3 and with 30 posts of everything.

The baseline of every signed-in page is 4 queries: the session, the user, the
navigation's "do I manage a team" and the unread notification count.
"""

import pytest

from ideas import posting
from ideas.models import Comment, SeenThisToo, Vote
from tests.factories import CategoryFactory, UserFactory

SIZES = [3, 30]


@pytest.fixture
def forum(alice, dave, leeds, bristol):
    """`size` observations and ideas by alice, each idea with its observation as
    evidence, tags, votes, a "seen this too", a comment and an edit."""

    def build(size):
        category = CategoryFactory(owning_team=bristol)
        voters = UserFactory.create_batch(3, team=leeds)
        ideas, observations = [], []
        for n in range(size):
            observation = posting.post_observation(
                by=alice, what_happened=f"Observation {n}", tags=["queues", f"t{n}"]
            )
            idea = posting.submit_idea(
                by=alice,
                title=f"Idea {n}",
                problem="p",
                proposal="q",
                category=category,
                tags=["queues"],
                from_observation=observation,
                is_anonymous=n % 3 == 0,
            )
            posting.edit_idea(idea=idea, by=alice, title=f"Idea {n}, edited")
            posting.edit_observation(observation=observation, by=alice, what_happened=f"Obs {n}")
            Vote.objects.bulk_create(Vote(idea=idea, user=voter) for voter in voters)
            SeenThisToo.objects.create(observation=observation, user=dave)
            Comment.objects.create(idea=idea, author=dave, body="Yes!", body_html="<p>Yes!</p>")
            Comment.objects.create(observation=observation, author=dave, body="Same here")
            ideas.append(idea)
            observations.append(observation)
        # The last idea also carries every other observation as evidence.
        for observation in observations:
            posting.link_evidence(idea=ideas[-1], observation=observation, by=dave)
        return ideas[-1], observations[-1]

    return build


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("size", SIZES)
def test_idea_list_query_count_is_fixed(client, dave, forum, size, django_assert_max_num_queries):
    forum(size)
    client.force_login(dave)
    # 4 baseline + teams and categories for the filter form + the count + the page
    # (with its people, category and "voted by me" joined in) + its tags = 9.
    with django_assert_max_num_queries(9):
        _page(client, "/ideas/")
    # Filters add no query: team paths come from the form's choices, the rest are
    # conditions of the same SQL.
    with django_assert_max_num_queries(9):
        _page(client, "/ideas/?status=submitted&tag=queues&sort=top&following=on&team=1")


@pytest.mark.parametrize("size", SIZES)
def test_idea_list_partial_query_count_is_fixed(
    client, dave, forum, size, django_assert_max_num_queries
):
    forum(size)
    client.force_login(dave)
    # The page's 9 less the navigation's "do I manage a team": no navigation.
    with django_assert_max_num_queries(8):
        response = client.get("/ideas/?sort=newest", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'aria-label="Main"' not in response.content.decode()


@pytest.mark.parametrize("size", SIZES)
def test_observation_list_query_count_is_fixed(
    client, dave, forum, size, django_assert_max_num_queries
):
    forum(size)
    client.force_login(dave)
    # 4 baseline + teams for the filter form + the count + the page (people and
    # "seen by me" joined in) + its tags = 8.
    with django_assert_max_num_queries(8):
        _page(client, "/observations/?touchpoint=&sort=seen")


@pytest.mark.parametrize("size", SIZES)
def test_idea_detail_query_count_is_fixed(client, dave, forum, size, django_assert_max_num_queries):
    idea, _ = forum(size)
    client.force_login(dave)
    # 4 baseline + the idea (people, category, tags, my vote and follow in one)
    # + evidence + earlier versions + comments + timeline + manage panel = 10;
    # two to spare for the other parts' includes.
    with django_assert_max_num_queries(12):
        response = _page(client, f"/ideas/{idea.pk}/")
    assert len(response.context["evidence"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_observation_detail_query_count_is_fixed(
    client, dave, forum, size, django_assert_max_num_queries
):
    _, observation = forum(size)
    client.force_login(dave)
    # 4 baseline + the observation (people, tags, "seen by me" in one) + its ideas
    # + earlier versions + comments = 8; a few to spare for the comments' include.
    with django_assert_max_num_queries(11):
        _page(client, f"/observations/{observation.pk}/")


@pytest.mark.parametrize("size", SIZES)
def test_home_query_count_is_fixed(client, alice, forum, size, django_assert_max_num_queries):
    forum(size)
    client.force_login(alice)
    # 4 baseline + my team + my team's observations + my team's ideas + trending
    # + ideas I follow = 9.
    with django_assert_max_num_queries(9):
        response = _page(client, "/")
    assert len(response.context["following"]) == min(size, 5)
