"""The timeline on the idea page: every event in order, with who did it, respecting
anonymity, in one query."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from ideas import lifecycle
from ideas.models import Comment, Evidence, IdeaEvent, Status
from tests.factories import ObservationFactory
from tests.ideas.lifecycle_helpers import (
    days_ago,
    submitted_idea,
)


def timeline_html(idea, user):
    return render_to_string(
        "ideas/_timeline.html", lifecycle.timeline_context(idea=idea, user=user)
    )


def who(idea, user):
    return [(e.kind, e.who) for e in lifecycle.timeline_context(idea=idea, user=user)["timeline"]]


@pytest.fixture
def anonymous_idea(alice):
    return submitted_idea(alice, is_anonymous=True, created_at=days_ago(3))


def test_events_come_in_the_order_they_happened(alice, bob):
    idea = submitted_idea(alice, created_at=days_ago(5))
    later = IdeaEvent.objects.create(
        idea=idea,
        kind=IdeaEvent.Kind.ESCALATED,
        created_at=days_ago(1),
        data={"rule": "unanswered"},
    )
    earlier = IdeaEvent.objects.create(
        idea=idea, kind=IdeaEvent.Kind.EDITED, actor=alice, created_at=days_ago(4)
    )
    event = lifecycle.change_status(idea=idea, by=bob, to=Status.UNDER_REVIEW, note="Looking")
    kinds = [e.pk for e in lifecycle.timeline_context(idea=idea, user=alice)["timeline"]]
    assert kinds == [idea.events.get(kind="submitted").pk, earlier.pk, later.pk, event.pk]


def test_an_anonymous_author_shows_as_anonymous_to_everyone_but_cx_leads_and_themself(
    anonymous_idea, alice, bob, carol, dave
):
    for user in (bob, dave):
        assert who(anonymous_idea, user) == [("submitted", "Anonymous")]
    assert who(anonymous_idea, alice) == [("submitted", "Alice Archer")]
    assert who(anonymous_idea, carol) == [("submitted", "Alice Archer")]


def test_the_authors_evidence_edits_and_comments_stay_anonymous(anonymous_idea, alice, dave):
    observation = ObservationFactory(author=alice)
    Evidence.objects.create(idea=anonymous_idea, observation=observation)
    comment = Comment.objects.create(idea=anonymous_idea, author=alice, body="More detail")
    for kind, extra in [
        (IdeaEvent.Kind.EVIDENCE_LINKED, {"observation": observation}),
        (IdeaEvent.Kind.EDITED, {}),
        (IdeaEvent.Kind.COMMENTED, {"comment": comment}),
    ]:
        IdeaEvent.objects.create(idea=anonymous_idea, kind=kind, actor=alice, **extra)
    assert who(anonymous_idea, dave) == [
        ("submitted", "Anonymous"),
        ("commented", "The author"),  # the comment itself, in its place
        ("evidence_linked", "Anonymous"),
        ("edited", "Anonymous"),
    ]
    assert "Alice" not in timeline_html(anonymous_idea, dave)
    assert '<strong class="comment-author">The author</strong> commented' in timeline_html(
        anonymous_idea, dave
    )


def test_a_managers_actions_always_show_the_manager(anonymous_idea, bob, dave):
    lifecycle.change_status(idea=anonymous_idea, by=bob, to=Status.DECLINED, note="Not now")
    assert who(anonymous_idea, dave)[-1] == ("status_changed", "Bob Baker")
    html = timeline_html(anonymous_idea, dave)
    assert "Bob Baker" in html
    assert "Not now" in html
    assert '<span class="pill status-submitted">Submitted</span> →' in html
    assert '<span class="pill status-declined">Declined</span>' in html


def test_hidden_comments_are_left_out_except_for_cx_leads(alice, dave, carol):
    idea = submitted_idea(alice)
    comment = Comment.objects.create(idea=idea, author=dave, body="Rude", is_hidden=True)
    IdeaEvent.objects.create(idea=idea, kind=IdeaEvent.Kind.COMMENTED, actor=dave, comment=comment)
    assert [kind for kind, _ in who(idea, alice)] == ["submitted"]
    assert [kind for kind, _ in who(idea, carol)] == ["submitted", "commented"]


def test_the_timeline_shows_routing_owner_target_date_and_merges(alice, bob, carol, dave, bristol):
    idea, survivor = submitted_idea(alice), submitted_idea(alice, title="Booking slots online")
    date = timezone.localdate() + datetime.timedelta(days=20)
    lifecycle.assign_owner(idea=idea, by=bob, owner=dave)
    lifecycle.set_target_date(idea=idea, by=bob, target_date=date)
    lifecycle.reroute(idea=idea, by=bob, team=bristol, note="Their queue")
    # bob no longer manages it once it is Bristol's: a CX lead merges it.
    lifecycle.merge_ideas(idea=idea, into=survivor, by=carol, note="Duplicate")
    html = timeline_html(idea, alice)
    assert "<strong>Owner</strong>: Dave Davies" in html
    assert f"<strong>Target date</strong>: {date:%-d %b %Y}" in html
    assert "Routed</strong> from Leeds store to Bristol contact centre" in html
    assert (
        f'Merged</strong> into <a href="/ideas/{survivor.pk}/">#{survivor.pk} Booking slots' in html
    )
    back = timeline_html(survivor, alice)
    assert f'<a href="/ideas/{idea.pk}/">#{idea.pk}' in back
    assert "was merged into this one" in back


@pytest.mark.parametrize("events", [3, 60])
def test_the_timeline_is_one_query_whatever_its_length(
    alice, bob, events, django_assert_num_queries
):
    idea = submitted_idea(alice)
    observation = ObservationFactory(author=bob)
    for n in range(events):
        comment = Comment.objects.create(idea=idea, author=bob, body=f"Comment {n}")
        IdeaEvent.objects.create(idea=idea, kind="commented", actor=bob, comment=comment)
        IdeaEvent.objects.create(
            idea=idea, kind="evidence_linked", actor=bob, observation=observation
        )
        IdeaEvent.objects.create(idea=idea, kind="merged", actor=bob, other_idea=idea)
    # The events with actor, observation and other idea; the comments with their authors.
    with django_assert_num_queries(2):
        html = timeline_html(idea, alice)
    assert html.count('class="event event-') == 1 + 3 * events
