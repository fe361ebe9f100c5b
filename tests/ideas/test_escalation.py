"""Escalation (PRODUCT.md): an unanswered idea goes to the manager of its routed team
after N days, to that manager's manager N days later, and so on up to the CX leads; a
popular one to the routed team's manager at once; each (idea, rule, level) once; and a
manager's response resolves it.

The org tree of the personas: Acme (no manager; carol is a CX lead) > North region
(nora) > Leeds store (bob) > alice. N is 5 days here (the default).
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas import escalation
from ideas.comments import post_comment
from ideas.lifecycle import change_status, merge_ideas
from ideas.models import Escalation, EscalationPolicy, Idea, IdeaEvent, Status
from ideas.reactions import toggle_vote
from ideas.tasks import escalate
from notifications.models import Notification, OutboxEmail
from tests.factories import IdeaFactory, TeamFactory, UserFactory
from tests.ideas.lifecycle_helpers import days_ago, submitted_idea

N = timedelta(days=5)
SECOND = timedelta(seconds=1)


@pytest.fixture
def idea(alice):
    return submitted_idea(alice, title="Hold music is too loud")


def scan_at(idea, after):
    """Run the scan with the clock `after` past the idea's submission."""
    return escalation.scan(now=idea.created_at + after)


def escalated_to(idea):
    """(rule, level, whom) of the idea's escalations, in order."""
    rows = Escalation.objects.filter(idea=idea).order_by("rule", "level")
    return [(row.rule, row.level, row.manager.name if row.manager else "CX leads") for row in rows]


def notified(person):
    return list(Notification.objects.filter(recipient=person).values_list("text", flat=True))


def emailed(person):
    return list(OutboxEmail.objects.filter(to=person.email).values_list("subject", flat=True))


# --- Unanswered: the boundaries ----------------------------------------------------


def test_nothing_escalates_on_day_n_minus_one(idea, bob):
    report = scan_at(idea, N - timedelta(days=1))

    assert report.fired == []
    assert escalated_to(idea) == []


def test_nothing_escalates_a_second_before_the_answer_is_due(idea, bob):
    assert scan_at(idea, N - SECOND).fired == []
    assert escalated_to(idea) == []


def test_on_day_n_it_escalates_to_the_routed_teams_manager(idea, bob, nora, leeds):
    report = scan_at(idea, N)

    assert escalated_to(idea) == [("unanswered", 0, "Bob Baker")]
    escalation_row = Escalation.objects.get(idea=idea)
    assert (escalation_row.team, escalation_row.resolved_at) == (leeds, None)
    assert [str(fired) for fired in report.fired] == [
        f"#{idea.pk} “Hold music is too loud”: unanswered, level 0 → Bob Baker (Leeds store)"
    ]
    assert notified(bob) == ["“Hold music is too loud” is escalated to you: still unanswered"]
    assert emailed(bob) == [
        "[Frontline] “Hold music is too loud” is escalated to you: still unanswered"
    ]
    assert notified(nora) == []


def test_the_escalation_is_on_the_timeline(idea, bob):
    scan_at(idea, N)

    event = IdeaEvent.objects.get(idea=idea, kind=IdeaEvent.Kind.ESCALATED)
    assert event.note == "No manager has answered it 5 days after it was submitted."
    assert event.data == {
        "rule": "unanswered",
        "level": 0,
        "team_id": bob.team_id,
        "team": "Leeds store",
        "manager_id": bob.pk,
        "manager_name": "Bob Baker",
        "to_cx_leads": False,
        "recipient_ids": [bob.pk],
    }


def test_the_idea_page_timeline_shows_each_escalation(client, idea, bob, nora, carol, dave):
    import re

    scan_at(idea, 3 * N)
    client.force_login(dave)

    html = client.get(f"/ideas/{idea.pk}/").content.decode()

    heads = re.findall(
        r'<li id="event-\d+" class="event event-escalated">\s*<p class="event-head">(.*?)</p>',
        html,
        flags=re.S,
    )
    assert [" ".join(re.sub(r"<[^>]+>", "", head).split()) for head in heads] == [
        "Escalated (unanswered) to Bob Baker",
        "Escalated (unanswered) to Nora North",
        "Escalated (unanswered) to the CX leads",
    ]
    assert "No manager has answered it 15 days after it was submitted." in html


def test_the_escalation_email_says_why(idea, bob):
    scan_at(idea, N)

    email = OutboxEmail.objects.get(to=bob.email)
    assert "No manager has answered it 5 days after it was submitted." in email.body
    assert f"/ideas/{idea.pk}/" in email.body


def test_day_2n_minus_a_second_is_still_level_zero(idea, bob, nora):
    scan_at(idea, N)

    assert scan_at(idea, 2 * N - SECOND).fired == []
    assert escalated_to(idea) == [("unanswered", 0, "Bob Baker")]


def test_on_day_2n_it_escalates_to_the_managers_manager(idea, bob, nora, north):
    scan_at(idea, N)

    report = scan_at(idea, 2 * N)

    assert [(fired.level, fired.to) for fired in report.fired] == [(1, "Nora North")]
    assert escalated_to(idea) == [("unanswered", 0, "Bob Baker"), ("unanswered", 1, "Nora North")]
    assert Escalation.objects.get(idea=idea, level=1).team == north
    assert notified(nora) == ["“Hold music is too loud” is escalated to you: still unanswered"]
    assert len(notified(bob)) == 1  # bob heard once, on day N
    note = IdeaEvent.objects.get(idea=idea, data__level=1).note
    assert note == "No manager has answered it 10 days after it was submitted."


def test_a_scan_that_did_not_run_for_days_fires_each_level_due_once(idea, bob, nora):
    report = scan_at(idea, 2 * N + timedelta(hours=3))

    assert [(fired.level, fired.to) for fired in report.fired] == [
        (0, "Bob Baker"),
        (1, "Nora North"),
    ]
    assert (len(notified(bob)), len(notified(nora))) == (1, 1)


def test_each_level_escalates_once_whatever_the_number_of_scans(idea, bob, nora):
    for _ in range(3):
        scan_at(idea, N)
        scan_at(idea, 2 * N)

    assert escalated_to(idea) == [("unanswered", 0, "Bob Baker"), ("unanswered", 1, "Nora North")]
    assert IdeaEvent.objects.filter(kind=IdeaEvent.Kind.ESCALATED).count() == 2
    assert (len(notified(bob)), len(emailed(bob)), len(notified(nora))) == (1, 1, 1)


def test_the_database_refuses_a_second_escalation_of_the_same_level(idea, bob, leeds):
    from django.db import IntegrityError, transaction

    Escalation.objects.create(idea=idea, rule="unanswered", level=0, team=leeds, manager=bob)
    with pytest.raises(IntegrityError), transaction.atomic():
        Escalation.objects.create(idea=idea, rule="unanswered", level=0, team=leeds, manager=bob)


def test_a_level_another_scan_fired_is_left_alone(idea, bob, nora, leeds):
    # Another scan has just written level 0 (its row, its notifications).
    Escalation.objects.create(
        idea=idea, rule="unanswered", level=0, team=leeds, manager=bob, created_at=days_ago(0)
    )

    report = scan_at(idea, 2 * N)

    assert [fired.level for fired in report.fired] == [1]
    assert notified(bob) == []
    assert len(notified(nora)) == 1


# --- Up the tree ----------------------------------------------------------------


def test_a_team_without_a_manager_is_skipped_to_the_next_one_up(north, nora, carol):
    york = TeamFactory(name="York store", parent=north)  # no manager
    idea = submitted_idea(UserFactory(team=york))

    scan_at(idea, N)
    assert escalated_to(idea) == [("unanswered", 0, "Nora North")]
    assert Escalation.objects.get(idea=idea).team == north

    scan_at(idea, 2 * N)
    assert escalated_to(idea) == [("unanswered", 0, "Nora North"), ("unanswered", 1, "CX leads")]


def test_past_the_root_every_cx_lead_is_told_and_then_nothing_more(idea, bob, nora, carol, company):
    other_lead = UserFactory(team=company, is_cx_lead=True)
    retired_lead = UserFactory(team=company, is_cx_lead=True, is_active=False)
    scan_at(idea, 2 * N)

    report = scan_at(idea, 3 * N)

    assert [(fired.level, fired.to) for fired in report.fired] == [(2, "the CX leads")]
    top = Escalation.objects.get(idea=idea, level=2)
    assert (top.manager, top.team) == (None, company)  # the root: Acme has no manager
    text = "“Hold music is too loud” is escalated to you: still unanswered"
    assert notified(carol) == notified(other_lead) == [text]
    assert notified(retired_lead) == []
    event = IdeaEvent.objects.get(idea=idea, data__level=2)
    assert event.data["to_cx_leads"] is True
    assert sorted(event.data["recipient_ids"]) == sorted([carol.pk, other_lead.pk])

    assert scan_at(idea, 4 * N).fired == []
    assert scan_at(idea, 10 * N).fired == []
    assert Escalation.objects.filter(idea=idea).count() == 3


def test_the_root_teams_manager_comes_before_the_cx_leads(idea, bob, nora, carol, company):
    company.manager = UserFactory(team=company, display_name="Chris Chief")
    company.save()

    scan_at(idea, 4 * N)

    assert escalated_to(idea) == [
        ("unanswered", 0, "Bob Baker"),
        ("unanswered", 1, "Nora North"),
        ("unanswered", 2, "Chris Chief"),
        ("unanswered", 3, "CX leads"),
    ]


def test_someone_who_manages_two_teams_of_the_chain_is_told_once(alice, leeds, north, nora):
    leeds.manager = nora  # nora runs the store and its region
    leeds.save()
    idea = submitted_idea(alice)

    scan_at(idea, 2 * N)

    assert escalated_to(idea) == [("unanswered", 0, "Nora North"), ("unanswered", 1, "CX leads")]


def test_an_inactive_manager_is_skipped(idea, bob, nora):
    bob.is_active = False
    bob.save()

    scan_at(idea, N)

    assert escalated_to(idea) == [("unanswered", 0, "Nora North")]


def test_with_nobody_above_the_cx_leads_hear_at_once(carol):
    island = TeamFactory(name="Island")
    idea = submitted_idea(UserFactory(team=island))

    scan_at(idea, N)

    assert escalated_to(idea) == [("unanswered", 0, "CX leads")]
    assert Escalation.objects.get(idea=idea).team == island
    assert len(notified(carol)) == 1


def test_the_manager_chain_is_read_in_one_query(leeds, bob, nora, django_assert_num_queries):
    with django_assert_num_queries(1):
        chain = leeds.manager_chain()

    assert [(team.name, team.manager.name) for team in chain] == [
        ("Leeds store", "Bob Baker"),
        ("North region", "Nora North"),
    ]


def test_the_chains_of_many_teams_are_read_in_one_query(
    leeds, bristol, bob, erin, nora, django_assert_num_queries
):
    with django_assert_num_queries(1):
        chains = type(leeds).manager_chains([leeds, bristol])

    assert {pk: [team.manager.name for team in chain] for pk, chain in chains.items()} == {
        leeds.pk: ["Bob Baker", "Nora North"],
        bristol.pk: ["Erin Evans"],
    }


# --- Which ideas ----------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.UNDER_REVIEW, Status.PLANNED, Status.DECLINED])
def test_only_a_submitted_idea_escalates_as_unanswered(alice, bob, status):
    idea = submitted_idea(alice, status=status)

    assert scan_at(idea, 3 * N).fired == []


def test_an_idea_a_manager_answered_does_not_escalate(alice, bob):
    idea = submitted_idea(alice)
    Idea.objects.filter(pk=idea.pk).update(first_response_at=idea.created_at)

    assert scan_at(idea, 3 * N).fired == []


def test_a_hidden_idea_does_not_escalate(alice, bob):
    idea = submitted_idea(alice, is_hidden=True)

    assert scan_at(idea, 3 * N).fired == []


def test_a_categorys_n_decides_when_its_ideas_escalate(alice, bob):
    from tests.factories import CategoryFactory

    urgent = CategoryFactory(name="Safety", unanswered_days=2)
    idea = submitted_idea(alice, category=urgent)

    assert scan_at(idea, timedelta(days=2) - SECOND).fired == []
    assert [fired.level for fired in scan_at(idea, timedelta(days=2)).fired] == [0]
    assert [fired.level for fired in scan_at(idea, timedelta(days=4)).fired] == [1]
    note = IdeaEvent.objects.get(idea=idea, data__level=1).note
    assert note == "No manager has answered it 4 days after it was submitted."


def test_lowering_n_brings_the_next_level_forward(idea, bob, nora):
    scan_at(idea, N)
    policy = EscalationPolicy.current()
    policy.unanswered_days = 3
    policy.save()
    escalation.apply_policy()

    report = scan_at(idea, timedelta(days=6))

    assert [(fired.level, fired.to) for fired in report.fired] == [(1, "Nora North")]


# --- Popular ------------------------------------------------------------------------


@pytest.fixture
def v_is_3(db):
    EscalationPolicy.objects.update_or_create(pk=1, defaults={"popular_votes": 3})


@pytest.fixture
def voters(leeds):
    return UserFactory.create_batch(3, team=leeds)


def test_v_minus_one_votes_do_not_escalate(v_is_3, idea, bob, voters):
    toggle_vote(idea=idea, by=voters[0])  # alice's own vote and this one: 2

    assert Idea.objects.get(pk=idea.pk).vote_count == 2
    assert escalated_to(idea) == []
    assert escalation.scan().fired == []


def test_the_vote_that_reaches_v_escalates_to_the_routed_teams_manager_at_once(
    v_is_3, idea, bob, nora, voters
):
    toggle_vote(idea=idea, by=voters[0])
    toggle_vote(idea=idea, by=voters[1])

    assert escalated_to(idea) == [("popular", 0, "Bob Baker")]
    assert notified(bob) == ["“Hold music is too loud” is escalated to you: popular"]
    assert emailed(bob) == ["[Frontline] “Hold music is too loud” is escalated to you: popular"]
    assert IdeaEvent.objects.get(idea=idea, kind="escalated").note == "It has 3 votes."
    assert notified(nora) == []


def test_popular_escalates_once_even_when_votes_come_and_go(v_is_3, idea, bob, voters):
    toggle_vote(idea=idea, by=voters[0])
    toggle_vote(idea=idea, by=voters[1])
    toggle_vote(idea=idea, by=voters[1])  # takes it back: 2
    toggle_vote(idea=idea, by=voters[1])  # 3 again
    toggle_vote(idea=idea, by=voters[2])  # 4

    assert escalated_to(idea) == [("popular", 0, "Bob Baker")]
    assert len(notified(bob)) == 1
    assert escalation.scan().fired == []


def test_an_idea_under_review_escalates_when_popular(v_is_3, alice, bob, voters):
    idea = submitted_idea(alice, status=Status.UNDER_REVIEW, votes=voters[:1])

    toggle_vote(idea=idea, by=voters[1])

    assert escalated_to(idea) == [("popular", 0, "Bob Baker")]


def test_a_planned_idea_with_v_votes_does_not_escalate(v_is_3, alice, bob, voters):
    idea = submitted_idea(alice, status=Status.PLANNED, votes=voters[:1])

    toggle_vote(idea=idea, by=voters[1])

    assert escalated_to(idea) == []
    assert escalation.scan().fired == []


def test_the_scan_finds_ideas_that_became_popular_when_v_was_lowered(idea, bob, voters):
    for voter in voters:
        toggle_vote(idea=idea, by=voter)
    assert escalated_to(idea) == []  # 4 votes, V is 25

    EscalationPolicy.objects.update_or_create(pk=1, defaults={"popular_votes": 4})
    report = escalation.scan()

    assert [(fired.rule, fired.to) for fired in report.fired] == [("popular", "Bob Baker")]
    assert escalation.scan().fired == []


def test_popular_goes_to_the_next_manager_up_when_the_team_has_none(v_is_3, north, nora):
    york = TeamFactory(name="York store", parent=north)
    author, *others = UserFactory.create_batch(3, team=york)
    idea = submitted_idea(author, votes=others[:1])

    toggle_vote(idea=idea, by=others[1])

    assert escalated_to(idea) == [("popular", 0, "Nora North")]


def test_a_popular_and_unanswered_idea_escalates_by_both_rules(v_is_3, idea, bob, voters):
    toggle_vote(idea=idea, by=voters[0])
    toggle_vote(idea=idea, by=voters[1])

    scan_at(idea, N)

    assert escalated_to(idea) == [("popular", 0, "Bob Baker"), ("unanswered", 0, "Bob Baker")]


def test_a_vote_below_v_reads_the_threshold_in_its_locked_read(
    v_is_3, client, idea, voters, django_assert_num_queries
):
    # The same 8 queries as test_vote's count: V and "already escalated" come with
    # the idea's locked read.
    client.force_login(voters[0])
    client.get("/observations/new/")  # the session remembers the confirmed email
    with django_assert_num_queries(8):
        client.post(f"/ideas/{idea.pk}/vote/", headers={"HX-Request": "true"})
    assert escalated_to(idea) == []


# --- Resolution: a manager responds --------------------------------------------------


@pytest.fixture
def escalated(idea, bob, nora):
    scan_at(idea, N)
    assert Escalation.objects.filter(idea=idea, resolved_at__isnull=True).count() == 1
    return idea


def open_escalations(idea):
    return Escalation.objects.filter(idea=idea, resolved_at__isnull=True).count()


def test_a_status_change_resolves_the_escalation_and_stops_the_clock(escalated, bob, nora):
    change_status(idea=escalated, by=bob, to=Status.UNDER_REVIEW, note="Looking at it")

    assert open_escalations(escalated) == 0
    assert Idea.objects.get(pk=escalated.pk).first_response_at is not None
    assert scan_at(escalated, 3 * N).fired == []
    assert notified(nora) == []


def test_a_merge_resolves_the_escalation(escalated, alice, bob):
    survivor = submitted_idea(alice, title="Quieter hold music")

    merge_ideas(idea=escalated, into=survivor, by=bob, note="Same idea")

    assert open_escalations(escalated) == 0
    assert Idea.objects.get(pk=escalated.pk).first_response_at is not None
    scan_at(escalated, 3 * N)
    assert escalated_to(escalated) == [("unanswered", 0, "Bob Baker")]


def test_a_managers_comment_resolves_the_escalation(escalated, nora):
    post_comment(target=escalated, by=nora, body="Bob, can you look at this?")

    assert open_escalations(escalated) == 0


def test_a_managers_comment_stops_the_clock_so_nothing_more_escalates(escalated, bob, nora):
    post_comment(target=escalated, by=bob, body="We are on it.")

    assert Idea.objects.get(pk=escalated.pk).first_response_at is not None
    assert scan_at(escalated, 3 * N).fired == []
    assert notified(nora) == []


def test_a_colleagues_comment_resolves_nothing(escalated, dave, nora):
    post_comment(target=escalated, by=dave, body="Same in Bristol")

    assert open_escalations(escalated) == 1
    assert [fired.to for fired in scan_at(escalated, 2 * N).fired] == ["Nora North"]


def test_a_resolved_popular_escalation_does_not_fire_again(v_is_3, idea, bob, voters):
    toggle_vote(idea=idea, by=voters[0])
    toggle_vote(idea=idea, by=voters[1])
    change_status(idea=idea, by=bob, to=Status.UNDER_REVIEW, note="")

    toggle_vote(idea=idea, by=voters[2])

    assert escalated_to(idea) == [("popular", 0, "Bob Baker")]
    assert Escalation.objects.get(idea=idea).resolved_at is not None
    assert escalation.scan().fired == []


# --- The scan's cost ----------------------------------------------------------------


def make_ideas(author, count, *, age, votes=0):
    created = days_ago(0) - age
    return [IdeaFactory(author=author, created_at=created, vote_count=votes) for _ in range(count)]


def count_scan_queries(now=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        escalation.scan(now=now)
    return len(queries)


@pytest.mark.parametrize("size", [10, 100])
def test_a_scan_with_nothing_to_fire_runs_a_fixed_number_of_queries(alice, bob, carol, size):
    make_ideas(alice, size, age=4 * N)  # every level fired, up to the CX leads
    make_ideas(alice, size, age=N - timedelta(hours=1))  # not due yet
    escalation.scan()

    # The test's savepoint and its release (BEGIN and COMMIT outside tests) + the
    # policy + unanswered candidates with the last level each reached + new popular
    # ideas + the chains of the teams involved = 6.
    assert count_scan_queries() == 6


@pytest.mark.parametrize("size", [10, 100])
def test_a_scan_that_fires_runs_a_fixed_number_of_queries(alice, bob, carol, size):
    EscalationPolicy.objects.create(pk=1, popular_votes=3)
    make_ideas(alice, size, age=3 * N)  # levels 0, 1 and the CX leads
    make_ideas(alice, size, age=timedelta(0), votes=3)  # popular

    # 6 as above + lock the ideas still due, per rule (2) + the CX leads + the root's
    # name + insert the escalations + read back the rows written + insert the events
    # + the notifications + the emails + read the emails' ids back = 16. (Beyond 1,000
    # escalations at once: 3 more per 1,000 for the notifications, and bulk inserts split
    # in batches on SQLite.)
    assert count_scan_queries() == 16
    assert Escalation.objects.count() == 4 * size
    assert Notification.objects.count() == 4 * size  # bob, nora, carol; bob again


# --- The task, the beat entry and the command ---------------------------------------


def test_the_task_runs_the_scan(idea, bob, settings):
    result = escalate.apply().get()

    assert result == "0 escalations fired (0 unanswered, 0 popular); 0 ideas checked."
    Idea.objects.filter(pk=idea.pk).update(
        created_at=idea.created_at - N, answer_due_at=idea.created_at
    )
    result = escalate.apply().get()
    assert result == "1 escalation fired (1 unanswered, 0 popular); 1 idea checked."
    assert escalated_to(idea) == [("unanswered", 0, "Bob Baker")]


def test_beat_runs_the_scan_every_five_minutes(settings):
    from forum.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["escalate"]
    assert entry == {"task": "ideas.escalate", "schedule": 300.0}
    assert "ideas.escalate" in app.tasks


def test_manage_py_escalate_runs_it_once_now_and_says_what_it_did(alice, bob, nora):
    idea = submitted_idea(alice, title="Hold music", created_at=days_ago(11))
    out = io.StringIO()

    call_command("escalate", stdout=out)

    assert out.getvalue().splitlines() == [
        f"Escalated #{idea.pk} “Hold music”: unanswered, level 0 → Bob Baker (Leeds store)",
        f"Escalated #{idea.pk} “Hold music”: unanswered, level 1 → Nora North (North region)",
        "2 escalations fired (2 unanswered, 0 popular); 1 idea checked.",
    ]
    out = io.StringIO()
    call_command("escalate", stdout=out)
    assert out.getvalue() == "0 escalations fired (0 unanswered, 0 popular); 1 idea checked.\n"


# --- Two scans at once (PostgreSQL: real row locks and concurrent transactions) -----


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time: no race"
)
def test_two_scans_at_once_fire_each_escalation_once(transactional_db, alice, bob, nora):
    import threading

    ideas = make_ideas(alice, 20, age=2 * N)
    barrier, reports, errors = threading.Barrier(2), [], []

    def run():
        try:
            barrier.wait()
            reports.append(escalation.scan())
        except Exception as error:  # reported below, not swallowed by the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(len(report.fired) for report in reports) == 40  # levels 0 and 1, once each
    assert Escalation.objects.count() == IdeaEvent.objects.filter(kind="escalated").count() == 40
    assert (len(notified(bob)), len(notified(nora))) == (20, 20)
    assert len(emailed(bob)) == 20
    assert {idea.pk for idea in ideas} == set(Escalation.objects.values_list("idea_id", flat=True))
