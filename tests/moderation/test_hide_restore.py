"""Hiding and restoring with a reason: CX leads only, on the idea's timeline (a
comment's on its idea's), the open reports resolved, the comment count exact."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ideas.counters import recount_all
from ideas.models import Comment, IdeaEvent
from moderation import actions
from moderation.models import ModerationAction, Report

SPAM = Report.Reason.SPAM


def test_a_cx_lead_hides_an_idea_with_a_reason_on_its_timeline(idea, bob, carol):
    actions.report(target=idea, by=bob, reason=SPAM)
    actions.hide(target=idea, by=carol, reason="An advert for a shop")
    idea.refresh_from_db()
    assert idea.is_hidden
    event = idea.events.get(kind=IdeaEvent.Kind.HIDDEN)
    assert (event.actor, event.note, event.data) == (
        carol,
        "An advert for a shop",
        {"target": "idea"},
    )
    report = Report.objects.get()
    assert (report.resolution, report.resolved_by) == ("hidden", carol) and not report.is_open
    action = ModerationAction.objects.get()
    assert (action.kind, action.by, action.reason, action.idea) == (
        "hide",
        carol,
        "An advert for a shop",
        idea,
    )


def test_restoring_shows_it_again_and_is_on_the_timeline(idea, carol):
    actions.hide(target=idea, by=carol, reason="Looks like spam")
    actions.restore(target=idea, by=carol, reason="It was a real idea")
    idea.refresh_from_db()
    assert not idea.is_hidden
    kinds = list(idea.events.values_list("kind", "note"))
    assert kinds == [("hidden", "Looks like spam"), ("restored", "It was a real idea")]
    assert list(ModerationAction.objects.order_by("id").values_list("kind", flat=True)) == [
        "hide",
        "restore",
    ]


def test_the_timeline_shows_hiding_and_restoring(client, idea, bob, carol):
    actions.hide(target=idea, by=carol, reason="Looks like spam")
    actions.restore(target=idea, by=carol, reason="It was a real idea")
    client.force_login(bob)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "<strong>Hidden</strong>" in page and "Looks like spam" in page
    assert "<strong>Restored</strong>" in page and "It was a real idea" in page


@pytest.mark.parametrize("verb", [actions.hide, actions.restore])
def test_a_reason_is_required(idea, carol, verb):
    if verb is actions.restore:
        actions.hide(target=idea, by=carol, reason="Spam")
    with pytest.raises(ValidationError, match="Say why"):
        verb(target=idea, by=carol, reason="   ")


@pytest.mark.parametrize("persona", ["alice", "bob", "dave", "nora"])
def test_nobody_but_cx_leads_hides_restores_or_dismisses(request, idea, persona, carol):
    person = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        actions.hide(target=idea, by=person, reason="No")
    actions.hide(target=idea, by=carol, reason="Spam")
    with pytest.raises(PermissionDenied):
        actions.restore(target=idea, by=person, reason="Yes")
    with pytest.raises(PermissionDenied):
        actions.dismiss(target=idea, by=person)
    idea.refresh_from_db()
    assert idea.is_hidden


def test_keeping_an_auto_hidden_post_hidden_resolves_its_reports(idea, bob, erin, dave, carol):
    for person in (bob, erin, dave):
        actions.report(target=idea, by=person, reason=SPAM)
    actions.hide(target=idea, by=carol, reason="Confirmed: spam")
    assert not Report.objects.open().exists()
    # The state did not change: one HIDDEN event (the system's), two actions.
    assert idea.events.filter(kind=IdeaEvent.Kind.HIDDEN).count() == 1
    assert ModerationAction.objects.filter(kind="hide").count() == 2


def test_hiding_what_is_hidden_and_unreported_is_refused(idea, carol):
    actions.hide(target=idea, by=carol, reason="Spam")
    with pytest.raises(ValidationError, match="hidden already"):
        actions.hide(target=idea, by=carol, reason="Spam again")


def test_restoring_what_is_visible_is_refused(idea, carol):
    with pytest.raises(ValidationError, match="not hidden"):
        actions.restore(target=idea, by=carol, reason="Why not")


def test_dismissing_keeps_it_visible_and_closes_the_reports(observation, bob, carol):
    actions.report(target=observation, by=bob, reason=SPAM)
    actions.dismiss(target=observation, by=carol, reason="Fine as it is")
    observation.refresh_from_db()
    assert not observation.is_hidden
    assert Report.objects.get().resolution == "dismissed"
    assert ModerationAction.objects.get().kind == "dismiss"


def test_dismissing_without_open_reports_is_refused(observation, carol):
    with pytest.raises(ValidationError):
        actions.dismiss(target=observation, by=carol)


def test_a_hidden_comment_is_on_its_ideas_timeline_and_leaves_the_count(idea, comment, carol):
    idea.refresh_from_db()
    assert idea.comment_count == 1
    actions.hide(target=comment, by=carol, reason="Abusive")
    idea.refresh_from_db()
    assert idea.comment_count == 0
    event = idea.events.get(kind=IdeaEvent.Kind.HIDDEN)
    assert (event.comment, event.data) == (comment, {"target": "comment"})
    assert recount_all()["Idea.comment_count"] == 0  # recount agrees
    actions.restore(target=comment, by=carol, reason="On reflection, fair")
    idea.refresh_from_db()
    assert idea.comment_count == 1
    assert recount_all()["Idea.comment_count"] == 0


def test_a_hidden_comment_on_an_observation_leaves_its_count(
    observation, observation_comment, carol
):
    actions.hide(target=observation_comment, by=carol, reason="Abusive")
    observation.refresh_from_db()
    assert observation.comment_count == 0
    assert Comment.objects.get().is_hidden
    assert recount_all()["Observation.comment_count"] == 0


def test_cx_leads_see_the_hidden_banner_with_the_reason(client, idea, observation, carol):
    actions.hide(target=idea, by=carol, reason="Names a customer")
    actions.hide(target=observation, by=carol, reason="Phone number in it")
    client.force_login(carol)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "hidden by Carol Clark" in page and "Reason: Names a customer" in page
    page = client.get(observation.get_absolute_url()).content.decode()
    assert "Reason: Phone number in it" in page


def test_cx_leads_see_an_observations_moderation_history(
    client, observation, observation_comment, carol, bob
):
    actions.report(target=observation, by=bob, reason=SPAM)
    actions.dismiss(target=observation, by=carol, reason="Not spam")
    actions.hide(target=observation_comment, by=carol, reason="Rude")
    client.force_login(carol)
    page = client.get(observation.get_absolute_url()).content.decode()
    assert 'id="moderation-heading"' in page
    assert "Reports dismissed</strong> · Carol Clark" in page and "Not spam" in page
    assert "a comment</a>) · Carol Clark" in page
    client.force_login(bob)
    assert (
        'id="moderation-heading"' not in client.get(observation.get_absolute_url()).content.decode()
    )


# --- The forms --------------------------------------------------------------


def test_hiding_from_the_post_page_goes_back_with_a_message(client, idea, carol):
    client.force_login(carol)
    url = f"/moderation/idea/{idea.pk}/hide/"
    response = client.post(url, {"reason": "Spam", "next": "/moderation/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/moderation/"
    assert "Hidden: only CX leads see it now." in response.content.decode()
    idea.refresh_from_db()
    assert idea.is_hidden


def test_a_missing_reason_shows_the_form_again(client, idea, carol):
    client.force_login(carol)
    response = client.post(f"/moderation/idea/{idea.pk}/hide/", {"reason": ""})
    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    idea.refresh_from_db()
    assert not idea.is_hidden


def test_a_refused_action_shows_why(client, idea, carol):
    client.force_login(carol)
    response = client.post(f"/moderation/idea/{idea.pk}/restore/", {"reason": "Fine"})
    assert response.status_code == 400
    assert "This is not hidden." in response.content.decode()


@pytest.mark.parametrize("persona", ["alice", "bob", "dave"])
def test_the_action_urls_refuse_everyone_but_cx_leads(client, request, idea, persona):
    client.force_login(request.getfixturevalue(persona))
    for action in ("hide", "restore", "dismiss"):
        response = client.post(f"/moderation/idea/{idea.pk}/{action}/", {"reason": "x"})
        assert response.status_code == 403
        assert "CX leads only" in response.content.decode()
    idea.refresh_from_db()
    assert not idea.is_hidden


def test_a_cx_lead_hides_a_comment_from_the_idea_page_and_comes_back_to_it(
    client, idea, comment, carol
):
    client.force_login(carol)
    page = client.get(idea.get_absolute_url()).content.decode()
    form = page.split(f'action="/moderation/comment/{comment.pk}/hide/"', 1)[1].split("</form>")[0]
    assert f'name="next" value="{comment.get_absolute_url()}"' in form
    response = client.post(
        f"/moderation/comment/{comment.pk}/hide/",
        {"reason": "Rude", "next": comment.get_absolute_url()},
    )
    assert response["Location"] == comment.get_absolute_url()
    comment.refresh_from_db()
    assert comment.is_hidden
