"""`manage.py send_digests [--period daily|weekly] [--dry-run]`: the digest job, once, now."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import DigestFrequency
from notifications.models import Digest, OutboxEmail
from tests.factories import IdeaFactory


def send_digests(*args) -> str:
    out = StringIO()
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def company_news(alice, bob, carol, dave):
    """Everyone has something to read: a new idea. bob and dave read daily."""
    for person in (bob, dave):
        person.digest_frequency = DigestFrequency.DAILY
        person.save()
    IdeaFactory(author=alice, title="Something new")


def test_it_builds_everyones_digest_now_and_says_what_it_did(company_news):
    # alice, carol, nora and erin weekly (the default); bob and dave daily.
    assert send_digests() == (
        "6 digest(s) due: 6 email(s) queued, 0 with nothing to say, 0 skipped "
        "(being built elsewhere).\n"
    )
    assert OutboxEmail.objects.filter(kind="digest").count() == 6


def test_a_second_run_sends_nothing_more(company_news):
    send_digests()
    assert send_digests().startswith("0 digest(s) due: 0 email(s) queued")
    assert OutboxEmail.objects.filter(kind="digest").count() == 6


def test_period_limits_it_to_that_preference(company_news, bob, dave):
    assert send_digests("--period", "daily").startswith("2 digest(s) due: 2 email(s) queued")
    assert set(Digest.objects.values_list("user__email", flat=True)) == {bob.email, dave.email}


def test_a_dry_run_prints_who_would_get_what_and_writes_nothing(company_news, bob):
    output = send_digests("--dry-run", "--period", "daily")
    bobs = "Your Frontline digest: 1 idea awaiting a first answer, 1 new idea"
    assert output.splitlines() == [
        f"bob@example.com (daily): {bobs}",
        "dave@example.com (daily): Your Frontline digest: 1 new idea",
        "Dry run: 2 digest(s) due, 2 email(s) would be queued, 0 with nothing to say. "
        "Nothing was written.",
    ]
    assert not Digest.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_a_dry_run_with_nothing_to_say(alice):
    assert send_digests("--dry-run").splitlines()[-1] == (
        "Dry run: 3 digest(s) due, 0 email(s) would be queued, 3 with nothing to say. "
        "Nothing was written."
    )


def test_an_unknown_period_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="invalid choice: 'monthly'"):
        send_digests("--period", "monthly")
