"""Every list and detail page of posting and browsing runs a fixed number of queries,
whatever the data size: each is measured with 3 and with 30 posts of everything, and
the count is exact, so a query added per row (or anywhere) fails here.

The baseline of every signed-in page is 4 queries: the session, the user, the
navigation's "do I manage a team" (the paths of the teams I manage, read once per
request and shared with permission checks) and the unread notification count.
"""

import pytest
from django.utils import timezone

from forum.keyset import PAGE_SIZE
from ideas import posting
from ideas.models import Comment, Escalation, Idea, SeenThisToo, Vote
from tests.factories import CategoryFactory, UserFactory

SIZES = [3, 30]


@pytest.fixture
def forum(alice, dave, leeds, bristol):
    """`size` observations and ideas by alice, each idea with its observation as
    evidence, tags, votes, a "seen this too", a comment and an edit. The ideas are in
    the "Delivery" category, owned (so routed to) Bristol."""

    def build(size):
        category = CategoryFactory(name="Delivery", slug="delivery", owning_team=bristol)
        voters = UserFactory.create_batch(3, team=leeds)
        ideas, observations = [], []
        for n in range(size):
            observation = posting.post_observation(
                by=alice,
                what_happened=f"Observation {n}",
                tags=["queues", f"t{n}"],
                touchpoint="in_store",
                journey_stage="buy",
                sentiment="frustrated",
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


def _shown(response) -> int:
    return len(response.context["page"].object_list)


@pytest.mark.parametrize("size", SIZES)
def test_idea_list_query_count_is_fixed(client, dave, forum, size, django_assert_num_queries):
    forum(size)
    client.force_login(dave)
    # session + user (2); the filter form's category choices (1); the capped count (1);
    # navigation: dave's managed team paths, the unread count (2); the page of ideas
    # with people, category and "voted by me" joined in (1) + its tags (1) = 8.
    # The team and tag pickers' options come later, by htmx, when their box is focused.
    with django_assert_num_queries(8):
        response = _page(client, "/ideas/")
    assert _shown(response) == min(size, PAGE_SIZE)


@pytest.mark.parametrize("size", SIZES)
def test_every_idea_filter_at_once_adds_no_query(
    client, alice, north, forum, size, django_assert_num_queries
):
    forum(size)
    client.force_login(alice)
    url = (
        f"/ideas/?status=submitted&category=delivery&team={north.pk}&tag=queues"
        "&mine=on&following=on&sort=top"
    )
    # The unfiltered list's 8 and the team named (1: the teams' labels and paths; its
    # sub-teams are a subquery) = 9; every other filter is a condition of the count's
    # and the page's SQL.
    with django_assert_num_queries(9):
        response = _page(client, url)
    assert _shown(response) == min(size, PAGE_SIZE)  # every idea matches: the page is read


@pytest.mark.parametrize("size", SIZES)
def test_idea_list_partial_query_count_is_fixed(
    client, dave, forum, size, django_assert_num_queries
):
    forum(size)
    client.force_login(dave)
    # The list's 8 less the navigation's two (managed team paths, unread count): an htmx
    # request gets the results partial alone = 6.
    with django_assert_num_queries(6):
        response = client.get("/ideas/?sort=newest", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'aria-label="Main"' not in response.content.decode()
    assert _shown(response) == min(size, PAGE_SIZE)


@pytest.mark.parametrize("size", SIZES)
def test_observation_list_query_count_is_fixed(
    client, dave, forum, size, django_assert_num_queries
):
    forum(size)
    client.force_login(dave)
    # session + user (2); the capped count (1); navigation: managed team paths, unread
    # count (2); the page of observations with people and "seen by me" joined in (1) +
    # its tags (1) = 7 (the team and tag pickers' options come by htmx when their box
    # is focused).
    with django_assert_num_queries(7):
        response = _page(client, "/observations/?sort=seen")
    assert _shown(response) == min(size, PAGE_SIZE)


@pytest.mark.parametrize("size", SIZES)
def test_every_observation_filter_at_once_adds_no_query(
    client, alice, north, forum, size, django_assert_num_queries
):
    forum(size)
    client.force_login(alice)
    url = (
        f"/observations/?touchpoint=in_store&journey_stage=buy&sentiment=frustrated"
        f"&team={north.pk}&tag=queues&mine=on&sort=oldest"
    )
    # The unfiltered list's 7 and the team named (1) = 8: the other filters are
    # conditions of the same SQL.
    with django_assert_num_queries(8):
        response = _page(client, url)
    assert _shown(response) == min(size, PAGE_SIZE)


@pytest.mark.parametrize("size", SIZES)
def test_idea_detail_query_count_is_fixed(client, dave, forum, size, django_assert_num_queries):
    idea, _ = forum(size)
    client.force_login(dave)
    # session + user (2); the idea with people, category, tags, my vote and my follow
    # in one (1); a page of its timeline: events (1), comments with authors (1); may dave
    # manage it: his managed team paths, which the navigation reuses (1); the unread
    # count (1); the evidence with its teams (1); earlier versions (1) = 9.
    with django_assert_num_queries(9):
        response = _page(client, f"/ideas/{idea.pk}/")
    assert len(response.context["evidence"]) == size
    assert response.context["can_manage"] is False


@pytest.mark.parametrize("size", SIZES)
def test_idea_detail_for_its_manager_query_count_is_fixed(
    client, erin, forum, size, django_assert_num_queries
):
    idea, _ = forum(size)
    client.force_login(erin)  # the ideas are routed to her Bristol contact centre
    # The 9 of a colleague's view + the manage panel's route form's team choices = 10.
    with django_assert_num_queries(10):
        response = _page(client, f"/ideas/{idea.pk}/")
    assert response.context["can_manage"] is True


@pytest.mark.parametrize("size", SIZES)
def test_observation_detail_query_count_is_fixed(
    client, dave, forum, size, django_assert_num_queries
):
    _, observation = forum(size)
    client.force_login(dave)
    # session + user (2); the observation with people, tags and "seen by me" in one
    # (1); its comments with their authors (1); navigation: managed team paths, unread
    # count (2); the ideas it is evidence for (1); earlier versions (1); the hands
    # huddles raised for it (1) = 9.
    with django_assert_num_queries(9):
        response = _page(client, f"/observations/{observation.pk}/")
    assert len(response.context["ideas"]) == 1


@pytest.mark.parametrize("size", SIZES)
def test_home_query_count_is_fixed(client, alice, forum, size, django_assert_num_queries):
    forum(size)
    client.force_login(alice)
    # session + user (2); my team (1); navigation: managed team paths, unread count
    # (2); my team's observations (1); my team's ideas (1); trending (1); ideas I
    # follow (1); my tell-your-customer cards still to tell (1; their words are read
    # only when there are some) = 10. The home cards are compact: no tags, so no tag
    # query. Alice manages no team, so she has no queue: "may she triage" reuses the
    # navigation's managed team paths.
    with django_assert_num_queries(10):
        response = _page(client, "/")
    assert len(response.context["following"]) == min(size, 5)
    assert response.context["queue"] is None


@pytest.mark.parametrize("size", SIZES)
def test_a_managers_home_query_count_is_fixed(client, erin, forum, size, django_assert_num_queries):
    idea, _ = forum(size)  # every idea is routed to erin's Bristol contact centre
    answered = Idea.objects.exclude(pk=idea.pk).order_by("pk")[: size // 2]
    Idea.objects.filter(pk__in=answered.values("pk")).update(first_response_at=timezone.now())
    for escalated in Idea.objects.all():
        Escalation.objects.create(idea=escalated, rule="unanswered", team=escalated.routed_team)
    client.force_login(erin)
    # Alice's 10 (erin's own team, Bristol, has none of the posts) + her queue: its
    # counts (1), the ideas awaiting a first answer, with whom they wait on joined in
    # (1), the other escalated ideas (1) and their open escalations (1) = 14.
    with django_assert_num_queries(14):
        response = _page(client, "/")
    queue = response.context["queue"]
    assert queue["counts"] == {"awaiting": size - size // 2, "overdue": 0, "escalated": size}
    assert len(queue["awaiting"]) == min(size - size // 2, 5)
    assert len(queue["escalated"]) == min(size // 2, 5)
