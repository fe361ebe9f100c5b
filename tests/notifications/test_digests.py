"""What a digest says: alice's sections, bob's queue, anonymity, hidden posts, and
silence when there is nothing to say.

Each test plans and builds the digests as beat and the workers do, then reads the
email that landed in the outbox."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test.signals import template_rendered
from django.utils import timezone

from accounts.models import DigestFrequency
from ideas.comments import post_comment
from ideas.lifecycle import change_status
from ideas.models import CustomerCard, Escalation, Evidence, Follow, Idea, Status
from notifications.digests import build_and_queue, plan_digests
from notifications.models import Digest, OutboxEmail
from tests.factories import IdeaFactory, ObservationFactory, TeamFactory, UserFactory


def run_digests(now=None, **options):
    """Plan (ignoring the hour, as send_digests does) and build, as one tick would."""
    now = now or timezone.now() + timedelta(minutes=1)
    ids = plan_digests(now=now, ignore_hour=True, fan_out=False, **options)
    return build_and_queue(ids, now=now)


def email_to(person) -> OutboxEmail:
    return OutboxEmail.objects.get(recipient=person, kind="digest")


def sections(text: str) -> dict[str, str]:
    """The plain-text part cut at its upper-case headings: heading -> its lines."""
    parts = re.split(r"^([A-Z][A-Z :,'-]+)$", text, flags=re.M)
    return {heading.strip(): body for heading, body in zip(parts[1::2], parts[2::2], strict=True)}


def items(block: str) -> list[str]:
    """The items of one section, each with its detail lines (unindented)."""
    found = re.split(r"^\* ", block, flags=re.M)[1:]
    return ["\n".join(line.strip() for line in item.strip().splitlines()) for item in found]


def titles(block: str) -> list[str]:
    return [item.splitlines()[0] for item in items(block)]


@pytest.fixture
def quinn(north):
    """Posts anonymously from a small store; nobody but CX leads may learn it was her."""
    york = TeamFactory(name="York store", parent=north)
    return UserFactory(email="quinn@example.com", display_name="Quinn Quiet", team=york)


@pytest.fixture
def lee(leeds):
    """A colleague of alice in the Leeds store."""
    return UserFactory(email="lee@example.com", display_name="Lee Long", team=leeds)


@pytest.fixture
def yesterday():
    return timezone.now() - timedelta(hours=20)


@pytest.fixture
def activity(alice, bob, carol, dave, lee, quinn, yesterday):
    """A day in the life of the company, seen from alice's digest."""
    old = timezone.now() - timedelta(days=10)  # before this week: in nobody's digest
    followed = IdeaFactory(author=lee, title="Text customers when their order is ready")
    Follow.objects.create(idea=followed, user=alice)
    change_status(
        idea=followed, by=bob, to=Status.UNDER_REVIEW, note="Trying it in Leeds next week."
    )
    mine = ObservationFactory(author=alice, what_happened="A customer waited 20 minutes.")
    post_comment(target=mine, by=dave, body="Same on our phone lines in Bristol.")
    hidden_comment = post_comment(target=mine, by=lee, body="A comment a CX lead hid.")
    hidden_comment.is_hidden = True
    hidden_comment.save()

    IdeaFactory(author=lee, title="Open a second till at lunchtime", vote_count=7)
    IdeaFactory(author=lee, title="Anonymous idea from Leeds", is_anonymous=True, vote_count=9)
    IdeaFactory(author=dave, title="Call back instead of queueing", vote_count=4)
    IdeaFactory(author=quinn, title="A returns kiosk by the door", is_anonymous=True, vote_count=3)
    IdeaFactory(author=dave, title="A hidden idea", vote_count=50, is_hidden=True)
    IdeaFactory(author=dave, title="An idea from last week", vote_count=80, created_at=old)
    ObservationFactory(author=lee, what_happened="Lee saw a queue at the till.", seen_count=2)
    ObservationFactory(
        author=quinn, what_happened="A customer mentioned the broken lift.", is_anonymous=True
    )

    win = IdeaFactory(author=lee, title="Print receipts only on request", created_at=old)
    for observation in (
        ObservationFactory(author=alice, what_happened="Receipts pile up.", created_at=old),
        ObservationFactory(
            author=quinn, what_happened="Receipts wasted.", is_anonymous=True, created_at=old
        ),
    ):
        Evidence.objects.create(idea=win, observation=observation)
    change_status(idea=win, by=bob, to=Status.PLANNED, note="Planned.")
    change_status(
        idea=win,
        by=bob,
        to=Status.DONE,
        note="Live in every store.",
        impact="Customers choose paper or email at the till.",
    )
    mail.outbox.clear()


def test_alice_digest_has_each_section_with_the_right_items(activity, alice):
    assert run_digests(user_ids=[alice.pk]) == {"built": 1, "empty": 0, "skipped": 0}
    email = email_to(alice)
    parts = sections(email.body)

    assert list(parts) == [
        # Her observation is evidence for the win (ideas/customer_cards.py).
        "TELL YOUR CUSTOMER",
        "STATUS CHANGES ON IDEAS YOU FOLLOW",
        "NEW COMMENTS ON YOUR POSTS",
        "WINS: IDEAS DONE",
        "TOP NEW IDEAS IN LEEDS STORE",
        "TOP NEW IDEAS ACROSS THE COMPANY",
        "TOP NEW OBSERVATIONS IN LEEDS STORE",
        "TOP NEW OBSERVATIONS ACROSS THE COMPANY",
    ]
    (change,) = items(parts["STATUS CHANGES ON IDEAS YOU FOLLOW"])
    assert change.splitlines()[:3] == [
        "Text customers when their order is ready",
        "Bob Baker moved it to Under review",
        '"Trying it in Leeds next week."',
    ]
    (comment,) = items(parts["NEW COMMENTS ON YOUR POSTS"])  # the hidden one is left out
    assert "Dave Davies on your observation" in comment
    assert "Same on our phone lines in Bristol." in comment
    (win,) = items(parts["WINS: IDEAS DONE"])
    assert win.splitlines()[:3] == [
        "Print receipts only on request",
        "Thanks to Lee Long, Alice Archer and 1 colleague who posted anonymously.",
        '"Customers choose paper or email at the till."',
    ]
    # Leeds' anonymous idea is not under "Leeds store": that would say where it came from.
    assert titles(parts["TOP NEW IDEAS IN LEEDS STORE"]) == [
        "Open a second till at lunchtime",
        "Text customers when their order is ready",
    ]
    assert titles(parts["TOP NEW IDEAS ACROSS THE COMPANY"]) == [
        "Anonymous idea from Leeds",
        "Call back instead of queueing",
        "A returns kiosk by the door",
    ]
    assert titles(parts["TOP NEW OBSERVATIONS IN LEEDS STORE"]) == [
        "Lee saw a queue at the till.",
        "A customer waited 20 minutes.",
    ]
    assert titles(parts["TOP NEW OBSERVATIONS ACROSS THE COMPANY"]) == [
        "A customer mentioned the broken lift.",
    ]
    assert (
        email.subject == "Your Frontline digest: 1 customer to tell, 1 status change, 1 new comment"
    )


def test_alice_digest_names_no_anonymous_author_nor_their_team(activity, alice):
    run_digests(user_ids=[alice.pk])
    email = email_to(alice)
    for part in (email.body, email.html_body):
        assert "Quinn" not in part
        assert "York store" not in part
        assert "A hidden idea" not in part
        assert "An idea from last week" not in part
    company = sections(email.body)["TOP NEW IDEAS ACROSS THE COMPANY"]
    by_title = {item.splitlines()[0]: item.splitlines()[1] for item in items(company)}
    assert by_title == {
        "Anonymous idea from Leeds": "By Anonymous · 9 votes",  # no "Leeds store"
        "Call back instead of queueing": "By Dave Davies, Bristol contact centre · 4 votes",
        "A returns kiosk by the door": "By Anonymous · 3 votes",
    }
    observations = sections(email.body)["TOP NEW OBSERVATIONS ACROSS THE COMPANY"]
    assert items(observations)[0].splitlines()[1] == "By Anonymous"


def test_a_cx_lead_is_credited_the_anonymous_authors(activity, carol):
    run_digests(user_ids=[carol.pk])
    wins = sections(email_to(carol).body)["WINS: IDEAS DONE"]
    assert "Thanks to Lee Long, Alice Archer and Quinn Quiet." in wins


def test_the_html_part_has_the_same_sections_and_absolute_links(activity, alice, settings):
    run_digests(user_ids=[alice.pk])
    html = email_to(alice).html_body
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert [h.upper() for h in headings] == list(sections(email_to(alice).body))
    followed = Idea.objects.get(title="Text customers when their order is ready")
    assert f'href="{settings.SITE_URL}/ideas/{followed.pk}/"' in html
    assert "Hello Alice Archer" in html
    assert re.search(r'href="http://\S+/notifications/unsubscribe/\S+/"', html)
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs and all(href.startswith(settings.SITE_URL) for href in hrefs)


def test_a_section_that_says_the_same_in_two_digests_is_rendered_once(activity, alice, lee):
    rendered = []

    def record(sender, template, context, **kwargs):
        if template.name == "emails/digest_section.txt":
            rendered.append(context["section"].key)

    template_rendered.connect(record)
    try:
        run_digests(user_ids=[alice.pk, lee.pk])
    finally:
        template_rendered.disconnect(record)
    win = "Print receipts only on request"
    assert win in sections(email_to(alice).body)["WINS: IDEAS DONE"]
    assert win in sections(email_to(lee).body)["WINS: IDEAS DONE"]
    assert rendered.count("wins") == 1


@pytest.fixture
def queue(bob, alice, dave, leeds):
    """bob's area: two ideas waiting for his first answer, one of them overdue and
    escalated, one answered, one hidden; and an idea of another team."""
    now = timezone.now()
    overdue = IdeaFactory(author=alice, title="Overdue idea", created_at=now - timedelta(days=7))
    IdeaFactory(author=alice, title="Recent idea", created_at=now - timedelta(days=2))
    IdeaFactory(
        author=alice, title="Answered idea", created_at=now - timedelta(days=8),
        first_response_at=now - timedelta(days=6),
    )  # fmt: skip
    IdeaFactory(author=alice, title="Hidden idea", is_hidden=True)
    IdeaFactory(author=dave, title="Bristol idea", created_at=now - timedelta(days=9))
    Escalation.objects.create(
        idea=overdue, rule=Escalation.Rule.UNANSWERED, team=leeds, manager=bob,
        created_at=now - timedelta(days=2),
    )  # fmt: skip
    return now


def test_bob_digest_has_his_queue(queue, bob):
    run_digests(user_ids=[bob.pk])
    parts = sections(email_to(bob).body)
    (awaiting,) = items(parts["AWAITING A FIRST ANSWER"])
    due = timezone.localtime(queue + timedelta(days=3)).strftime("%a %-d %b")
    assert awaiting.splitlines()[:2] == ["Recent idea", f"Leeds store · due {due}"]
    (escalation,) = items(parts["OPEN ESCALATIONS"])
    assert escalation.splitlines()[0] == "Overdue idea"
    assert escalation.splitlines()[1].startswith("Unanswered · escalated to Bob Baker on ")
    (oldest,) = items(parts["OLDEST UNANSWERED"])
    assert oldest.startswith("[Overdue] Overdue idea\nLeeds store · waiting 7 days · was due ")
    assert "Answered idea" not in email_to(bob).body
    assert "Hidden idea" not in email_to(bob).body
    assert "Bristol idea" not in sections(email_to(bob).body)["OLDEST UNANSWERED"]
    assert email_to(bob).subject == (
        "Your Frontline digest: 1 idea awaiting a first answer, 1 open escalation, 1 overdue idea"
    )


def test_alice_who_manages_nothing_has_no_queue(queue, alice):
    run_digests(user_ids=[alice.pk])
    assert "AWAITING A FIRST ANSWER" not in email_to(alice).body
    assert "OPEN ESCALATIONS" not in email_to(alice).body


def test_a_region_manager_s_queue_merges_its_stores_in_one_chunk_with_a_store_manager(
    bob, nora, alice, quinn
):
    """Twelve ideas wait for a first answer in the North region, alternately in Leeds
    (alice's) and York (quinn's), each posted an hour before the next: nora's list
    is the ten due soonest across both stores, with more to see; bob's, in the same
    chunk, has only the six of Leeds."""
    now = timezone.now()
    for n in range(12):
        IdeaFactory(
            author=alice if n % 2 else quinn,
            title=f"Waiting idea {n}",
            created_at=now - timedelta(hours=12 - n),
        )
    run_digests(user_ids=[bob.pk, nora.pk])
    awaiting = sections(email_to(nora).body)["AWAITING A FIRST ANSWER"]
    assert titles(awaiting) == [f"Waiting idea {n}" for n in range(10)]
    assert "There is more on" in awaiting
    assert email_to(nora).subject.startswith("Your Frontline digest: 10+ ideas awaiting")
    awaiting = sections(email_to(bob).body)["AWAITING A FIRST ANSWER"]
    assert titles(awaiting) == [f"Waiting idea {n}" for n in range(1, 12, 2)]
    assert "There is more on" not in awaiting


def test_an_empty_period_sends_nothing(alice, bob, carol, dave):
    assert run_digests() == {"built": 0, "empty": 6, "skipped": 0}  # with nora and erin
    assert set(Digest.objects.values_list("state", flat=True)) == {Digest.State.EMPTY}
    assert not OutboxEmail.objects.exists()


def test_a_second_run_of_the_same_period_sends_nothing(activity, alice, bob):
    now = timezone.now() + timedelta(minutes=1)
    first = run_digests(now=now)
    assert first["built"] == 8  # alice, bob, nora, carol, erin, dave, lee and quinn
    assert run_digests(now=now + timedelta(minutes=15)) == {"built": 0, "empty": 0, "skipped": 0}
    digest_ids = list(Digest.objects.values_list("pk", flat=True))
    assert build_and_queue(digest_ids) == {"built": 0, "empty": 0, "skipped": 8}
    assert OutboxEmail.objects.filter(kind="digest").count() == 8
    assert OutboxEmail.objects.filter(recipient=alice, kind="digest").count() == 1


def test_a_person_who_turned_digests_off_gets_none(activity, alice):
    alice.digest_frequency = DigestFrequency.OFF
    alice.save()
    run_digests()
    assert not Digest.objects.filter(user=alice).exists()
    assert not OutboxEmail.objects.filter(recipient=alice, kind="digest").exists()


def test_turning_the_digest_off_after_it_was_planned_sends_nothing(activity, alice):
    now = timezone.now() + timedelta(minutes=1)
    ids = plan_digests(now=now, ignore_hour=True, fan_out=False, user_ids=[alice.pk])
    alice.digest_frequency = DigestFrequency.OFF
    alice.save()
    assert build_and_queue(ids, now=now) == {"built": 0, "empty": 1, "skipped": 0}
    assert not OutboxEmail.objects.filter(recipient=alice, kind="digest").exists()


def test_the_next_digest_starts_where_the_last_one_ended(activity, alice):
    now = timezone.now() + timedelta(minutes=1)
    run_digests(now=now, user_ids=[alice.pk])
    # A card still to tell is in every digest until it is told: she told her customer.
    CustomerCard.objects.filter(user=alice).update(told_at=now)
    run_digests(now=now + timedelta(days=7), user_ids=[alice.pk])  # weekly, her default
    first, second = Digest.objects.filter(user=alice).order_by("period_start")
    assert second.covers_from == first.covers_until == now
    assert second.state == Digest.State.EMPTY  # yesterday's news is not told twice


def test_cx_leads_see_the_digests_in_the_admin_and_cannot_change_them(
    activity, alice, carol, client
):
    run_digests(user_ids=[alice.pk])
    digest = Digest.objects.get(user=alice)
    client.force_login(carol)
    OutboxEmail.objects.filter(pk=digest.outbox_id).update(state=OutboxEmail.State.SENT)
    response = client.get("/admin/notifications/digest/")
    assert response.status_code == 200
    assert "Alice Archer" in response.text
    assert 'alt="True"' in response.text  # sent
    page = client.get(f"/admin/notifications/digest/{digest.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.text  # read-only
    assert client.get("/admin/notifications/digest/add/").status_code == 403
