"""Observations, ideas and everything people do to them.

Counts shown on pages (votes, comments, "seen this too", evidence) are stored on the
row and changed with F() in the same transaction as the row that changes them.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts.models import Team
from ideas import trending
from ideas.text import shorten


class Touchpoint(models.TextChoices):
    IN_STORE = "in_store", "In store"
    PHONE = "phone", "Phone"
    CHAT = "chat", "Chat"
    EMAIL = "email", "Email"
    WEB = "web", "Web"
    MOBILE_APP = "mobile_app", "Mobile app"
    SOCIAL = "social", "Social"
    FIELD_VISIT = "field_visit", "Field visit"
    OTHER = "other", "Other"


class JourneyStage(models.TextChoices):
    DISCOVER = "discover", "Discover"
    EVALUATE = "evaluate", "Evaluate"
    BUY = "buy", "Buy"
    ONBOARD = "onboard", "Onboard"
    USE = "use", "Use"
    GET_SUPPORT = "get_support", "Get support"
    RENEW_LEAVE = "renew_leave", "Renew / leave"


class Sentiment(models.TextChoices):
    FRUSTRATED = "frustrated", "Frustrated"
    NEUTRAL = "neutral", "Neutral"
    DELIGHTED = "delighted", "Delighted"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DECLINED = "declined", "Declined"
    MERGED = "merged", "Merged"


OPEN_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.PLANNED, Status.IN_PROGRESS)
# PRODUCT.md: an idea still in one of these that reaches V votes escalates at once.
POPULAR_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW)
# Open and no manager has answered yet: the idea's answer clock runs.
AWAITING_FIRST_ANSWER = models.Q(status__in=OPEN_STATUSES, first_response_at__isnull=True)
CLOSED_STATUSES = (Status.DONE, Status.DECLINED, Status.MERGED)
# An observation's heading: what happened, cut at a word after at most this many characters.
HEADLINE_CHARS = 90
# A status change to one of these needs a public note.
NOTE_REQUIRED_STATUSES = (Status.DONE, Status.DECLINED, Status.MERGED)
# The customer-pain sort key of an idea without evidence (ideas/pain.py): below any other.
NO_PAIN = -1e9


class Tag(models.Model):
    name = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class EscalationPolicy(models.Model):
    """The escalation thresholds, one row (pk=1) that CX leads edit in the admin:
    N days to a first answer (a category may override it) and V votes for "popular"."""

    unanswered_days = models.PositiveSmallIntegerField(
        "days to a first answer",
        default=5,
        validators=[MinValueValidator(1)],
        help_text="N: an idea still unanswered N days after submission escalates to the "
        "manager of its routed team, N more days later to that manager's manager, and so on.",
    )
    popular_votes = models.PositiveIntegerField(
        "votes for popular",
        default=25,
        validators=[MinValueValidator(1)],
        help_text="V: an idea submitted or under review that reaches V votes escalates to "
        "the manager of its routed team at once.",
    )

    class Meta:
        verbose_name = verbose_name_plural = "escalation policy"
        constraints = [
            models.CheckConstraint(
                condition=Q(unanswered_days__gte=1) & Q(popular_votes__gte=1),
                name="escalation_policy_thresholds_at_least_one",
            )
        ]

    def __str__(self):
        return f"First answer in {self.unanswered_days} days, popular at {self.popular_votes} votes"

    @classmethod
    def current(cls) -> "EscalationPolicy":
        return cls.objects.get_or_create(pk=1)[0]

    def unanswered_days_for(self, category) -> int:
        """N for an idea in `category` (None: no category)."""
        if category is not None and category.unanswered_days:
            return category.unanswered_days
        return self.unanswered_days


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    owning_team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_categories",
        help_text="Ideas in this category are routed to this team. Empty: the author's team.",
    )
    unanswered_days = models.PositiveSmallIntegerField(
        "days to a first answer",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Overrides the escalation policy's N for ideas in this category. "
        "Empty: the policy's.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(
                condition=Q(unanswered_days__isnull=True) | Q(unanswered_days__gte=1),
                name="category_unanswered_days_at_least_one",
            )
        ]

    def __str__(self):
        return self.name


# --- Anonymity: who may see a post's author, and its team -------------------------
# The one home of the rule. In a small team the team names the author, so an
# anonymous post hides both from everyone but CX leads and the author themself.


def sees_every_author(user) -> bool:
    """CX leads know who wrote every post, anonymous or not."""
    return bool(getattr(user, "is_cx_lead", False))


def author_visible_q(user) -> Q:
    """`Authored.author_visible_to` as a query condition on observations or ideas."""
    if sees_every_author(user):
        return Q()
    return Q(is_anonymous=False) | Q(author_id=getattr(user, "pk", None))


@dataclass(frozen=True)
class Byline:
    """A post's author and team as one person may see them: `team` is empty when
    the author is hidden."""

    name: str
    team: str = ""
    # For the avatar circle: "AA" for Alice Archer, "?" when the author is hidden.
    initials: str = field(default="?", compare=False)

    def __str__(self):
        return f"{self.name}, {self.team}" if self.team else self.name


def initials_of(name: str) -> str:
    """ "Alice Archer" -> "AA", "sam.shop" -> "S", "Jean-Luc de Vries" -> "JV"."""
    words = name.split()
    if not words:
        return "?"
    first, last = words[0], words[-1]
    return (first[0] + (last[0] if len(words) > 1 else "")).upper()


class Authored:
    """Anonymity for the post models (Observation, Idea)."""

    def author_visible_to(self, user) -> bool:
        return (
            not self.is_anonymous
            or sees_every_author(user)
            or self.author_id == getattr(user, "pk", None)
        )

    def byline_for(self, user) -> Byline:
        """ "Alice Archer, Leeds store", "Alice Archer (posted anonymously), Leeds
        store" for those who may know, else "Anonymous" with no team."""
        if not self.author_visible_to(user):
            return Byline("Anonymous")
        name = self.author.name
        if self.is_anonymous:
            name = f"{name} (posted anonymously)"
        return Byline(name, self.team.name, initials_of(self.author.name))


class PostQuerySet(models.QuerySet):
    """Shared by observations and ideas."""

    def visible_to(self, user):
        if getattr(user, "is_cx_lead", False):
            return self
        return self.filter(is_hidden=False)

    def with_people(self):
        return self.select_related("author", "team")

    def from_teams(self, teams, user):
        """Posts by people of `teams`, as `user` may know them: an anonymous post is
        not listed under its team for those who may not see its author."""
        return self.filter(Q(team__in=teams) & author_visible_q(user))

    def with_tag_names(self):
        """Annotate `tag_names`: the tags' names joined by commas (a tag never holds a
        comma), so that a detail page reads its tags in the same query."""
        through, name = self.model.tags.through, self.model._meta.model_name
        names = (
            through.objects.filter(**{name: OuterRef("pk")})
            .values(name)
            .annotate(names=models.StringAgg("tag__name", delimiter=models.Value(",")))
            .values("names")
        )
        return self.annotate(tag_names=models.Subquery(names))


class ObservationQuerySet(PostQuerySet):
    def with_seen_by(self, user):
        if not user.is_authenticated:
            return self.annotate(seen_by_me=models.Value(False))
        seen = SeenThisToo.objects.filter(observation=OuterRef("pk"), user=user)
        return self.annotate(seen_by_me=Exists(seen))


class Observation(Authored, models.Model):
    """Evidence from a customer contact."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="observations")
    is_anonymous = models.BooleanField(
        "post anonymously", default=False, help_text="Only CX leads will see that you wrote it."
    )
    what_happened = models.TextField(max_length=4000)
    customer_words = models.TextField("the customer's words", max_length=2000, blank=True)
    touchpoint = models.CharField(max_length=20, choices=Touchpoint.choices, blank=True)
    journey_stage = models.CharField(max_length=20, choices=JourneyStage.choices, blank=True)
    sentiment = models.CharField(max_length=20, choices=Sentiment.choices, blank=True)
    segment = models.CharField("customer segment", max_length=80, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="observations")
    seen_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    idea_count = models.PositiveIntegerField(default=0)
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["team", "-created_at"]),
            models.Index(fields=["touchpoint", "journey_stage"]),
            models.Index(fields=["-seen_count", "-id"], name="observation_seen"),
        ]

    def __str__(self):
        return self.what_happened[:60]

    def get_absolute_url(self):
        return reverse("ideas:observation_detail", args=[self.pk])

    @property
    def headline(self) -> str:
        """What happened, cut at a word: the observation's heading and its name in lists."""
        return shorten(self.what_happened, HEADLINE_CHARS)


# The people an idea card joins, and their columns that no page shows beside a name.
CARD_PEOPLE = ("author", "routed_team__manager")
UNSHOWN_USER_COLUMNS = ("password", "notification_settings", "last_login", "date_joined")


class IdeaQuerySet(PostQuerySet):
    def not_merged(self):
        return self.exclude(status=Status.MERGED)

    def bulk_create(self, objs, *args, **kwargs):
        """Ideas created in bulk get their tallies as Idea.save gives them one."""
        ideas = super().bulk_create(objs, *args, **kwargs)
        IdeaTally.objects.bulk_create([idea._tally() for idea in ideas])
        return ideas

    def with_tally(self):
        """Join the ideas' tallies (votes, followers, trending score) with an inner
        join: every idea has one, and only then can PostgreSQL read the ideas in the
        order of a tally index."""
        return self.filter(tally__isnull=False).select_related("tally")

    def trending(self):
        """Most weight of recent votes first (ideas/trending.py)."""
        return self.with_tally().order_by("-tally__trending_score", "-tally__idea_id")

    def top(self):
        return self.with_tally().order_by("-tally__vote_count", "-tally__idea_id")

    def newest(self):
        return self.order_by("-created_at", "-id")

    def by_pain(self):
        """Most customer pain first (ideas/pain.py); ideas without evidence last."""
        return self.order_by("-pain_sort", "-id")

    def oldest_unanswered(self):
        return self.filter(status=Status.SUBMITTED).order_by("created_at", "id")

    def in_area(self, user):
        """Ideas routed to a team the user manages, or any team below it."""
        team_ids = user.managed_area_team_ids()
        if not team_ids:
            return self.none()
        return self.filter(routed_team__in=team_ids)

    def triaged_by(self, user):
        """The ideas a person triages: everything for CX leads, else their area."""
        return self if user.is_cx_lead else self.in_area(user)

    def awaiting_triage(self):
        return self.filter(status=Status.SUBMITTED).order_by("created_at", "id")

    # --- The answer clock -------------------------------------------------------

    def awaiting_first_answer(self):
        """Open ideas that no manager has answered yet: their answer clock runs."""
        return self.filter(AWAITING_FIRST_ANSWER)

    def by_answer_due(self):
        """Ideas still waiting for a first answer first, soonest due (most overdue)
        first; then those already answered, oldest first."""
        answered = Case(When(first_response_at__isnull=True, then=Value(0)), default=Value(1))
        return self.order_by(answered, "answer_due_at", "created_at", "id")

    def with_answer_clock(self):
        """Join the routed team's manager: whom most ideas wait on, without a query
        (Idea.load_answer_waits_on does the rest in one)."""
        return self.select_related("routed_team__manager")

    def for_cards(self):
        """What an idea card shows (templates/ideas/_idea_card.html), for lists of
        them: the people and teams joined, and not the columns no card reads (long
        texts, the search vector, people's password hashes and settings)."""
        people = [f"{who}__{column}" for who in CARD_PEOPLE for column in UNSHOWN_USER_COLUMNS]
        return (
            self.select_related("author", "team", "routed_team", "category", "tally")
            .with_answer_clock()
            .defer("proposal", "expected_impact", "impact", "search_vector", *people)
        )

    def restart_answer_clock(self, policy=None) -> int:
        """Set answer_due_at = created_at + N on these ideas, N per category (see
        EscalationPolicy.unanswered_days_for): one UPDATE per distinct N. Returns the
        number of ideas updated."""
        policy = policy or EscalationPolicy.current()
        overrides = dict(
            Category.objects.filter(unanswered_days__isnull=False).values_list(
                "pk", "unanswered_days"
            )
        )
        by_days: dict[int, list[int]] = {}
        for category_id, days in overrides.items():
            by_days.setdefault(days, []).append(category_id)
        groups = [(days, self.filter(category_id__in=ids)) for days, ids in by_days.items()]
        groups.append((policy.unanswered_days, self.exclude(category_id__in=list(overrides))))
        return sum(
            ideas.update(answer_due_at=models.F("created_at") + timedelta(days=days))
            for days, ideas in groups
        )

    def with_popular_check(self):
        """For the vote's locked read: `popular_votes` (the policy's V) and
        `popular_escalated` (the idea's popular escalation exists), in the same query."""
        threshold = EscalationPolicy.objects.filter(pk=1).values("popular_votes")
        default = EscalationPolicy._meta.get_field("popular_votes").default
        popular = Escalation.objects.filter(idea=OuterRef("pk"), rule=Escalation.Rule.POPULAR)
        return self.annotate(
            popular_votes=Coalesce(models.Subquery(threshold), Value(default)),
            popular_escalated=Exists(popular),
        )

    def with_open_escalation(self):
        """`is_escalated`: the idea has an escalation nobody has acted on yet."""
        return self.annotate(is_escalated=Exists(_open_escalations().filter(idea=OuterRef("pk"))))

    def escalated(self):
        """Only ideas with an escalation nobody has acted on yet, found from the open
        escalations (a manager's area has many more ideas than those)."""
        return self.filter(pk__in=_open_escalations().values("idea_id"))

    def with_seen_total(self):
        """`seen_total`: the "seen this too" count summed over the idea's evidence."""
        total = (
            Evidence.objects.filter(idea=OuterRef("pk"))
            .values("idea")
            .annotate(total=models.Sum("observation__seen_count"))
            .values("total")
        )
        return self.annotate(seen_total=Coalesce(models.Subquery(total), 0))

    def with_voted_by(self, user):
        if not user.is_authenticated:
            return self.annotate(voted_by_me=models.Value(False))
        return self.annotate(
            voted_by_me=Exists(Vote.objects.filter(idea=OuterRef("pk"), user=user))
        )

    def with_followed_by(self, user):
        if not user.is_authenticated:
            return self.annotate(followed_by_me=models.Value(False))
        return self.annotate(
            followed_by_me=Exists(Follow.objects.filter(idea=OuterRef("pk"), user=user))
        )


def _on_tally(name: str) -> property:
    """An idea attribute that lives on its tally row (IdeaTally), read and set there.
    A property, so that Idea(vote_count=…) is accepted as for a field."""
    return property(
        lambda idea: getattr(idea._tally(), name),
        lambda idea, value: setattr(idea._tally(), name, value),
    )


class Idea(Authored, models.Model):
    """A proposal to improve the customer experience."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ideas"
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="authored_ideas", help_text="Author's team"
    )
    routed_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="routed_ideas")
    is_anonymous = models.BooleanField(
        "post anonymously", default=False, help_text="Only CX leads will see that you wrote it."
    )
    title = models.CharField(max_length=140)
    problem = models.TextField("customer problem", max_length=4000)
    proposal = models.TextField(max_length=6000)
    expected_impact = models.TextField(max_length=2000, blank=True)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="ideas")
    observations = models.ManyToManyField(
        Observation, through="Evidence", related_name="ideas", blank=True
    )

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_ideas",
    )
    target_date = models.DateField(null=True, blank=True)
    impact = models.TextField("impact for customers", blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_ideas"
    )
    first_response_at = models.DateTimeField(null=True, blank=True)
    # The answer clock: created_at + N days (EscalationPolicy, or the category's N).
    answer_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    done_at = models.DateTimeField(null=True, blank=True)

    # Votes, followers and the trending score live in IdeaTally, a narrow row of their
    # own (the properties below read and set them there).
    comment_count = models.PositiveIntegerField(default=0)
    evidence_count = models.PositiveIntegerField(default=0)
    # Customer pain, from the evidence that is not hidden: the rule is in ideas/pain.py.
    pain_colleagues = models.PositiveIntegerField(default=0)
    pain_places = models.PositiveIntegerField(default=0)
    # The team kind all the places share ("store"), or "" when they differ.
    pain_place_kind = models.CharField(max_length=20, blank=True, default="")
    pain_touchpoints = models.PositiveIntegerField(default=0)
    pain_segments = models.PositiveIntegerField(default=0)
    pain_frustrated_share = models.FloatField(default=0.0)
    pain_last_seen_at = models.DateTimeField(null=True, blank=True)
    pain_sort = models.FloatField(default=NO_PAIN)

    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["routed_team", "status", "created_at"]),
            models.Index(fields=["-pain_sort", "-id"], name="idea_pain_sort"),
            # The ideas whose answer clock runs (a manager's queue and its counts).
            models.Index(
                fields=["routed_team", "answer_due_at"],
                condition=AWAITING_FIRST_ANSWER,
                name="idea_awaiting_answer",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Every idea starts its answer clock, and gets its tally, when it is first
        # saved, whoever creates it.
        adding = self._state.adding
        if adding and self.answer_due_at is None:
            self.start_answer_clock()
        super().save(*args, **kwargs)
        if adding:
            self._tally().save(force_insert=True)

    def get_absolute_url(self):
        return reverse("ideas:idea_detail", args=[self.pk])

    # --- The tally: what a vote changes -----------------------------------------------

    def _tally(self) -> "IdeaTally":
        """The idea's tally: the stored one, or a new one for an idea being created."""
        try:
            return self.tally
        except IdeaTally.DoesNotExist:
            return IdeaTally(idea=self)  # Caches itself as self.tally.

    vote_count = _on_tally("vote_count")
    follower_count = _on_tally("follower_count")
    trending_score = _on_tally("trending_score")

    def route(self) -> Team:
        """PRODUCT.md routing: the category's owning team if it has one, else the
        author's team."""
        if self.category_id and self.category.owning_team_id:
            return self.category.owning_team
        return self.team

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    # --- The answer clock: when the first answer is due and whom it waits on ------

    def start_answer_clock(self, policy=None) -> None:
        """Set answer_due_at: submitted + N days (the category's N, else the policy's)."""
        policy = policy or EscalationPolicy.current()
        days = policy.unanswered_days_for(self.category if self.category_id else None)
        self.answer_due_at = self.created_at + timedelta(days=days)

    @property
    def awaits_answer(self) -> bool:
        """The clock runs: the idea is open and no manager has answered it yet."""
        return self.is_open and self.first_response_at is None

    @property
    def is_answer_overdue(self) -> bool:
        return (
            self.awaits_answer
            and self.answer_due_at is not None
            and timezone.now() >= self.answer_due_at
        )

    @property
    def answer_due_on(self) -> date | None:
        """The day the first answer is due, in the site's time zone (TIME_ZONE)."""
        if self.answer_due_at is None:
            return None
        return timezone.localtime(self.answer_due_at, timezone.get_default_timezone()).date()

    @property
    def first_answer_after(self) -> timedelta | None:
        """How long the first answer took; None until a manager responds."""
        if self.first_response_at is None:
            return None
        return self.first_response_at - self.created_at

    @property
    def first_answer_after_display(self) -> str:
        """ "2 days", "5 hours", "10 minutes": the largest whole unit."""
        after = self.first_answer_after
        if after is None:
            return ""
        for unit, seconds in (("day", 86400), ("hour", 3600), ("minute", 60)):
            count = int(after.total_seconds() // seconds)
            if count >= 1:
                return f"{count} {unit}{'s' if count > 1 else ''}"
        return "less than a minute"

    @property
    def answer_waits_on(self):
        """The manager whose first answer the idea waits on: the first of the routed
        team's manager chain (Team.manager_chain); None when there is nobody up to the
        root, and the CX leads answer."""
        if not hasattr(self, "_answer_waits_on"):
            Idea.load_answer_waits_on([self])
        return self._answer_waits_on

    @staticmethod
    def load_answer_waits_on(ideas) -> list:
        """Set answer_waits_on on many ideas that await an answer. A routed team's
        own active manager (joined by `with_answer_clock()`) is the answer; the other
        teams' chains are read in one query. Returns the ideas as a list."""
        ideas = list(ideas)
        waiting = [i for i in ideas if i.awaits_answer and not hasattr(i, "_answer_waits_on")]
        unknown = {i.routed_team_id: i.routed_team for i in waiting if not _own_manager(i)}
        chains = Team.manager_chains(unknown.values()) if unknown else {}
        for idea in waiting:
            if idea.routed_team_id in chains:
                chain = chains[idea.routed_team_id]
                idea._answer_waits_on = chain[0].manager if chain else None
            else:
                idea._answer_waits_on = idea.routed_team.manager
        return ideas


def _own_manager(idea) -> bool:
    """Whether the routed team's manager is already loaded and active: then that
    manager is the first of the chain."""
    team = idea.routed_team
    return team.manager_id is not None and Team.manager.is_cached(team) and team.manager.is_active


def _open_escalations():
    return Escalation.objects.filter(resolved_at__isnull=True)


class IdeaTally(models.Model):
    """What a vote changes on an idea: its votes, its followers (voting follows) and
    its trending score, in a narrow row of their own.

    On the idea's row a vote rewrote the whole wide row into every one of its indexes,
    the two GIN search indexes included (an indexed sort column rules out HOT updates).
    Here it rewrites three numbers and the two sort indexes. Lists sorted by votes or
    trending join this table (IdeaQuerySet.top and trending) and walk its indexes."""

    idea = models.OneToOneField(
        Idea, primary_key=True, on_delete=models.CASCADE, related_name="tally"
    )
    vote_count = models.PositiveIntegerField(default=0)
    follower_count = models.PositiveIntegerField(default=0)
    # Recent votes, decayed and summed in log space: the rule is in ideas/trending.py.
    trending_score = models.FloatField(default=trending.floor_now)

    class Meta:
        indexes = [
            models.Index(fields=["-vote_count", "-idea"], name="idea_tally_votes"),
            models.Index(fields=["-trending_score", "-idea"], name="idea_tally_trending"),
        ]

    def __str__(self):
        return f"{self.idea_id}: {self.vote_count} votes"


class Evidence(models.Model):
    """An observation linked to an idea as evidence."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="evidence")
    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="evidence")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(fields=["idea", "observation"], name="unique_evidence")
        ]

    def __str__(self):
        return f"{self.observation_id} → {self.idea_id}"


class Vote(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="one_vote_per_person")]

    def __str__(self):
        return f"{self.user_id} ↑ {self.idea_id}"


class SeenThisToo(models.Model):
    """A colleague's corroboration of an observation."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="seen_by")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "seen this too"
        verbose_name_plural = "seen this too"
        constraints = [
            models.UniqueConstraint(fields=["observation", "user"], name="one_seen_per_person")
        ]

    def __str__(self):
        return f"{self.user_id} saw {self.observation_id}"


class Follow(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="one_follow_per_person")
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.idea_id}"


class Comment(models.Model):
    """A comment in Markdown on an idea or an observation; `body_html` is the
    sanitised rendering, made once on save."""

    idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    observation = models.ForeignKey(
        Observation, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(max_length=5000)
    body_html = models.TextField(editable=False, default="")
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in"
    )
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        # An idea's timeline is read a page at a time, newest first (ideas.timeline).
        indexes = [models.Index(fields=["idea", "created_at", "id"], name="comment_idea_timeline")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(idea__isnull=False) & Q(observation__isnull=True))
                | (Q(idea__isnull=True) & Q(observation__isnull=False)),
                name="comment_on_one_post",
            )
        ]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        if self.idea_id is None:
            return f"{self.observation.get_absolute_url()}#comment-{self.pk}"
        # The page of the idea's timeline that ends at this comment (ideas.timeline).
        url = reverse("ideas:idea_detail", args=[self.idea_id])
        return f"{url}?comments=c{self.pk}#comment-{self.pk}"

    def author_visible_to(self, user) -> bool:
        """A comment names its author, except where the anonymous author of the post
        comments on it: then only those who may see the post's author see who."""
        post = self.idea or self.observation
        return self.author_id != post.author_id or post.author_visible_to(user)


class Revision(models.Model):
    """An earlier version of an observation or idea, kept when its author edits it."""

    idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    observation = models.ForeignKey(
        Observation, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    data = models.JSONField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Revision {self.pk}"


class IdeaEvent(models.Model):
    """One entry of an idea's timeline."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        EVIDENCE_LINKED = "evidence_linked", "Evidence linked"
        ROUTED = "routed", "Routed"
        STATUS_CHANGED = "status_changed", "Status changed"
        OWNER_ASSIGNED = "owner_assigned", "Owner assigned"
        TARGET_DATE_SET = "target_date_set", "Target date set"
        MERGED = "merged", "Merged"
        ESCALATED = "escalated", "Escalated"
        COMMENTED = "commented", "Commented"
        EDITED = "edited", "Edited"
        HIDDEN = "hidden", "Hidden"
        RESTORED = "restored", "Restored"

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    note = models.TextField(blank=True)
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    observation = models.ForeignKey(
        Observation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The other side of a merge: the survivor on the merged idea's event, and back.
    other_idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["idea", "created_at"]),
            # The timeline shows comments themselves, not their events (ideas.timeline).
            models.Index(
                fields=["idea", "created_at", "id"],
                condition=~Q(kind="commented"),
                name="ideaevent_timeline",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on #{self.idea_id}"


class Escalation(models.Model):
    """The system telling a manager that an idea needs attention. One per
    (idea, rule, level)."""

    class Rule(models.TextChoices):
        UNANSWERED = "unanswered", "Unanswered"
        POPULAR = "popular", "Popular"

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="escalations")
    rule = models.CharField(max_length=20, choices=Rule.choices)
    level = models.PositiveSmallIntegerField(default=0)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "rule", "level"], name="one_escalation_per_rule_level"
            )
        ]
        indexes = [
            models.Index(fields=["idea", "resolved_at"]),
            # The scan reads back the rows it wrote by their shared timestamp.
            models.Index(fields=["created_at"]),
        ]

    def __str__(self):
        return f"{self.get_rule_display()} L{self.level} on #{self.idea_id}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def to_cx_leads(self) -> bool:
        """Past the root of the org tree the CX leads are told: no one manager."""
        return self.manager_id is None


class CustomerCardQuerySet(models.QuerySet):
    def told(self):
        return self.filter(told_at__isnull=False)

    def untold(self):
        return self.filter(told_at__isnull=True)

    def for_person(self, user):
        """A person's own cards, on ideas they may see (a hidden idea's cards are
        only for CX leads)."""
        cards = self.filter(user_id=getattr(user, "pk", None))
        if not sees_every_author(user):
            cards = cards.filter(idea__is_hidden=False)
        return cards


class CustomerCard(models.Model):
    """ "Tell your customer": made when an idea is done, one per person whose
    observation was evidence (ideas/customer_cards.py). It leads with that person's
    first evidence observation; the card shows the words of all of theirs."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="customer_cards")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer_cards"
    )
    observation = models.ForeignKey(
        Observation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    told_at = models.DateTimeField(null=True, blank=True)

    objects = CustomerCardQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="one_customer_card_per_person")
        ]
        indexes = [models.Index(fields=["user", "told_at", "-created_at"])]

    def __str__(self):
        return f"Card for {self.user_id} on #{self.idea_id}"

    def get_absolute_url(self):
        return f"{reverse('ideas:customer_cards')}#card-{self.pk}"

    @property
    def is_told(self) -> bool:
        return self.told_at is not None
