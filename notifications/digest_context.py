"""What a digest says: its sections for one person and one stretch of time.

Read-only. `DigestReader.contexts` reads a whole chunk of digests with a fixed number
of queries (see `_Reads` and `_Queues`), whatever its size and however many managers
it has.

Anonymity has one home, `may_see_author`: an anonymous post shows neither its
author's name nor its team to a reader who may not see the author, and it never
appears under "your team" for them (that would name its team).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from accounts.models import Team
from ideas.access import may_see_author
from ideas.credits import credit
from ideas.models import (
    OPEN_STATUSES,
    Comment,
    CustomerCard,
    Escalation,
    Evidence,
    Follow,
    Idea,
    IdeaEvent,
    Observation,
    Status,
)
from notifications.emails import absolute

# How many posts each "top" list shows, and how many items the other lists show.
TOP = 3
LIST_LIMIT = 10
# A tell-your-customer card stays in the digests until it is told, for this long.
CARD_DAYS = 28


def answer_due():
    """When an idea's first answer is due: the answer clock stored on the idea."""
    return F("answer_due_at")


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


def _link(post) -> str:
    """A post's absolute URL, worked out once per instance: the same company-wide posts
    are in every digest of a chunk."""
    link = getattr(post, "_digest_link", None)
    if link is None:
        link = post._digest_link = absolute(post.get_absolute_url())
    return link


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
    """Builds the contexts of a chunk of digests with a fixed number of queries for
    the whole chunk: each read covers every person of the chunk who shares a stretch
    of time (usually all of them), and the managers' queues are read for all the
    managers of the chunk at once."""

    def __init__(self, now: datetime | None = None):
        self.now = now or timezone.now()

    def contexts(self, digests) -> list[dict]:
        """The template context of each digest (saved or not: it needs `user`,
        `covers_from`, `covers_until` and `period`), in the same order."""
        digests = list(digests)
        queues = _Queues(self.now, {digest.user_id for digest in digests})
        windows: dict[tuple, list] = {}
        for digest in digests:
            windows.setdefault((digest.covers_from, digest.covers_until), []).append(digest.user)
        reads = {window: _Reads(*window, people) for window, people in windows.items()}
        return [
            self._context(
                digest.user, reads[digest.covers_from, digest.covers_until], digest.period, queues
            )
            for digest in digests
        ]

    def _context(self, user, reads, period, queues) -> dict:
        sections = [
            self._customer_cards(user, reads),
            self._status_changes(user, reads),
            self._new_comments(user, reads),
            *self._queue(user, queues),
            self._wins_section(user, reads),
            *self._top_posts(user, reads),
        ]
        sections = [section for section in sections if section.items]
        return {
            "recipient": user,
            "period": period,
            "period_label": "daily" if period == "daily" else "weekly",
            "since": reads.since,
            "until": reads.until,
            "sections": sections,
            "is_empty": not sections,
        }

    @staticmethod
    def _customer_cards(user, reads) -> Section:
        """The person's tell-your-customer cards not told yet (ideas/customer_cards.py),
        each with the words of the observation it leads with (/cards/ shows them all)."""
        cards, more = _cut(reads.cards_for.get(user.pk, []))
        url = absolute(reverse("ideas:customer_cards"))
        items = []
        for card in cards:
            lead = card.observation
            words = lead.customer_words if lead and not lead.is_hidden else ""
            items.append(
                Item(
                    title=card.idea.title,
                    url=f"{url}#card-{card.pk}",
                    meta=f"What changed: {_excerpt(card.idea.impact, 200)}"
                    + (" · Your customer said:" if words else ""),
                    text=_excerpt(words, 300),
                )
            )
        return Section("customer_cards", "Tell your customer", items, more)

    @staticmethod
    def _status_changes(user, reads) -> Section:
        """Status changes (and merges) on ideas `user` follows, with the manager's note."""
        followed = reads.followed.get(user.pk, set())
        events = [
            event
            for event in reads.status_events
            if event.idea_id in followed and event.actor_id != user.pk
        ]
        events, more = _cut(events)
        items = []
        for event in events:
            who = event.actor.name if event.actor else "A manager"
            if event.to_status == Status.MERGED:
                change = f"{who} merged it into another idea"
            else:
                change = f"{who} moved it to {Status(event.to_status).label}"
            url = _link(event.idea)
            items.append(Item(event.idea.title, url, meta=change, text=event.note))
        return Section("status_changes", "Status changes on ideas you follow", items, more)

    @staticmethod
    def _new_comments(user, reads) -> Section:
        """Comments by others on `user`'s own ideas and observations."""
        comments, more = _cut(reads.comments_for.get(user.pk, []))
        items = []
        for comment in comments:
            post = comment.idea or comment.observation
            what = "idea" if comment.idea_id else "observation"
            items.append(
                Item(
                    title=_excerpt(str(post), 100),
                    url=_link(comment),
                    meta=f"{comment.author.name} on your {what}",
                    text=_excerpt(comment.body, 300),
                )
            )
        return Section("new_comments", "New comments on your posts", items, more)

    def _queue(self, user, queues) -> list[Section]:
        """A manager's queue: ideas awaiting a first answer (due soonest first), open
        escalations, and the oldest unanswered (past their due date), in their whole
        area. Read for the whole chunk by `_Queues`."""
        if not queues.manages(user.pk):
            return []
        upcoming, more_upcoming = _cut(queues.first(user.pk, queues.upcoming, "due_at"))
        overdue, more_overdue = _cut(queues.first(user.pk, queues.overdue, "due_at"))
        escalations, more_escalations = _cut(
            queues.first(user.pk, queues.escalations, "created_at")
        )
        awaiting = Section(
            "awaiting_answer",
            "Awaiting a first answer",
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
        return Item(idea.title, _link(idea), meta=meta, flag=flag)

    @staticmethod
    def _escalation_item(escalation) -> Item:
        to = escalation.manager.name if escalation.manager else "the CX leads"
        meta = (
            f"{escalation.get_rule_display()} · escalated to {to} "
            f"on {_local_day(escalation.created_at)}"
        )
        idea = escalation.idea
        return Item(idea.title, _link(idea), meta=meta)

    @staticmethod
    def _wins_section(user, reads) -> Section:
        """Ideas done in the stretch, with their impact and who to thank."""
        wins, more = _cut(reads.wins)
        items = []
        for idea in wins:
            credit(idea, user)  # the wins page's credits, anonymity respected
            items.append(
                Item(
                    title=idea.title,
                    url=_link(idea),
                    meta=_thanks(idea.credits, idea.anonymous_credits),
                    text=idea.impact,
                )
            )
        return Section("wins", "Wins: ideas done", items, more)

    def _top_posts(self, user, reads) -> list[Section]:
        """Top new ideas and observations in the person's team, then company-wide
        (without those already listed). A post whose author the reader may not see is
        left out of "your team", and shown without its team company-wide."""
        sections = []
        for key, heading, by_team, company, describe in (
            ("ideas", "Top new ideas", reads.team_ideas, reads.ideas, self._idea_item),
            (
                "observations",
                "Top new observations",
                reads.team_observations,
                reads.observations,
                self._obs_item,
            ),
        ):
            candidates = by_team.get(user.team_id, [])
            team_posts = [post for post in candidates if may_see_author(user, post)][:TOP]
            shown = {post.pk for post in team_posts}
            others = [post for post in company if post.pk not in shown][:TOP]
            if team_posts:
                items = [describe(post, user) for post in team_posts]
                sections.append(Section(f"team_{key}", f"{heading} in {user.team.name}", items))
            items = [describe(post, user) for post in others]
            sections.append(Section(f"company_{key}", f"{heading} across the company", items))
        return sections

    @staticmethod
    def _idea_item(idea, user) -> Item:
        votes = _count(idea.vote_count, "vote")
        url = _link(idea)
        return Item(idea.title, url, meta=f"By {_byline(idea, user)} · {votes}")

    @staticmethod
    def _obs_item(observation, user) -> Item:
        seen = observation.seen_count
        meta = f"By {_byline(observation, user)}"
        if seen:
            meta += f" · {_count(seen, 'colleague')} saw this too"
        url = _link(observation)
        return Item(_excerpt(observation.what_happened), url, meta=meta)


class _Reads:
    """What the digests of some people for one stretch of time [since, until) need,
    read for all of them at once: ten queries."""

    def __init__(self, since, until, people):
        self.since, self.until = since, until
        ids = [person.pk for person in people]
        team_ids = {person.team_id for person in people} - {None}
        new = {"created_at__gte": since, "created_at__lt": until, "is_hidden": False}

        self.status_events = list(
            IdeaEvent.objects.filter(
                Q(kind=IdeaEvent.Kind.STATUS_CHANGED)
                | Q(kind=IdeaEvent.Kind.MERGED, to_status=Status.MERGED),
                created_at__gte=since,
                created_at__lt=until,
                idea__is_hidden=False,
            )
            .select_related("idea", "actor")
            .order_by("created_at", "id")
        )
        self.followed: dict[int, set[int]] = {}
        follows = Follow.objects.filter(
            user_id__in=ids, idea_id__in={event.idea_id for event in self.status_events}
        )
        for user_id, idea_id in follows.values_list("user_id", "idea_id"):
            self.followed.setdefault(user_id, set()).add(idea_id)

        self.comments_for: dict[int, list] = {}
        comments = (
            Comment.objects.filter(
                Q(idea__author_id__in=ids, idea__is_hidden=False)
                | Q(observation__author_id__in=ids, observation__is_hidden=False),
                **new,
            )
            .select_related("author", "idea", "observation")
            .order_by("created_at", "id")
        )
        for comment in comments:
            owner = (comment.idea or comment.observation).author_id
            if comment.author_id != owner:
                self.comments_for.setdefault(owner, []).append(comment)

        ideas = Idea.objects.filter(**new).exclude(status=Status.MERGED)
        ideas = ideas.with_tally().select_related("author", "team")
        self.ideas = list(ideas.order_by(*IDEA_RANK)[: TOP * 3])
        self.team_ideas = _top_per_team(ideas, team_ids, IDEA_RANK)
        observations = Observation.objects.filter(**new).select_related("author", "team")
        self.observations = list(observations.order_by(*OBSERVATION_RANK)[: TOP * 3])
        self.team_observations = _top_per_team(observations, team_ids, OBSERVATION_RANK)

        evidence = Evidence.objects.select_related("observation__author").order_by(
            "created_at", "id"
        )
        self.cards_for: dict[int, list] = {}
        cards = (
            CustomerCard.objects.untold()
            .filter(
                user_id__in=ids,
                idea__is_hidden=False,
                created_at__gte=until - timedelta(days=CARD_DAYS),
                created_at__lt=until,
            )
            .select_related("idea", "observation")
            .order_by("-created_at", "-id")
        )
        for card in cards:
            self.cards_for.setdefault(card.user_id, []).append(card)

        self.wins = list(
            Idea.objects.filter(
                status=Status.DONE, done_at__gte=since, done_at__lt=until, is_hidden=False
            )
            .select_related("author")
            .prefetch_related(Prefetch("evidence", queryset=evidence, to_attr="evidence_list"))
            .order_by("-done_at", "-id")[: LIST_LIMIT + 1]
        )


# The order of "top": ideas by votes, observations by "seen this too", newest first.
IDEA_RANK = (F("tally__vote_count").desc(), F("id").desc())
OBSERVATION_RANK = (F("seen_count").desc(), F("created_at").desc(), F("id").desc())


def _first_per(rows, partition: str, rank, limit: int):
    """The first `limit` rows of each `partition` by `rank`, in one query."""
    return (
        rows.annotate(rank=Window(RowNumber(), partition_by=[F(partition)], order_by=list(rank)))
        .filter(rank__lte=limit)
        .order_by(partition, "rank")
    )


def _top_per_team(posts, team_ids, rank) -> dict[int, list]:
    """The first TOP * 3 posts of each team by `rank`: one query for all the teams."""
    by_team: dict[int, list] = {}
    for post in _first_per(posts.filter(team_id__in=team_ids), "team_id", rank, TOP * 3):
        by_team.setdefault(post.team_id, []).append(post)
    return by_team


# The order of a manager's lists: soonest due first; oldest escalation first.
BY_DUE = (F("due_at").asc(), F("id").asc())
BY_ESCALATED = (F("created_at").asc(), F("id").asc())


class _Queues:
    """The queues of all the managers among some people, read at once: their teams,
    then one query per list (ideas due, ideas overdue, open escalations), each with
    the first LIST_LIMIT + 1 of every team of their areas. A manager's list is the
    first of the lists of the teams in their area, merged: the same rows as a query
    over their whole area."""

    def __init__(self, now, people):
        self.paths: dict[int, tuple[str, ...]] = {}
        for manager_id, path in Team.objects.filter(manager__in=people).values_list(
            "manager_id", "path"
        ):
            self.paths[manager_id] = (*self.paths.get(manager_id, ()), path)
        every_path = {path for paths in self.paths.values() for path in paths}
        # Team.objects.within: nothing, and no query, for a chunk without managers.
        ideas = Idea.objects.filter(routed_team__in=Team.objects.within(*every_path))
        ideas = ideas.filter(is_hidden=False)
        unanswered = (
            ideas.filter(status__in=OPEN_STATUSES, first_response_at__isnull=True)
            .annotate(due_at=answer_due(), team_path=F("routed_team__path"))
            .select_related("routed_team")
        )
        limit = LIST_LIMIT + 1
        self.upcoming = self._by_team(
            _first_per(unanswered.filter(due_at__gte=now), "routed_team_id", BY_DUE, limit)
        )
        self.overdue = self._by_team(
            _first_per(unanswered.filter(due_at__lt=now), "routed_team_id", BY_DUE, limit)
        )
        escalations = (
            Escalation.objects.filter(resolved_at__isnull=True, idea__in=ideas)
            .annotate(team_path=F("idea__routed_team__path"))
            .select_related("idea", "manager")
        )
        self.escalations = self._by_team(
            _first_per(escalations, "idea__routed_team_id", BY_ESCALATED, limit)
        )

    @staticmethod
    def _by_team(rows) -> dict[str, list]:
        by_team: dict[str, list] = {}
        for row in rows:
            by_team.setdefault(row.team_path, []).append(row)
        return by_team

    def manages(self, user_id) -> bool:
        return user_id in self.paths

    def first(self, manager_id, by_team, order: str) -> list:
        """The first LIST_LIMIT + 1 rows of the manager's area by `order`, then id
        (BY_DUE, BY_ESCALATED). A team is in the area when one of the manager's team
        paths starts its path, as in Team.objects.within."""
        paths = self.paths[manager_id]
        rows = [row for path, team in by_team.items() if path.startswith(paths) for row in team]
        rows.sort(key=lambda row: (getattr(row, order), row.pk))
        return rows[: LIST_LIMIT + 1]


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
    "customer_cards": ("customer to tell", "customers to tell"),
    "status_changes": ("status change", "status changes"),
    "new_comments": ("new comment", "new comments"),
    "awaiting_answer": ("idea awaiting a first answer", "ideas awaiting a first answer"),
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
