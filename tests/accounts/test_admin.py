"""CX leads run people, teams and invitations from the admin; others stay out."""

import pytest

from accounts.models import Invitation, User


def test_making_someone_a_cx_lead_makes_them_staff(alice):
    assert not alice.is_staff

    alice.is_cx_lead = True
    alice.save(update_fields=["is_cx_lead"])

    alice.refresh_from_db()
    assert alice.is_staff


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/team/",
        "/admin/accounts/invitation/",
        "/admin/accounts/invitation/add/",
        "/admin/socialaccount/socialapp/",
    ],
)
def test_a_cx_lead_may_use_the_admin(client, carol, alice, url):
    client.force_login(carol)

    assert client.get(url).status_code == 200


def test_someone_who_is_not_a_cx_lead_may_not_use_the_admin(client, alice):
    client.force_login(alice)

    response = client.get("/admin/accounts/user/")

    assert response.status_code == 302
    assert "/admin/login/" in response.headers["Location"]


def test_the_team_list_shows_the_tree_in_path_order(client, carol, leeds, bristol):
    client.force_login(carol)

    page = client.get("/admin/accounts/team/").content.decode()

    names = ["Acme", "North region", "Leeds store", "South region", "Bristol contact centre"]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)


def test_a_cx_lead_edits_a_persons_team_and_role(client, carol, alice, bristol):
    client.force_login(carol)
    url = f"/admin/accounts/user/{alice.pk}/change/"
    data = {
        "email": alice.email,
        "display_name": alice.display_name,
        "team": bristol.pk,
        "time_zone": "UTC",
        "digest_frequency": "weekly",
        "is_active": "on",
        "is_cx_lead": "on",
        "last_login_0": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    alice.refresh_from_db()
    assert alice.team == bristol
    assert alice.is_cx_lead and alice.is_staff


def test_a_cx_lead_cannot_make_anyone_superuser(client, carol, alice):
    client.force_login(carol)

    page = client.get(f"/admin/accounts/user/{alice.pk}/change/").content.decode()

    assert 'name="is_superuser"' not in page
    assert 'name="email"' in page


def test_a_cx_lead_cannot_change_a_superuser(client, carol):
    root = User.objects.create_superuser("root@example.com", "x")
    client.force_login(carol)

    response = client.post(f"/admin/accounts/user/{root.pk}/change/", {"email": "x@example.com"})

    root.refresh_from_db()
    assert root.email == "root@example.com"
    assert response.status_code in {302, 403}


def test_an_invitation_added_in_the_admin_records_who_invited(client, carol, leeds):
    client.force_login(carol)

    client.post(
        "/admin/accounts/invitation/add/", {"email": "partner@agency.test", "team": leeds.pk}
    )

    invitation = Invitation.objects.get()
    assert invitation.invited_by == carol
    assert invitation.token
