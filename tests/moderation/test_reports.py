"""Reporting a post or a comment: one open report per person per target, never one's
own, and hidden at once when three different people report it."""

import contextlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ideas.models import IdeaEvent
from moderation import actions
from moderation.models import ModerationAction, Report
from tests.factories import UserFactory

SPAM = Report.Reason.SPAM


def report_url(kind, target):
    return reverse("moderation:report", args=[kind, target.pk])


def test_a_report_records_the_reason_and_leaves_the_post_visible(idea, bob):
    report = actions.report(target=idea, by=bob, reason=SPAM, details="  An advert  ")
    assert (report.idea, report.reporter, report.reason, report.details) == (
        idea,
        bob,
        SPAM,
        "An advert",
    )
    assert report.is_open
    idea.refresh_from_db()
    assert not idea.is_hidden


def test_reporting_twice_says_so_and_keeps_one_report(idea, bob):
    actions.report(target=idea, by=bob, reason=SPAM)
    with pytest.raises(actions.AlreadyReported):
        actions.report(target=idea, by=bob, reason=Report.Reason.ABUSIVE)
    assert Report.objects.count() == 1


def test_after_a_dismissal_the_same_person_may_report_again(idea, bob, carol):
    actions.report(target=idea, by=bob, reason=SPAM)
    actions.dismiss(target=idea, by=carol)
    actions.report(target=idea, by=bob, reason=SPAM)
    assert Report.objects.open().count() == 1 and Report.objects.count() == 2


def test_authors_cannot_report_their_own_post_or_comment(idea, comment, alice, dave):
    with pytest.raises(PermissionDenied):
        actions.report(target=idea, by=alice, reason=SPAM)
    with pytest.raises(PermissionDenied):
        actions.report(target=comment, by=dave, reason=SPAM)
    assert not Report.objects.exists()


def test_an_unknown_reason_is_refused(idea, bob):
    with pytest.raises(ValidationError):
        actions.report(target=idea, by=bob, reason="boring")
    assert not Report.objects.exists()


@pytest.mark.parametrize("kind", ["idea", "observation", "comment"])
def test_three_different_reporters_hide_the_target_at_once(request, kind, bob, carol, erin):
    target = request.getfixturevalue(kind)
    actions.report(target=target, by=bob, reason=SPAM)
    actions.report(target=target, by=erin, reason=SPAM)
    target.refresh_from_db()
    assert not target.is_hidden  # two are not enough
    actions.report(target=target, by=UserFactory(), reason=Report.Reason.ABUSIVE)
    target.refresh_from_db()
    assert target.is_hidden
    hide = ModerationAction.objects.get()
    assert (hide.kind, hide.by, hide.reason) == ("hide", None, "Reported by 3 people")
    # Hidden until reviewed: the reports stay open, in the queue.
    assert Report.objects.open().count() == 3


def test_one_person_reporting_again_and_again_hides_nothing(idea, bob, carol):
    for _ in range(3):
        with contextlib.suppress(actions.AlreadyReported):
            actions.report(target=idea, by=bob, reason=SPAM)
    idea.refresh_from_db()
    assert not idea.is_hidden
    assert Report.objects.count() == 1


def test_a_dismissed_report_does_not_count_towards_hiding(idea, bob, carol, erin, dave):
    actions.report(target=idea, by=bob, reason=SPAM)
    actions.report(target=idea, by=erin, reason=SPAM)
    actions.dismiss(target=idea, by=carol)
    actions.report(target=idea, by=dave, reason=SPAM)
    idea.refresh_from_db()
    assert not idea.is_hidden


def test_auto_hiding_an_idea_is_on_its_timeline(idea, bob, erin, dave):
    for person in (bob, erin, dave):
        actions.report(target=idea, by=person, reason=SPAM)
    event = idea.events.get(kind=IdeaEvent.Kind.HIDDEN)
    assert (event.actor, event.note) == (None, "Reported by 3 people")


# --- The report page ----------------------------------------------------------


def test_the_report_page_offers_the_reasons_and_hides_who_else_reported(client, idea, bob, erin):
    actions.report(target=idea, by=erin, reason=SPAM)
    client.force_login(bob)
    page = client.get(report_url("idea", idea)).content.decode()
    assert "Spam or advertising" in page and "Personal data" in page
    assert "Erin" not in page


def test_reporting_from_the_page_thanks_and_goes_back(client, idea, bob):
    client.force_login(bob)
    response = client.post(
        report_url("idea", idea), {"reason": "abusive", "details": "Rude"}, follow=True
    )
    assert response.redirect_chain[-1][0] == idea.get_absolute_url()
    assert "Thank you: a CX lead will look at it." in response.content.decode()
    assert Report.objects.get().reason == "abusive"


def test_reporting_again_from_the_page_says_you_already_did(client, idea, bob):
    client.force_login(bob)
    client.post(report_url("idea", idea), {"reason": "spam"})
    response = client.post(report_url("idea", idea), {"reason": "spam"}, follow=True)
    assert "You already reported this" in response.content.decode()
    assert Report.objects.count() == 1


def test_a_report_without_a_reason_shows_the_error(client, idea, bob):
    client.force_login(bob)
    response = client.post(report_url("idea", idea), {"reason": "nonsense"})
    assert response.status_code == 400
    assert "Pick a reason from the list." in response.content.decode()
    assert not Report.objects.exists()


def test_the_author_is_told_they_cannot_report_their_own_post(client, idea, alice):
    client.force_login(alice)
    response = client.post(report_url("idea", idea), {"reason": "spam"})
    assert response.status_code == 403
    assert "You wrote this" in response.content.decode()
    assert not Report.objects.exists()


def test_hidden_posts_and_unknown_kinds_cannot_be_reported(client, idea, bob):
    idea.is_hidden = True
    idea.save()
    client.force_login(bob)
    assert client.get(report_url("idea", idea)).status_code == 404
    assert client.get(f"/moderation/vote/{idea.pk}/report/").status_code == 404


def test_a_comment_on_a_hidden_post_cannot_be_reported(client, idea, comment, bob):
    idea.is_hidden = True
    idea.save()
    client.force_login(bob)
    assert client.get(report_url("comment", comment)).status_code == 404


def test_report_links_on_the_pages_but_not_for_the_author(
    client, idea, observation, comment, alice, bob
):
    client.force_login(bob)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert report_url("idea", idea) in page and report_url("comment", comment) in page
    assert (
        report_url("observation", observation)
        in client.get(observation.get_absolute_url()).content.decode()
    )
    client.force_login(alice)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert report_url("idea", idea) not in page and report_url("comment", comment) in page


def test_the_third_reporter_is_sent_away_from_the_now_hidden_post(client, idea, bob, erin, dave):
    actions.report(target=idea, by=bob, reason=SPAM)
    actions.report(target=idea, by=erin, reason=SPAM)
    client.force_login(dave)
    response = client.post(report_url("idea", idea), {"reason": "spam"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_cx_leads_get_hide_controls_instead_of_report_links(client, idea, comment, carol):
    client.force_login(carol)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "/report/" not in page
    assert f'action="/moderation/idea/{idea.pk}/hide/"' in page
    assert f'action="/moderation/comment/{comment.pk}/hide/"' in page
