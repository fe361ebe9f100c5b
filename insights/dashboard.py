"""The insights dashboard's figures, each computed in the database for one scope: the
teams a person looks at (a team with its sub-teams, or their whole area) and a date
range. Hidden posts are never counted, whoever looks.

Python only arranges the aggregated rows: the ≤ 9 × 7 heat-map cells, the ≤ N teams
of the league table, the ≤ 8 tags by week.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import RowNumber, TruncWeek
from django.utils import timezone

from accounts.models import Team
from ideas.models import (
    OPEN_STATUSES,
    CustomerCard,
    Evidence,
    Idea,
    JourneyStage,
    Observation,
    Sentiment,
    Status,
    Touchpoint,
)

# The main line from submitted to done; declined and merged leave it.
FUNNEL_STAGES = (
    Status.SUBMITTED,
    Status.UNDER_REVIEW,
    Status.PLANNED,
    Status.IN_PROGRESS,
    Status.DONE,
)
FUNNEL_EXITS = (Status.DECLINED, Status.MERGED)
# Hot spots: frustrated observations in the last HOT_SPOT_DAYS against the
# HOT_SPOT_DAYS before, and at least HOT_SPOT_MINIMUM of them lately.
HOT_SPOT_DAYS = 28
HOT_SPOT_MINIMUM = 3
TOP_TAGS = 8
# Heat-map colour bands by frustrated share: below 20 %, 40 %, 60 %, 80 %, and above.
HEAT_BANDS = (20, 40, 60, 80)


def percent(part: int, whole: int) -> int | None:
    """`part` of `whole` as a whole percent, halves rounded up; None of nothing."""
    if not whole:
        return None
    return (200 * part + whole) // (2 * whole)


def human_duration(seconds: float | None) -> str:
    """ "2.5 days", "7 hours", "40 minutes"; "—" for no value."""
    if seconds is None:
        return "—"
    for unit, size in (("day", 86400), ("hour", 3600)):
        if seconds >= size:
            amount = round(seconds / size, 1)
            text = f"{amount:g}"
            return f"{text} {unit}{'' if text == '1' else 's'}"
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


# --- The scope ------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Whose figures and when: `team_paths` None is the whole company; `end` is
    exclusive (midnight after the last day)."""

    user: object
    team_paths: tuple[str, ...] | None
    start: datetime
    end: datetime
    now: datetime = field(default_factory=timezone.now)

    def _teams(self):
        return Team.objects.within(*self.team_paths).values("pk")

    def ideas(self):
        """Ideas submitted in the range, routed to the teams."""
        ideas = Idea.objects.filter(
            is_hidden=False, created_at__gte=self.start, created_at__lt=self.end
        )
        if self.team_paths is not None:
            ideas = ideas.filter(routed_team__in=self._teams())
        return ideas

    def observations(self, *, dated=True):
        """Observations posted by people of the teams (in the range): an anonymous
        one counts under its team only for those who may see its author, as on the
        observation list, so that the drill-down never tells its team."""
        observations = Observation.objects.filter(is_hidden=False)
        if self.team_paths is not None:
            observations = observations.from_teams(self._teams(), self.user)
        if dated:
            observations = observations.filter(created_at__gte=self.start, created_at__lt=self.end)
        return observations


# --- The funnel -----------------------------------------------------------------


@dataclass(frozen=True)
class FunnelRow:
    status: str
    label: str
    count: int
    of_previous: int | None
    of_submitted: int | None
    is_exit: bool = False


def funnel(scope: Scope) -> list[FunnelRow]:
    """Ideas submitted in the range and how many reached each stage: an idea has
    reached a stage when its status now is that stage or one after it on the main
    line. Declined and merged ideas are exits, counted only as submitted. One query."""
    counts = {
        status: Count("pk", filter=Q(status__in=FUNNEL_STAGES[index:]))
        for index, status in enumerate(FUNNEL_STAGES)
    }
    counts[Status.SUBMITTED] = Count("pk")
    counts |= {status: Count("pk", filter=Q(status=status)) for status in FUNNEL_EXITS}
    totals = scope.ideas().aggregate(**counts)
    submitted = totals[Status.SUBMITTED]
    rows, previous = [], submitted
    for status in FUNNEL_STAGES:
        count = totals[status]
        rows.append(
            FunnelRow(
                status,
                Status(status).label,
                count,
                percent(count, previous),
                percent(count, submitted),
            )
        )
        previous = count
    for status in FUNNEL_EXITS:
        count = totals[status]
        of_submitted = percent(count, submitted)
        rows.append(
            FunnelRow(status, Status(status).label, count, of_submitted, of_submitted, True)
        )
    return rows


# --- The league table -----------------------------------------------------------


class Seconds(Func):
    """`end - start` in seconds, as a float, on PostgreSQL and SQLite."""

    output_field = FloatField()
    arg_joiner = " - "
    template = "CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS double precision)"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra,
        )


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont: the value at `fraction` of the ordered values,
    interpolated linearly between the two nearest (see `percentiles`)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, *, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def percentiles(queryset, *, group: str, value, fractions=(0.5, 0.9)) -> dict:
    """{group: (p for each of fractions)} over the rows where `value` is not null.

    The percentile is the continuous one on both databases: of n values sorted
    x₀ ≤ … ≤ xₙ₋₁, the p-th is at position h = (n − 1)·p, and between two values
    it is interpolated: x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋). The median of 1, 2, 3, 10
    is 2.5, their 90th percentile 7.9. PostgreSQL computes it with percentile_cont;
    SQLite, which has none, with a row number per group (a window function), summing
    the two nearest values with their weights. One query."""
    rows = queryset.annotate(grp=F(group), value=value).filter(value__isnull=False).order_by()
    if connection.vendor == "postgresql":
        aggregates = {
            f"p{index}": PercentileCont("value", fraction=p) for index, p in enumerate(fractions)
        }
        result = rows.values("grp").annotate(**aggregates)
        return {
            row["grp"]: tuple(row[f"p{index}"] for index in range(len(fractions))) for row in result
        }
    ranked = rows.annotate(
        position=Window(RowNumber(), partition_by=F("grp"), order_by=F("value").asc())
        - Value(1, output_field=IntegerField()),
        size=Window(Count("pk"), partition_by=F("grp")),
    ).values("grp", "value", "position", "size")
    inner, params = ranked.query.sql_with_params()
    columns = []
    for p in fractions:
        h = f"((size - 1) * {float(p)!r})"
        low = f"CAST({h} AS INTEGER)"
        columns.append(
            f"SUM(value * CASE WHEN position = {low} THEN 1 - ({h} - {low}) "
            f"WHEN position = {low} + 1 THEN {h} - {low} ELSE 0 END)"
        )
    sql = f"SELECT grp, {', '.join(columns)} FROM ({inner}) ranked GROUP BY grp"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


@dataclass
class LeagueRow:
    team_id: int
    team: str
    ideas: int
    overdue: int
    first_answer: tuple = (None, None)
    done: tuple = (None, None)

    @property
    def first_answer_display(self) -> tuple[str, str]:
        return tuple(human_duration(value) for value in self.first_answer)

    @property
    def done_display(self) -> tuple[str, str]:
        return tuple(human_duration(value) for value in self.done)

    def sort_key(self):
        """Best first: the quickest median first answer, then the quickest median to
        done; a team with no answer yet goes last."""
        missing = float("inf")
        answer, done = self.first_answer[0], self.done[0]
        return (
            missing if answer is None else answer,
            missing if done is None else done,
            self.team,
        )


def league_table(scope: Scope) -> list[LeagueRow]:
    """Per routed team, of the ideas submitted in the range: time to first answer
    (submitted → first response) and to done (submitted → done), median and 90th
    percentile, and how many are overdue now (the answer clock ran out and no
    manager has answered). Three queries."""
    ideas = scope.ideas()
    overdue = Idea.objects.awaiting_first_answer().filter(answer_due_at__lte=scope.now)
    teams = (
        ideas.values("routed_team")
        .annotate(
            name=F("routed_team__name"),
            ideas=Count("pk"),
            overdue=Count("pk", filter=Q(pk__in=overdue.values("pk"))),
        )
        .order_by()
    )
    rows = {
        row["routed_team"]: LeagueRow(row["routed_team"], row["name"], row["ideas"], row["overdue"])
        for row in teams
    }
    answered = percentiles(
        ideas, group="routed_team", value=Seconds("first_response_at", "created_at")
    )
    done = percentiles(
        ideas.filter(status=Status.DONE),
        group="routed_team",
        value=Seconds("done_at", "created_at"),
    )
    for team_id, row in rows.items():
        row.first_answer = answered.get(team_id, (None, None))
        row.done = done.get(team_id, (None, None))
    return sorted(rows.values(), key=LeagueRow.sort_key)


# --- The heat map ---------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    touchpoint: str
    journey_stage: str
    total: int
    frustrated: int

    @property
    def share(self) -> int | None:
        return percent(self.frustrated, self.total)

    @property
    def band(self) -> int | None:
        """0 (under 20 % frustrated) to 4 (80 % or more); None for an empty cell."""
        if not self.total:
            return None
        return sum(self.share >= edge for edge in HEAT_BANDS)


@dataclass(frozen=True)
class HeatMap:
    stages: list
    rows: list  # (touchpoint value, label, [HeatCell per stage])
    total: int
    unplaced: int  # observations without a touchpoint or a journey stage


def heat_map(scope: Scope) -> HeatMap:
    """Observations in the range by touchpoint × journey stage, with how many of
    each cell are frustrated. One query."""
    counts = (
        scope.observations()
        .values("touchpoint", "journey_stage")
        .annotate(
            total=Count("pk"), frustrated=Count("pk", filter=Q(sentiment=Sentiment.FRUSTRATED))
        )
        .order_by()
    )
    cells, unplaced = {}, 0
    for row in counts:
        if row["touchpoint"] and row["journey_stage"]:
            cells[(row["touchpoint"], row["journey_stage"])] = row
        else:
            unplaced += row["total"]
    rows = []
    for touchpoint, label in Touchpoint.choices:
        line = []
        for stage in JourneyStage.values:
            row = cells.get((touchpoint, stage), {"total": 0, "frustrated": 0})
            line.append(HeatCell(touchpoint, stage, row["total"], row["frustrated"]))
        rows.append((touchpoint, label, line))
    total = sum(row["total"] for row in cells.values())
    return HeatMap(JourneyStage.choices, rows, total, unplaced)


# --- Hot spots nobody owns --------------------------------------------------------


@dataclass(frozen=True)
class HotSpot:
    touchpoint: str
    journey_stage: str
    recent: int
    previous: int
    latest_id: int
    latest: Observation | None = None

    @property
    def touchpoint_label(self) -> str:
        return Touchpoint(self.touchpoint).label

    @property
    def journey_stage_label(self) -> str:
        return JourneyStage(self.journey_stage).label


def covering_evidence():
    """Evidence that an open idea (not hidden, status not done, declined or merged)
    stands on, from an observation in the outer row's cell: such a cell is owned."""
    return Evidence.objects.filter(
        idea__status__in=OPEN_STATUSES,
        idea__is_hidden=False,
        observation__touchpoint=OuterRef("touchpoint"),
        observation__journey_stage=OuterRef("journey_stage"),
    )


def hot_spots(scope: Scope) -> list[HotSpot]:
    """Cells whose frustrated observations rose: more in the last HOT_SPOT_DAYS
    (now − 28 days, now] than in the HOT_SPOT_DAYS before (now − 56 days,
    now − 28 days], and at least HOT_SPOT_MINIMUM lately; and that no open idea's
    evidence covers (any observation of the cell, from anyone, linked to an open
    idea). The teams filter applies, the date range does not: it is about now.
    Two queries: the cells, then their latest frustrated observations."""
    recent_from = scope.now - timedelta(days=HOT_SPOT_DAYS)
    frustrated = (
        scope.observations(dated=False)
        .filter(
            sentiment=Sentiment.FRUSTRATED,
            created_at__gt=scope.now - timedelta(days=2 * HOT_SPOT_DAYS),
            created_at__lte=scope.now,
        )
        .exclude(touchpoint="")
        .exclude(journey_stage="")
    )
    latest = (
        frustrated.filter(
            touchpoint=OuterRef("touchpoint"),
            journey_stage=OuterRef("journey_stage"),
            created_at__gt=recent_from,
        )
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    cells = (
        frustrated.filter(~Exists(covering_evidence()))
        .values("touchpoint", "journey_stage")
        .annotate(
            recent=Count("pk", filter=Q(created_at__gt=recent_from)),
            previous=Count("pk", filter=Q(created_at__lte=recent_from)),
            newest=Max("created_at"),
        )
        .filter(recent__gte=HOT_SPOT_MINIMUM, recent__gt=F("previous"))
        .annotate(latest_id=Subquery(latest))
        .order_by("-recent", "previous", "touchpoint", "journey_stage")
    )
    spots = [
        HotSpot(
            row["touchpoint"],
            row["journey_stage"],
            row["recent"],
            row["previous"],
            row["latest_id"],
        )
        for row in cells
    ]
    if not spots:
        return spots
    words = Observation.objects.with_people().in_bulk([spot.latest_id for spot in spots])
    return [HotSpot(**{**spot.__dict__, "latest": words.get(spot.latest_id)}) for spot in spots]


# --- Top tags and their trend by week ---------------------------------------------


@dataclass(frozen=True)
class TagTrend:
    name: str
    total: int
    by_week: list[tuple[date, int]]

    @property
    def weekly(self) -> list[int]:
        return [count for _week, count in self.by_week]


def week_starts(first: date, last: date) -> list[date]:
    """The Mondays of the weeks from `first` to `last`."""
    monday = first - timedelta(days=first.weekday())
    return [monday + timedelta(weeks=n) for n in range((last - monday).days // 7 + 1)]


def top_tags(scope: Scope, *, first_day: date, last_day: date) -> tuple[list[date], list[TagTrend]]:
    """The TOP_TAGS tags most used on observations and ideas in the range, with their
    weekly counts (weeks from Monday, in the site's time zone). Two queries: the
    weekly counts of every tag on each kind of post, grouped by the database (a few
    hundred rows at most), then added up here."""
    links = {
        "observation": (Observation.tags.through, scope.observations()),
        "idea": (Idea.tags.through, scope.ideas()),
    }
    weeks = week_starts(first_day, last_day)
    index = {monday: n for n, monday in enumerate(weeks)}
    totals: dict[tuple[int, str], int] = {}
    weekly: dict[int, list[int]] = {}
    for kind, (through, posts) in links.items():
        rows = (
            through.objects.filter(**{f"{kind}__in": posts.values("pk")})
            .annotate(week=TruncWeek(f"{kind}__created_at"))
            .values("tag", "tag__name", "week")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            tag = (row["tag"], row["tag__name"])
            totals[tag] = totals.get(tag, 0) + row["n"]
            week = row["week"]
            week = timezone.localtime(week).date() if isinstance(week, datetime) else week
            if week in index:
                weekly.setdefault(row["tag"], [0] * len(weeks))[index[week]] += row["n"]
    top = sorted(totals.items(), key=lambda item: (-item[1], item[0][1]))[:TOP_TAGS]
    return weeks, [
        TagTrend(name, total, list(zip(weeks, weekly.get(pk, [0] * len(weeks)), strict=True)))
        for (pk, name), total in top
    ]


@dataclass(frozen=True)
class ToldTheirCustomer:
    """Closing the loop: the tell-your-customer cards of the ideas done in the range
    (routed to the teams), and how many of them their person marked "told them"."""

    cards: int
    told: int

    @property
    def percent(self) -> int | None:
        return percent(self.told, self.cards)


def told_their_customer(scope: Scope) -> ToldTheirCustomer:
    """One query."""
    done = Idea.objects.filter(is_hidden=False, done_at__gte=scope.start, done_at__lt=scope.end)
    if scope.team_paths is not None:
        done = done.filter(routed_team__in=scope._teams())
    totals = CustomerCard.objects.filter(idea__in=done).aggregate(
        cards=Count("pk"), told=Count("pk", filter=Q(told_at__isnull=False))
    )
    return ToldTheirCustomer(**totals)
