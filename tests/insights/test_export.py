"""/ideas/export.csv and /observations/export.csv: the lists' filters as a streamed
CSV, with the byline rule and hidden posts as on the lists."""

import csv
import io
from datetime import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.models import Idea, Status
from insights import exports
from tests.factories import CategoryFactory, IdeaFactory, ObservationFactory

CREATED = timezone.make_aware(datetime(2026, 3, 2, 9, 30))
STAMP = timezone.localtime(CREATED).isoformat(timespec="seconds")


def download(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response
    assert response.streaming
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def column(rows, name):
    index = rows[0].index(name)
    return [row[index] for row in rows[1:]]


@pytest.fixture
def ideas(alice, dave, leeds, bristol):
    """alice's open idea in Leeds, dave's anonymous planned one in Bristol, and a
    hidden one; oldest first."""
    IdeaFactory(
        title="Card readers at every till",
        author=alice,
        category=CategoryFactory(name="Payments"),
        vote_count=3,
        comment_count=2,
        evidence_count=1,
        created_at=CREATED,
        status_changed_at=CREATED,
    )
    IdeaFactory(
        title="Quiet hour for carers",
        author=dave,
        is_anonymous=True,
        status=Status.PLANNED,
        created_at=CREATED.replace(hour=10),
    )
    IdeaFactory(title="Hidden rant", author=alice, is_hidden=True, created_at=CREATED)


@pytest.fixture
def observations(alice, dave):
    ObservationFactory(
        what_happened="A customer waited 20 minutes at the till.",
        customer_words="Why is only one till open?",
        touchpoint="in_store",
        journey_stage="buy",
        sentiment="frustrated",
        segment="Families",
        author=alice,
        seen_count=4,
        idea_count=1,
        created_at=CREATED,
    )
    ObservationFactory(what_happened="A caller could not log in.", author=dave, is_anonymous=True)
    ObservationFactory(what_happened="Hidden", author=alice, is_hidden=True)


def test_the_idea_export_has_one_row_per_visible_idea(client, alice, ideas):
    rows = download(client, alice, "/ideas/export.csv?sort=newest")
    card = rows[2]

    assert rows[0] == exports.IDEA_HEADER
    assert column(rows, "title") == ["Quiet hour for carers", "Card readers at every till"]
    assert card == [
        card[0],
        "Card readers at every till",
        "Submitted",
        "Payments",
        "Leeds store",
        "Alice Archer",
        "Leeds store",
        "3",
        "2",
        "1",
        STAMP,
        STAMP,
        f"{settings.SITE_URL}/ideas/{card[0]}/",
    ]


def test_the_observation_export_has_one_row_per_visible_observation(client, alice, observations):
    rows = download(client, alice, "/observations/export.csv?sort=oldest")
    till = rows[1]

    assert rows[0] == exports.OBSERVATION_HEADER
    assert len(rows) == 3
    assert till == [
        till[0],
        "A customer waited 20 minutes at the till.",
        "Why is only one till open?",
        "In store",
        "Buy",
        "Frustrated",
        "Families",
        "Alice Archer",
        "Leeds store",
        "4",
        "1",
        STAMP,
        f"{settings.SITE_URL}/observations/{till[0]}/",
    ]


def test_a_filter_of_the_list_filters_the_export(client, alice, ideas, leeds):
    assert column(download(client, alice, "/ideas/export.csv?status=planned"), "title") == [
        "Quiet hour for carers"
    ]
    assert column(download(client, alice, f"/ideas/export.csv?team={leeds.pk}"), "title") == [
        "Card readers at every till"
    ]


def test_an_anonymous_post_is_under_its_team_only_for_those_who_may_see_its_author(
    client, alice, carol, observations, bristol
):
    url = f"/observations/export.csv?team={bristol.pk}"

    assert download(client, alice, url)[1:] == []
    assert column(download(client, carol, url), "what happened") == ["A caller could not log in."]


def test_an_anonymous_post_exports_anonymous_to_those_who_may_not_see_its_author(
    client, alice, ideas, observations
):
    ideas_rows = download(client, alice, "/ideas/export.csv?sort=newest")
    observation_rows = download(client, alice, "/observations/export.csv?sort=oldest")

    assert ideas_rows[1][5:7] == ["Anonymous", ""]
    assert observation_rows[2][7:9] == ["Anonymous", ""]


def test_a_cx_lead_exports_the_author_of_an_anonymous_post(client, carol, ideas):
    rows = download(client, carol, "/ideas/export.csv?sort=newest")
    assert rows[1][5:7] == ["Dave Davies (posted anonymously)", "Bristol contact centre"]


def test_hidden_posts_are_exported_to_cx_leads_only(client, alice, carol, ideas, observations):
    assert "Hidden rant" not in column(download(client, alice, "/ideas/export.csv"), "title")
    assert "Hidden rant" in column(download(client, carol, "/ideas/export.csv"), "title")
    alices = column(download(client, alice, "/observations/export.csv"), "what happened")
    carols = column(download(client, carol, "/observations/export.csv"), "what happened")
    assert "Hidden" not in alices
    assert "Hidden" in carols


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_would_run_as_a_formula_is_quoted(client, alice, text):
    IdeaFactory(title=text, author=alice)
    assert column(download(client, alice, "/ideas/export.csv"), "title") == ["'" + text]


def test_the_export_is_a_dated_private_attachment(client, alice, ideas):
    client.force_login(alice)
    response = client.get("/observations/export.csv")

    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="frontline-observations-{today}.csv"'
    )
    assert response["Cache-Control"] == "private, no-store"


def test_an_invalid_filter_is_refused_with_a_message(client, alice, ideas):
    client.force_login(alice)
    response = client.get("/ideas/export.csv?status=maybe")

    assert response.status_code == 400
    assert response.content.decode() == (
        "The export's filters are not valid. "
        "Status: Select a valid choice. maybe is not one of the available choices."
    )


@pytest.mark.parametrize("url", ["/ideas/export.csv", "/observations/export.csv"])
def test_the_export_needs_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_lists_link_to_the_export_with_their_filters(client, alice):
    client.force_login(alice)
    ideas = client.get("/ideas/?status=planned&page=2").content.decode()
    observations = client.get("/observations/?sentiment=happy").content.decode()

    assert '<a href="/ideas/export.csv?status=planned" download>Export CSV</a>' in ideas
    assert (
        '<a href="/observations/export.csv?sentiment=happy" download>Export CSV</a>' in observations
    )


def export_queries(client, user, total):
    """The queries one export of `total` ideas runs (fewer than a chunk)."""
    IdeaFactory.create_batch(total - Idea.objects.count(), author=user)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        lines = list(client.get("/ideas/export.csv").streaming_content)
    assert len(lines) == total + 1
    return len(queries)


def test_the_export_streams_in_queries_that_do_not_grow_with_its_rows(client, alice):
    assert exports.CHUNK_SIZE > 30
    assert export_queries(client, alice, 3) == export_queries(client, alice, 30)
