"""/ideas/new/, /ideas/<id>/, its edit page and linking evidence."""

import pytest

from ideas import posting
from ideas.models import Evidence, Idea, IdeaEvent, Revision, Status
from tests.factories import CategoryFactory, IdeaFactory, ObservationFactory

XSS = "<script>alert('x')</script><b>bold</b>"
VALID = {"title": "Receipts by email", "problem": "Paper fades.", "proposal": "Email them."}


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def test_an_idea_is_submitted_and_shown(alice_client, alice):
    response = alice_client.post("/ideas/new/", {**VALID, "tags": "Receipts"}, follow=True)
    idea = Idea.objects.get()
    assert response.redirect_chain == [(f"/ideas/{idea.pk}/", 302)]
    page = response.content.decode()
    assert "your idea is submitted" in page
    assert "Receipts by email" in page and "Paper fades." in page
    assert idea.author == alice and idea.vote_count == 1
    assert list(idea.tags.values_list("name", flat=True)) == ["receipts"]


def test_an_idea_is_routed_to_the_owning_team_of_its_category(alice_client, bristol):
    category = CategoryFactory(owning_team=bristol)
    alice_client.post("/ideas/new/", {**VALID, "category": category.pk})
    assert Idea.objects.get().routed_team == bristol


def test_the_title_asks_for_similar_ideas_as_you_type(alice_client):
    page = alice_client.get("/ideas/new/").content.decode()
    assert 'hx-get="/ideas/similar/"' in page
    assert 'hx-trigger="input changed delay:400ms, keyup changed delay:400ms"' in page
    assert 'hx-target="#similar-ideas"' in page
    assert '<div id="similar-ideas" aria-live="polite"></div>' in page


def test_starting_from_an_observation_prefills_and_links_it(alice_client, dave):
    observation = ObservationFactory(
        author=dave, what_happened="Receipt faded", customer_words="I can't read it"
    )
    page = alice_client.get(f"/ideas/new/?from={observation.pk}").content.decode()
    assert "Receipt faded" in page
    assert "The customer said: “I can&#x27;t read it”" in page
    assert f'value="{observation.pk}"' in page and "checked" in page
    response = alice_client.post(
        f"/ideas/new/?from={observation.pk}", {**VALID, "evidence": [observation.pk]}
    )
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert list(idea.observations.all()) == [observation]
    assert idea.events.filter(kind=IdeaEvent.Kind.EVIDENCE_LINKED).count() == 1


def test_more_observations_can_be_listed_by_number(alice_client, dave):
    first, second = ObservationFactory(author=dave), ObservationFactory(author=dave)
    alice_client.post(
        "/ideas/new/", {**VALID, "more_evidence": f"#{first.pk}, /observations/{second.pk}/"}
    )
    assert set(Idea.objects.get().observations.all()) == {first, second}


def test_an_unknown_or_hidden_observation_is_refused(alice_client, dave):
    hidden = ObservationFactory(author=dave, is_hidden=True)
    response = alice_client.post("/ideas/new/", {**VALID, "more_evidence": f"{hidden.pk}, 999"})
    assert f"No observation #{hidden.pk}, #999." in response.content.decode()
    assert not Idea.objects.exists()


def test_starting_from_a_hidden_observation_is_not_found(alice_client, dave):
    hidden = ObservationFactory(author=dave, is_hidden=True)
    assert alice_client.get(f"/ideas/new/?from={hidden.pk}").status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"problem": ""}, "This field is required."),
        ({"proposal": ""}, "This field is required."),
        ({"title": "x" * 141}, "at most 140 characters"),
        ({"proposal": "x" * 6001}, "at most 6000 characters"),
        ({"expected_impact": "x" * 2001}, "at most 2000 characters"),
        ({"category": "999"}, "Select a valid choice"),
        ({"evidence": ["999"]}, "Select a valid choice"),
        ({"more_evidence": "banana"}, "is not an observation number"),
        ({"tags": ",".join(f"tag{n}" for n in range(500))}, "At most 10 tags."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(alice_client, change, message):
    response = alice_client.post("/ideas/new/", {**VALID, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Idea.objects.exists()


def test_a_refused_form_keeps_what_the_user_typed(alice_client):
    response = alice_client.post("/ideas/new/", {**VALID, "title": "", "tags": "a, b"})
    page = response.content.decode()
    assert "Paper fades.</textarea>" in page
    assert "Email them.</textarea>" in page
    assert 'value="a, b"' in page


def test_html_in_every_field_is_shown_escaped(alice_client):
    fields = dict.fromkeys(("title", "problem", "proposal", "expected_impact"), XSS)
    alice_client.post("/ideas/new/", {**fields, "tags": XSS[:40]})
    idea = Idea.objects.get()
    for url in (f"/ideas/{idea.pk}/", "/ideas/", "/"):
        page = alice_client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "<b>bold</b>" not in page, url
    detail = alice_client.get(f"/ideas/{idea.pk}/").content.decode()
    assert detail.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;") >= 4


def test_refused_html_input_is_shown_escaped(alice_client):
    response = alice_client.post("/ideas/new/", {**VALID, "title": XSS, "proposal": ""})
    assert "<script>alert" not in response.content.decode()


def test_submitting_without_a_team_sends_you_to_your_preferences(client, alice):
    alice.team = None
    alice.save()
    client.force_login(alice)
    response = client.get("/ideas/new/")
    assert response.headers["Location"] == "/accounts/preferences/"


def test_the_detail_page_shows_evidence_with_the_customers_words(client, alice, dave):
    idea = IdeaFactory(author=alice, title="Brighter receipts")
    observation = ObservationFactory(author=dave, customer_words="I can't read this")
    posting.link_evidence(idea=idea, observation=observation, by=alice)
    client.force_login(dave)
    page = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert "Brighter receipts" in page
    assert "I can&#x27;t read this" in page
    assert "Routed to Leeds store" in page


def test_a_hidden_idea_is_not_found_except_by_cx_leads(client, alice, dave, carol):
    idea = IdeaFactory(author=alice, is_hidden=True)
    for person, status in [(dave, 404), (alice, 404), (carol, 200)]:
        client.force_login(person)
        assert client.get(f"/ideas/{idea.pk}/").status_code == status


def test_a_merged_idea_redirects_to_the_surviving_idea(client, alice):
    survivor = IdeaFactory(author=alice)
    duplicate = IdeaFactory(author=alice, status=Status.MERGED, merged_into=survivor)
    client.force_login(alice)
    response = client.get(f"/ideas/{duplicate.pk}/")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/ideas/{survivor.pk}/"


def test_anyone_who_sees_the_idea_may_link_an_observation(client, alice, dave):
    idea = IdeaFactory(author=alice)
    observation = ObservationFactory(author=dave)
    client.force_login(dave)
    response = client.post(f"/ideas/{idea.pk}/evidence/", {"observation": str(observation.pk)})
    assert response.headers["Location"] == f"/ideas/{idea.pk}/"
    assert Evidence.objects.filter(idea=idea, observation=observation).exists()


def test_linking_evidence_with_htmx_updates_the_evidence_list(client, alice, dave):
    idea = IdeaFactory(author=alice)
    observation = ObservationFactory(author=dave, customer_words="Too small to read")
    client.force_login(alice)
    response = client.post(
        f"/ideas/{idea.pk}/evidence/", {"observation": f"#{observation.pk}"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Too small to read" in page
    assert "<html" not in page


def test_linking_an_unknown_observation_says_so(client, alice):
    idea = IdeaFactory(author=alice)
    client.force_login(alice)
    response = client.post(f"/ideas/{idea.pk}/evidence/", {"observation": "424242"})
    assert response.status_code == 400
    assert "No observation #424242." in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_author_and_cx_leads_may_edit(client, alice, carol):
    idea = IdeaFactory(author=alice, title="First title")
    for person, title in [(alice, "Second title"), (carol, "Third title")]:
        client.force_login(person)
        assert client.get(f"/ideas/{idea.pk}/edit/").status_code == 200
        response = client.post(f"/ideas/{idea.pk}/edit/", {**VALID, "title": title})
        assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Third title"
    assert list(Revision.objects.values_list("data__title", flat=True)) == [
        "Second title",
        "First title",
    ]
    assert idea.events.filter(kind=IdeaEvent.Kind.EDITED).count() == 2


@pytest.mark.parametrize("who", ["bob", "dave", "nora"])
def test_colleagues_and_managers_may_not_edit(client, alice, who, request):
    idea = IdeaFactory(author=alice, title="First title")
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/ideas/{idea.pk}/edit/").status_code == 403
    assert client.post(f"/ideas/{idea.pk}/edit/", {**VALID, "title": "No"}).status_code == 403
    idea.refresh_from_db()
    assert idea.title == "First title"


def test_earlier_versions_are_listed_on_the_detail_page(client, alice, dave):
    idea = IdeaFactory(author=alice, title="First title")
    client.force_login(alice)
    client.post(f"/ideas/{idea.pk}/edit/", {**VALID, "title": "Better title"})
    client.force_login(dave)
    page = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert "Edited — see earlier versions" in page
    assert "First title" in page and "Better title" in page


def test_evidence_cannot_be_linked_to_a_merged_idea(client, alice):
    survivor = IdeaFactory(author=alice)
    duplicate = IdeaFactory(author=alice, status=Status.MERGED, merged_into=survivor)
    observation = ObservationFactory(author=alice)
    client.force_login(alice)
    response = client.post(f"/ideas/{duplicate.pk}/evidence/", {"observation": observation.pk})
    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_cx_leads_see_hidden_ideas_marked_in_the_list(client, alice, carol, dave):
    IdeaFactory(author=alice, title="Hidden one", is_hidden=True)
    client.force_login(carol)
    page = client.get("/ideas/").content.decode()
    assert "Hidden one" in page and ">Hidden</span>" in page
    client.force_login(dave)
    assert "Hidden one" not in client.get("/ideas/").content.decode()
