"""Alice, on her phone, posts what a customer said, turns it into an idea and sees it."""

import re

import pytest
from playwright.sync_api import expect

from ideas.models import Idea, Observation


@pytest.mark.usefixtures("transactional_db")
def test_alice_posts_an_observation_and_turns_it_into_an_idea(phone, login, alice, live_server):
    login(phone, alice)
    phone.get_by_role("link", name="Post an observation").first.click()

    # One screen: what happened, the customer's words and the touchpoint, then post.
    phone.get_by_label("What happened?").fill("A customer's receipt had faded to blank.")
    phone.get_by_label("The customer's words").fill("How do I prove I bought it?")
    phone.get_by_label("Touchpoint").select_option("in_store")
    post = phone.get_by_role("button", name="Post observation")
    expect(post).to_be_in_viewport()
    post.click()

    observation = Observation.objects.get()
    expect(phone).to_have_url(re.compile(rf"/observations/{observation.pk}/$"))
    expect(phone.get_by_text("your observation is posted")).to_be_visible()

    phone.get_by_role("link", name="Turn this into an idea").click()
    expect(phone).to_have_url(re.compile(rf"/ideas/new/\?from={observation.pk}$"))
    expect(phone.get_by_label("The customer problem")).to_have_value(
        re.compile("receipt had faded to blank")
    )
    expect(phone.get_by_label(re.compile(rf"#{observation.pk}: A customer"))).to_be_checked()
    phone.get_by_label("Title").fill("Email receipts by default")
    phone.get_by_label("The proposal").fill("Offer an emailed receipt at every till.")
    phone.get_by_role("button", name="Submit idea").click()

    idea = Idea.objects.get()
    expect(phone).to_have_url(re.compile(rf"/ideas/{idea.pk}/$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Email receipts by default")
    evidence = phone.locator("#evidence")
    expect(evidence).to_contain_text("How do I prove I bought it?")
    assert list(idea.observations.all()) == [observation]


@pytest.mark.usefixtures("transactional_db")
def test_posting_anonymously_from_a_small_team_warns_beside_the_checkbox(phone, login, alice):
    login(phone, alice)  # the Leeds store has two people: alice and bob
    phone.goto("/observations/new/")

    phone.get_by_text("More: customer segment, tags, post anonymously").click()
    checkbox = phone.get_by_label("Post anonymously")
    checkbox.check()

    warning = phone.locator(".anonymity-warning")
    expect(warning).to_have_text(
        "Your team has 2 people: colleagues may still guess who wrote it from what it says."
    )
    expect(checkbox).to_have_accessible_description(re.compile("colleagues may still guess"))
    expect(warning).to_be_in_viewport()
