"""Customer pain: how much, how widely and how lately the customers hurt, from an
idea's evidence.

The inputs are the idea's evidence observations that are not hidden:

    C  colleagues   distinct people: the observations' authors and everyone who
                    marked one "seen this too" (a person counts once)
    P  places       distinct teams the observations were posted from
    T  touchpoints  distinct touchpoints (a blank one is not counted)
    S  segments     distinct customer segments, ignoring case and spaces around
    F  frustrated   the share of the observations whose customer was frustrated
    last seen       the latest observation or "seen this too", whichever is later

Its weight multiplies reach, spread and intensity:

    weight = log2(1 + C) * (1 + (P - 1)/4 + max(T - 1, 0)/8 + max(S - 1, 0)/8) * (1 + F)

so a second colleague adds less than the first (1 colleague: 1, 3: 2, 7: 3), each
further place adds a quarter, each further touchpoint or segment an eighth, and an
all-frustrated idea weighs twice a calm one. Pain fades as its evidence ages: the
weight halves every HALF_LIFE (14 days) after it was last seen. The figure shown on
cards and the idea page is that decayed weight d on a 0-100 scale:

    figure = round(100 * d / (d + K)),  d = weight * 2 ** -(age / HALF_LIFE),  K = 4

(an idea seen today by 7 colleagues in 3 stores, half of them frustrated, weighs
3 * 1.5 * 1.5 = 6.75: 63). No evidence: 0.

Stored and kept current like the other counts: the components and a sort key,

    pain_sort = log2(weight) + x(last seen),  x(t) = (t - EPOCH) / HALF_LIFE

which, as in ideas/trending.py, orders ideas exactly as their decayed weights would
at any one moment (the "now" term is the same for every idea), so the "Customer pain"
sort is one ORDER BY on an indexed column and never needs rewriting as time passes.
The figure is read back from pain_sort at render: d = 2 ** (pain_sort - x(now)).

`refresh_pain(idea_ids)` recomputes all of it in one UPDATE from the rows (aggregate
subqueries), after locking the ideas' rows: a write that changes an input runs it in
its own transaction (linking evidence, "seen this too", editing an observation,
merging, hiding or restoring). The lock makes concurrent writers take turns, and each
UPDATE is a new statement that sees every transaction committed before it, so the
last one to commit counts everyone's rows. Lock order, as the other writes: the
observation first (its own counter's update), then the ideas in id order.
"""

import math
from datetime import datetime

from django.db import models, transaction
from django.db.models import Case, Exists, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Abs, Cast, Coalesce, Greatest, Ln, Lower, Trim
from django.db.models.lookups import Exact
from django.utils import timezone

from ideas.models import NO_PAIN, Evidence, Idea, Observation, SeenThisToo, Sentiment
from ideas.trending import EPOCH

HALF_LIFE = 14 * 24 * 3600  # seconds
K = 4.0
LN2 = math.log(2)
# The fields an observation edit may change that pain reads.
OBSERVATION_INPUTS = ("sentiment", "segment", "touchpoint")


# --- The rule, in Python (the figure, the tests) and in SQL (the stored fields) ----


def weight(*, colleagues, places, touchpoints, segments, frustrated_share) -> float:
    if colleagues <= 0:
        return 0.0
    spread = 1 + (places - 1) / 4 + max(touchpoints - 1, 0) / 8 + max(segments - 1, 0) / 8
    return math.log2(1 + colleagues) * spread * (1 + frustrated_share)


def x(when: datetime) -> float:
    """Half-lives since EPOCH."""
    return (when.timestamp() - EPOCH) / HALF_LIFE


def sort_key(weight_: float, last_seen: datetime | None) -> float:
    if weight_ <= 0 or last_seen is None:
        return NO_PAIN
    return math.log2(weight_) + x(last_seen)


def figure(idea, now: datetime | None = None) -> int:
    """The 0-100 figure of an idea, from its stored sort key (no query)."""
    if not idea.pain_colleagues or idea.pain_sort <= NO_PAIN:
        return 0
    decayed = 2 ** (idea.pain_sort - x(now or timezone.now()))
    return round(100 * decayed / (decayed + K))


class EpochSeconds(Func):
    """Seconds since 1970 of a datetime column, as a float."""

    output_field = models.FloatField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)", **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        template = "EXTRACT(EPOCH FROM %(expressions)s)::double precision"
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # Django keeps SQLite datetimes as UTC text, which julianday() reads.
        template = "((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        return super().as_sql(compiler, connection, template=template, **extra)


def _one(queryset, aggregate: Func, output_field):
    """An aggregate over the whole subquery (a plain Func: Django adds no GROUP BY),
    so the subquery is one row."""
    aggregate.output_field = output_field
    return Subquery(queryset.order_by().values(n=aggregate)[:1], output_field=output_field)


def _count_distinct(queryset, expression):
    counted = Func(expression, template="COUNT(DISTINCT %(expressions)s)")
    return Coalesce(_one(queryset, counted, models.IntegerField()), 0)


def _real(expression):
    return Cast(expression, models.FloatField())


def pain_values() -> dict:
    """The stored pain fields of the outer idea, as expressions for one UPDATE."""
    evidence = Observation.objects.filter(evidence__idea=OuterRef("pk"), is_hidden=False)
    authors = Observation.objects.filter(
        evidence__idea=OuterRef(OuterRef("pk")), is_hidden=False
    ).values("author_id")
    seen = SeenThisToo.objects.filter(
        observation__evidence__idea=OuterRef("pk"), observation__is_hidden=False
    )
    colleagues = _count_distinct(evidence, F("author_id")) + _count_distinct(
        seen.exclude(user_id__in=authors), F("user_id")
    )
    places = _count_distinct(evidence, F("team_id"))
    kinds = _count_distinct(evidence, F("team__kind"))
    one_kind = _one(evidence, Func(F("team__kind"), function="MIN"), models.CharField())
    touchpoints = _count_distinct(evidence.exclude(touchpoint=""), F("touchpoint"))
    segments = _count_distinct(evidence.exclude(segment=""), Lower(Trim("segment")))
    is_frustrated = Case(When(sentiment=Sentiment.FRUSTRATED, then=Value(1.0)), default=Value(0.0))
    share = Coalesce(
        _one(evidence, Func(is_frustrated, function="AVG"), models.FloatField()), Value(0.0)
    )
    latest_post = _one(evidence, Func(F("created_at"), function="MAX"), models.DateTimeField())
    latest_seen = _one(seen, Func(F("created_at"), function="MAX"), models.DateTimeField())
    last_seen = Greatest(latest_post, Coalesce(latest_seen, latest_post))
    weight_ = (
        Ln(Value(1.0) + _real(colleagues))
        / Value(LN2)
        * (
            Value(1.0)
            + (_real(places) - Value(1.0)) / Value(4.0)
            + Greatest(_real(touchpoints) - Value(1.0), Value(0.0)) / Value(8.0)
            + Greatest(_real(segments) - Value(1.0), Value(0.0)) / Value(8.0)
        )
        * (Value(1.0) + share)
    )
    age = (EpochSeconds(last_seen) - Value(float(EPOCH))) / Value(float(HALF_LIFE))
    return {
        "pain_colleagues": colleagues,
        "pain_places": places,
        "pain_place_kind": Case(
            When(Exact(kinds, 1), then=Coalesce(one_kind, Value(""))),
            default=Value(""),
            output_field=models.CharField(),
        ),
        "pain_touchpoints": touchpoints,
        "pain_segments": segments,
        "pain_frustrated_share": share,
        "pain_last_seen_at": last_seen,
        "pain_sort": Case(
            When(Exists(evidence), then=Ln(weight_) / Value(LN2) + age),
            default=Value(NO_PAIN),
            output_field=models.FloatField(),
        ),
    }


# No savepoint of its own: it is called inside the writes' transactions.
@transaction.atomic(savepoint=False)
def refresh_pain(idea_ids) -> None:
    """Recompute the stored pain of these ideas from their evidence: one UPDATE,
    after locking their rows in id order (see the module's docstring)."""
    ids = sorted(set(idea_ids))
    if not ids:
        return
    ideas = Idea.objects.filter(pk__in=ids)
    len(ideas.select_for_update(no_key=True).order_by("pk").values_list("pk"))
    ideas.update(**pain_values())


def refresh_pain_of_observation(observation_id) -> None:
    """Recompute the pain of every idea this observation is evidence for."""
    ideas = Evidence.objects.filter(observation_id=observation_id).values_list("idea_id", flat=True)
    refresh_pain(list(ideas))


# The float parts may differ in their last bits with how the statement's parameters
# were bound (PostgreSQL's server-side binding or literals in the SQL): not a repair.
FLOAT_PARTS = {"pain_sort", "pain_frustrated_share"}
FLOAT_TOLERANCE = 1e-9


def repair_pain() -> int:
    """`manage.py recount`: the ideas whose stored pain differs from their rows, read
    in one query and set in one UPDATE. Returns how many."""
    values = pain_values()
    fresh = Idea.objects.annotate(**{f"fresh_{name}": value for name, value in values.items()})
    same = Q()
    for name in values:
        if name in FLOAT_PARTS:
            fresh = fresh.annotate(**{f"off_{name}": Abs(F(name) - F(f"fresh_{name}"))})
            same &= Q(**{f"off_{name}__lte": FLOAT_TOLERANCE})
            continue
        equal = Q(**{name: F(f"fresh_{name}")})
        if name == "pain_last_seen_at":
            equal |= Q(pain_last_seen_at__isnull=True, fresh_pain_last_seen_at__isnull=True)
        same &= equal
    stale = list(fresh.exclude(same).values_list("pk", flat=True))
    if stale:
        Idea.objects.filter(pk__in=stale).update(**pain_values())
    return len(stale)


# --- The one line on the idea page ---------------------------------------------

PLACE_WORDS = {
    "store": ("store", "stores"),
    "contact_centre": ("contact centre", "contact centres"),
    "field": ("field team", "field teams"),
    "department": ("department", "departments"),
    "region": ("region", "regions"),
    "company": ("company", "companies"),
}


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def frustration_words(share: float) -> str:
    """How frustrated the customers were, from the frustrated share."""
    if share >= 1:
        return "all frustrated"
    if share > 0.6:
        return "mostly frustrated"
    if share >= 0.4:
        return "half frustrated"
    if share >= 0.2:
        return "sometimes frustrated"
    if share > 0:
        return "rarely frustrated"
    return "no one frustrated"


def recency_words(last_seen: datetime, now: datetime | None = None) -> str:
    """ "today", "yesterday", "this week" (the last 7 days), "this month" (31 days),
    else "in October 2026", in the site's time zone."""
    zone = timezone.get_default_timezone()
    today = timezone.localtime(now or timezone.now(), zone).date()
    day = timezone.localtime(last_seen, zone).date()
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days <= 7:
        return "this week"
    if days <= 31:
        return "this month"
    return f"in {day:%B %Y}"


def explanation(idea, now: datetime | None = None) -> str:
    """ "Seen by 14 colleagues in 5 stores, mostly frustrated, last this week", or
    "No evidence yet". Counts only: it never names anyone."""
    if not idea.pain_colleagues or idea.pain_last_seen_at is None:
        return "No evidence yet"
    one, many = PLACE_WORDS.get(idea.pain_place_kind, ("place", "places"))
    return (
        f"Seen by {_count(idea.pain_colleagues, 'colleague', 'colleagues')} "
        f"in {_count(idea.pain_places, one, many)}, "
        f"{frustration_words(idea.pain_frustrated_share)}, "
        f"last {recency_words(idea.pain_last_seen_at, now)}"
    )
