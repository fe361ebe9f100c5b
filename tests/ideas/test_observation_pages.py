"""/observations/new/, /observations/<id>/ and its edit page."""

import pytest

from ideas.models import Observation, Revision
from tests.factories import ObservationFactory, UserFactory

XSS = "<script>alert('x')</script><b>bold</b>"


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def test_the_form_needs_only_what_happened(alice_client, alice):
    response = alice_client.post("/observations/new/", {"what_happened": "Asked for a bag"})
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/observations/{observation.pk}/"
    assert observation.author == alice and not observation.is_anonymous


def test_after_posting_the_page_thanks_and_offers_to_turn_it_into_an_idea(alice_client):
    response = alice_client.post(
        "/observations/new/",
        {"what_happened": "Asked for a bag", "touchpoint": "in_store", "tags": "Bags, Tills"},
        follow=True,
    )
    observation = Observation.objects.get()
    page = response.content.decode()
    assert "your observation is posted" in page
    assert f'href="/ideas/new/?from={observation.pk}"' in page
    assert "Turn this into an idea" in page
    assert "#bags" in page and "#tills" in page


def test_every_field_is_saved(alice_client):
    alice_client.post(
        "/observations/new/",
        {
            "what_happened": "The app lost her basket",
            "customer_words": "I had to start again!",
            "touchpoint": "mobile_app",
            "journey_stage": "buy",
            "sentiment": "frustrated",
            "segment": "Loyalty member",
            "tags": "app",
            "is_anonymous": "on",
        },
    )
    observation = Observation.objects.get()
    assert observation.customer_words == "I had to start again!"
    assert (observation.touchpoint, observation.journey_stage) == ("mobile_app", "buy")
    assert observation.sentiment == "frustrated"
    assert observation.segment == "Loyalty member"
    assert observation.is_anonymous


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"what_happened": ""}, "This field is required."),
        ({"what_happened": "x" * 4001}, "at most 4000 characters"),
        ({"what_happened": "ok", "customer_words": "x" * 2001}, "at most 2000 characters"),
        ({"what_happened": "ok", "touchpoint": "pigeon"}, "Select a valid choice"),
        ({"what_happened": "ok", "journey_stage": "nope"}, "Select a valid choice"),
        ({"what_happened": "ok", "sentiment": "angry"}, "Select a valid choice"),
        ({"what_happened": "ok", "segment": "x" * 81}, "at most 80 characters"),
        ({"what_happened": "ok", "tags": ",".join(f"t{n}" for n in range(500))}, "At most 10"),
        ({"what_happened": "ok", "tags": "x" * 41}, "at most 40 characters"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(alice_client, data, message):
    response = alice_client.post("/observations/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Observation.objects.exists()


def test_a_refused_form_keeps_what_the_user_typed(alice_client):
    response = alice_client.post(
        "/observations/new/",
        {"what_happened": "Long story here", "customer_words": "Never again", "touchpoint": "x"},
    )
    page = response.content.decode()
    assert "Long story here</textarea>" in page
    assert "Never again</textarea>" in page


def test_html_in_every_field_is_shown_escaped(alice_client):
    alice_client.post(
        "/observations/new/",
        {"what_happened": XSS, "customer_words": XSS, "segment": XSS[:80], "tags": XSS[:40]},
    )
    observation = Observation.objects.get()
    page = alice_client.get(f"/observations/{observation.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    listing = alice_client.get("/observations/").content.decode()
    assert "<script>alert" not in listing


def test_refused_html_input_is_shown_escaped(alice_client):
    response = alice_client.post("/observations/new/", {"what_happened": XSS, "touchpoint": "x"})
    assert "<script>alert" not in response.content.decode()


def test_posting_without_a_team_sends_you_to_your_preferences(client, alice):
    alice.team = None
    alice.save()
    client.force_login(alice)
    response = client.post("/observations/new/", {"what_happened": "Asked for a bag"}, follow=True)
    assert response.redirect_chain[0][0] == "/accounts/preferences/"
    assert "Pick your team" in response.content.decode()
    assert not Observation.objects.exists()


def test_an_unverified_account_cannot_post(client, leeds):
    newcomer = UserFactory(team=leeds, verified=False)
    client.force_login(newcomer)
    response = client.post("/observations/new/", {"what_happened": "Asked for a bag"})
    assert response.status_code == 200
    assert "<h1>Confirm your email address first</h1>" in response.content.decode()
    assert not Observation.objects.exists()


def test_posting_needs_login(client, db):
    response = client.get("/observations/new/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.headers["Location"]


def test_the_detail_page_shows_the_observation(client, dave, alice):
    observation = ObservationFactory(author=alice, customer_words="Where is my parcel?")
    client.force_login(dave)
    page = client.get(f"/observations/{observation.pk}/").content.decode()
    assert "Where is my parcel?" in page
    assert "Alice Archer" in page
    assert "Leeds store" in page


def test_a_hidden_observation_is_not_found_except_by_cx_leads(client, alice, dave, carol):
    observation = ObservationFactory(author=alice, is_hidden=True)
    for person, status in [(dave, 404), (alice, 404), (carol, 200)]:
        client.force_login(person)
        assert client.get(f"/observations/{observation.pk}/").status_code == status


def test_the_author_and_cx_leads_may_edit(client, alice, carol):
    observation = ObservationFactory(author=alice, what_happened="First words")
    for person, words in [(alice, "Second words"), (carol, "Third words")]:
        client.force_login(person)
        assert client.get(f"/observations/{observation.pk}/edit/").status_code == 200
        response = client.post(f"/observations/{observation.pk}/edit/", {"what_happened": words})
        assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.what_happened == "Third words"
    assert list(Revision.objects.values_list("data__what_happened", flat=True)) == [
        "Second words",
        "First words",
    ]


@pytest.mark.parametrize("who", ["bob", "dave"])
def test_colleagues_and_managers_may_not_edit(client, alice, who, request):
    observation = ObservationFactory(author=alice, what_happened="First words")
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/observations/{observation.pk}/edit/").status_code == 403
    response = client.post(f"/observations/{observation.pk}/edit/", {"what_happened": "Mine"})
    assert response.status_code == 403
    observation.refresh_from_db()
    assert observation.what_happened == "First words"


def test_earlier_versions_are_listed_on_the_detail_page(client, alice, dave):
    observation = ObservationFactory(author=alice, what_happened="First words")
    client.force_login(alice)
    client.post(f"/observations/{observation.pk}/edit/", {"what_happened": "Better words"})
    client.force_login(dave)
    page = client.get(f"/observations/{observation.pk}/").content.decode()
    assert "Edited — see earlier versions" in page
    assert "First words" in page and "Better words" in page


def test_the_edit_form_keeps_the_tags(client, alice):
    client.force_login(alice)
    client.post("/observations/new/", {"what_happened": "A", "tags": "bags, tills"})
    observation = Observation.objects.get()
    page = client.get(f"/observations/{observation.pk}/edit/").content.decode()
    assert 'value="bags, tills"' in page
