"""Reports and moderation actions in the admin: for CX leads to read, nobody else."""

import pytest
from django.contrib.auth.models import Permission

from moderation import actions
from tests.factories import UserFactory

PAGES = ["/admin/moderation/report/", "/admin/moderation/moderationaction/"]


@pytest.fixture
def sam(leeds):
    """Staff who is not a CX lead, with every view permission of the app."""
    user = UserFactory(email="sam@example.com", team=leeds, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="moderation"))
    return user


@pytest.fixture
def moderated(idea, bob, carol):
    actions.report(target=idea, by=bob, reason="spam", details="An advert")
    actions.hide(target=idea, by=carol, reason="An advert")


def test_cx_leads_read_reports_and_actions(client, carol, moderated):
    client.force_login(carol)
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200
        assert (
            "Spam or advertising on idea" in response.content.decode()
            or "Hidden idea" in response.content.decode()
        )
    assert "Add report" not in client.get(PAGES[0]).content.decode()


def test_other_staff_do_not_see_who_reported(client, sam, moderated):
    client.force_login(sam)
    for url in PAGES:
        assert client.get(url).status_code == 403
    assert "Moderation" not in client.get("/admin/").content.decode()
