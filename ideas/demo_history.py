"""Plays the demo's history (ideas.demo_lifecycle) through the real verbs: status
changes, owners, target dates, merges, comments and escalations, in the order they
happened, then dates every row each step wrote to when the step happened.

Dating works without knowing what each verb writes: a step's rows are the ones whose
timestamps are newer than the moment the step started (everything before it has
already been moved into the past), so whatever a verb records (events, comments,
follows, notifications, outbox rows, the first response, resolved escalations) gets
the step's time.

The history is in the past, so nobody is emailed about it (email is switched off for
everyone while it plays: no outbox rows, nothing queued for the worker), and its
in-app notifications are marked read, except alice's from the last few days and the
open escalation's, which stay unread so the demo has something new to show.
"""

from contextlib import contextmanager
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from accounts.demo import TIME_ZONE
from accounts.models import NotificationKind, Team, User
from ideas import escalation, lifecycle
from ideas.comments import post_comment
from ideas.demo_lifecycle import (
    DIGEST_FOLLOWS,
    OBSERVATION_COMMENTS,
    POPULAR,
    STORIES,
    UNANSWERED_DAYS,
)
from ideas.demo_posts import OBSERVATIONS
from ideas.models import (
    Comment,
    Escalation,
    EscalationPolicy,
    Follow,
    Idea,
    IdeaEvent,
    Observation,
)
from ideas.reactions import follow_idea
from notifications import digests
from notifications.dispatch import notify_idea_event
from notifications.models import Notification, OutboxEmail

LONDON = ZoneInfo(TIME_ZONE)
# alice's notifications this recent stay unread.
UNREAD_FOR = timedelta(days=3)


def local_time(days_ago: int, at: str) -> datetime:
    """`at` ("HH:MM", London) on the day `days_ago` days before today."""
    day = timezone.localdate(timezone=LONDON) - timedelta(days=days_ago)
    hours, minutes = map(int, at.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=LONDON)


def submitted_at(story) -> datetime:
    return local_time(story.days_ago, story.at)


def step_at(story, step) -> datetime:
    if not step.at:
        return submitted_at(story) + timedelta(days=step.day)
    return local_time(story.days_ago - step.day, step.at)


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


@contextmanager
def popular_escalation_deferred():
    """The demo's votes are cast now but dated weeks ago, and its history says when
    each idea became popular: the votes must not escalate as they are cast."""
    policy = EscalationPolicy.current()
    EscalationPolicy.objects.filter(pk=policy.pk).update(popular_votes=1_000_000)
    try:
        yield
    finally:
        EscalationPolicy.objects.filter(pk=policy.pk).update(popular_votes=policy.popular_votes)


def record_escalation(*, idea, rule, level, manager) -> None:
    """An escalation at this step of the history. Popular: the real verb (the idea has
    its votes by now). Unanswered: written by hand at the level the story names, since
    a scan at a past moment would escalate every other idea of that moment too."""
    if rule == POPULAR:
        escalation.escalate_popular(idea=idea)
        return
    routed = idea.routed_team
    managed = Team.objects.filter(manager=manager).order_by("-depth")
    team = next(team for team in managed if routed.is_within(team.path))
    Escalation.objects.create(idea=idea, rule=rule, level=level, team=team, manager=manager)
    note = f"No answer after {UNANSWERED_DAYS * (level + 1)} days."
    event = IdeaEvent.objects.create(
        idea=idea,
        kind=IdeaEvent.Kind.ESCALATED,
        note=note,
        data={
            "manager_id": manager.pk,
            "manager_name": manager.name,
            "rule": rule,
            "level": level,
            "team": team.name,
        },
    )
    notify_idea_event(event=event)


class _Player:
    def __init__(self, people: dict[str, User]):
        self.people = people
        self.ideas = {idea.title: idea for idea in Idea.objects.select_related("routed_team")}

    def play(self, idea, step, when) -> None:
        getattr(self, step.action)(idea, step, when)

    def comment(self, idea, step, when):
        post_comment(target=idea, by=self.people[step.by], body=step.text)

    def status(self, idea, step, when):
        lifecycle.change_status(
            idea=idea, by=self.people[step.by], to=step.to, note=step.text, impact=step.impact
        )

    def owner(self, idea, step, when):
        lifecycle.assign_owner(idea=idea, by=self.people[step.by], owner=self.people[step.person])

    def target(self, idea, step, when):
        # The verb refuses dates in the past, which a target set weeks ago may now be.
        wanted = (when + timedelta(days=step.days)).date()
        today = timezone.localdate()
        event = lifecycle.set_target_date(
            idea=idea, by=self.people[step.by], target_date=max(wanted, today)
        )
        if wanted < today:
            Idea.objects.filter(pk=idea.pk).update(target_date=wanted)
            IdeaEvent.objects.filter(pk=event.pk).update(data={"target_date": wanted.isoformat()})

    def merge(self, idea, step, when):
        lifecycle.merge_ideas(
            idea=idea, into=self.ideas[step.to], by=self.people[step.by], note=step.text
        )

    def escalate(self, idea, step, when):
        record_escalation(
            idea=idea, rule=step.rule, level=step.level, manager=self.people[step.person]
        )


def _date_rows_since(started, when) -> None:
    """Move everything written since `started` to `when`."""
    for model in (IdeaEvent, Follow, Notification, OutboxEmail, Escalation):
        model.objects.filter(created_at__gte=started).update(created_at=when)
    Comment.objects.filter(created_at__gte=started).update(created_at=when, updated_at=when)
    Escalation.objects.filter(resolved_at__gte=started).update(resolved_at=when)
    for field in ("status_changed_at", "first_response_at", "done_at", "updated_at"):
        Idea.objects.filter(**{f"{field}__gte": started}).update(**{field: when})


def _timed(when, action) -> None:
    if when >= timezone.now():
        raise ValueError(f"A demo step is in the future: {when:%Y-%m-%d %H:%M}.")
    started = timezone.now()
    action()
    _date_rows_since(started, when)


@contextmanager
def _emails_off():
    """Everyone's email switched off for the duration, their own settings back after."""
    users = list(User.objects.only("notification_settings"))
    saved = {user.pk: user.notification_settings for user in users}
    for user in users:
        user.notification_settings = {
            kind: {**channels, "email": False} for kind, channels in saved[user.pk].items()
        }
    User.objects.bulk_update(users, ["notification_settings"])
    try:
        yield
    finally:
        for user in users:
            user.notification_settings = saved[user.pk]
        User.objects.bulk_update(users, ["notification_settings"])


def _settle_messages(*, after_notification: int, after_email: int, reader: User) -> None:
    """The seeded notifications were read hours after they came, except `reader`'s
    recent ones and the notification of an open escalation. Any email a verb wrote
    anyway counts as sent long ago."""
    recent = timezone.now() - UNREAD_FOR
    open_escalations = Escalation.objects.filter(resolved_at__isnull=True).values("idea")
    (
        Notification.objects.filter(pk__gt=after_notification)
        .exclude(recipient=reader, created_at__gte=recent)
        .exclude(kind=NotificationKind.ESCALATION, idea__in=open_escalations)
        .update(read_at=F("created_at") + timedelta(hours=2))
    )
    OutboxEmail.objects.filter(pk__gt=after_email, state=OutboxEmail.State.PENDING).update(
        state=OutboxEmail.State.SENT, sent_at=F("created_at") + timedelta(minutes=1)
    )


@transaction.atomic
def seed_history(*, people, stdout=None) -> None:
    """Play the demo's history once: nothing is done when ideas already have comments
    or status changes. `people` is what accounts.demo.seed_company returns."""
    if (
        Comment.objects.exists()
        or IdeaEvent.objects.filter(kind=IdeaEvent.Kind.STATUS_CHANGED).exists()
    ):
        _say(stdout, "Ideas already have a history: no demo history added.")
        return
    by_name = {user.display_name: user for user in people["users"]}
    player = _Player(by_name)
    marks = {
        "after_notification": Notification.objects.aggregate(n=Max("pk"))["n"] or 0,
        "after_email": OutboxEmail.objects.aggregate(n=Max("pk"))["n"] or 0,
    }
    steps = sorted(
        (step_at(story, step), order, index, title, step)
        for order, (title, story) in enumerate(STORIES.items())
        for index, step in enumerate(story.steps)
    )
    with _emails_off():
        for when, _, _, title, step in steps:
            idea = player.ideas[title]
            _timed(when, lambda idea=idea, step=step, when=when: player.play(idea, step, when))
        _comment_on_observations(by_name)
    _settle_messages(**marks, reader=people["personas"]["alice"])
    changes = sum(step.action == "status" for *_, step in steps)
    _say(stdout, f"History: {changes} status changes, {Comment.objects.count()} comments.")


def _comment_on_observations(by_name) -> None:
    observations = _observations_by_key()
    for key, days_ago, at, name, body in OBSERVATION_COMMENTS:
        observation, when = observations[key], local_time(days_ago, at)
        if when <= observation.created_at:
            raise ValueError(f"The demo comment on {key!r} is older than the observation.")
        _timed(
            when,
            lambda o=observation, n=name, b=body: post_comment(target=o, by=by_name[n], body=b),
        )


def _observations_by_key() -> dict[str, Observation]:
    """The demo's observations by their key in demo_posts, found by their text."""
    texts = {row[5]: key for key, row in OBSERVATIONS.items()}
    return {
        texts[o.what_happened]: o for o in Observation.objects.all() if o.what_happened in texts
    }


def seed_digest_for(user) -> None:
    """A digest ready for `user`: they follow ideas with news this week, and this
    period's digest is built now (its email waits in the outbox for the worker)."""
    titles = DIGEST_FOLLOWS.get(user.display_name, [])
    for idea in Idea.objects.filter(title__in=titles):
        follow_idea(idea=idea, by=user)
    ids = digests.plan_digests(ignore_hour=True, fan_out=False, user_ids=[user.pk])
    digests.build_and_queue(ids)
