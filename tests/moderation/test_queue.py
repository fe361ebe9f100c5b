"""/moderation/: the CX leads' queue of open reports, grouped by what they report,
most reported first, with the reasons and never the reporters."""

import pytest

from ideas.comments import post_comment
from moderation import actions
from tests.factories import IdeaFactory, ObservationFactory, UserFactory

URL = "/moderation/"


@pytest.mark.parametrize("persona", ["alice", "bob", "dave", "nora"])
def test_only_cx_leads_have_the_queue(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    assert response.status_code == 403
    assert "The moderation queue is for CX leads" in response.content.decode()


def test_visitors_are_sent_to_log_in(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_cx_leads_see_it_and_the_menu_links_to_it(client, carol, bob):
    client.force_login(carol)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'href="/moderation/">Moderation</a>' in response.content.decode()
    client.force_login(bob)
    assert 'href="/moderation/"' not in client.get("/").content.decode()


def test_reports_are_grouped_by_target_most_reported_first(
    client, idea, observation, comment, bob, erin, carol
):
    actions.report(target=observation, by=bob, reason="spam")
    actions.report(target=idea, by=bob, reason="off_topic", details="Belongs in the other idea")
    actions.report(target=idea, by=erin, reason="off_topic")
    actions.report(target=comment, by=erin, reason="abusive")
    client.force_login(carol)
    response = client.get(URL)
    entries = response.context["page"].object_list
    assert [(e.kind, e.reporters) for e in entries] == [
        ("idea", 2),
        ("comment", 1),
        ("observation", 1),
    ]
    assert entries[0].reasons == [("Off topic", 2)]
    page = response.content.decode()
    assert "Belongs in the other idea" in page and "This is a rude remark" in page
    assert "Reported by 2 people" in page
    # The CX lead sees the author, but not who reported.
    assert "Alice Archer" in page and "Bob Baker" not in page.split("<main")[1]


def test_anonymous_authors_are_named_to_cx_leads_as_anonymous_posters(client, bob, carol, alice):
    idea = IdeaFactory(author=alice, is_anonymous=True)
    actions.report(target=idea, by=bob, reason="spam")
    client.force_login(carol)
    assert "Alice Archer (posted anonymously)" in client.get(URL).content.decode()


def test_resolved_reports_leave_the_queue(client, idea, observation, bob, carol):
    actions.report(target=idea, by=bob, reason="spam")
    actions.report(target=observation, by=bob, reason="spam")
    actions.hide(target=idea, by=carol, reason="Spam")
    actions.dismiss(target=observation, by=carol)
    client.force_login(carol)
    assert client.get(URL).context["page"].object_list == []


def test_an_auto_hidden_post_waits_in_the_queue_with_keep_hidden_and_restore(
    client, idea, bob, erin, dave, carol
):
    for person in (bob, erin, dave):
        actions.report(target=idea, by=person, reason="spam")
    client.force_login(carol)
    page = client.get(URL).content.decode()
    assert "Keep hidden" in page and f"/moderation/idea/{idea.pk}/restore/" in page
    assert f"/moderation/idea/{idea.pk}/dismiss/" not in page


def reported(count):
    """`count` of each kind reported, by two people each."""
    reporters = [UserFactory(), UserFactory()]
    for _ in range(count):
        author = UserFactory()
        idea, observation = IdeaFactory(author=author), ObservationFactory(author=author)
        comment = post_comment(target=idea, by=author, body="Words")
        for target in (idea, observation, comment):
            for person in reporters:
                actions.report(target=target, by=person, reason="spam", details="Why")


@pytest.mark.parametrize("count", [1, 5])
def test_the_queue_runs_a_fixed_number_of_queries(client, carol, count, django_assert_num_queries):
    reported(count)
    client.force_login(carol)
    # session + user + the count of targets + the page of targets + the ideas + the
    # observations + the comments (with their posts) + the page's reports + the
    # navigation's unread count
    with django_assert_num_queries(9):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == 3 * count
