"""The timeline on the idea page: every event in order, with who did it, respecting
anonymity, a page at a time in two queries."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from ideas import lifecycle
from ideas.models import Comment, Evidence, IdeaEvent, Status
from ideas.timeline import PAGE_SIZE, Place, timeline_context
from tests.factories import ObservationFactory
from tests.ideas.lifecycle_helpers import (
    days_ago,
    submitted_idea,
)


def timeline_html(idea, user):
    return render_to_string("ideas/_timeline.html", timeline_context(idea=idea, user=user))


def who(idea, user):
    return [(e.kind, e.who) for e in timeline_context(idea=idea, user=user)["timeline"]]


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
    kinds = [e.pk for e in timeline_context(idea=idea, user=alice)["timeline"]]
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
def test_a_page_of_the_timeline_is_two_queries_whatever_its_length(
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
    # The latest events with actor, observation and other idea; the latest comments with
    # their authors.
    with django_assert_num_queries(2):
        html = timeline_html(idea, alice)
    assert html.count('class="event event-') == min(1 + 3 * events, PAGE_SIZE)


# --- A page at a time -------------------------------------------------------------


def busy_timeline(idea, bob, *, comments=40):
    """`comments` comments a minute apart, an event after every seventh, and an event
    and a comment of the very same moment: the whole timeline, oldest first."""
    start = days_ago(2)
    entries = [idea.events.get()]
    for n in range(comments):
        moment = start + datetime.timedelta(minutes=n)
        entries.append(
            Comment.objects.create(idea=idea, author=bob, body=f"#{n}", created_at=moment)
        )
        if n % 7 == 3:
            entries.append(
                IdeaEvent.objects.create(
                    idea=idea, kind=IdeaEvent.Kind.EDITED, actor=bob, created_at=moment
                )
            )
            entries.insert(-1, entries.pop())  # an event comes before a comment of its moment
    return entries


def pages(idea, user):
    """Every page of the timeline, from the latest back, each oldest first."""
    found, place = [], None
    while True:
        context = timeline_context(idea=idea, user=user, place=place)
        found.append(context["timeline"])
        place = context["timeline_earlier"]
        if place is None:
            return found


def test_the_latest_page_is_the_latest_entries_in_order(alice, bob):
    idea = submitted_idea(alice, created_at=days_ago(3))
    entries = busy_timeline(idea, bob)

    context = timeline_context(idea=idea, user=alice)

    assert context["timeline"] == entries[-PAGE_SIZE:]
    assert context["timeline_earlier"] == Place.of(entries[-PAGE_SIZE - 1])


def test_the_pages_hold_every_entry_once_in_order(alice, bob):
    idea = submitted_idea(alice, created_at=days_ago(3))
    entries = busy_timeline(idea, bob, comments=60)

    found = pages(idea, alice)

    assert [len(page) for page in found] == [25, 25, 20]  # 1 + 60 comments + 9 events
    assert [entry for page in reversed(found) for entry in page] == entries


def test_a_page_ends_at_the_place_it_is_given(alice, bob):
    idea = submitted_idea(alice, created_at=days_ago(3))
    entries = busy_timeline(idea, bob)
    for place in (entries[30], entries[5], entries[0]):
        page = timeline_context(idea=idea, user=alice, place=Place.of(place))["timeline"]
        assert page[-1] == place
        assert page == entries[: entries.index(place) + 1][-PAGE_SIZE:]


def test_hidden_comments_take_no_room_on_a_colleagues_page(alice, bob, carol):
    idea = submitted_idea(alice, created_at=days_ago(3))
    entries = busy_timeline(idea, bob)
    hidden = [entry for entry in entries[-10:] if isinstance(entry, Comment)]
    Comment.objects.filter(pk__in=[c.pk for c in hidden]).update(is_hidden=True)

    for_alice = timeline_context(idea=idea, user=alice)["timeline"]
    for_carol = timeline_context(idea=idea, user=carol)["timeline"]

    assert for_alice == [e for e in entries if e not in hidden][-PAGE_SIZE:]
    assert for_carol == entries[-PAGE_SIZE:]


def test_a_place_on_another_idea_shows_nothing(alice, bob):
    idea, other = submitted_idea(alice), submitted_idea(alice)
    comment = Comment.objects.create(idea=other, author=bob, body="Elsewhere")

    context = timeline_context(idea=idea, user=alice, place=Place.of(comment))

    assert context["timeline"] == []
    assert "Show the latest comments" in timeline_html_at(idea, alice, Place.of(comment))


def timeline_html_at(idea, user, place):
    context = timeline_context(idea=idea, user=user, place=place)
    return render_to_string("ideas/_timeline.html", context)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("c12", Place("c", 12)),
        ("e3", Place("e", 3)),
        ("c", None),
        ("c0", None),
        ("c-1", None),
        ("x12", None),
        ("c1²", None),
        (" c1", None),
        ("c" + "9" * 19, None),
        (None, None),
    ],
)
def test_a_place_is_a_c_or_an_e_and_an_id(text, place):
    assert Place.parse(text) == place
    if place:
        assert str(place) == text
