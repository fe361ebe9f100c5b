"""CX leads invite people; the emailed link leads to a sign-up that joins their team."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import Invitation, User

INVITATIONS = "/accounts/invitations/"


@pytest.fixture(autouse=True)
def only_example_com(settings):
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.com"]


def test_a_cx_lead_sends_an_invitation_by_email(client, carol, leeds):
    client.force_login(carol)

    response = client.post(INVITATIONS, {"email": "Partner@Agency.test", "team": leeds.pk})

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.team, invitation.invited_by) == (
        "partner@agency.test",
        leeds,
        carol,
    )
    assert mail.outbox[0].to == ["partner@agency.test"]
    assert mail.outbox[0].subject == "Carol Clark invites you to Frontline"
    assert f"http://testserver/accounts/invitations/{invitation.token}/" in mail.outbox[0].body
    assert "Leeds store" in mail.outbox[0].body


def test_a_cx_lead_sees_the_invitations_page(client, carol):
    Invitation.objects.create(email="partner@agency.test", invited_by=carol)
    client.force_login(carol)

    response = client.get(INVITATIONS)

    assert response.status_code == 200
    assert "partner@agency.test" in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_who_is_not_a_cx_lead_may_not_invite(client, alice, method):
    client.force_login(alice)

    response = getattr(client, method)(INVITATIONS, {"email": "partner@agency.test"})

    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_address_that_already_has_an_account_is_not_invited(client, carol, alice):
    client.force_login(carol)

    response = client.post(INVITATIONS, {"email": alice.email})

    assert "Someone already has an account with this address." in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_cx_lead_can_resend_an_open_invitation(client, carol):
    invitation = Invitation.objects.create(email="partner@agency.test", invited_by=carol)
    client.force_login(carol)

    client.post(f"/accounts/invitations/{invitation.pk}/resend/")

    assert len(mail.outbox) == 1


def test_the_link_leads_to_sign_up_with_the_address_filled_in(client, carol, leeds):
    invitation = Invitation.objects.create(
        email="partner@agency.test", team=leeds, invited_by=carol
    )

    response = client.get(invitation.get_absolute_url(), follow=True)

    assert response.redirect_chain[-1][0].startswith("/accounts/signup/")
    assert 'value="partner@agency.test"' in response.content.decode()


def test_signing_up_from_the_link_accepts_the_invitation_without_a_second_email(
    client, carol, leeds
):
    invitation = Invitation.objects.create(
        email="partner@agency.test", team=leeds, invited_by=carol
    )
    client.get(invitation.get_absolute_url())
    password = "a-long-Passphrase-42"

    page = client.get("/accounts/signup/").content.decode()
    assert f'<option value="{leeds.pk}" selected data-path="{leeds.path}">' in page

    response = client.post(
        "/accounts/signup/",
        {
            "display_name": "Pat Partner",
            "email": "partner@agency.test",
            "team": leeds.pk,
            "password1": password,
            "password2": password,
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="partner@agency.test")
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert user.team == leeds
    # Following the emailed link proved the address.
    assert EmailAddress.objects.get(user=user).verified
    assert mail.outbox == []


def test_a_used_invitation_link_says_so(client, carol):
    invitation = Invitation.objects.create(
        email="partner@agency.test", invited_by=carol, accepted_at="2026-01-01T00:00Z"
    )

    response = client.get(invitation.get_absolute_url())

    assert response.status_code == 410
    assert "no longer valid" in response.content.decode()


def test_the_admin_action_sends_the_invitation_email(client, carol):
    invitation = Invitation.objects.create(email="partner@agency.test", invited_by=carol)
    client.force_login(carol)

    response = client.post(
        "/admin/accounts/invitation/",
        {"action": "send_invitation_email", "_selected_action": [invitation.pk]},
    )

    assert response.status_code == 302
    assert mail.outbox[0].to == ["partner@agency.test"]
    assert re.search(rf"/accounts/invitations/{invitation.token}/", mail.outbox[0].body)
