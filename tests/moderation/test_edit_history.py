"""/moderation/<idea|observation>/<id>/history/: every edit of a post and what it
changed, for CX leads only."""

import pytest

from ideas import posting
from tests.factories import UserFactory


@pytest.fixture
def edited_idea(alice, carol):
    idea = posting.submit_idea(by=alice, title="Two tills", problem="Queues", proposal="Open two")
    posting.edit_idea(idea=idea, by=alice, title="Two tills at lunch", tags=["tills"])
    posting.edit_idea(idea=idea, by=carol, proposal="Open two from noon")
    return idea


def history_url(kind, post):
    return f"/moderation/{kind}/{post.pk}/history/"


def test_cx_leads_see_each_edit_newest_first_with_what_it_changed(client, edited_idea, carol):
    client.force_login(carol)
    response = client.get(history_url("idea", edited_idea))
    first, second = response.context["edits"]
    assert first.revision.edited_by == carol
    assert [(c.label, c.before, c.after) for c in first.changes] == [
        ("Proposal", "Open two", "Open two from noon")
    ]
    assert [(c.label, c.before, c.after) for c in second.changes] == [
        ("Title", "Two tills", "Two tills at lunch"),
        ("Tags", "", "tills"),
    ]
    html = response.content.decode()
    assert "by Carol Clark" in html and "by Alice Archer" in html
    assert "<del>Two tills</del>" in html and "<ins>Two tills at lunch</ins>" in html


def test_an_observations_history(client, alice, carol):
    observation = posting.post_observation(by=alice, what_happened="The till froze")
    posting.edit_observation(observation=observation, by=alice, sentiment="frustrated")
    client.force_login(carol)
    (edit,) = client.get(history_url("observation", observation)).context["edits"]
    assert [(c.label, c.before, c.after) for c in edit.changes] == [("Sentiment", "", "frustrated")]


@pytest.mark.parametrize("persona", ["alice", "bob", "dave"])
def test_everyone_else_is_refused_even_the_author(client, request, edited_idea, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(history_url("idea", edited_idea))
    assert response.status_code == 403
    assert "Edit history is for CX leads" in response.content.decode()


def test_comments_have_no_history(client, carol, edited_idea, dave):
    from ideas.comments import post_comment

    comment = post_comment(target=edited_idea, by=dave, body="Yes")
    client.force_login(carol)
    assert client.get(history_url("comment", comment)).status_code == 404


def test_the_post_page_links_to_it_for_cx_leads_only(client, edited_idea, carol, alice):
    client.force_login(carol)
    assert (
        history_url("idea", edited_idea)
        in client.get(edited_idea.get_absolute_url()).content.decode()
    )
    client.force_login(alice)
    assert (
        history_url("idea", edited_idea)
        not in client.get(edited_idea.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("edits", [1, 6])
def test_the_history_runs_a_fixed_number_of_queries(
    client, alice, carol, edits, django_assert_num_queries
):
    idea = posting.submit_idea(by=alice, title="Title 0", problem="p", proposal="q")
    for number in range(1, edits + 1):
        posting.edit_idea(idea=idea, by=UserFactory(is_cx_lead=True), title=f"Title {number}")
    client.force_login(carol)
    # session + user + the idea + its revisions with their editors + its tags + the
    # navigation's unread count
    with django_assert_num_queries(6):
        response = client.get(history_url("idea", idea))
    assert len(response.context["edits"]) == edits
