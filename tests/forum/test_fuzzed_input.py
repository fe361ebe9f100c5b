"""Whatever is typed into an address or a form, the answer is the page (with its form
errors), a 4xx with a message, or a redirect: never a 500. Run these on PostgreSQL too:
it refuses NUL characters, SQLite refuses long LIKE patterns and 20-digit numbers."""

import pytest

from forum.middleware import NUL_REFUSED
from forum.params import MAX_ID, parse_id
from ideas.models import Idea
from tests.factories import IdeaFactory, ObservationFactory

BIG = "9" * 26  # past the 64-bit range of an id
LONG = "a" * 100_000
VALID_IDEA = {"title": "Receipts by email", "problem": "Paper fades.", "proposal": "Email them."}


@pytest.fixture
def posts(alice, dave):
    """Something on every list, so the filters have rows to work on."""
    ObservationFactory(author=alice)
    return IdeaFactory(author=dave)


# (address, status, a text the answer shows or None)
SIGNED_IN_PAGES = [
    ("/ideas/?page=abc", 200, None),
    (f"/ideas/?page={BIG}", 200, None),
    ("/ideas/?page=-1", 200, None),
    ("/ideas/?page=²", 200, None),
    ("/ideas/?team=²", 200, "Team: No team is called “²”."),
    (f"/ideas/?team={BIG}", 200, "Team: No team is called"),
    ("/ideas/?sort=bogus", 200, "Sort: Select a valid choice. bogus is not one of the available"),
    ("/ideas/?status=bogus", 200, "Status: Select a valid choice."),
    ("/ideas/?category=bogus", 200, "Category: Select a valid choice."),
    (f"/ideas/?tag={LONG}", 200, "Tag: Ensure this value has at most 40 characters"),
    ("/ideas/?mine=bogus&following=²", 200, None),
    ("/observations/?tag=%E2%80%AE", 200, None),
    (f"/observations/?tag={LONG}", 200, "Tag: Ensure this value has at most 40 characters"),
    ("/observations/?touchpoint=bogus", 200, "Touchpoint: Select a valid choice."),
    (f"/observations/?page={BIG}", 200, None),
    ("/observations/?sort=bogus", 200, "Sort: Select a valid choice."),
    (f"/search/?q={LONG}", 200, "That search is too long"),
    ("/search/?q=%25%5F", 200, None),
    ("/search/?q=²", 200, None),
    (f"/ideas/similar/?title={LONG}", 200, None),
    (f"/ideas/{BIG}/", 404, None),
    (f"/ideas/{BIG}/edit/", 404, None),
    (f"/observations/{BIG}/", 404, None),
    (f"/observations/{BIG}/edit/", 404, None),
    (f"/notifications/{BIG}/", 404, None),
    ("/ideas/new/?from=²", 404, None),
    ("/ideas/new/?from=abc", 404, None),
    ("/ideas/new/?from=0", 404, None),
    (f"/ideas/new/?from={BIG}", 404, None),
    (f"/ideas/new/?from={LONG}", 404, None),
    (f"/people/suggest/?q={LONG}", 400, "A name to mention is at most 100 characters."),
    ("/people/suggest/?q=²", 200, "No colleague matches “²”."),
    ("/people/suggest/?q=%25", 200, "No colleague matches “%”."),
    (f"/notifications/?page={BIG}", 200, None),
    ("/notifications/?page=²", 200, None),
    (f"/wins/?page={BIG}", 200, None),
    ("/wins/?page=²", 200, None),
]


@pytest.mark.parametrize(("url", "status", "text"), SIGNED_IN_PAGES)
def test_fuzzed_addresses_get_a_page_or_a_4xx(client, alice, posts, url, status, text):
    client.force_login(alice)

    response = client.get(url)

    assert response.status_code == status
    if text:
        assert text in response.content.decode()


@pytest.mark.parametrize("url", [f"/manage/?page={BIG}", "/manage/?page=²", "/manage/board/?x=²"])
def test_a_managers_pages_take_fuzzed_pages(client, bob, posts, url):
    client.force_login(bob)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", [f"/ideas/{BIG}/vote/", f"/ideas/{BIG}/follow/"])
def test_a_reaction_to_an_impossible_idea_is_not_found(client, alice, url):
    client.force_login(alice)
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("evidence", [BIG, str(MAX_ID + 1), "²", "-1", "1.0"])
def test_a_posted_evidence_id_out_of_range_is_a_form_error(client, alice, evidence):
    ObservationFactory(author=alice)  # the form offers alice's own observations
    client.force_login(alice)

    response = client.post("/ideas/new/", {**VALID_IDEA, "evidence": [evidence]})

    assert response.status_code == 200
    assert f"“{evidence}” is not an observation number." in response.content.decode()
    assert not Idea.objects.exists()


def test_more_evidence_with_a_huge_number_is_a_form_error(client, alice):
    client.force_login(alice)

    response = client.post("/ideas/new/", {**VALID_IDEA, "more_evidence": BIG})

    assert response.status_code == 200
    assert f"“{BIG}” is not an observation number." in response.content.decode()
    assert not Idea.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/people/suggest/?q=%00",
        "/search/?q=re%00fund",
        "/ideas/?tag=%00",
        "/ideas/?%00=1",
        "/ideas/new/?from=1%00",
        "/ideas/similar/?title=zep%00pelin",
        "/observations/?tag=a%00",
        "/notifications/?page=%00",
        "/ideas/%00/",
        "/accounts/invitations/ab%00cd/",
        "/notifications/unsubscribe/ab%00/",
    ],
)
def test_a_nul_in_an_address_is_refused(client, alice, url):
    client.force_login(alice)

    response = client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == NUL_REFUSED


@pytest.mark.parametrize("field", ["title", "unknown\x00field"])
def test_a_nul_in_a_form_is_refused_and_nothing_is_written(client, alice, field):
    client.force_login(alice)

    response = client.post("/ideas/new/", {**VALID_IDEA, field: "Receipts\x00by email"})

    assert response.status_code == 400
    assert response.content.decode() == NUL_REFUSED
    assert not Idea.objects.exists()


def test_a_nul_in_a_cookie_is_refused(client, db):
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"

    response = client.get("/accounts/login/")

    assert response.status_code == 400
    assert response.content.decode() == NUL_REFUSED


def test_an_ordinary_request_passes(client, alice):
    client.force_login(alice)
    assert client.get("/search/?q=100%25+refund").status_code == 200


@pytest.mark.parametrize(
    ("text", "number"),
    [("12", 12), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("0", None), ("²", None)]
    + [("١٢", None), ("-3", None), (" 4", None), ("", None), (None, None), (BIG, None)],
)
def test_parse_id_takes_only_ascii_ids_in_range(text, number):
    assert parse_id(text) == number
