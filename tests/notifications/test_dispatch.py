"""Who hears about what, per kind and per person's switches."""

import time
from unittest import mock

import pytest
from kombu.exceptions import OperationalError

from accounts.models import NotificationKind
from ideas.models import Comment, Follow, IdeaEvent, Status
from notifications.dispatch import (
    BROKER_DOWN_PAUSE,
    enqueue_delivery,
    notify_comment,
    notify_idea_event,
)
from notifications.models import Notification, OutboxEmail
from tests.factories import IdeaFactory, ObservationFactory, UserFactory


def kinds_for(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def switch_off(user, kind, channel):
    user.notification_settings[kind][channel] = False
    user.save()


def make_event(idea, kind, actor=None, **fields):
    return IdeaEvent.objects.create(idea=idea, kind=kind, actor=actor, **fields)


# --- Status changes ---------------------------------------------------------


def test_a_status_change_notifies_followers_in_app_and_by_email(status_event, alice, dave):
    Follow.objects.create(idea=status_event.idea, user=dave)
    notify_idea_event(event=status_event)
    assert kinds_for(alice) == ["status_change"]
    assert kinds_for(dave) == ["status_change"]
    note = Notification.objects.get(recipient=alice)
    assert note.text == "Bob Baker moved “Let customers book a fitting by text” to Under review"
    assert note.url == status_event.idea.get_absolute_url()
    assert note.event == status_event and note.idea == status_event.idea
    assert set(OutboxEmail.objects.values_list("to", flat=True)) == {alice.email, dave.email}


def test_a_status_change_does_not_notify_the_manager_who_made_it(status_event, bob):
    Follow.objects.create(idea=status_event.idea, user=bob)
    notify_idea_event(event=status_event)
    assert kinds_for(bob) == []
    assert not OutboxEmail.objects.filter(recipient=bob).exists()


def test_a_status_change_does_not_notify_people_who_do_not_follow(status_event, dave):
    notify_idea_event(event=status_event)
    assert kinds_for(dave) == []


def test_email_switched_off_means_in_app_only(status_event, alice):
    switch_off(alice, NotificationKind.STATUS_CHANGE, "email")
    notify_idea_event(event=status_event)
    assert kinds_for(alice) == ["status_change"]
    assert not OutboxEmail.objects.filter(recipient=alice).exists()


def test_in_app_switched_off_means_email_only(status_event, alice):
    switch_off(alice, NotificationKind.STATUS_CHANGE, "in_app")
    notify_idea_event(event=status_event)
    assert kinds_for(alice) == []
    assert OutboxEmail.objects.filter(recipient=alice, kind="status_change").count() == 1


def test_switching_off_one_kind_leaves_the_others_on(idea, alice, bob):
    switch_off(alice, NotificationKind.STATUS_CHANGE, "in_app")
    event = make_event(idea, IdeaEvent.Kind.OWNER_ASSIGNED, bob, data={"owner_id": alice.pk})
    notify_idea_event(event=event)
    assert kinds_for(alice) == ["owner"]


def test_dispatching_the_same_event_twice_writes_nothing_new(status_event, alice, dave):
    Follow.objects.create(idea=status_event.idea, user=dave)
    notify_idea_event(event=status_event)
    notify_idea_event(event=status_event)
    assert Notification.objects.count() == 2
    assert OutboxEmail.objects.count() == 2
    assert OutboxEmail.objects.get(recipient=alice).key == (
        f"status_change:event{status_event.pk}:{alice.pk}"
    )


def test_a_hidden_idea_only_notifies_cx_leads(status_event, dave, carol):
    for person in (dave, carol):
        Follow.objects.create(idea=status_event.idea, user=person)
    status_event.idea.is_hidden = True
    status_event.idea.save()
    notify_idea_event(event=status_event)
    assert kinds_for(dave) == []
    assert kinds_for(carol) == ["status_change"]


def test_notifications_never_name_an_anonymous_author(alice, bob, dave):
    idea = IdeaFactory(author=alice, is_anonymous=True, title="Quieter tills")
    Follow.objects.create(idea=idea, user=dave)
    event = make_event(
        idea, IdeaEvent.Kind.STATUS_CHANGED, bob, to_status=Status.PLANNED, note="Next quarter."
    )
    notify_idea_event(event=event)
    comment = Comment.objects.create(idea=idea, author=bob, body="Good one.")
    notify_comment(comment=comment)
    texts = [*Notification.objects.filter(recipient=dave).values_list("text", flat=True)]
    emails = OutboxEmail.objects.filter(recipient=dave)
    assert len(texts) == 2 and emails.count() == 2
    for text in [*texts, *(e.subject + e.body + e.html_body for e in emails)]:
        assert "Alice" not in text and "alice" not in text


def test_the_email_is_queued_only_after_the_commit(
    status_event, django_capture_on_commit_callbacks
):
    with (
        mock.patch("notifications.tasks.deliver_email.apply_async") as queue,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        notify_idea_event(event=status_event)
        assert not queue.called
    assert len(callbacks) == 1
    (row,) = OutboxEmail.objects.all()
    queue.assert_called_once_with((row.pk,), producer=mock.ANY, retry=False)


def broker_down():
    return mock.patch(
        "notifications.tasks.deliver_email.apply_async",
        side_effect=OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
    )


def test_a_broker_that_is_down_does_not_fail_the_event(
    status_event, django_capture_on_commit_callbacks
):
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        notify_idea_event(event=status_event)
    assert OutboxEmail.objects.get().state == OutboxEmail.State.PENDING


def test_a_broker_found_down_is_left_alone_for_a_few_seconds():
    later = time.monotonic() + BROKER_DOWN_PAUSE + 1
    with broker_down() as queue:
        enqueue_delivery([1, 2])
        enqueue_delivery([3])
        assert queue.call_count == 1
        with mock.patch("notifications.dispatch.time.monotonic", return_value=later):
            enqueue_delivery([3])
        assert queue.call_count == 2


# --- Owner, merge, escalation -----------------------------------------------


def test_being_made_owner_notifies_the_new_owner_only(idea, alice, bob, dave):
    Follow.objects.create(idea=idea, user=dave)
    event = make_event(idea, IdeaEvent.Kind.OWNER_ASSIGNED, bob, data={"owner_id": dave.pk})
    notify_idea_event(event=event)
    assert kinds_for(dave) == ["owner"]
    assert kinds_for(alice) == []
    assert Notification.objects.get().text == (
        "Bob Baker made you owner of “Let customers book a fitting by text”"
    )


def test_making_yourself_owner_notifies_nobody(idea, bob):
    event = make_event(idea, IdeaEvent.Kind.OWNER_ASSIGNED, bob, data={"owner_id": bob.pk})
    notify_idea_event(event=event)
    assert not Notification.objects.exists()


def test_owner_falls_back_to_the_ideas_owner(idea, bob, dave):
    idea.owner = dave
    idea.save()
    notify_idea_event(event=make_event(idea, IdeaEvent.Kind.OWNER_ASSIGNED, bob))
    assert kinds_for(dave) == ["owner"]


def test_a_merge_notifies_the_followers_of_the_merged_idea(idea, alice, bob, dave, erin):
    survivor = IdeaFactory(author=dave, title="Text booking for fittings")
    Follow.objects.create(idea=survivor, user=dave)
    # As ideas.lifecycle.merge_ideas does: notified before the status and follows move.
    merged = make_event(
        idea, IdeaEvent.Kind.MERGED, bob, to_status=Status.MERGED, other_idea=survivor
    )
    on_survivor = make_event(
        survivor, IdeaEvent.Kind.MERGED, bob, other_idea=idea, data={"role": "survivor"}
    )
    notify_idea_event(event=merged)
    notify_idea_event(event=on_survivor)
    assert kinds_for(alice) == ["merged"]
    assert kinds_for(dave) == []  # followed the survivor only
    note = Notification.objects.get(recipient=alice)
    assert note.url == survivor.get_absolute_url()
    assert "merged into “Text booking for fittings”" in note.text


def test_a_merge_reaches_followers_already_moved_to_the_survivor(idea, alice, bob, erin):
    survivor = IdeaFactory(author=erin)
    idea.status, idea.merged_into = Status.MERGED, survivor
    idea.save()
    Follow.objects.filter(idea=idea).update(idea=survivor)
    data = {"follower_ids": [alice.pk]}
    notify_idea_event(event=make_event(idea, IdeaEvent.Kind.MERGED, bob, data=data))
    assert kinds_for(alice) == ["merged"]


def test_an_escalation_notifies_the_manager_in_the_event(idea, alice, bob):
    event = make_event(
        idea, IdeaEvent.Kind.ESCALATED, data={"manager_id": bob.pk, "rule": "unanswered"}
    )
    notify_idea_event(event=event)
    assert kinds_for(bob) == ["escalation"]
    assert kinds_for(alice) == []
    assert Notification.objects.get().text.endswith("is escalated to you: still unanswered")
    assert OutboxEmail.objects.get().kind == "escalation"


def test_events_of_other_kinds_notify_nobody(idea, alice):
    notify_idea_event(event=make_event(idea, IdeaEvent.Kind.EDITED, alice))
    assert not Notification.objects.exists() and not OutboxEmail.objects.exists()


# --- Comments ---------------------------------------------------------------


@pytest.fixture
def follower(idea):
    person = UserFactory(display_name="Fay Follower")
    Follow.objects.create(idea=idea, user=person)
    return person


def test_a_comment_notifies_the_author_and_the_followers_but_not_the_commenter(
    idea, alice, dave, follower
):
    Follow.objects.create(idea=idea, user=dave)
    comment = Comment.objects.create(idea=idea, author=dave, body="We get this every week.")
    notify_comment(comment=comment)
    assert kinds_for(alice) == ["comment"]
    assert kinds_for(follower) == ["comment"]
    assert kinds_for(dave) == []
    title = "“Let customers book a fitting by text”"
    assert Notification.objects.get(recipient=alice).text == (
        f"Dave Davies commented on your idea {title}"
    )
    assert Notification.objects.get(recipient=follower).text == (
        f"Dave Davies commented on {title}, which you follow"
    )
    assert Notification.objects.get(recipient=alice).url == comment.get_absolute_url()
    assert "We get this every week." in OutboxEmail.objects.get(recipient=alice).body


def test_a_mention_wins_over_a_comment(idea, alice, dave, follower, erin):
    comment = Comment.objects.create(idea=idea, author=dave, body="@alice @fay @erin look")
    comment.mentions.set([alice, follower, erin])
    notify_comment(comment=comment)
    for person in (alice, follower, erin):
        assert kinds_for(person) == ["mention"]
    assert OutboxEmail.objects.filter(kind="mention").count() == 3
    assert not OutboxEmail.objects.filter(kind="comment").exists()


def test_mentions_can_be_passed_in(idea, dave, erin):
    comment = Comment.objects.create(idea=idea, author=dave, body="@erin")
    notify_comment(comment=comment, mentioned=[erin])
    assert kinds_for(erin) == ["mention"]


def test_mentioning_yourself_notifies_nobody_but_the_author(idea, alice, dave):
    comment = Comment.objects.create(idea=idea, author=dave, body="@dave")
    notify_comment(comment=comment, mentioned=[dave])
    assert kinds_for(dave) == []
    assert kinds_for(alice) == ["comment"]


def test_commenting_on_your_own_idea_notifies_only_the_followers(idea, alice, follower):
    comment = Comment.objects.create(idea=idea, author=alice, body="More detail.")
    notify_comment(comment=comment)
    assert kinds_for(alice) == []
    assert kinds_for(follower) == ["comment"]


def test_a_comment_on_an_observation_notifies_its_author(alice, dave):
    observation = ObservationFactory(author=alice, what_happened="The queue went out the door")
    comment = Comment.objects.create(observation=observation, author=dave, body="Same here.")
    notify_comment(comment=comment)
    assert Notification.objects.get(recipient=alice).text == (
        "Dave Davies commented on your observation “The queue went out the door”"
    )


def test_comment_switches_are_honoured(idea, alice, dave):
    switch_off(alice, NotificationKind.COMMENT, "in_app")
    switch_off(alice, NotificationKind.COMMENT, "email")
    notify_comment(comment=Comment.objects.create(idea=idea, author=dave, body="Hi"))
    assert kinds_for(alice) == []
    assert not OutboxEmail.objects.exists()


def test_notifying_a_comment_twice_writes_nothing_new(idea, alice, dave, follower):
    comment = Comment.objects.create(idea=idea, author=dave, body="Hi")
    notify_comment(comment=comment)
    notify_comment(comment=comment)
    assert Notification.objects.count() == 2
    assert OutboxEmail.objects.count() == 2
