"""Sign-up is open to the allowed domains and to invited addresses, asks the person's
name and team, and needs a confirmed email (one click on the emailed link) before
anything is posted."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import Invitation, Team, User

SIGNUP = "/accounts/signup/"
REFUSAL = "Sign-up is open to addresses at example.com. Ask a CX lead for an invitation."


def sign_up(client, email, password="a-long-Passphrase-42", **fields):
    data = {
        "display_name": "Sam Shopfloor",
        "email": email,
        "team": fields.pop("team", None) or Team.objects.get(name="Leeds store").pk,
        "password1": password,
        "password2": password,
        **fields,
    }
    return client.post(SIGNUP, data)


def confirmation_path(message) -> str:
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    return link.split("testserver", 1)[1]


@pytest.fixture(autouse=True)
def only_example_com(settings, leeds):
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.com"]


def test_an_address_at_an_allowed_domain_can_sign_up_and_must_confirm_it(client, db):
    response = sign_up(client, "new.person@example.com")

    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_an_address_elsewhere_is_refused_with_a_clear_message(client, db):
    response = sign_up(client, "someone@gmail.com")

    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert not User.objects.filter(email="someone@gmail.com").exists()
    assert mail.outbox == []


def test_the_domain_check_ignores_case(client, db):
    response = sign_up(client, "Shouty@EXAMPLE.COM")

    assert response.status_code == 302
    assert User.objects.filter(email__iexact="shouty@example.com").exists()


def test_a_lookalike_domain_is_refused(client, db):
    response = sign_up(client, "someone@example.com.evil.test")

    assert REFUSAL in response.content.decode()


def test_the_message_names_every_allowed_domain(client, db, settings):
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.com", "example.org"]

    response = sign_up(client, "someone@gmail.com")

    assert "addresses at example.com or example.org." in response.content.decode()


def test_an_invited_address_outside_the_domains_may_sign_up(client, carol, leeds):
    Invitation.objects.create(email="partner@agency.test", team=leeds, invited_by=carol)

    response = sign_up(client, "partner@agency.test")

    assert response.status_code == 302
    user = User.objects.get(email="partner@agency.test")
    assert user.team == leeds
    assert Invitation.objects.get(email="partner@agency.test").accepted_at is not None


def test_an_accepted_invitation_does_not_open_sign_up_again(client, carol):
    Invitation.objects.create(
        email="partner@agency.test", invited_by=carol, accepted_at="2026-01-01T00:00Z"
    )

    response = sign_up(client, "partner@agency.test")

    assert REFUSAL in response.content.decode()


def test_the_sign_up_page_asks_name_and_team_from_the_org_tree(client, leeds):
    page = client.get(SIGNUP).content.decode()

    assert '<label for="id_display_name">Your name</label>' in page
    assert '<label for="id_team">Your team</label>' in page
    assert '<option value="" selected>Choose your team</option>' in page
    # Indented by depth: Acme, then North region, then Leeds store under it.
    assert (
        f'<option value="{leeds.pk}" data-path="{leeds.path}">\u2003\u2003Leeds store</option>'
        in page
    )


def test_name_and_team_are_saved_with_the_account(client, leeds):
    response = sign_up(client, "new.person@example.com", display_name="  Sam   Shopfloor ")

    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert (user.display_name, user.team, user.welcome_pending) == ("Sam Shopfloor", leeds, True)


@pytest.mark.parametrize(
    ("field", "error"),
    [
        ("display_name", "Tell colleagues your name."),
        ("team", "Choose your team: your posts show under it."),
    ],
)
def test_name_and_team_are_required(client, db, field, error):
    response = client.post(
        SIGNUP,
        {
            "display_name": "Sam Shopfloor",
            "email": "new.person@example.com",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
            "team": Team.objects.get(name="Leeds store").pk,
            field: "",
        },
    )

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not User.objects.filter(email="new.person@example.com").exists()


def test_a_team_that_does_not_exist_is_a_form_error(client, db):
    response = sign_up(client, "new.person@example.com", team="999999")

    assert response.status_code == 200
    assert (
        "That team does not exist any more: choose your team from the list."
        in response.content.decode()
    )
    assert not User.objects.filter(email="new.person@example.com").exists()


def test_a_one_letter_name_is_a_form_error(client, db):
    response = sign_up(client, "new.person@example.com", display_name="S")

    assert "A display name needs at least 2 characters." in response.content.decode()
    assert not User.objects.filter(email="new.person@example.com").exists()


def test_the_confirmation_email_speaks_the_products_language(client, db):
    sign_up(client, "new.person@example.com")

    (message,) = mail.outbox
    assert message.subject == "Confirm your email address for Frontline"
    assert message.body.startswith("Hello,\n\nSomeone (we hope you) used this address")
    assert 'press "Confirm and start"' in message.body


def test_the_emailed_link_opens_one_button_that_confirms_and_logs_in(client, db):
    sign_up(client, "new.person@example.com")
    path = confirmation_path(mail.outbox[0])

    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Confirm your email address</h1>" in html
    assert '<button type="submit" autofocus>Confirm and start</button>' in html
    # Opening the link alone (as a mail scanner does) confirms nothing.
    assert not EmailAddress.objects.get(email="new.person@example.com").verified

    response = client.post(path)

    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert EmailAddress.objects.get(email="new.person@example.com").verified
    assert client.get("/").status_code == 200


def test_after_confirming_a_new_person_may_post_at_once(client, db):
    sign_up(client, "new.person@example.com")
    client.post(confirmation_path(mail.outbox[0]))

    form = client.get("/observations/new/")
    response = client.post(
        "/observations/new/",
        {
            "what_happened": "A customer could not find the returns desk.",
            "touchpoint": "in_store",
            "journey_stage": "get_support",
            "sentiment": "frustrated",
        },
    )

    assert form.status_code == 200
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert user.observations.get().team.name == "Leeds store"


def test_an_expired_link_says_so_in_plain_words(client, db):
    response = client.get("/accounts/confirm-email/not-a-real-key/")

    assert response.status_code == 200
    assert "This link has expired or was already used." in response.content.decode()


def test_signing_up_again_with_a_taken_address_sends_a_clear_email(client, alice):
    sign_up(client, alice.email)

    (message,) = mail.outbox
    assert message.subject == "You already have a Frontline account"
    assert "you already have an account with this address" in message.body
