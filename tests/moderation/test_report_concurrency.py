"""Reports sent at the same moment count exactly: the target's row lock makes the
count of distinct reporters exact, and one person sending the same report twice at
once gets "already reported", not an error. Needs PostgreSQL (SQLite serialises
writers, so no race happens there)."""

import pytest
from django.conf import settings

from ideas.models import IdeaEvent
from moderation import actions
from moderation.models import ModerationAction, Report
from tests.concurrency import run_at_once
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.skipif(
    not settings.IS_POSTGRES,
    reason="needs PostgreSQL (DATABASE_URL): SQLite serialises writers, so no race happens",
)


@pytest.fixture
def idea(transactional_db):
    return IdeaFactory()


def reporting(idea, person):
    def job():
        try:
            actions.report(target=idea, by=person, reason="spam")
        except actions.AlreadyReported:
            return "already"
        return "reported"

    return job


def test_people_reporting_at_once_hide_it_exactly_once(idea):
    people = [UserFactory() for _ in range(8)]
    assert run_at_once([reporting(idea, person) for person in people]) == ["reported"] * 8
    idea.refresh_from_db()
    assert idea.is_hidden
    assert Report.objects.open().count() == 8
    assert ModerationAction.objects.filter(kind="hide").count() == 1
    assert idea.events.filter(kind=IdeaEvent.Kind.HIDDEN).count() == 1


def test_two_at_once_are_not_three(idea):
    people = [UserFactory(), UserFactory()]
    run_at_once([reporting(idea, person) for person in people])
    idea.refresh_from_db()
    assert not idea.is_hidden


def test_the_same_person_reporting_at_once_keeps_one_report(idea):
    person = UserFactory()
    results = run_at_once([reporting(idea, person) for _ in range(4)])
    assert sorted(results) == ["already"] * 3 + ["reported"]
    assert Report.objects.count() == 1
