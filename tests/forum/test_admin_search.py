"""The admin's search box takes a few words: a pasted essay is cut, not a 500."""

import pytest

from tests.factories import IdeaFactory, ObservationFactory

SEARCHABLE = [
    "/admin/accounts/user/",
    "/admin/accounts/team/",
    "/admin/accounts/invitation/",
    "/admin/ideas/category/",
    "/admin/ideas/tag/",
    "/admin/ideas/observation/",
    "/admin/ideas/idea/",
    "/admin/ideas/comment/",
    "/admin/notifications/notification/",
    "/admin/notifications/outboxemail/",
]


@pytest.mark.parametrize("url", SEARCHABLE)
@pytest.mark.parametrize("query", ["x" * 60_000, " ".join(["word"] * 3000)])
def test_a_huge_search_is_cut_to_a_few_words(client, carol, url, query):
    client.force_login(carol)

    response = client.get(url, {"q": query})

    assert response.status_code == 200
    assert "Only the first 10 words (at most 200 characters) of the search were used." in (
        response.content.decode()
    )


def test_a_normal_search_still_finds_and_says_nothing(client, carol, alice):
    ObservationFactory(author=alice, what_happened="The parking machine ate her ticket")
    ObservationFactory(author=alice, what_happened="Fitting rooms were closed")
    client.force_login(carol)

    response = client.get("/admin/ideas/observation/", {"q": "parking ticket"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "The parking machine ate her ticket" in page
    assert "Fitting rooms were closed" not in page
    assert "of the search were used" not in page


def test_the_eleventh_word_is_ignored(client, carol, alice):
    IdeaFactory(author=alice, title="Alpha beta")
    client.force_login(carol)
    words = "alpha " * 10 + "nothing-matches-this"

    response = client.get("/admin/ideas/idea/", {"q": words})

    assert response.status_code == 200
    assert "Alpha beta" in response.content.decode()
