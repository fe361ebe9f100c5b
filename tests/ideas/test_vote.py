"""Voting: one vote per person per idea, toggled; the count, the trending score and
the voter's follow change with it. Only open ideas take votes."""

import pytest
from django.urls import reverse

from ideas import trending
from ideas.models import Follow, Idea, IdeaTally, Status, Vote
from ideas.reactions import VotingClosed, toggle_vote
from tests.factories import IdeaFactory, UserFactory
from tests.toggles import Toggle, toggle

HTMX = {"HX-Request": "true"}


@pytest.fixture
def idea(dave):
    return IdeaFactory(author=dave, title="Text customers when the engineer is on the way")


def score_from_its_votes(idea):
    return trending.score_of(idea.created_at, idea.votes.values_list("created_at", flat=True))


def vote_url(idea):
    return reverse("ideas:idea_vote", args=[idea.pk])


def test_a_vote_counts_and_makes_the_voter_follow(idea, alice):
    assert toggle_vote(idea=idea, by=alice) is True

    idea.refresh_from_db()
    assert idea.vote_count == 1
    assert Vote.objects.filter(idea=idea, user=alice).exists()
    assert Follow.objects.filter(idea=idea, user=alice).exists()
    assert idea.follower_count == 1


def test_voting_again_takes_the_vote_back_but_keeps_the_follow(idea, alice):
    toggle_vote(idea=idea, by=alice)

    assert toggle_vote(idea=idea, by=alice) is False

    idea.refresh_from_db()
    assert idea.vote_count == 0
    assert not Vote.objects.filter(idea=idea).exists()
    assert idea.follower_count == 1


def test_a_vote_does_not_follow_twice(idea, alice):
    Follow.objects.create(idea=idea, user=alice)
    IdeaTally.objects.filter(pk=idea.pk).update(follower_count=1)

    toggle_vote(idea=idea, by=alice)

    idea.refresh_from_db()
    assert idea.follower_count == 1
    assert Follow.objects.filter(idea=idea).count() == 1


def test_votes_from_several_people_add_up_and_set_the_trending_score(idea, alice, bob, carol):
    for person in (alice, bob, carol):
        toggle_vote(idea=idea, by=person)

    idea.refresh_from_db()
    assert idea.vote_count == 3
    assert idea.trending_score == pytest.approx(score_from_its_votes(idea), abs=1e-9)


def test_taking_a_vote_back_lowers_the_trending_score(idea, alice, bob):
    toggle_vote(idea=idea, by=alice)
    idea.refresh_from_db()
    one_vote = idea.trending_score
    toggle_vote(idea=idea, by=bob)
    idea.refresh_from_db()
    two_votes = idea.trending_score

    toggle_vote(idea=idea, by=bob)

    idea.refresh_from_db()
    assert idea.trending_score < two_votes
    assert idea.trending_score == pytest.approx(one_vote, abs=1e-9)
    assert idea.trending_score == pytest.approx(score_from_its_votes(idea), abs=1e-9)


def test_the_author_may_take_back_their_own_vote(idea, dave):
    toggle_vote(idea=idea, by=dave)  # as at submission

    assert toggle_vote(idea=idea, by=dave) is False
    idea.refresh_from_db()
    assert idea.vote_count == 0


@pytest.mark.parametrize("status", [Status.DONE, Status.DECLINED, Status.MERGED])
def test_closed_ideas_take_no_votes(idea, alice, status):
    Idea.objects.filter(pk=idea.pk).update(status=status)

    with pytest.raises(VotingClosed, match="Voting has closed"):
        toggle_vote(idea=idea, by=alice)

    assert not Vote.objects.exists()


@pytest.mark.parametrize("status", [Status.UNDER_REVIEW, Status.PLANNED, Status.IN_PROGRESS])
def test_ideas_being_worked_on_still_take_votes(idea, alice, status):
    Idea.objects.filter(pk=idea.pk).update(status=status)

    assert toggle_vote(idea=idea, by=alice) is True


# --- The vote button ----------------------------------------------------------


def test_the_vote_button_is_post_only(client, idea, alice):
    client.force_login(alice)

    assert client.get(vote_url(idea)).status_code == 405


def test_a_visitor_is_sent_to_log_in(client, idea):
    response = client.post(vote_url(idea))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_login"))
    assert not Vote.objects.exists()


def test_an_unverified_account_cannot_vote(client, idea):
    newcomer = UserFactory(verified=False)
    client.force_login(newcomer)

    response = client.post(vote_url(idea))

    assert "verify" in response.content.decode().lower()
    assert not Vote.objects.exists()


def test_a_hidden_idea_is_not_found_for_colleagues(client, idea, alice):
    Idea.objects.filter(pk=idea.pk).update(is_hidden=True)
    client.force_login(alice)

    assert client.post(vote_url(idea)).status_code == 404
    assert not Vote.objects.exists()


def test_a_cx_lead_can_still_vote_on_a_hidden_idea(client, idea, carol):
    Idea.objects.filter(pk=idea.pk).update(is_hidden=True)
    client.force_login(carol)

    assert client.post(vote_url(idea)).status_code == 302
    assert Vote.objects.filter(user=carol).exists()


def test_htmx_gets_the_button_back_pressed_with_the_new_count(client, idea, alice):
    client.force_login(alice)

    response = client.post(vote_url(idea), headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert toggle(html, f"vote-button-{idea.pk}") == Toggle(
        name="Vote", pressed="true", description="1 vote", disabled=False
    )
    # It came from the page's one vote form: the answer goes to this idea's widget.
    assert f'formaction="{vote_url(idea)}"' in html
    assert response.headers["HX-Retarget"] == f"#vote-{idea.pk}"
    assert response.headers["HX-Reswap"] == "outerHTML"


def test_htmx_unvote_shows_the_button_released(client, idea, alice):
    toggle_vote(idea=idea, by=alice)
    client.force_login(alice)

    html = client.post(vote_url(idea), headers=HTMX).content.decode()

    assert toggle(html, f"vote-button-{idea.pk}") == Toggle(
        name="Vote", pressed="false", description="0 votes", disabled=False
    )


def test_a_plain_form_goes_back_to_the_idea(client, idea, alice):
    client.force_login(alice)

    response = client.post(vote_url(idea))

    assert response.status_code == 302
    assert response.headers["Location"] == f"{idea.get_absolute_url()}#vote-{idea.pk}"
    assert Vote.objects.filter(user=alice).exists()


def test_without_javascript_the_page_comes_back_with_the_buttons_pressed(client, idea, alice):
    client.force_login(alice)
    page = idea.get_absolute_url()

    html = client.get(page).content.decode()
    assert toggle(html, f"vote-button-{idea.pk}") == Toggle(
        name="Vote", pressed="false", description="0 votes", disabled=False
    )
    client.post(vote_url(idea), {"next": page})
    html = client.get(page).content.decode()

    assert toggle(html, f"vote-button-{idea.pk}") == Toggle(
        name="Vote", pressed="true", description="1 vote", disabled=False
    )
    assert toggle(html, f"follow-button-{idea.pk}") == Toggle(
        name="Follow", pressed="true", description="1 follower", disabled=False
    )


def test_a_card_in_the_list_has_the_same_vote_button(client, idea, alice):
    toggle_vote(idea=idea, by=alice)
    client.force_login(alice)

    html = client.get("/ideas/").content.decode()

    assert toggle(html, f"vote-button-{idea.pk}") == Toggle(
        name="Vote", pressed="true", description="1 vote", disabled=False
    )


def test_every_card_submits_the_pages_one_vote_form(client, alice, dave):
    ideas = IdeaFactory.create_batch(3, author=dave)
    client.force_login(alice)

    html = client.get("/ideas/").content.decode()

    # One CSRF token and one way back per page (and the log-out form's), not per card.
    assert html.count('name="csrfmiddlewaretoken"') == 2
    assert html.count('<form id="vote-form" method="post"') == 1
    assert '<input type="hidden" name="next" value="/ideas/">' in html
    for idea in ideas:
        assert f'form="vote-form" formaction="{vote_url(idea)}"' in html


def test_a_plain_form_goes_back_to_a_safe_next(client, idea, alice):
    client.force_login(alice)

    response = client.post(vote_url(idea), {"next": "/ideas/?sort=top#vote-1"})

    assert response.headers["Location"] == "/ideas/?sort=top#vote-1"


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_an_unsafe_next_is_ignored(client, idea, alice, unsafe):
    client.force_login(alice)

    response = client.post(vote_url(idea), {"next": unsafe})

    assert response.headers["Location"] == f"{idea.get_absolute_url()}#vote-{idea.pk}"


def test_voting_on_a_closed_idea_answers_409_with_a_reason(client, idea, alice):
    Idea.objects.filter(pk=idea.pk).update(status=Status.DONE)
    client.force_login(alice)

    plain = client.post(vote_url(idea))
    htmx = client.post(vote_url(idea), headers=HTMX)

    assert plain.status_code == htmx.status_code == 409
    assert "Voting has closed: this idea is done." in plain.content.decode()
    assert "Voting has closed" in htmx.content.decode()
    assert not Vote.objects.exists()


def test_the_button_on_a_closed_idea_is_disabled(idea, alice, rf):
    from django.template.loader import render_to_string

    Idea.objects.filter(pk=idea.pk).update(status=Status.DECLINED)
    IdeaTally.objects.filter(pk=idea.pk).update(vote_count=4)
    annotated = Idea.objects.with_voted_by(alice).get(pk=idea.pk)
    request = rf.get("/")
    request.user = alice

    html = render_to_string("ideas/_vote_button.html", {"idea": annotated}, request=request)

    assert toggle(html, f"vote-button-{idea.pk}") == Toggle(
        name="Vote", pressed="false", description="4 votes · voting closed", disabled=True
    )


def sign_in(client, user):
    """Signed in, with a session that remembers the confirmed email address (the
    first page that needs one checks it: accounts/decorators.py)."""
    client.force_login(user)
    client.get("/observations/new/")


def test_an_htmx_vote_runs_a_fixed_number_of_queries(
    client, idea, alice, django_assert_num_queries
):
    sign_in(client, alice)
    # session + user (2); the toggle: the test's savepoint (BEGIN in production, not
    # counted), lock the idea if alice may see it (reading whether she follows it),
    # insert the vote, insert the follow (ON CONFLICT DO NOTHING: no savepoints), one
    # update of the idea's counts, release (COMMIT) (6). The buttons are drawn from
    # what the toggle read: no second read. 8, and 8 in production.
    with django_assert_num_queries(8):
        response = client.post(vote_url(idea), headers=HTMX)
    assert response.status_code == 200
    assert Vote.objects.filter(idea=idea, user=alice).exists()


def test_taking_a_vote_back_runs_as_many_queries(client, idea, alice, django_assert_num_queries):
    sign_in(client, alice)
    client.post(vote_url(idea), headers=HTMX)
    # As a vote, with the delete in place of the follow: the insert finds the vote
    # there (nothing inserted), the delete takes it back.
    with django_assert_num_queries(8):
        response = client.post(vote_url(idea), headers=HTMX)
    assert response.status_code == 200
    assert not Vote.objects.filter(idea=idea, user=alice).exists()
    assert toggle(response.content.decode(), f"vote-button-{idea.pk}").pressed == "false"


def test_a_vote_by_a_follower_inserts_no_follow(client, idea, alice, django_assert_num_queries):
    from ideas.reactions import toggle_follow

    toggle_follow(idea=idea, by=alice)
    sign_in(client, alice)
    # The locked read says alice follows already: no follow insert (8 - 1).
    with django_assert_num_queries(7):
        client.post(vote_url(idea), headers=HTMX)
    idea.refresh_from_db()
    assert (idea.vote_count, idea.follower_count) == (1, 1)


def test_a_vote_on_an_idea_the_voter_may_not_see_is_a_404(client, idea, alice, dave):
    idea.is_hidden = True
    idea.save(update_fields=["is_hidden"])
    sign_in(client, dave)

    response = client.post(vote_url(idea), headers=HTMX)

    assert response.status_code == 404
    assert not Vote.objects.filter(idea=idea).exists()


def test_on_the_ideas_page_the_answer_also_updates_the_follow_button(client, idea, alice):
    client.force_login(alice)
    page = f"http://testserver{idea.get_absolute_url()}"

    html = client.post(vote_url(idea), headers=HTMX | {"HX-Current-URL": page}).content.decode()

    assert f'id="follow-{idea.pk}"' in html
    assert 'hx-swap-oob="true"' in html
    assert toggle(html, f"follow-button-{idea.pk}") == Toggle(
        name="Follow", pressed="true", description="1 follower", disabled=False
    )


def test_from_a_list_the_answer_is_the_vote_button_alone(client, idea, alice):
    client.force_login(alice)
    page = "http://testserver/ideas/?sort=top"

    html = client.post(vote_url(idea), headers=HTMX | {"HX-Current-URL": page}).content.decode()

    assert "follow-" not in html
    assert "hx-swap-oob" not in html
