"""Who is due a digest when: the morning hour in each person's own time zone, weekly on
Monday, and exactly one per person per period whatever ticks, retries and parallel
workers do."""

import os
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import DigestFrequency
from ideas.models import Escalation, Follow, IdeaEvent, Status
from notifications import digests
from notifications.digests import build_and_queue, plan_digests
from notifications.models import Digest, OutboxEmail
from notifications.tasks import build_digests, deliver_emails, sweep_outbox
from notifications.tasks import plan_digests as plan_digests_task
from tests.factories import IdeaFactory, TeamFactory, UserFactory

DAILY, WEEKLY = DigestFrequency.DAILY, DigestFrequency.WEEKLY


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def person(name, zone, frequency=DAILY, team=None):
    return UserFactory(
        email=f"{name}@example.com", display_name=name.title(), time_zone=zone,
        digest_frequency=frequency, **({"team": team} if team else {}),
    )  # fmt: skip


def planned(now, **options) -> set[tuple[str, str, date]]:
    plan_digests(now=now, fan_out=False, **options)
    return set(Digest.objects.values_list("user__email", "period", "period_start"))


@pytest.fixture
def tokyo(db):
    return person("tomoko", "Asia/Tokyo")


@pytest.fixture
def london(db):
    return person("lewis", "Europe/London")


# --- The hour, in each person's time zone --------------------------------------------


def test_at_seven_in_tokyo_only_the_tokyo_person_is_due(tokyo, london):
    # 22:30 UTC on Tuesday 1 December is 07:30 on Wednesday 2 December in Tokyo.
    assert planned(utc(2026, 12, 1, 22, 30)) == {("tomoko@example.com", "daily", date(2026, 12, 2))}


def test_at_seven_in_london_only_the_london_person_is_due(tokyo, london):
    # 07:30 in London (GMT in winter) is 16:30 in Tokyo.
    assert planned(utc(2026, 12, 2, 7, 30)) == {("lewis@example.com", "daily", date(2026, 12, 2))}


@pytest.mark.parametrize(
    "moment",
    [utc(2026, 12, 2, 6, 59), utc(2026, 12, 2, 12, 0), utc(2026, 12, 2, 23, 0)],
    ids=["06:59", "noon", "night"],
)
def test_outside_the_morning_nobody_in_london_is_due(london, moment):
    assert planned(moment) == set()


def test_summer_time_moves_the_utc_hour(london):
    # 07:00 in London in June is 06:00 UTC (British Summer Time).
    assert planned(utc(2026, 6, 10, 5, 59)) == set()
    assert planned(utc(2026, 6, 10, 6, 0)) == {("lewis@example.com", "daily", date(2026, 6, 10))}


def test_a_weekly_digest_is_due_on_monday_only(db):
    person("wendy", "Europe/London", WEEKLY)
    assert planned(utc(2026, 12, 1, 7, 15)) == set()  # a Tuesday
    assert planned(utc(2026, 11, 30, 7, 15)) == {  # a Monday
        ("wendy@example.com", "weekly", date(2026, 11, 30))
    }


def test_tokyo_monday_morning_is_sunday_night_in_utc(db):
    person("taro", "Asia/Tokyo", WEEKLY)
    assert planned(utc(2026, 11, 29, 22, 15)) == {
        ("taro@example.com", "weekly", date(2026, 11, 30))
    }


def test_preference_off_plans_nothing(db):
    person("olive", "Europe/London", DigestFrequency.OFF)
    assert planned(utc(2026, 11, 30, 7, 15)) == set()
    assert planned(utc(2026, 11, 30, 7, 15), ignore_hour=True) == set()


def test_inactive_people_are_not_planned(london):
    london.is_active = False
    london.save()
    assert planned(utc(2026, 12, 2, 7, 30)) == set()


def test_ignoring_the_hour_plans_everyone_for_their_current_period(tokyo, london):
    # send_digests: 15:00 UTC on a Wednesday; the weekly period started on Monday.
    person("wendy", "Europe/London", WEEKLY)
    assert planned(utc(2026, 12, 2, 15, 0), ignore_hour=True) == {
        ("tomoko@example.com", "daily", date(2026, 12, 3)),  # already Thursday in Tokyo
        ("lewis@example.com", "daily", date(2026, 12, 2)),
        ("wendy@example.com", "weekly", date(2026, 11, 30)),
    }


def test_a_digest_covers_the_day_before_it(london):
    now = utc(2026, 12, 2, 7, 0)
    plan_digests(now=now, fan_out=False)
    digest = Digest.objects.get()
    assert (digest.covers_from, digest.covers_until) == (now - timedelta(days=1), now)


def test_after_a_missed_morning_the_next_digest_covers_both_days(london):
    plan_digests(now=utc(2026, 12, 1, 7, 0), fan_out=False)
    # Beat was down all morning on the 2nd: no digest that day, nothing lost.
    assert plan_digests(now=utc(2026, 12, 2, 13, 0), fan_out=False) == []
    plan_digests(now=utc(2026, 12, 3, 7, 0), fan_out=False)
    latest = Digest.objects.get(period_start=date(2026, 12, 3))
    assert latest.covers_from == utc(2026, 12, 1, 7, 0)


# --- Once per person per period ------------------------------------------------------


def test_duplicate_ticks_plan_one_digest_per_person(tokyo, london):
    for minute in (0, 0, 15, 30, 45):
        plan_digests(now=utc(2026, 12, 2, 7, minute), fan_out=False)
    assert Digest.objects.count() == 1


def test_the_database_refuses_a_second_digest_for_the_same_period(london):
    from django.db import IntegrityError, transaction

    plan_digests(now=utc(2026, 12, 2, 7, 0), fan_out=False)
    first = Digest.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Digest.objects.create(
            user=london, period="daily", period_start=first.period_start,
            covers_from=first.covers_from, covers_until=first.covers_until,
        )  # fmt: skip


@pytest.fixture
def busy_company(db):
    """Ten people who each have something to say: a new idea in their team that
    they follow, its status change, a win."""
    team = TeamFactory(name="Leeds store")
    people = [person(f"p{n}", "Europe/London", team=team) for n in range(10)]
    idea = IdeaFactory(author=people[0], title="Something new")
    Follow.objects.bulk_create(Follow(idea=idea, user=p) for p in people)
    IdeaEvent.objects.create(
        idea=idea, kind=IdeaEvent.Kind.STATUS_CHANGED, from_status=Status.SUBMITTED,
        to_status=Status.UNDER_REVIEW, note="Looking at it.",
    )  # fmt: skip
    IdeaFactory(
        author=people[1], title="Something done", status=Status.DONE, done_at=timezone.now(),
        impact="Customers wait less.", created_at=timezone.now() - timedelta(days=30),
    )  # fmt: skip
    return people


def build_all(now):
    ids = plan_digests(now=now, ignore_hour=True, fan_out=False)
    return build_and_queue(ids, now=now)


def test_plan_and_build_twice_writes_one_email_per_person(busy_company):
    now = timezone.now() + timedelta(minutes=1)
    assert build_all(now) == {"built": 10, "empty": 0, "skipped": 0}
    assert build_all(now + timedelta(minutes=15)) == {"built": 0, "empty": 0, "skipped": 0}
    assert build_and_queue(list(Digest.objects.values_list("pk", flat=True)))["built"] == 0
    assert OutboxEmail.objects.filter(kind="digest").count() == 10
    assert set(Digest.objects.values_list("state", flat=True)) == {Digest.State.BUILT}


def test_a_pending_digest_whose_email_exists_is_not_written_twice(busy_company):
    """A worker died after writing a digest's email but before marking the digest (on
    a database without transactions across both, say): the outbox key holds."""
    now = timezone.now() + timedelta(minutes=1)
    build_all(now)
    Digest.objects.update(state=Digest.State.PENDING, outbox=None)
    assert build_and_queue(list(Digest.objects.values_list("pk", flat=True)))["built"] == 10
    assert OutboxEmail.objects.filter(kind="digest").count() == 10
    assert not Digest.objects.filter(outbox=None).exists()


def statements(queries) -> list[str]:
    """The queries, without the savepoints of the test's own transaction."""
    return [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]


def run_in_threads(target, count=2):
    errors, barrier = [], threading.Barrier(count)

    def run():
        try:
            barrier.wait()
            target()
        except Exception as error:  # shown by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def retried(work, attempts=20):
    """As the Celery task does on a DatabaseError (SQLite's in-memory test database
    refuses a second writer at once instead of waiting)."""
    for attempt in range(attempts):
        try:
            return work()
        except OperationalError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05)


def test_two_workers_at_once_write_one_email_per_person(busy_company, transactional_db):
    now = timezone.now() + timedelta(minutes=1)
    errors = run_in_threads(lambda: retried(lambda: build_all(now)))
    assert errors == []
    assert OutboxEmail.objects.filter(kind="digest").count() == 10
    emails = OutboxEmail.objects.filter(kind="digest").values_list("recipient__email", flat=True)
    assert sorted(emails) == sorted(p.email for p in busy_company)


@pytest.mark.services
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="two processes need a shared database")
def test_two_send_digests_processes_at_once_write_one_email_per_person(
    busy_company, transactional_db
):
    test_db = urlsplit(os.environ["DATABASE_URL"])._replace(
        path="/" + connection.settings_dict["NAME"]
    )
    env = {**os.environ, "DATABASE_URL": test_db.geturl()}
    command = [sys.executable, "manage.py", "send_digests", "--period", "daily"]
    processes = [
        subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
        for _ in range(2)
    ]  # fmt: skip
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    emails = OutboxEmail.objects.filter(kind="digest").values_list("recipient__email", flat=True)
    assert sorted(emails) == sorted(p.email for p in busy_company)
    assert Digest.objects.filter(state=Digest.State.BUILT).count() == 10


# --- Fan-out and tasks -------------------------------------------------------------


def test_planning_queues_the_digests_in_chunks_after_the_commit(
    busy_company, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(digests, "CHUNK", 4)
    with mock.patch.object(build_digests, "apply_async") as queue:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            ids = plan_digests(now=utc(2026, 12, 2, 7, 0))
        assert queue.call_count == 0  # nothing is queued inside the transaction
        for callback in callbacks:
            callback()
    chunks = [call.args[0][0] for call in queue.call_args_list]
    assert [len(chunk) for chunk in chunks] == [4, 4, 2]
    assert sum(chunks, []) == ids


def test_with_the_broker_down_the_digests_wait_for_a_later_tick(
    busy_company, django_capture_on_commit_callbacks
):
    down = mock.patch.object(build_digests, "apply_async", side_effect=OSError("refused"))
    with down, django_capture_on_commit_callbacks(execute=True):
        ids = plan_digests(now=utc(2026, 12, 2, 7, 0))  # does not fail
    assert len(ids) == 10
    assert plan_digests(now=utc(2026, 12, 2, 7, 5), fan_out=False) == []  # still in flight
    assert plan_digests(now=utc(2026, 12, 2, 7, 15), fan_out=False) == ids  # lost: again


def test_the_tasks_plan_and_build(busy_company, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(digests, "timezone", wraps=timezone) as clock,
        mock.patch.object(build_digests, "apply_async") as queue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        clock.now.return_value = utc(2020, 6, 10, 7, 0)  # long before the idea
        assert plan_digests_task.apply().get() == 10
    (chunk,) = [call.args[0][0] for call in queue.call_args_list]
    result = build_digests.apply((chunk,)).get()
    assert result == {"built": 0, "empty": 10, "skipped": 0}  # the idea is not from that day
    assert build_digests.apply((chunk,)).get() == {"built": 0, "empty": 0, "skipped": 10}


# --- A fixed number of queries ----------------------------------------------------------


def test_planning_is_a_fixed_number_of_queries(db):
    team = TeamFactory()
    for n in range(3):
        person(f"a{n}", "Europe/London", team=team)
    with CaptureQueriesContext(connection) as few:
        plan_digests(now=utc(2026, 12, 2, 7, 0), fan_out=False)
    for n in range(30):
        person(f"b{n}", ["Europe/London", "Asia/Tokyo", "America/New_York"][n % 3], team=team)
    with CaptureQueriesContext(connection) as many:
        plan_digests(now=utc(2026, 12, 3, 7, 0), fan_out=False)
    # time zones + previous digests + people due + insert + pending ids
    assert len(statements(few)) == len(statements(many)) == 5


def test_building_is_a_fixed_number_of_queries_per_chunk(busy_company, bob, nora):
    """For the whole chunk: the digests, who manages a team, status changes and the
    follows of their ideas, comments, new ideas and observations (company-wide and
    per team), the cards still to tell, wins and their evidence, the outbox insert,
    its ids, the digests' update. The managers' queues add three for the whole chunk:
    the ideas due, the ideas overdue and the open escalations of all their areas."""
    now = timezone.now() + timedelta(minutes=1)
    plan_digests(now=now, ignore_hour=True, fan_out=False)
    people = {digest.user_id: digest.pk for digest in Digest.objects.all()}
    staff = [people[p.pk] for p in busy_company]
    with CaptureQueriesContext(connection) as one:
        build_and_queue(staff[:1], now=now)
    with CaptureQueriesContext(connection) as nine:
        build_and_queue(staff[1:], now=now)
    assert len(statements(one)) == len(statements(nine)) == 15
    with CaptureQueriesContext(connection) as managers:
        build_and_queue([people[bob.pk], people[nora.pk]], now=now)
    assert len(statements(managers)) == 15 + 3


@pytest.fixture
def managers(busy_company, company, bob, nora, erin, alice, dave):
    """bob, nora and erin (conftest) and three store managers more, each with ideas
    waiting for their answer (one overdue and escalated) in their area; all read daily
    (one stretch of time for the chunk)."""
    people = [bob, nora, erin]
    for manager in people:
        manager.digest_frequency = DAILY
        manager.save(update_fields=["digest_frequency"])
    for n in range(3):
        store = TeamFactory(name=f"Store {n}", parent=company)
        people.append(person(f"manager{n}", "Europe/London", team=store))
        store.manager = people[-1]
        store.save()
    old = timezone.now() - timedelta(days=8)
    for manager in people:
        author = UserFactory(team=manager.team, digest_frequency=DigestFrequency.OFF)
        IdeaFactory(author=author, title=f"Waiting on {manager.name}")
        overdue = IdeaFactory(author=author, title=f"Overdue on {manager.name}", created_at=old)
        Escalation.objects.create(
            idea=overdue, rule=Escalation.Rule.UNANSWERED, team=manager.team, manager=manager
        )
    return people


def test_the_managers_queues_are_the_same_queries_for_one_manager_or_six(
    managers, django_assert_num_queries
):
    now = timezone.now() + timedelta(minutes=1)
    plan_digests(now=now, ignore_hour=True, fan_out=False)
    digest_of = dict(Digest.objects.values_list("user_id", "pk"))
    # build_and_queue's savepoint and its release (2), the pending digests (1), the
    # managers' teams (1), their ideas due, overdue and open escalations (3), status
    # changes and the follows of their ideas (2), comments (1), new ideas and
    # observations company-wide and per team (4), the cards to tell (1), wins and
    # their evidence (2), the outbox insert, its ids and the digests' update (3) = 20.
    with django_assert_num_queries(20):
        assert build_and_queue([digest_of[managers[0].pk]], now=now)["built"] == 1
    with django_assert_num_queries(20):
        assert build_and_queue([digest_of[m.pk] for m in managers[1:]], now=now)["built"] == 5
    for manager in managers:
        body = OutboxEmail.objects.get(recipient=manager, kind="digest").body
        assert f"Waiting on {manager.name}" in body
        assert f"[Overdue] Overdue on {manager.name}" in body


def test_building_queues_the_chunks_emails_as_one_task_after_the_commit(
    busy_company, django_capture_on_commit_callbacks
):
    now = timezone.now() + timedelta(minutes=1)
    ids = plan_digests(now=now, ignore_hour=True, fan_out=False)
    with (
        mock.patch.object(deliver_emails, "apply_async") as queue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        build_and_queue(ids, now=now)
    rows = OutboxEmail.objects.filter(kind="digest").order_by("pk")
    queue.assert_called_once_with((list(rows.values_list("pk", flat=True)),), retry=False)


def test_with_the_broker_down_the_built_emails_wait_for_the_sweep(
    busy_company, django_capture_on_commit_callbacks
):
    now = timezone.now() + timedelta(minutes=1)
    ids = plan_digests(now=now, ignore_hour=True, fan_out=False)
    down = mock.patch.object(deliver_emails, "apply_async", side_effect=OSError("refused"))
    with down, django_capture_on_commit_callbacks(execute=True):
        assert build_and_queue(ids, now=now)["built"] == 10  # does not fail
    OutboxEmail.objects.update(created_at=now - timedelta(minutes=5))
    assert sweep_outbox.apply().get() == 10


def test_beat_plans_digests_every_fifteen_minutes_with_a_registered_task():
    from forum.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["plan-digests"]
    assert entry == {"task": "notifications.plan_digests", "schedule": 900.0}
    assert {"notifications.plan_digests", "notifications.build_digests"} <= set(app.tasks)
