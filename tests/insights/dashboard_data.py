"""The dashboard's fixed fixture: ideas and observations whose figures are computed by
hand in the tests (tests/insights/test_dashboard_figures.py says how)."""

from datetime import UTC, datetime, timedelta

from ideas.models import Evidence, Status
from insights.dashboard import Scope
from tests.factories import IdeaFactory, ObservationFactory

# Wednesday 10 June 2026, noon UTC. The default range is 13 March to 10 June.
NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def idea(author, status=Status.SUBMITTED, *, ago, answered=None, done=None, **fields):
    """An idea submitted `ago` before NOW, first answered `answered` after that and
    done `done` after it (timedeltas)."""
    created = NOW - ago
    return IdeaFactory(
        author=author,
        status=status,
        created_at=created,
        first_response_at=created + answered if answered is not None else None,
        done_at=created + done if done is not None else None,
        **fields,
    )


def scope(user, *teams, start=NOW - 89 * DAY, end=NOW + DAY, now=NOW):
    """The scope of `teams` (with their sub-teams; none: the whole company)."""
    paths = tuple(team.path for team in teams) if teams else None
    return Scope(user, paths, start, end, now=now)


def ideas_for_the_funnel_and_league(alice, dave, bristol):
    """Leeds (alice's ideas, routed to Leeds): 10 counted, in every status, and 3 that
    must not count. Bristol (dave's): 3 counted."""
    leeds_ideas = [
        idea(alice, ago=10 * DAY),  # overdue: due 5 days ago, no answer
        idea(alice, ago=2 * DAY),  # due in 3 days
        idea(alice, Status.UNDER_REVIEW, ago=30 * DAY, answered=1 * DAY),
        idea(alice, Status.PLANNED, ago=30 * DAY, answered=2 * DAY),
        idea(alice, Status.PLANNED, ago=30 * DAY, answered=3 * DAY),
        idea(alice, Status.IN_PROGRESS, ago=30 * DAY, answered=10 * DAY),
        idea(alice, Status.DONE, ago=40 * DAY, answered=1 * DAY, done=4 * DAY),
        idea(alice, Status.DONE, ago=40 * DAY, answered=2 * DAY, done=9 * DAY),
        idea(alice, Status.DECLINED, ago=20 * DAY, answered=12 * HOUR),
        idea(alice, Status.MERGED, ago=20 * DAY),  # merged: its clock stopped
    ]
    # Not counted: hidden, and submitted before the range (both overdue).
    idea(alice, ago=9 * DAY, is_hidden=True)
    idea(alice, Status.DONE, ago=100 * DAY, answered=1 * HOUR, done=1 * HOUR)
    idea(alice, ago=95 * DAY)
    bristol_ideas = [
        idea(dave, Status.UNDER_REVIEW, ago=15 * DAY, answered=1 * HOUR),
        idea(dave, Status.UNDER_REVIEW, ago=15 * DAY, answered=3 * HOUR),
        idea(dave, ago=8 * DAY),  # overdue
    ]
    return leeds_ideas, bristol_ideas


def observation(author, touchpoint, stage, sentiment="frustrated", *, ago, **fields):
    return ObservationFactory(
        author=author,
        touchpoint=touchpoint,
        journey_stage=stage,
        sentiment=sentiment,
        created_at=NOW - ago,
        **fields,
    )


def observations_for_the_heat_map(alice, dave):
    """Leeds: phone × get support 3 of 4 frustrated; in store × buy 0 of 2; web × buy
    1 of 1; one without a touchpoint; a hidden one and one before the range.
    Bristol: chat × onboard 2 of 5 frustrated."""
    for sentiment in ("frustrated", "frustrated", "frustrated", "neutral"):
        observation(alice, "phone", "get_support", sentiment, ago=5 * DAY)
    observation(alice, "in_store", "buy", "delighted", ago=6 * DAY)
    observation(alice, "in_store", "buy", "neutral", ago=7 * DAY)
    observation(alice, "web", "buy", ago=8 * DAY)
    observation(alice, "", "buy", ago=8 * DAY)
    observation(alice, "phone", "get_support", ago=5 * DAY, is_hidden=True)
    observation(alice, "phone", "get_support", ago=91 * DAY)
    for sentiment in ("frustrated", "frustrated", "neutral", "neutral", "delighted"):
        observation(dave, "chat", "onboard", sentiment, ago=3 * DAY)


def observations_for_hot_spots(alice, dave):
    """Each cell a case, all frustrated unless said (R: in the last 28 days, P: in
    the 28 before):
    - social × discover, R 3 > P 1, uncovered: a hot spot (latest: 1 day ago);
    - email × evaluate, R 4 > P 0, but an old neutral observation of the cell is
      evidence of a planned idea: owned;
    - mobile app × use, R 3 = P 3: flat;
    - field visit × renew/leave, R 3 > P 0, evidence of a done idea only: a hot spot;
    - web × onboard, R 2 > P 0: below the minimum of 3;
    - phone × buy, R 2 + 1 hidden: below the minimum (the hidden one is not counted);
    - chat × get support, R 3 > P 0 but one is 28 days old to the minute (so P) and
      one is neutral: R 2, not a hot spot.
    Returns the latest observation of the first hot spot."""
    latest = observation(alice, "social", "discover", ago=1 * DAY, customer_words="Where is it?")
    observation(alice, "social", "discover", ago=5 * DAY)
    observation(dave, "social", "discover", ago=20 * DAY)
    observation(alice, "social", "discover", ago=35 * DAY)

    for days in (2, 3, 4, 5):
        observation(alice, "email", "evaluate", ago=days * DAY)
    old = observation(alice, "email", "evaluate", "neutral", ago=80 * DAY)
    planned = IdeaFactory(author=alice, status=Status.PLANNED)
    Evidence.objects.create(idea=planned, observation=old)

    for days in (2, 3, 4, 30, 31, 32):
        observation(alice, "mobile_app", "use", ago=days * DAY)

    field = [observation(alice, "field_visit", "renew_leave", ago=days * DAY) for days in (6, 7, 8)]
    done = IdeaFactory(author=alice, status=Status.DONE)
    Evidence.objects.create(idea=done, observation=field[0])
    declined = IdeaFactory(author=alice, status=Status.DECLINED)
    Evidence.objects.create(idea=declined, observation=field[1])

    observation(alice, "web", "onboard", ago=2 * DAY)
    observation(alice, "web", "onboard", ago=3 * DAY)

    observation(alice, "phone", "buy", ago=2 * DAY)
    observation(alice, "phone", "buy", ago=3 * DAY)
    observation(alice, "phone", "buy", ago=4 * DAY, is_hidden=True)

    observation(alice, "chat", "get_support", ago=2 * DAY)
    observation(alice, "chat", "get_support", ago=3 * DAY)
    observation(alice, "chat", "get_support", ago=28 * DAY)
    observation(alice, "chat", "get_support", "neutral", ago=4 * DAY)
    return latest
