"""/accounts/preferences/: a person's own settings, validated on the server."""

from accounts.models import NotificationKind

PREFERENCES = "/accounts/preferences/"


def form_data(**overrides):
    data = {
        "display_name": "Alice A.",
        "team": "",
        "time_zone": "Europe/London",
        "digest_frequency": "daily",
    }
    data.update(overrides)
    return data


def test_preferences_need_login(client, db):
    response = client.get(PREFERENCES)

    assert response.status_code == 302
    assert "/accounts/login/" in response.headers["Location"]


def test_the_page_shows_every_notification_kind_with_both_channels(client, alice):
    client.force_login(alice)

    page = client.get(PREFERENCES).content.decode()

    for kind in NotificationKind:
        assert kind.label in page
        assert f'name="notify_{kind}_in_app"' in page
        assert f'name="notify_{kind}_email"' in page


def test_saving_changes_every_preference(client, alice, bristol):
    client.force_login(alice)
    data = form_data(team=bristol.pk, notify_comment_in_app="on", notify_mention_email="on")

    response = client.post(PREFERENCES, data, follow=True)

    assert "Your preferences are saved." in response.content.decode()
    alice.refresh_from_db()
    assert alice.display_name == "Alice A."
    assert alice.team == bristol
    assert alice.time_zone == "Europe/London"
    assert alice.digest_frequency == "daily"
    assert alice.wants("comment", "in_app")
    assert not alice.wants("comment", "email")
    assert alice.wants("mention", "email")
    assert not alice.wants("status_change", "in_app")
    assert set(alice.notification_settings) == set(NotificationKind.values)


def test_digest_can_be_switched_off(client, alice):
    client.force_login(alice)

    client.post(PREFERENCES, form_data(digest_frequency="off"))

    alice.refresh_from_db()
    assert alice.digest_frequency == "off"


def test_an_unknown_time_zone_is_refused(client, alice):
    client.force_login(alice)

    response = client.post(PREFERENCES, form_data(time_zone="Mars/Olympus_Mons"))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    alice.refresh_from_db()
    assert alice.time_zone == "UTC"


def test_an_unknown_digest_frequency_is_refused(client, alice):
    client.force_login(alice)

    response = client.post(PREFERENCES, form_data(digest_frequency="hourly"))

    assert "Select a valid choice" in response.content.decode()
    alice.refresh_from_db()
    assert alice.digest_frequency == "weekly"


def test_a_one_letter_display_name_is_refused(client, alice):
    client.force_login(alice)

    response = client.post(PREFERENCES, form_data(display_name=" x "))

    assert "A display name needs at least 2 characters." in response.content.decode()
    alice.refresh_from_db()
    assert alice.display_name == "Alice Archer"


def test_a_team_that_does_not_exist_is_refused(client, alice, leeds):
    client.force_login(alice)

    response = client.post(PREFERENCES, form_data(team=999_999))

    assert "Select a valid choice" in response.content.decode()
    alice.refresh_from_db()
    assert alice.team == leeds
