"""The answer clock: when an idea's first answer is due (submitted + N days, shown as a
date in the site's time zone) and whom it waits on, on the idea page, its cards and
/manage/; it stops at the first manager response."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas import posting
from ideas.lifecycle import change_status
from ideas.models import Escalation, EscalationPolicy, Idea, Status
from tests.factories import CategoryFactory, TeamFactory, UserFactory
from tests.ideas.lifecycle_helpers import submitted_idea

# Sunday 30 November 2025, 09:00 UTC: with N = 5 the first answer is due on Friday 5 Dec.
SUBMITTED = datetime(2025, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(SUBMITTED + timedelta(days=1), tick=False)
    return time_machine


@pytest.fixture
def idea(alice, bob):
    return submitted_idea(alice, title="Quieter hold music", created_at=SUBMITTED)


def clock_lines(html: str) -> list[str]:
    """The text of each answer clock on a page, tags stripped."""
    lines = re.findall(r'<p class="meta answer-clock[^"]*">(.*?)</p>', html, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", line).split()) for line in lines]


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- When it is due ----------------------------------------------------------------


def test_submitting_an_idea_starts_its_clock_at_n_days(alice, bob):
    idea = posting.submit_idea(by=alice, title="Callbacks", problem="p", proposal="q")

    assert idea.answer_due_at == idea.created_at + timedelta(days=5)
    assert Idea.objects.get(pk=idea.pk).answer_due_at == idea.answer_due_at


def test_the_policys_n_and_a_categorys_override_set_the_due_date(alice, bob):
    EscalationPolicy.objects.create(pk=1, unanswered_days=7)
    safety = CategoryFactory(name="Safety", unanswered_days=2)

    plain = posting.submit_idea(by=alice, title="A", problem="p", proposal="q")
    urgent = posting.submit_idea(by=alice, title="B", problem="p", proposal="q", category=safety)

    assert plain.answer_due_at - plain.created_at == timedelta(days=7)
    assert urgent.answer_due_at - urgent.created_at == timedelta(days=2)


def test_the_clock_runs_until_a_manager_responds(clock, idea, bob):
    assert idea.awaits_answer
    assert not idea.is_answer_overdue

    clock.move_to(SUBMITTED + timedelta(days=5), tick=False)
    assert idea.is_answer_overdue

    change_status(idea=idea, by=bob, to=Status.UNDER_REVIEW, note="")
    assert not idea.awaits_answer
    assert not idea.is_answer_overdue
    assert idea.first_answer_after == timedelta(days=5)


def test_awaiting_first_answer_lists_open_unanswered_ideas(alice, bob):
    waiting = submitted_idea(alice)
    submitted_idea(alice, status=Status.DECLINED)
    answered = submitted_idea(alice)
    Idea.objects.filter(pk=answered.pk).update(first_response_at=timezone.now())

    assert list(Idea.objects.awaiting_first_answer()) == [waiting]


# --- The idea page ------------------------------------------------------------------


def test_the_idea_page_says_whom_it_waits_on_and_when_it_is_due(client, clock, idea, dave):
    html = page(client, dave, f"/ideas/{idea.pk}/")

    assert clock_lines(html) == ["Waiting for Bob Baker’s first answer · due Fri 5 Dec"]
    assert '<time datetime="2025-12-05T09:00:00+00:00">Fri 5 Dec</time>' in html


def test_the_manager_it_waits_on_reads_your_first_answer(client, clock, idea, bob):
    html = page(client, bob, f"/ideas/{idea.pk}/")

    assert clock_lines(html) == ["Waiting for your first answer · due Fri 5 Dec"]


def test_an_overdue_answer_is_marked(client, clock, idea, dave):
    clock.move_to(SUBMITTED + timedelta(days=6), tick=False)

    html = page(client, dave, f"/ideas/{idea.pk}/")

    assert clock_lines(html) == ["Waiting for Bob Baker’s first answer · due Fri 5 Dec · overdue"]
    assert '<p class="meta answer-clock is-overdue">' in html


def test_the_due_date_is_a_day_in_the_sites_time_zone(client, clock, settings, alice, bob, dave):
    settings.TIME_ZONE = "Pacific/Auckland"  # 13 hours ahead of UTC in December
    idea = submitted_idea(alice, created_at=datetime(2025, 11, 30, 20, 0, tzinfo=UTC))
    dave.time_zone = "America/New_York"
    dave.save()

    html = page(client, dave, f"/ideas/{idea.pk}/")

    # Due 5 Dec 20:00 UTC, which is Saturday 6 Dec 09:00 in Auckland.
    assert clock_lines(html) == ["Waiting for Bob Baker’s first answer · due Sat 6 Dec"]


def test_after_the_first_answer_the_page_says_how_long_it_took(client, clock, idea, bob, dave):
    clock.move_to(SUBMITTED + timedelta(days=2, hours=3), tick=False)
    change_status(idea=idea, by=bob, to=Status.UNDER_REVIEW, note="Looking")

    html = page(client, dave, f"/ideas/{idea.pk}/")

    assert clock_lines(html) == ["First answer after 2 days"]


@pytest.mark.parametrize(
    ("after", "text"),
    [
        (timedelta(days=1, hours=5), "1 day"),
        (timedelta(hours=5, minutes=59), "5 hours"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(seconds=20), "less than a minute"),
    ],
)
def test_how_long_the_first_answer_took_in_its_largest_unit(alice, after, text):
    idea = Idea(created_at=SUBMITTED, first_response_at=SUBMITTED + after)

    assert idea.first_answer_after_display == text


def test_an_idea_of_a_team_without_a_manager_waits_on_the_next_one_up(
    client, clock, north, nora, dave
):
    york = TeamFactory(name="York store", parent=north)
    idea = submitted_idea(UserFactory(team=york), created_at=SUBMITTED)

    html = page(client, dave, f"/ideas/{idea.pk}/")

    assert clock_lines(html) == ["Waiting for Nora North’s first answer · due Fri 5 Dec"]


def test_with_no_manager_up_to_the_root_it_waits_on_the_cx_leads(client, clock, dave):
    island = TeamFactory(name="Island")
    idea = submitted_idea(UserFactory(team=island), created_at=SUBMITTED)

    html = page(client, dave, f"/ideas/{idea.pk}/")

    assert clock_lines(html) == ["Waiting for the CX leads’ first answer · due Fri 5 Dec"]


def test_a_closed_idea_that_nobody_answered_shows_no_clock(client, clock, alice, dave):
    idea = submitted_idea(alice, status=Status.DECLINED, created_at=SUBMITTED)

    assert clock_lines(page(client, dave, f"/ideas/{idea.pk}/")) == []


# --- Cards --------------------------------------------------------------------------


def test_the_idea_list_cards_show_the_clock(client, clock, idea, dave):
    clock.move_to(SUBMITTED + timedelta(days=6), tick=False)

    html = page(client, dave, "/ideas/")

    assert clock_lines(html) == ["Waiting for Bob Baker’s first answer · due Fri 5 Dec · overdue"]


def test_the_home_page_cards_show_the_clock(client, clock, idea, alice):
    html = page(client, alice, "/")

    # The idea is on alice's team list, trending and followed (she wrote it).
    assert clock_lines(html) == ["Waiting for Bob Baker’s first answer · due Fri 5 Dec"] * 3


def test_a_card_of_an_answered_idea_shows_no_clock(client, clock, idea, bob, dave):
    change_status(idea=idea, by=bob, to=Status.UNDER_REVIEW, note="")

    assert clock_lines(page(client, dave, "/ideas/")) == []


def test_whom_many_cards_wait_on_is_read_in_one_query(client, clock, north, nora, dave):
    """Cards of teams with their own manager need no query (it is joined); the others'
    chains are read together, so 3 or 30 such cards cost the same."""

    def add_ideas(count):
        for _ in range(count):
            team = TeamFactory(parent=north)  # no manager of its own: waits on nora
            submitted_idea(UserFactory(team=team), created_at=SUBMITTED)

    client.force_login(dave)
    counts = []
    for count in (3, 27):
        add_ideas(count)
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/ideas/").content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
    page_size = 20  # of 30 ideas: a full page
    assert (
        clock_lines(html) == ["Waiting for Nora North’s first answer · due Fri 5 Dec"] * page_size
    )


# --- /manage/ -----------------------------------------------------------------------


def test_the_queue_is_sorted_by_due_date_overdue_first(client, clock, alice, bob):
    safety = CategoryFactory(name="Safety", unanswered_days=2)
    now = SUBMITTED + timedelta(days=1)
    for title, age, category in [
        ("Overdue", 4, safety),  # due 2 days ago
        ("Due in 2 days", 3, None),
        ("Due tomorrow", 1, safety),
        ("Answered", 10, None),
    ]:
        submitted_idea(alice, title=title, created_at=now - timedelta(days=age), category=category)
    Idea.objects.filter(title="Answered").update(first_response_at=now)

    client.force_login(bob)
    response = client.get("/manage/")

    assert [idea.title for idea in response.context["page"]] == [
        "Overdue",
        "Due tomorrow",
        "Due in 2 days",
        "Answered",
    ]
    html = response.content.decode()
    assert clock_lines(html) == [
        "Waiting for your first answer · due Sat 29 Nov · overdue",
        "Waiting for your first answer · due Tue 2 Dec",
        "Waiting for your first answer · due Wed 3 Dec",
        "First answer after 10 days",
    ]
    overdue = Idea.objects.get(title="Overdue")
    assert f'id="triage-{overdue.pk}" class="card triage-row is-overdue"' in html


def test_the_queue_shows_open_escalations_and_whom_they_went_to(
    client, clock, idea, bob, nora, carol, leeds, company
):
    Escalation.objects.create(
        idea=idea, rule="unanswered", level=0, team=leeds, manager=bob, created_at=SUBMITTED
    )
    Escalation.objects.create(
        idea=idea, rule="popular", level=0, team=company, created_at=SUBMITTED
    )
    other = submitted_idea(idea.author, title="Resolved")
    Escalation.objects.create(
        idea=other, rule="unanswered", team=leeds, manager=bob, resolved_at=SUBMITTED
    )

    html = page(client, nora, "/manage/")

    escalations = re.findall(r'<ul class="list escalations"[^>]*>(.*?)</ul>', html, flags=re.S)
    assert [" ".join(re.sub(r"<[^>]+>", "", e).split()) for e in escalations] == [
        "Escalated (unanswered) to Bob Baker on Sun 30 Nov "
        "Escalated (popular) to the CX leads on Sun 30 Nov"
    ]
