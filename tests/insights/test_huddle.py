"""/huddle/ — a team's pre-shift huddle: who may open which team's, what "since the
last huddle" means, starting it once, hands in the room, elevate, hidden posts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from ideas.models import Evidence, Status, Vote
from insights.huddle import start_huddle
from insights.models import Huddle, HuddleCard
from tests.factories import ObservationFactory, TeamFactory, UserFactory
from tests.ideas.lifecycle_helpers import days_ago, submitted_idea

URL = reverse("insights:huddle")
BOARD_URL = reverse("insights:huddle_board")
START_URL = reverse("insights:huddle_start")


def hand_url(huddle, observation, *, undo=False):
    name = "insights:huddle_undo_hand" if undo else "insights:huddle_hand"
    return reverse(name, args=[huddle.pk, observation.pk])


def elevate_url(huddle, observation):
    return reverse("insights:huddle_elevate", args=[huddle.pk, observation.pk])


def open_huddle(client, user, team=None):
    client.force_login(user)
    return client.get(URL, {"team": team.pk} if team else {})


def shown(response) -> list[str]:
    return [o.what_happened for o in response.context["observations"]]


def text(response) -> str:
    """The page's words, without tags or runs of spaces."""
    return " ".join(strip_tags(response.content.decode()).split())


def huddle_at(team, when, by=None) -> Huddle:
    return Huddle.objects.create(team=team, started_at=when, started_by=by)


# --- Who may open which team's huddle ------------------------------------------------


def test_alice_opens_her_own_teams_huddle_without_asking(client, alice, leeds):
    response = open_huddle(client, alice)
    assert response.status_code == 200
    assert response.context["team"] == leeds
    # Her own team is all she has: no team picker.
    assert response.context["team_choices"] == []


def test_alice_may_not_open_bristols_huddle(client, alice, bristol):
    response = open_huddle(client, alice, bristol)
    assert response.status_code == 403
    assert "The Bristol contact centre huddle is for that team" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "team", "status"),
    [
        ("bob", "leeds", 200),
        ("bob", "north", 403),
        ("bob", "bristol", 403),
        ("nora", "north", 200),
        ("nora", "leeds", 200),
        ("nora", "bristol", 403),
        ("nora", "south", 403),
        ("erin", "bristol", 200),
        ("erin", "leeds", 403),
        ("carol", "leeds", 200),
        ("carol", "bristol", 200),
        ("carol", "company", 200),
        ("dave", "bristol", 200),
        ("dave", "leeds", 403),
    ],
)
def test_managers_open_their_area_and_cx_leads_every_team(
    client, request, persona, team, status, alice, dave, carol
):
    response = open_huddle(client, request.getfixturevalue(persona), request.getfixturevalue(team))
    assert response.status_code == status


def test_the_picker_offers_a_managers_area_and_every_team_to_cx_leads(
    client, nora, bob, carol, north, leeds, bristol
):
    def names(user):
        return [
            label.lstrip("— ") for _, label in open_huddle(client, user).context["team_choices"]
        ]

    assert names(nora) == ["North region", "Leeds store"]
    assert [label for _, label in open_huddle(client, nora).context["team_choices"]] == [
        "North region",
        "— Leeds store",
    ]
    assert names(bob) == ["Leeds store"]
    assert names(carol) == [
        "Acme",
        "North region",
        "Leeds store",
        "South region",
        "Bristol contact centre",
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, leeds):
    response = client.get(URL, {"team": leeds.pk})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    response = client.post(START_URL, {"team": leeds.pk})
    assert response.status_code == 302
    assert not Huddle.objects.exists()


def test_a_board_polled_after_the_session_ended_sends_the_page_to_log_in(client, leeds):
    response = client.get(BOARD_URL, {"team": leeds.pk}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert (
        response["HX-Redirect"]
        == f"{reverse('account_login')}?next=%2Fhuddle%2F%3Fteam%3D{leeds.pk}"
    )
    assert response.content == b""


@pytest.mark.parametrize(
    ("team", "status", "message"),
    [
        ("abc", 400, "“abc” is not a team"),
        ("0", 400, "“0” is not a team"),
        ("99999", 404, "There is no team #99999"),
    ],
)
def test_a_bad_team_is_refused_with_a_message(client, carol, team, status, message):
    client.force_login(carol)
    response = client.get(URL, {"team": team})
    assert response.status_code == status
    assert message in response.content.decode()
    assert client.get(BOARD_URL, {"team": team}).status_code == status


def test_someone_without_a_team_is_told_so(client, db):
    client.force_login(UserFactory(team=None))
    response = client.get(URL)
    assert response.status_code == 400
    assert "You are not in a team yet" in response.content.decode()


# --- Since the last huddle -----------------------------------------------------------


def test_it_shows_the_observations_created_after_the_previous_huddle_started(
    client, alice, bob, leeds
):
    now = timezone.now()
    last = huddle_at(leeds, now - timedelta(days=1))
    ObservationFactory(
        author=bob, what_happened="Just before", created_at=last.started_at - timedelta(seconds=1)
    )
    ObservationFactory(author=bob, what_happened="At the start", created_at=last.started_at)
    ObservationFactory(
        author=bob, what_happened="Just after", created_at=last.started_at + timedelta(seconds=1)
    )
    ObservationFactory(
        author=bob, what_happened="This morning", created_at=now - timedelta(hours=1)
    )
    response = open_huddle(client, alice)
    assert shown(response) == ["This morning", "Just after"]
    local = timezone.localtime(last.started_at)
    assert f"Since the huddle on {local:%a} {local.day} {local:%b, %H:%M}" in text(response)


def test_once_started_the_huddle_reads_from_the_one_before_it(client, alice, bob, leeds):
    now = timezone.now()
    huddle_at(leeds, now - timedelta(days=2))
    yesterday = huddle_at(leeds, now - timedelta(days=1))
    ObservationFactory(
        author=bob, what_happened="Before yesterday's", created_at=now - timedelta(days=1, hours=1)
    )
    ObservationFactory(
        author=bob, what_happened="Since yesterday's", created_at=now - timedelta(hours=3)
    )
    client.force_login(alice)
    client.post(START_URL, {"team": leeds.pk})
    response = client.get(URL)
    window = response.context["window"]
    assert window.current.started_by == alice
    assert window.since_huddle == yesterday
    assert shown(response) == ["Since yesterday's"]
    # Posted during the huddle: it is on the board too.
    ObservationFactory(author=bob, what_happened="During the huddle")
    assert shown(client.get(BOARD_URL)) == ["During the huddle", "Since yesterday's"]


def test_before_a_teams_first_huddle_it_reads_the_last_seven_days(client, alice, bob):
    ObservationFactory(author=bob, what_happened="Eight days ago", created_at=days_ago(8))
    ObservationFactory(author=bob, what_happened="Six days ago", created_at=days_ago(6))
    response = open_huddle(client, alice)
    assert shown(response) == ["Six days ago"]
    assert "the last 7 days" in response.content.decode()


def test_a_regions_huddle_reads_its_stores_and_a_stores_only_itself(
    client, nora, bob, dave, north, leeds
):
    ObservationFactory(author=bob, what_happened="In Leeds")
    ObservationFactory(author=nora, what_happened="In the region office")
    ObservationFactory(author=dave, what_happened="In Bristol")
    assert shown(open_huddle(client, nora, north)) == ["In the region office", "In Leeds"]
    assert shown(open_huddle(client, nora, leeds)) == ["In Leeds"]


def test_the_customers_words_lead_each_card(client, alice, bob):
    ObservationFactory(
        author=bob, customer_words="I waited forty minutes", what_happened="Queue at the till"
    )
    page = open_huddle(client, alice).content.decode()
    quote = page.index("I waited forty minutes")
    assert quote < page.index("Queue at the till")
    assert page.rfind('class="huddle-quote"', 0, quote) != -1


# --- Start huddle --------------------------------------------------------------------


def test_starting_records_who_and_when_and_twice_within_a_minute_is_one_huddle(
    client, alice, bob, leeds
):
    client.force_login(alice)
    response = client.post(START_URL, {"team": leeds.pk})
    assert response.status_code == 302
    assert response.url == f"{URL}?team={leeds.pk}"
    client.force_login(bob)
    client.post(START_URL, {"team": leeds.pk})
    huddle = Huddle.objects.get()
    assert (huddle.team, huddle.started_by) == (leeds, alice)
    assert timezone.now() - huddle.started_at < timedelta(seconds=10)


def test_a_start_more_than_a_minute_later_is_a_new_huddle(alice, leeds):
    first, created = start_huddle(team=leeds, by=alice)
    assert created
    Huddle.objects.filter(pk=first.pk).update(started_at=timezone.now() - timedelta(seconds=61))
    second, created = start_huddle(team=leeds, by=alice)
    assert created and second != first
    assert Huddle.objects.count() == 2


def test_only_those_who_may_open_a_huddle_may_start_it(client, alice, dave, leeds, bristol):
    client.force_login(alice)
    assert client.post(START_URL, {"team": bristol.pk}).status_code == 403
    assert client.post(START_URL, {"team": "x"}).status_code == 400
    assert client.get(START_URL).status_code == 405
    assert not Huddle.objects.exists()


# --- In the room: hands and elevate --------------------------------------------------


@pytest.fixture
def in_huddle(alice, bob, leeds):
    """A Leeds huddle in progress and one of bob's observations on its board."""
    huddle = huddle_at(leeds, timezone.now() - timedelta(minutes=5), by=bob)
    return huddle, ObservationFactory(author=bob, what_happened="Card reader down")


def test_each_tap_adds_one_hand_and_undo_takes_the_last_back(client, alice, in_huddle):
    huddle, observation = in_huddle
    client.force_login(alice)
    for _ in range(3):
        response = client.post(hand_url(huddle, observation))
    assert response.status_code == 302
    assert response.url == f"{URL}?team={huddle.team_id}#observation-{observation.pk}"
    client.post(hand_url(huddle, observation, undo=True))
    card = HuddleCard.objects.get()
    assert card.hands == 2
    # Room hands are anonymous people: the one-per-person count is not touched.
    observation.refresh_from_db()
    assert observation.seen_count == 0
    page = client.get(URL).content.decode()
    assert "<strong>2</strong> hands in the room" in page


def test_undo_never_goes_below_none(client, alice, in_huddle):
    huddle, observation = in_huddle
    client.force_login(alice)
    client.post(hand_url(huddle, observation, undo=True))
    client.post(hand_url(huddle, observation))
    client.post(hand_url(huddle, observation, undo=True))
    client.post(hand_url(huddle, observation, undo=True))
    assert HuddleCard.objects.get().hands == 0


def test_a_tap_by_htmx_answers_the_cards_hands(client, alice, in_huddle):
    huddle, observation = in_huddle
    client.force_login(alice)
    response = client.post(hand_url(huddle, observation), headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.strip().startswith(f'<span class="hands-count" id="hands-count-{observation.pk}"')
    assert "<strong>1</strong> hand in the room" in body


def test_hands_are_per_huddle(client, alice, bob, leeds, in_huddle):
    huddle, observation = in_huddle
    earlier = huddle_at(leeds, timezone.now() - timedelta(days=1))
    HuddleCard.objects.create(huddle=earlier, observation=observation, hands=4)
    client.force_login(alice)
    client.post(hand_url(huddle, observation))
    assert [o.hands for o in client.get(URL).context["observations"]] == [1]


def test_the_observations_page_says_how_many_hands_each_huddle_raised(
    client, alice, dave, in_huddle
):
    huddle, observation = in_huddle
    HuddleCard.objects.create(huddle=huddle, observation=observation, hands=5)
    client.force_login(dave)
    page = client.get(observation.get_absolute_url()).content.decode()
    assert "5 hands in the Leeds store huddle" in page


def test_an_anonymous_observations_page_names_no_huddle_to_those_who_may_not_know(
    client, alice, dave, carol, in_huddle
):
    huddle, _ = in_huddle
    secret = ObservationFactory(author=alice, is_anonymous=True)
    HuddleCard.objects.create(huddle=huddle, observation=secret, hands=3)
    client.force_login(dave)
    assert "Leeds store huddle" not in client.get(secret.get_absolute_url()).content.decode()
    client.force_login(carol)
    assert (
        "3 hands in the Leeds store huddle"
        in client.get(secret.get_absolute_url()).content.decode()
    )


def test_only_people_of_the_huddle_may_raise_hands_on_its_teams_observations(
    client, alice, dave, erin, in_huddle
):
    huddle, observation = in_huddle
    client.force_login(dave)
    assert client.post(hand_url(huddle, observation)).status_code == 403
    assert client.post(elevate_url(huddle, observation)).status_code == 403
    # Not from the huddle's team: not on its board.
    bristol_observation = ObservationFactory(author=erin)
    client.force_login(alice)
    assert client.post(hand_url(huddle, bristol_observation)).status_code == 404
    assert client.get(hand_url(huddle, observation)).status_code == 405
    assert not HuddleCard.objects.filter(hands__gt=0).exists()


def test_elevate_records_it_and_opens_the_idea_draft_from_the_observation(client, alice, in_huddle):
    huddle, observation = in_huddle
    client.force_login(alice)
    response = client.post(elevate_url(huddle, observation))
    assert response.status_code == 302
    assert response.url == f"{reverse('ideas:idea_new')}?from={observation.pk}"
    draft = client.get(response.url)
    assert draft.context["form"].initial["evidence"] == [observation.pk]
    card = HuddleCard.objects.get()
    assert card.elevated_by == alice and card.elevated_at is not None
    first = card.elevated_at
    client.post(elevate_url(huddle, observation))
    card.refresh_from_db()
    assert card.elevated_at == first  # the first elevation counts
    page = client.get(URL).content.decode()
    assert 'class="pill pill-good huddle-elevated">Elevated<' in page
    assert "Elevate to an idea" not in page


def test_before_the_huddle_starts_there_are_no_hand_or_elevate_buttons(client, alice, bob):
    ObservationFactory(author=bob)
    page = open_huddle(client, alice).content.decode()
    assert "Start huddle" in page
    assert "Seen this too</button>" not in page and "Elevate to an idea" not in page


def test_a_huddle_more_than_two_hours_old_is_over(client, alice, bob, leeds):
    huddle_at(leeds, timezone.now() - timedelta(hours=2, minutes=1))
    ObservationFactory(author=bob)
    response = open_huddle(client, alice)
    assert response.context["huddle"] is None
    assert "Start huddle" in response.content.decode()


# --- Ideas gaining votes and recent wins -----------------------------------------


def test_ideas_gaining_votes_count_the_votes_of_the_last_seven_days(
    client, alice, bob, nora, dave, erin, leeds, bristol
):
    voters = [UserFactory() for _ in range(4)]
    old_favourite = submitted_idea(alice, title="Many old votes")
    rising = submitted_idea(bob, title="Rising")
    elsewhere = submitted_idea(dave, title="Bristol's")
    routed_here = submitted_idea(dave, title="Routed to Leeds", routed_team=leeds)
    closed = submitted_idea(alice, title="Closed", status=Status.DECLINED)
    Vote.objects.filter(idea=old_favourite).update(created_at=days_ago(8))
    for person in voters:
        Vote.objects.create(idea=old_favourite, user=person, created_at=days_ago(9))
    for person in voters[:3]:
        Vote.objects.create(idea=rising, user=person)
        Vote.objects.create(idea=elsewhere, user=person)
        Vote.objects.create(idea=closed, user=person)
    Vote.objects.create(idea=routed_here, user=voters[0])
    ideas = open_huddle(client, alice).context["ideas"]
    # rising: bob's own vote + 3; routed here: dave's + 1.
    assert [(i.title, i.recent_votes) for i in ideas] == [("Rising", 4), ("Routed to Leeds", 2)]


def test_recent_wins_are_the_teams_done_in_30_days_with_their_credits(client, alice, bob, dave):
    win = submitted_idea(alice, title="Quicker refunds", status=Status.DONE, done_at=days_ago(3))
    Evidence.objects.create(idea=win, observation=ObservationFactory(author=bob))
    Evidence.objects.create(
        idea=win, observation=ObservationFactory(author=dave, is_anonymous=True)
    )
    submitted_idea(alice, title="Old win", status=Status.DONE, done_at=days_ago(31))
    submitted_idea(dave, title="Bristol win", status=Status.DONE, done_at=days_ago(1))
    response = open_huddle(client, alice)
    wins = response.context["wins"]
    assert [w.title for w in wins] == ["Quicker refunds"]
    assert (wins[0].credits, wins[0].anonymous_credits) == (["Alice Archer", "Bob Baker"], 1)
    assert "1 colleague who posted anonymously" in response.content.decode()


# --- Hidden posts and anonymity ----------------------------------------------------


def test_hidden_posts_are_absent_from_the_huddle_for_all_but_cx_leads(
    client, alice, bob, carol, leeds
):
    huddle_at(leeds, timezone.now() - timedelta(minutes=1))
    ObservationFactory(author=bob, what_happened="Hidden observation", is_hidden=True)
    ObservationFactory(author=bob, what_happened="Shown observation")
    hidden_idea = submitted_idea(bob, title="Hidden idea", is_hidden=True)
    hidden_win = submitted_idea(
        bob, title="Hidden win", status=Status.DONE, done_at=days_ago(1), is_hidden=True
    )
    Evidence.objects.create(
        idea=hidden_win,
        observation=ObservationFactory(author=bob, is_hidden=True, created_at=days_ago(20)),
    )
    Vote.objects.filter(idea=hidden_idea).update(created_at=timezone.now())
    for user in (alice, bob):
        client.force_login(user)
        for url in (URL, BOARD_URL):
            body = client.get(url).content.decode()
            assert "Shown observation" in body
            for title in ("Hidden observation", "Hidden idea", "Hidden win"):
                assert title not in body
    client.force_login(carol)
    response = client.get(URL, {"team": leeds.pk})
    body = response.content.decode()
    assert "Hidden observation" in body and "Hidden idea" in body and "Hidden win" in body


def test_anonymous_observations_keep_their_bylines_and_team_to_themselves(
    client, alice, bob, carol, leeds
):
    ObservationFactory(author=alice, what_happened="Anonymous one", is_anonymous=True)
    # A team's list never names the team of an anonymous post to those who may not
    # know its author; its author and CX leads see it, with the byline rule.
    assert shown(open_huddle(client, bob)) == []
    response = open_huddle(client, alice)
    assert shown(response) == ["Anonymous one"]
    assert "Alice Archer (posted anonymously)" in response.content.decode()
    assert shown(open_huddle(client, carol, leeds)) == ["Anonymous one"]


# --- A fixed number of queries -----------------------------------------------------


@pytest.fixture
def busy_leeds(alice, bob, dave, leeds):
    """`size` observations since yesterday's huddle, a huddle in progress, and as many
    voted ideas and wins with evidence."""

    def make(size):
        huddle_at(leeds, timezone.now() - timedelta(days=1))
        current = huddle_at(leeds, timezone.now() - timedelta(minutes=5), by=bob)
        for n in range(size):
            observation = ObservationFactory(
                author=bob, created_at=timezone.now() - timedelta(hours=n + 1)
            )
            HuddleCard.objects.create(huddle=current, observation=observation, hands=n)
            idea = submitted_idea(alice, votes=[dave])
            win = submitted_idea(alice, status=Status.DONE, done_at=days_ago(n + 1))
            Evidence.objects.create(idea=win, observation=observation)
            Evidence.objects.create(idea=win, observation=ObservationFactory(author=dave))
            assert idea.vote_count == 2

    return make


@pytest.mark.parametrize("size", [1, 12])
def test_the_huddle_page_runs_a_fixed_number_of_queries(
    client, alice, busy_leeds, size, django_assert_num_queries
):
    busy_leeds(size)
    client.force_login(alice)
    # session + user (2); her team (1); the last two huddles (1); the ids of her team
    # and its sub-teams (1: literal ids let the ideas' query use the team indexes); the
    # observations with people, "seen by me" and this huddle's hands (1); ideas gaining
    # votes (1); wins (1) and their evidence with observations and authors (1);
    # navigation: her managed team paths, the unread count (2) = 11. Her own team's
    # huddle needs no area check.
    with django_assert_num_queries(11):
        response = client.get(URL)
    assert len(response.context["observations"]) == size
    assert len(response.context["wins"]) == min(size, 5)


@pytest.mark.parametrize("size", [1, 12])
def test_the_polling_board_runs_a_fixed_number_of_queries(
    client, alice, busy_leeds, size, django_assert_num_queries
):
    busy_leeds(size)
    client.force_login(alice)
    # The page's 11 less the navigation's two (managed team paths, unread count) = 9.
    with django_assert_num_queries(9):
        response = client.get(BOARD_URL, headers={"HX-Request": "true"})
    assert len(response.context["observations"]) == size


@pytest.mark.parametrize("size", [1, 12])
def test_a_managers_huddle_adds_only_the_team_picker(
    client, nora, leeds, busy_leeds, size, django_assert_num_queries
):
    busy_leeds(size)
    client.force_login(nora)
    # The page's 11 (the team asked for instead of her own; her managed paths serve
    # the area check, the picker and the navigation) + the picker's teams (1) = 12.
    with django_assert_num_queries(12):
        response = client.get(URL, {"team": leeds.pk})
    assert len(response.context["observations"]) == size


def test_the_polling_board_is_the_board_alone(client, alice, bob):
    ObservationFactory(author=bob, what_happened="On the board")
    client.force_login(alice)
    body = client.get(BOARD_URL).content.decode()
    assert body.strip().startswith('<div id="huddle-board"')
    assert 'hx-trigger="every 30s"' in body
    assert "On the board" in body and "<html" not in body


def test_the_page_works_without_javascript(client, alice):
    body = open_huddle(client, alice).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="60"></noscript>' in body
    assert f'href="{URL}?team={alice.team_id}">Refresh</a>' in body


def test_the_navigation_has_the_huddle(client, alice):
    client.force_login(alice)
    body = client.get("/").content.decode()
    assert f'href="{URL}"' in body


def test_a_team_of_a_deeper_tree_counts_for_a_managers_area(client, bob, leeds):
    aisle = TeamFactory(name="Leeds aisle 3", parent=leeds)
    assert open_huddle(client, bob, aisle).status_code == 200
