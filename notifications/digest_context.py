"""What a digest says: its sections for one person and one stretch of time.

Read-only, with a fixed number of queries per digest. What is the same for many
people (company-wide top posts and wins for a stretch of time, a team's top posts) is
read once per `DigestReader`, which a worker keeps for one chunk of digests.

Anonymity has one home, `may_see_author`: an anonymous post shows neither its
author's name nor its team to a reader who may not see the author, and it never
appears under "your team" for them (that would name its team).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.text import Truncator

from ideas.access import may_see_author
from ideas.models import (
    OPEN_STATUSES,
    Comment,
    Escalation,
    Evidence,
    Idea,
    IdeaEvent,
    Observation,
    Status,
)
from ideas.views.wins import _credit
from notifications.emails import absolute

# How many posts each "top" list shows, and how many items the other lists show.
TOP = 3
LIST_LIMIT = 10
# TODO-for-merge: helper F adds Idea.answer_due_at (set from EscalationPolicy and the
# category). Until then the first answer is due five days after submission.
ANSWER_TIME = timedelta(days=5)


def answer_due():
    """The expression for when an idea's first answer is due."""
    return F("created_at") + ANSWER_TIME


@dataclass
class Item:
    """One line of a digest: what it is about, where to read it, and details."""

    title: str
    url: str
    meta: str = ""
    text: str = ""
    flag: str = ""

    @property
    def text_on_one_line(self) -> str:
        """For the plain-text part, where a line break would lose the indent."""
        return " ".join(self.text.split())


@dataclass
class Section:
    key: str
    heading: str
    items: list[Item] = field(default_factory=list)
    more: bool = False  # there were more than the section shows


def _local_day(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%a %-d %b")


def _byline(post, user) -> str:
    """The author and their team, or "Anonymous" (and no team) for a reader who may
    not see who wrote it."""
    if not may_see_author(user, post):
        return "Anonymous"
    return f"{post.author.name}, {post.team.name}"


def _excerpt(text: str, chars: int = 160) -> str:
    return Truncator(" ".join(text.split())).chars(chars)


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def _cut(rows, limit=LIST_LIMIT) -> tuple[list, bool]:
    rows = list(rows)
    return rows[:limit], len(rows) > limit


class DigestReader:
    """Builds digest contexts, reading what several digests share only once."""

    def __init__(self, now: datetime | None = None):
        self.now = now or timezone.now()
        self._shared: dict = {}

    def _once(self, key, read):
        if key not in self._shared:
            self._shared[key] = read()
        return self._shared[key]

    # --- Shared reads (one query each per stretch of time, or per team) ---------

    def _new_ideas(self, since, until, team_id=None):
        ideas = Idea.objects.filter(created_at__gte=since, created_at__lt=until, is_hidden=False)
        if team_id is not None:
            ideas = ideas.filter(team_id=team_id)
        ideas = ideas.exclude(status=Status.MERGED).select_related("author", "team").top()
        return self._once(("ideas", since, until, team_id), lambda: list(ideas[: TOP * 3]))

    def _new_observations(self, since, until, team_id=None):
        observations = Observation.objects.filter(
            created_at__gte=since, created_at__lt=until, is_hidden=False
        )
        if team_id is not None:
            observations = observations.filter(team_id=team_id)
        observations = observations.select_related("author", "team").order_by(
            "-seen_count", "-created_at", "-id"
        )
        key = ("observations", since, until, team_id)
        return self._once(key, lambda: list(observations[: TOP * 3]))

    def _wins(self, since, until):
        """Ideas done in the stretch, with their evidence for the credits: two queries."""
        evidence = Evidence.objects.select_related("observation__author").order_by(
            "created_at", "id"
        )
        wins = (
            Idea.objects.filter(
                status=Status.DONE, done_at__gte=since, done_at__lt=until, is_hidden=False
            )
            .select_related("author")
            .prefetch_related(Prefetch("evidence", queryset=evidence, to_attr="evidence_list"))
            .order_by("-done_at", "-id")
        )
        return self._once(("wins", since, until), lambda: list(wins[: LIST_LIMIT + 1]))

    # --- One person's sections ----------------------------------------------------

    def context(self, *, user, since: datetime, until: datetime, period: str) -> dict:
        """The template context of `user`'s digest for [since, until)."""
        sections = [
            self._status_changes(user, since, until),
            self._new_comments(user, since, until),
            *self._queue(user),
            self._wins_section(user, since, until),
            *self._top_posts(user, since, until),
        ]
        sections = [section for section in sections if section.items]
        return {
            "recipient": user,
            "period": period,
            "period_label": "daily" if period == "daily" else "weekly",
            "since": since,
            "until": until,
            "sections": sections,
            "is_empty": not sections,
        }

    def _status_changes(self, user, since, until) -> Section:
        """Status changes (and merges) on ideas `user` follows, with the manager's note."""
        events = (
            IdeaEvent.objects.filter(
                Q(kind=IdeaEvent.Kind.STATUS_CHANGED)
                | Q(kind=IdeaEvent.Kind.MERGED, to_status=Status.MERGED),
                created_at__gte=since,
                created_at__lt=until,
                idea__follows__user=user,
                idea__is_hidden=False,
            )
            .exclude(actor=user)
            .select_related("idea", "actor")
            .order_by("created_at", "id")
        )
        events, more = _cut(events[: LIST_LIMIT + 1])
        items = []
        for event in events:
            who = event.actor.name if event.actor else "A manager"
            if event.to_status == Status.MERGED:
                change = f"{who} merged it into another idea"
            else:
                change = f"{who} moved it to {Status(event.to_status).label}"
            url = absolute(event.idea.get_absolute_url())
            items.append(Item(event.idea.title, url, meta=change, text=event.note))
        return Section("status_changes", "Status changes on ideas you follow", items, more)

    def _new_comments(self, user, since, until) -> Section:
        """Comments by others on `user`'s own ideas and observations."""
        comments = (
            Comment.objects.filter(
                Q(idea__author=user, idea__is_hidden=False)
                | Q(observation__author=user, observation__is_hidden=False),
                created_at__gte=since,
                created_at__lt=until,
                is_hidden=False,
            )
            .exclude(author=user)
            .select_related("author", "idea", "observation")
            .order_by("created_at", "id")
        )
        comments, more = _cut(comments[: LIST_LIMIT + 1])
        items = []
        for comment in comments:
            post = comment.idea or comment.observation
            what = "idea" if comment.idea_id else "observation"
            items.append(
                Item(
                    title=_excerpt(str(post), 100),
                    url=absolute(comment.get_absolute_url()),
                    meta=f"{comment.author.name} on your {what}",
                    text=_excerpt(comment.body, 300),
                )
            )
        return Section("new_comments", "New comments on your posts", items, more)

    def _queue(self, user) -> list[Section]:
        """A manager's queue: ideas awaiting a first answer (due soonest first), open
        escalations, and the oldest unanswered (past their due date). Three queries,
        none for people who manage no team."""
        if not user.managed_area_paths():
            return []
        unanswered = (
            Idea.objects.in_area(user)
            .filter(is_hidden=False, status__in=OPEN_STATUSES, first_response_at__isnull=True)
            .annotate(due_at=answer_due())
            .select_related("routed_team")
        )
        upcoming, more_upcoming = _cut(
            unanswered.filter(due_at__gte=self.now).order_by("due_at", "id")[: LIST_LIMIT + 1]
        )
        overdue, more_overdue = _cut(
            unanswered.filter(due_at__lt=self.now).order_by("due_at", "id")[: LIST_LIMIT + 1]
        )
        escalations = (
            Escalation.objects.filter(
                resolved_at__isnull=True,
                idea__in=Idea.objects.in_area(user).filter(is_hidden=False),
            )
            .select_related("idea", "manager")
            .order_by("created_at", "id")
        )
        escalations, more_escalations = _cut(escalations[: LIST_LIMIT + 1])
        awaiting = Section(
            "awaiting_answer",
            "Awaiting your first answer",
            [self._queue_item(idea, f"due {_local_day(idea.due_at)}") for idea in upcoming],
            more_upcoming,
        )
        open_escalations = Section(
            "escalations",
            "Open escalations",
            [self._escalation_item(escalation) for escalation in escalations],
            more_escalations,
        )
        oldest = Section(
            "oldest_unanswered",
            "Oldest unanswered",
            [
                self._queue_item(
                    idea,
                    f"waiting {_count((self.now - idea.created_at).days, 'day')} · "
                    f"was due {_local_day(idea.due_at)}",
                    flag="Overdue",
                )
                for idea in overdue
            ],
            more_overdue,
        )
        return [awaiting, open_escalations, oldest]

    @staticmethod
    def _queue_item(idea, meta, flag="") -> Item:
        meta = f"{idea.routed_team.name} · {meta}"
        return Item(idea.title, absolute(idea.get_absolute_url()), meta=meta, flag=flag)

    @staticmethod
    def _escalation_item(escalation) -> Item:
        to = escalation.manager.name if escalation.manager else "the CX leads"
        meta = (
            f"{escalation.get_rule_display()} · escalated to {to} "
            f"on {_local_day(escalation.created_at)}"
        )
        idea = escalation.idea
        return Item(idea.title, absolute(idea.get_absolute_url()), meta=meta)

    def _wins_section(self, user, since, until) -> Section:
        """Ideas done in the stretch, with their impact and who to thank."""
        wins, more = _cut(self._wins(since, until))
        items = []
        for idea in wins:
            _credit(idea, user)  # the wins page's credits, anonymity respected
            items.append(
                Item(
                    title=idea.title,
                    url=absolute(idea.get_absolute_url()),
                    meta=_thanks(idea.credits, idea.anonymous_credits),
                    text=idea.impact,
                )
            )
        return Section("wins", "Wins: ideas done", items, more)

    def _top_posts(self, user, since, until) -> list[Section]:
        """Top new ideas and observations in the person's team, then company-wide
        (without those already listed). A post whose author the reader may not see is
        left out of "your team", and shown without its team company-wide."""
        sections = []
        shown = set()
        for key, heading, read, describe in (
            ("ideas", "Top new ideas", self._new_ideas, self._idea_item),
            ("observations", "Top new observations", self._new_observations, self._obs_item),
        ):
            team_posts = []
            if user.team_id:
                candidates = read(since, until, user.team_id)
                team_posts = [p for p in candidates if may_see_author(user, p)][:TOP]
            shown.update((key, post.pk) for post in team_posts)
            company = [post for post in read(since, until) if (key, post.pk) not in shown][:TOP]
            if team_posts:
                items = [describe(post, user) for post in team_posts]
                sections.append(Section(f"team_{key}", f"{heading} in {user.team.name}", items))
            sections.append(
                Section(
                    f"company_{key}",
                    f"{heading} across the company",
                    [describe(post, user) for post in company],
                )
            )
        return sections

    @staticmethod
    def _idea_item(idea, user) -> Item:
        votes = _count(idea.vote_count, "vote")
        url = absolute(idea.get_absolute_url())
        return Item(idea.title, url, meta=f"By {_byline(idea, user)} · {votes}")

    @staticmethod
    def _obs_item(observation, user) -> Item:
        seen = observation.seen_count
        meta = f"By {_byline(observation, user)}"
        if seen:
            meta += f" · {_count(seen, 'colleague')} saw this too"
        url = absolute(observation.get_absolute_url())
        return Item(_excerpt(observation.what_happened), url, meta=meta)


def _thanks(names: list[str], anonymous: int) -> str:
    """ "Thanks to Alice Archer, Bob Baker and 1 colleague who posted anonymously." """
    people = list(names)
    if anonymous:
        people.append(f"{_count(anonymous, 'colleague')} who posted anonymously")
    if not people:
        return "Thanks to everyone who spoke up."
    listed = people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]
    return f"Thanks to {listed}."


# What the subject counts, in its order; the team's and the company's new ideas are
# counted together.
SUBJECT_PARTS = {
    "status_changes": ("status change", "status changes"),
    "new_comments": ("new comment", "new comments"),
    "awaiting_answer": ("idea awaiting your answer", "ideas awaiting your answer"),
    "escalations": ("open escalation", "open escalations"),
    "oldest_unanswered": ("overdue idea", "overdue ideas"),
    "wins": ("win", "wins"),
    "team_ideas": ("new idea", "new ideas"),
    "company_ideas": ("new idea", "new ideas"),
}


def subject(context: dict, site_name: str) -> str:
    """Sentence case, the first three things it has to say: "Your Frontline digest:
    3 status changes, 2 wins"."""
    counts: dict[tuple[str, str], list[int]] = {}  # words -> [count, more]
    for section in context["sections"]:
        if section.key in SUBJECT_PARTS:
            count = counts.setdefault(SUBJECT_PARTS[section.key], [0, 0])
            count[0] += len(section.items)
            count[1] |= section.more
    parts = [
        f"{number}{'+' if more else ''} {one if number == 1 and not more else many}"
        for (one, many), (number, more) in counts.items()
    ]
    if not parts:
        return f"Your {site_name} digest"
    return f"Your {site_name} digest: " + ", ".join(parts[:3])
