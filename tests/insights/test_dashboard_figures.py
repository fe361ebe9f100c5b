"""Every figure of the insights dashboard against the fixed fixture of
tests/insights/dashboard_data.py, computed by hand here."""

from datetime import UTC, date, datetime

import pytest

from ideas.models import Idea, Observation, Tag
from insights.charts import sparkline
from insights.dashboard import (
    Seconds,
    funnel,
    heat_map,
    hot_spots,
    human_duration,
    league_table,
    percent,
    percentiles,
    top_tags,
    week_starts,
)
from tests.factories import IdeaFactory, ObservationFactory
from tests.insights.dashboard_data import (
    DAY,
    HOUR,
    NOW,
    ideas_for_the_funnel_and_league,
    observations_for_hot_spots,
    observations_for_the_heat_map,
    scope,
)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def ideas(clock, alice, dave, bristol):
    return ideas_for_the_funnel_and_league(alice, dave, bristol)


def rows_of(stages):
    return [(row.status, row.count, row.of_previous, row.of_submitted) for row in stages]


# --- Small rules --------------------------------------------------------------------


def test_percent_rounds_halves_up_and_is_none_of_nothing():
    assert percent(5, 8) == 63  # 62.5
    assert percent(5, 6) == 83
    assert percent(2, 3) == 67
    assert percent(1, 13) == 8
    assert percent(0, 0) is None


def test_durations_read_as_people_say_them():
    assert human_duration(2.5 * 86400) == "2.5 days"
    assert human_duration(86400) == "1 day"
    assert human_duration(7.9 * 86400) == "7.9 days"
    assert human_duration(2.8 * 3600) == "2.8 hours"
    assert human_duration(3600) == "1 hour"
    assert human_duration(40 * 60) == "40 minutes"
    assert human_duration(5) == "1 minute"
    assert human_duration(None) == "—"


# --- The funnel -----------------------------------------------------------------------


def test_the_funnel_of_leeds_counts_each_stage_reached(ideas, bob, leeds):
    """Submitted 10; reached under review: 1 + 2 planned + 1 in progress + 2 done = 6
    (60 % of 10); planned 5 (5/6 = 83 %, 50 %); in progress 3 (3/5 = 60 %, 30 %);
    done 2 (2/3 = 67 %, 20 %); exits: 1 declined and 1 merged (10 % each). The hidden
    idea and those from before the range are not counted."""
    assert rows_of(funnel(scope(bob, leeds))) == [
        ("submitted", 10, 100, 100),
        ("under_review", 6, 60, 60),
        ("planned", 5, 83, 50),
        ("in_progress", 3, 60, 30),
        ("done", 2, 67, 20),
        ("declined", 1, 10, 10),
        ("merged", 1, 10, 10),
    ]


def test_the_whole_company_funnel_adds_bristol(ideas, carol):
    """Bristol adds 3 submitted, 2 of them under review: 13; 8 (8/13 = 62 %); 5
    (5/8 = 63 %, 5/13 = 38 %); 3 (60 %, 23 %); 2 (67 %, 15 %); 1 and 1 (8 %)."""
    assert rows_of(funnel(scope(carol))) == [
        ("submitted", 13, 100, 100),
        ("under_review", 8, 62, 62),
        ("planned", 5, 63, 38),
        ("in_progress", 3, 60, 23),
        ("done", 2, 67, 15),
        ("declined", 1, 8, 8),
        ("merged", 1, 8, 8),
    ]


def test_the_funnel_keeps_to_the_date_range(ideas, carol):
    """From 25 to 9 days ago: Leeds's declined and merged (20 days), Bristol's three
    (15 and 8 days) and nothing else."""
    rows = funnel(scope(carol, start=NOW - 25 * DAY, end=NOW - 9 * DAY))
    assert rows_of(rows)[:2] == [("submitted", 5, 100, 100), ("under_review", 2, 40, 40)]
    assert [row.count for row in rows] == [5, 2, 0, 0, 0, 1, 1]


def test_an_empty_funnel_has_no_percentages(db, carol):
    assert rows_of(funnel(scope(carol)))[:2] == [
        ("submitted", 0, None, None),
        ("under_review", 0, None, None),
    ]


# --- Percentiles and the league table -------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "median", "p90"),
    [
        ([1, 2, 3, 10], 2.5, 7.9),  # h = 1.5 and 2.7
        ([5], 5, 5),
        ([4, 9], 6.5, 8.5),
        ([1, 1, 2, 2, 3, 10, 0.5], 2, 5.8),  # sorted 0.5 1 1 2 2 3 10: h = 3 and 5.4
    ],
)
def test_percentiles_interpolate_between_the_nearest_values(db, alice, hours, median, p90):
    for n in hours:
        IdeaFactory(author=alice, created_at=NOW, first_response_at=NOW + n * HOUR)
    result = percentiles(
        Idea.objects.all(), group="routed_team", value=Seconds("first_response_at", "created_at")
    )
    assert list(result) == [alice.team_id]
    got = result[alice.team_id]
    assert got == (pytest.approx(median * 3600, abs=0.01), pytest.approx(p90 * 3600, abs=0.01))


def test_the_league_table_has_median_and_p90_per_team_and_the_overdue(ideas, carol):
    """Leeds, first answers 0.5 1 1 2 2 3 10 days: median 2, p90 5.8 days; done in 4
    and 9 days: median 6.5, p90 8.5 days; overdue 1 (10 days old, unanswered; the
    hidden one and the ones from before the range are not counted). Bristol: 1 and 3
    hours: median 2, p90 2.8 hours; none done; overdue 1. Quickest first: Bristol."""
    table = league_table(scope(carol))
    assert [(row.team, row.ideas, row.overdue) for row in table] == [
        ("Bristol contact centre", 3, 1),
        ("Leeds store", 10, 1),
    ]
    bristol, leeds = table
    assert bristol.first_answer == (
        pytest.approx(2 * 3600, abs=0.01),
        pytest.approx(2.8 * 3600, abs=0.01),
    )
    assert bristol.done == (None, None)
    assert leeds.first_answer == (
        pytest.approx(2 * 86400, abs=0.01),
        pytest.approx(5.8 * 86400, abs=0.01),
    )
    assert leeds.done == (
        pytest.approx(6.5 * 86400, abs=0.01),
        pytest.approx(8.5 * 86400, abs=0.01),
    )
    assert bristol.first_answer_display == ("2 hours", "2.8 hours")
    assert leeds.first_answer_display == ("2 days", "5.8 days")
    assert leeds.done_display == ("6.5 days", "8.5 days")
    assert bristol.done_display == ("—", "—")


def test_a_manager_league_table_shows_their_area_only(ideas, erin, bristol):
    assert [row.team for row in league_table(scope(erin, bristol))] == ["Bristol contact centre"]


# --- The heat map ---------------------------------------------------------------------


def cells_of(heat):
    return {
        (cell.touchpoint, cell.journey_stage): (cell.total, cell.frustrated, cell.share, cell.band)
        for _touchpoint, _label, cells in heat.rows
        for cell in cells
        if cell.total
    }


def test_the_heat_map_counts_each_cell_and_its_frustrated_share(clock, alice, dave, carol):
    """Shares: 3/4 = 75 % (band 3: 60–79 %), 0/2 = 0 % (band 0), 1/1 = 100 % (band 4),
    2/5 = 40 % (band 2). The hidden one and the one from before the range are not
    counted; the one without a touchpoint is counted as not placed."""
    observations_for_the_heat_map(alice, dave)
    heat = heat_map(scope(carol))
    assert cells_of(heat) == {
        ("phone", "get_support"): (4, 3, 75, 3),
        ("in_store", "buy"): (2, 0, 0, 0),
        ("web", "buy"): (1, 1, 100, 4),
        ("chat", "onboard"): (5, 2, 40, 2),
    }
    assert (heat.total, heat.unplaced) == (12, 1)
    assert [label for _value, label in heat.stages][0] == "Discover"
    assert len(heat.rows) == 9 and all(len(cells) == 7 for _t, _l, cells in heat.rows)


def test_the_heat_map_of_a_team_has_its_observations_only(clock, alice, dave, bob, leeds):
    observations_for_the_heat_map(alice, dave)
    assert set(cells_of(heat_map(scope(bob, leeds)))) == {
        ("phone", "get_support"),
        ("in_store", "buy"),
        ("web", "buy"),
    }


def test_an_anonymous_observation_counts_under_its_team_only_for_who_may_know(
    clock, alice, bob, carol, leeds
):
    """As on the observation list: bob may not see who posted it, so filtering by its
    team would tell him; the whole-company view of a CX lead counts it."""
    ObservationFactory(author=alice, is_anonymous=True, created_at=NOW - DAY)
    assert cells_of(heat_map(scope(bob, leeds))) == {}
    assert cells_of(heat_map(scope(carol, leeds))) == {("phone", "get_support"): (1, 1, 100, 4)}


# --- Hot spots nobody owns --------------------------------------------------------------


def test_hot_spots_are_rising_uncovered_cells(clock, alice, dave, carol):
    """Of the cases in observations_for_hot_spots, two are hot spots: field visit ×
    renew/leave (3 against 0: only a done and a declined idea stand on it) first, then
    social × discover (3 against 1), with its latest frustrated observation."""
    latest = observations_for_hot_spots(alice, dave)
    spots = hot_spots(scope(carol))
    assert [(s.touchpoint, s.journey_stage, s.recent, s.previous) for s in spots] == [
        ("field_visit", "renew_leave", 3, 0),
        ("social", "discover", 3, 1),
    ]
    assert spots[1].latest_id == latest.pk
    assert spots[1].latest.customer_words == "Where is it?"
    field_visit = Observation.objects.filter(touchpoint="field_visit").order_by("-created_at")
    assert spots[0].latest_id == field_visit[0].pk


def test_a_hot_spot_stops_being_one_when_an_open_idea_stands_on_it(clock, alice, dave, carol):
    observations_for_hot_spots(alice, dave)
    owner = IdeaFactory(author=alice)
    owner.observations.add(Observation.objects.filter(touchpoint="social").first())
    assert [s.touchpoint for s in hot_spots(scope(carol))] == ["field_visit"]
    Idea.objects.filter(pk=owner.pk).update(is_hidden=True)  # a hidden idea owns nothing
    assert [s.touchpoint for s in hot_spots(scope(carol))] == ["field_visit", "social"]


def test_hot_spots_keep_to_the_team_filter_not_the_dates(
    clock, alice, dave, bob, carol, erin, leeds, bristol
):
    """Social × discover in Leeds alone is 2 against 1: below the minimum. Bristol has
    one observation of it: nothing. The date range does not change hot spots."""
    observations_for_hot_spots(alice, dave)
    assert [s.touchpoint for s in hot_spots(scope(bob, leeds))] == ["field_visit"]
    assert hot_spots(scope(erin, bristol)) == []
    old_range = scope(carol, start=NOW - 300 * DAY, end=NOW - 200 * DAY)
    assert len(hot_spots(old_range)) == 2


# --- Top tags by week ---------------------------------------------------------------


def at(day, hour=10):
    return datetime(2026, *day, hour, tzinfo=UTC)


def tagged(factory, when, *names, **fields):
    post = factory(created_at=when, **fields)
    post.tags.set([Tag.objects.get_or_create(name=name)[0] for name in names])
    return post


def test_top_tags_count_observations_and_ideas_by_week(clock, alice, carol):
    """25 May (a Monday) to 10 June: the weeks of 25 May, 1 June and 8 June.
    queues: observations on 26 May (2) and 9 June, an idea on 2 June: 2, 1, 1 = 4;
    refunds: ideas on 27 May and 8 June: 1, 0, 1 = 2; parking: 3 June: 0, 1, 0 = 1.
    Not counted: a hidden observation, one from 20 May."""
    obs = {"author": alice}
    tagged(ObservationFactory, at((5, 26)), "queues", "parking", **obs, is_hidden=True)
    tagged(ObservationFactory, at((5, 26)), "queues", **obs)
    tagged(ObservationFactory, at((5, 26), 23), "queues", **obs)
    tagged(ObservationFactory, at((6, 9)), "queues", **obs)
    tagged(IdeaFactory, at((6, 2)), "queues", **obs)
    tagged(IdeaFactory, at((5, 27)), "refunds", **obs)
    tagged(IdeaFactory, at((6, 8), 0), "refunds", **obs)
    tagged(ObservationFactory, at((6, 3)), "parking", **obs)
    tagged(ObservationFactory, at((5, 20)), "old", **obs)
    weeks, tags = top_tags(
        scope(carol, start=at((5, 25), 0), end=at((6, 11), 0)),
        first_day=date(2026, 5, 25),
        last_day=date(2026, 6, 10),
    )
    assert weeks == [date(2026, 5, 25), date(2026, 6, 1), date(2026, 6, 8)]
    assert [(tag.name, tag.total, tag.weekly) for tag in tags] == [
        ("queues", 4, [2, 1, 1]),
        ("refunds", 2, [1, 0, 1]),
        ("parking", 1, [0, 1, 0]),
    ]


def test_only_the_top_eight_tags_show(clock, alice, carol):
    for name in "abcdefghij":
        tagged(ObservationFactory, NOW - DAY, f"tag-{name}", author=alice)
    tagged(ObservationFactory, NOW - DAY, "tag-j", author=alice)
    _weeks, tags = top_tags(scope(carol), first_day=(NOW - 89 * DAY).date(), last_day=NOW.date())
    assert [tag.name for tag in tags] == ["tag-j", *(f"tag-{n}" for n in "abcdefg")]


def test_weeks_start_on_the_monday_before_the_first_day():
    assert week_starts(date(2026, 6, 3), date(2026, 6, 8)) == [date(2026, 6, 1), date(2026, 6, 8)]


def test_a_sparkline_runs_from_the_bottom_to_the_top_of_its_box():
    line = sparkline([0, 2, 1])
    assert line.points == "3,25 60,3 117,14"
    assert (line.last_x, line.last_y) == (117, 14)
    assert sparkline([4]).points == "3,3 117,3"


# --- Told their customer ---------------------------------------------------------------


def test_told_their_customer_counts_the_cards_of_ideas_done_in_the_range(
    clock, alice, bob, dave, leeds, bristol
):
    from ideas.models import CustomerCard, Status
    from insights.dashboard import told_their_customer

    def done(team, *, days_ago, people, told):
        idea = IdeaFactory(routed_team=team, status=Status.DONE, done_at=NOW - days_ago * DAY)
        for number, person in enumerate(people):
            CustomerCard.objects.create(
                idea=idea, user=person, told_at=NOW if number < told else None
            )

    done(leeds, days_ago=3, people=[alice, bob, dave], told=2)  # in range, Leeds
    done(bristol, days_ago=10, people=[dave], told=1)  # in range, Bristol
    done(leeds, days_ago=200, people=[alice], told=1)  # done before the range
    hidden = IdeaFactory(routed_team=leeds, status=Status.DONE, done_at=NOW, is_hidden=True)
    CustomerCard.objects.create(idea=hidden, user=alice, told_at=NOW)

    company = told_their_customer(scope(alice))
    assert (company.cards, company.told, company.percent) == (4, 3, 75)
    store = told_their_customer(scope(alice, leeds))
    assert (store.cards, store.told, store.percent) == (3, 2, 67)
    assert told_their_customer(scope(alice, leeds, start=NOW - DAY)).cards == 0
