"""manage.py seed_demo: a believable company a few months into using Frontline, whose
personas can log in: ideas in every status with their history, wins, escalations,
bob's queue with one overdue idea; running it again creates nothing new."""

import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone

from accounts.demo import PASSWORD, TIME_ZONE
from accounts.models import Team, User, default_notification_settings
from ideas.counters import recount_all
from ideas.demo_lifecycle import OBSERVATION_COMMENTS, POPULAR_VOTES, STORIES, UNANSWERED_DAYS
from ideas.models import Category, Comment, Escalation, Idea, IdeaEvent, Observation, Status
from insights.dashboard import Scope, hot_spots
from moderation.models import Report
from moderation.queue import queue_page
from notifications.models import Notification, OutboxEmail

PERSONAS = ["alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com"]
Kind = IdeaEvent.Kind
# Models the demo fills: each must have rows, and a second run must add none.
SEEDED = [
    "accounts.Team",
    "accounts.User",
    "ideas.Category",
    "ideas.Observation",
    "ideas.Idea",
    "ideas.Evidence",
    "ideas.Vote",
    "ideas.SeenThisToo",
    "ideas.Follow",
    "ideas.Comment",
    "ideas.Revision",
    "ideas.IdeaEvent",
    "ideas.Escalation",
    "notifications.Notification",
]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module and rolled back after it; every test runs
    in its own transaction on top of it."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(demo, db):
    pass


def idea(title) -> Idea:
    return Idea.objects.get(title=title)


def person(name) -> User:
    return User.objects.get(display_name=name)


def local_day(when):
    return timezone.localdate(when, timezone=ZoneInfo(TIME_ZONE))


def login(client, email):
    client.force_login(User.objects.get(email=email))


# --- The company ------------------------------------------------------------------------


def test_seed_demo_builds_a_company_of_about_fifty_people(seeded):
    leeds = Team.objects.get(name="Leeds store")

    assert 45 <= User.objects.count() <= 60
    assert Team.objects.filter(kind__in=[Team.Kind.STORE, Team.Kind.CONTACT_CENTRE]).count() >= 6
    assert not Team.objects.filter(manager=None).exists()
    assert leeds.manager.email == "bob@example.com"
    company = Team.objects.get(name="Acme Retail")
    assert company.parent is None and leeds.is_within(company.path)
    assert User.objects.get(email="alice@example.com").team == leeds
    assert User.objects.get(email="dave@example.com").team.name == "Bristol contact centre"


def test_seed_demo_makes_carol_a_cx_lead_with_the_admin(seeded, client):
    carol = User.objects.get(email="carol@example.com")

    assert carol.is_cx_lead and carol.is_staff
    client.force_login(carol)
    assert client.get("/admin/").status_code == 200


def test_seed_demo_categories_have_owning_teams(seeded):
    owners = dict(Category.objects.values_list("name", "owning_team__name"))

    assert owners["Returns & refunds"] == "Customer operations"
    assert owners["Store experience"] is None


def test_each_persona_can_log_in_with_the_demo_password(seeded, client):
    for email in PERSONAS:
        assert client.login(email=email, password=PASSWORD), email
        assert client.get("/").status_code == 200
        client.logout()


def test_a_persona_can_log_in_through_the_login_form(seeded, client):
    response = client.post("/accounts/login/", {"login": "alice@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_every_step_of_the_demo_happened_before_today():
    for title, story in STORIES.items():
        assert all(step.day < story.days_ago for step in story.steps), title
    assert all(days_ago >= 1 for _, days_ago, *_ in OBSERVATION_COMMENTS)


# --- Made once ----------------------------------------------------------------------------


def test_seed_demo_twice_creates_nothing_new(seeded):
    before = row_counts()

    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    assert row_counts() == before
    assert [label for label in SEEDED if not before[label]] == []
    assert "Ideas already exist: no demo posts added." in out.getvalue()


# --- Ideas in every status ----------------------------------------------------------------


def test_ideas_are_in_every_status(seeded):
    counts = {status: Idea.objects.filter(status=status).count() for status in Status.values}

    assert counts == {
        Status.SUBMITTED: 8,
        Status.UNDER_REVIEW: 5,
        Status.PLANNED: 5,
        Status.IN_PROGRESS: 4,
        Status.DONE: 6,
        Status.DECLINED: 3,
        Status.MERGED: 1,
    }


def test_planned_and_started_ideas_have_an_owner_and_a_target_date_ahead(seeded):
    ideas = Idea.objects.filter(status__in=[Status.PLANNED, Status.IN_PROGRESS])

    assert ideas.count() == 9
    for planned in ideas:
        assert planned.owner is not None, planned
        assert planned.target_date >= timezone.localdate(), planned


def test_closed_ideas_say_why_and_done_ones_what_changed(seeded):
    for closed in Idea.objects.filter(status__in=[Status.DONE, Status.DECLINED]):
        last = closed.events.filter(kind=Kind.STATUS_CHANGED).latest("created_at")
        assert last.to_status == closed.status and len(last.note) > 40, closed
    for done in Idea.objects.filter(status=Status.DONE):
        assert len(done.impact) > 60 and done.done_at == done.status_changed_at, done


def test_ideas_were_triaged_within_days(seeded):
    answered = Idea.objects.exclude(first_response_at=None)
    waits = sorted((i.first_response_at - i.created_at).days for i in answered)

    assert answered.count() == 24  # all but the 8 still submitted
    assert max(waits[:-2]) == 3
    assert waits[-2:] == [5, 10]  # the two answered only after an escalation


def test_the_first_answer_is_the_first_status_change_or_merge(seeded):
    answered = 0
    for each in Idea.objects.all():
        moves = each.events.filter(kind__in=[Kind.STATUS_CHANGED, Kind.MERGED])
        first = moves.order_by("created_at").first()
        assert each.first_response_at == (first.created_at if first else None), each
        answered += first is not None
    assert answered == 24


def test_every_timeline_reads_in_the_order_it_was_written(seeded):
    now, longest = timezone.now(), timedelta(0)
    for each in Idea.objects.all():
        times = list(each.events.order_by("id").values_list("created_at", flat=True))
        assert times == sorted(times), each
        assert times[0] == each.created_at and times[-1] < now, each
        longest = max(longest, times[-1] - times[0])
    assert longest > timedelta(days=70)
    assert Comment.objects.filter(created_at__gte=now).count() == 0


# --- The pages ----------------------------------------------------------------------------


def test_wins_shows_the_done_ideas_with_their_impact_and_who_to_thank(seeded, client):
    login(client, "dave@example.com")

    response = client.get("/wins/")

    assert [win.title for win in response.context["page"]] == [
        "Signpost the click & collect desk",
        "Gift card balance on the receipt and the website",
        "QR code returns, no printer needed",
        "Send a refund tracking email",
        "Accept postcodes with or without a space",
        "Fragile labels and top-of-van loading for mirrors and glass",
    ]
    body = response.content.decode()
    assert "At Leeds a collection now takes under two minutes" in body
    assert "Thanks to\n<strong>Alice Archer</strong>." in body
    refunds = next(w for w in response.context["page"] if w.title.startswith("Send a refund"))
    assert refunds.credits == ["Marcus Green", "Dave Davies"]


def test_an_idea_page_shows_its_whole_timeline(seeded, client):
    refunds = idea("Send a refund tracking email")
    login(client, "alice@example.com")

    response = client.get(refunds.get_absolute_url())

    # Comments are in the timeline themselves (no status of their own).
    timeline = response.context["timeline"]
    kinds = [(event.kind, getattr(event, "to_status", "")) for event in timeline]
    assert kinds == [
        (Kind.SUBMITTED, ""),
        (Kind.ROUTED, ""),
        (Kind.EVIDENCE_LINKED, ""),
        (Kind.EVIDENCE_LINKED, ""),
        (Kind.STATUS_CHANGED, Status.UNDER_REVIEW),
        (Kind.COMMENTED, ""),
        (Kind.COMMENTED, ""),
        (Kind.STATUS_CHANGED, Status.PLANNED),
        (Kind.OWNER_ASSIGNED, ""),
        (Kind.TARGET_DATE_SET, ""),
        (Kind.STATUS_CHANGED, Status.IN_PROGRESS),
        (Kind.COMMENTED, ""),
        (Kind.COMMENTED, ""),
        (Kind.STATUS_CHANGED, Status.DONE),
        (Kind.COMMENTED, ""),
    ]
    moves = [e for e in response.context["timeline"] if e.kind == Kind.STATUS_CHANGED]
    days = [(local_day(move.created_at) - local_day(refunds.created_at)).days for move in moves]
    assert days == [1, 8, 19, 48]
    body = response.content.decode()
    assert "<strong>Owner</strong>: Sanjay Mehta" in body
    assert "Finance can tell us the day each refund leaves." in body
    assert "Refund-chasing calls to Bristol fell from about 310 a month to 120" in body
    assert '<strong class="mention">@helen.wright</strong> we logged 312' in body


def test_bobs_queue_has_one_overdue_idea_escalated_to_him(seeded, client):
    login(client, "bob@example.com")

    response = client.get("/manage/")

    queue = list(response.context["page"])
    assert [i.title for i in queue] == [
        "Keep fitting rooms open until closing",
        "Baskets at the car park entrance",
    ]
    five_days_ago = timezone.now() - timedelta(days=UNANSWERED_DAYS)
    assert [i.title for i in queue if i.created_at < five_days_ago] == [queue[0].title]
    assert [i.is_escalated for i in queue] == [True, False]


def test_a_merged_idea_leads_to_the_one_it_was_merged_into(seeded, client):
    duplicate = idea("Keep receipts in the customer's account")
    survivor = idea("Email receipts by default")
    login(client, "alice@example.com")

    response = client.get(duplicate.get_absolute_url())

    assert response.status_code == 302
    assert response.headers["Location"] == survivor.get_absolute_url()
    assert duplicate.merged_into == survivor
    assert survivor.observations.filter(what_happened__startswith="A customer returning a toaster")


# --- Escalations ----------------------------------------------------------------------------


def test_the_escalations_are_the_ones_the_rules_would_have_made(seeded):
    """So that the first escalation scan on a fresh demo finds nothing overdue."""
    now, wait = timezone.now(), timedelta(days=UNANSWERED_DAYS)
    expected = set()
    for each in Idea.objects.all():
        waited = (each.first_response_at or now) - each.created_at
        expected |= {(each.title, "unanswered", level) for level in range(waited // wait)}
        if each.vote_count >= POPULAR_VOTES:
            expected.add((each.title, "popular", 0))

    assert set(Escalation.objects.values_list("idea__title", "rule", "level")) == expected
    for unanswered in Escalation.objects.filter(rule="unanswered").select_related("idea"):
        due = unanswered.idea.created_at + wait * (unanswered.level + 1)
        assert unanswered.created_at == due


def test_one_escalation_is_open_and_the_others_were_resolved_by_the_answer(seeded):
    open_ones = Escalation.objects.filter(resolved_at=None)

    assert [(e.idea.title, e.manager.email, e.level) for e in open_ones] == [
        ("Keep fitting rooms open until closing", "bob@example.com", 0)
    ]
    resolved = Escalation.objects.exclude(resolved_at=None).select_related("idea")
    assert resolved.count() == 9
    for escalation in resolved:
        assert escalation.resolved_at == escalation.idea.first_response_at
    appliance = idea("Say clearly whether we take the old appliance")
    chain = appliance.escalations.order_by("level").values_list(
        "manager__display_name", "team__name"
    )
    assert list(chain) == [("Gary Holt", "Delivery & logistics"), ("Priya Shah", "Acme Retail")]
    event = appliance.events.filter(kind=Kind.ESCALATED).last()
    assert event.data == {
        "manager_id": person("Priya Shah").pk,
        "manager_name": "Priya Shah",
        "rule": "unanswered",
        "level": 1,
        "team": "Acme Retail",
    }


# --- Notifications, emails and alice's digest -----------------------------------------------


def test_the_history_sent_no_email_only_alices_digest_waits(seeded):
    unread = Notification.objects.filter(read_at=None)
    bob_unread = unread.filter(recipient__email="bob@example.com")
    alice_unread = unread.filter(recipient__email="alice@example.com")
    three_days_ago = timezone.now() - timedelta(days=3)

    assert list(OutboxEmail.objects.values_list("kind", "to", "state")) == [
        ("digest", "alice@example.com", OutboxEmail.State.PENDING)
    ]
    assert Notification.objects.count() > 1000
    assert unread.count() == alice_unread.count() + bob_unread.count()
    assert [n.text for n in bob_unread] == [
        "“Keep fitting rooms open until closing” is escalated to you: still unanswered"
    ]
    assert 4 <= alice_unread.count() <= 12
    assert not alice_unread.filter(created_at__lt=three_days_ago).exists()
    texts = set(alice_unread.values_list("text", flat=True))
    assert {
        "Bob Baker moved “Open a second till line at weekend lunchtimes” to In progress",
        "Gary Holt moved “Signpost the click & collect desk” to Done",
        "Liam Brennan mentioned you in a comment on “Baskets at the car park entrance”",
    } <= texts
    defaults = default_notification_settings()
    assert [u.email for u in User.objects.all() if u.notification_settings != defaults] == []


def test_alices_digest_has_something_in_every_section(seeded):
    alice = User.objects.get(email="alice@example.com")
    week_ago = timezone.now() - timedelta(days=7)
    followed = Idea.objects.filter(follows__user=alice)

    changes = IdeaEvent.objects.filter(
        kind=Kind.STATUS_CHANGED, idea__in=followed, created_at__gte=week_ago
    )
    assert {e.idea.title for e in changes} >= {
        "Open a second till line at weekend lunchtimes",
        "Signpost the click & collect desk",
        "Gift card balance on the receipt and the website",
    }
    on_her_posts = Comment.objects.filter(created_at__gte=week_ago).exclude(author=alice)
    assert on_her_posts.filter(idea__author=alice).exists()
    assert on_her_posts.filter(observation__author=alice).exists()
    this_week = timezone.now() - timedelta(days=6)
    new_in_her_team = Idea.objects.filter(team=alice.team, created_at__gte=this_week)
    assert list(new_in_her_team.values_list("title", flat=True)) == [
        "Baskets at the car park entrance"
    ]
    wins = Idea.objects.filter(status=Status.DONE, done_at__gte=week_ago)
    assert wins.filter(observations__author=alice).exists()


# --- Anonymity ------------------------------------------------------------------------------


def anonymous_posts():
    return [*Idea.objects.filter(is_anonymous=True), *Observation.objects.filter(is_anonymous=True)]


def test_the_anonymous_posts_authors_are_never_named_to_others(seeded, client):
    posts = anonymous_posts()
    assert len(posts) == 4
    assert Comment.objects.filter(idea__is_anonymous=True).count() == 5
    assert Notification.objects.filter(idea__is_anonymous=True).count() > 50
    login(client, "alice@example.com")
    for post in posts:
        name, url = post.author.name, post.get_absolute_url()
        comments = Comment.objects.filter(**{post._meta.model_name: post})
        told = Notification.objects.filter(Q(url=url) | Q(url__startswith=url + "#"))
        told = told.exclude(recipient=post.author)
        assert not comments.filter(body__icontains=name.split()[0]).exists(), post
        assert not comments.filter(mentions=post.author).exists(), post
        assert not told.filter(text__contains=name).exists(), post
        assert name not in client.get(url).content.decode(), post


def test_the_anonymous_author_replying_shows_as_the_author(seeded, client):
    warranties = idea("Stop pushing extended warranties at the till")
    login(client, "dave@example.com")

    body = client.get(warranties.get_absolute_url()).content.decode()

    reply = warranties.comments.get(author=warranties.author)
    assert f'id="comment-{reply.pk}"' in body
    assert '<strong class="comment-author">The author</strong>' in body
    told = Notification.objects.filter(url__endswith=f"#comment-{reply.pk}")
    assert told.exists()
    assert {n.text.split(" commented")[0] for n in told} == {"The author"}


# --- Counters, moderation, insights --------------------------------------------------------


def test_the_demo_company_needs_no_repair(seeded):
    """The demo is made by the real actions (posting, evidence, votes, "seen this
    too"), so its counters check the rule on a few hundred rows."""
    repaired = recount_all()
    assert "Idea.pain" in repaired and not any(repaired.values()), repaired


def test_the_demo_has_open_reports(seeded):
    """The CX leads have a couple of open reports to review."""
    entries = queue_page(1).object_list
    assert [(entry.kind, entry.reporters) for entry in entries] == [
        ("observation", 2),
        ("comment", 1),
    ]
    assert not any(entry.target.is_hidden for entry in entries)
    assert Report.objects.count() == 3


def test_the_demo_has_exactly_one_hot_spot(seeded, client):
    """Exactly one hot spot nobody owns: the gift cards the online checkout refuses
    (insights/demo_insights.py)."""
    carol = User.objects.get(email="carol@example.com")
    now = timezone.now()
    spots = hot_spots(Scope(carol, None, now - timedelta(days=90), now))
    assert [(s.touchpoint, s.journey_stage, s.recent, s.previous) for s in spots] == [
        ("web", "buy", 4, 0)
    ]
    assert "once for the gift card" in spots[0].latest.customer_words
    client.force_login(carol)
    page = client.get("/insights/").content.decode()
    assert page.count('class="card hot-spot"') == 1
    assert f'href="/ideas/new/?from={spots[0].latest_id}"' in page
