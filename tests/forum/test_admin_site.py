"""The admin speaks for the product: titled with the site's name, one "People and
teams" section (our people and teams with allauth's email addresses and two-factor),
and "Evidence" as the word is used."""

import re

import pytest
from django.contrib import admin

from ideas.models import Evidence


def section_names(html: str) -> list[str]:
    """The section headings of the admin index, in order."""
    captions = re.findall(r"<caption>\s*<a[^>]*>([^<]+)</a>", html)
    return [caption.strip() for caption in captions]


def section_models(html: str, section: str) -> list[str]:
    table = re.search(
        rf"<caption>\s*<a[^>]*>{re.escape(section)}</a>.*?</table>", html, flags=re.DOTALL
    )
    assert table, f"no section {section!r}"
    return re.findall(r'<th scope="row"[^>]*>\s*<a[^>]*>([^<]+)</a>', table.group(0))


def test_the_admin_is_titled_with_the_site_name(client, carol, settings):
    settings.SITE_NAME = "Frontline"
    client.force_login(carol)

    response = client.get("/admin/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/admin/">Frontline administration</a>' in html
    assert (
        "<title>Run Frontline: people, teams and what they post | Frontline admin</title>" in html
    )
    assert "Django administration" not in html
    assert "Django site admin" not in html


def test_a_rebrand_renames_the_admin(client, carol, settings):
    settings.SITE_NAME = "Acme Voices"
    client.force_login(carol)

    html = client.get("/admin/").content.decode()

    assert '<a href="/admin/">Acme Voices administration</a>' in html


def test_people_and_teams_is_one_section_for_a_cx_lead(client, carol):
    client.force_login(carol)

    html = client.get("/admin/").content.decode()

    names = section_names(html)
    assert names.count("People and teams") == 1
    assert "Accounts" not in names
    assert names[0] == "People and teams"
    assert section_models(html, "People and teams")[:4] == [
        "Users",
        "Teams",
        "Invitations",
        "Email addresses",
    ]


def test_a_superuser_sees_every_section_in_the_products_order(client, carol):
    carol.is_superuser = True
    carol.save()
    client.force_login(carol)

    html = client.get("/admin/").content.decode()

    assert section_names(html) == [
        "People and teams",
        "Ideas",
        "Notifications",
        "Moderation",
        "Sign-in and site",
    ]
    assert section_models(html, "People and teams") == [
        "Users",
        "Teams",
        "Invitations",
        "Email addresses",
        "Two-factor authenticators",
        "Permission groups",
    ]
    assert section_models(html, "Ideas")[:3] == ["Ideas", "Observations", "Evidence"]
    assert section_models(html, "Sign-in and site") == [
        "Sign-in providers",
        "Sign-in provider accounts",
        "Sign-in provider tokens",
        "Sites",
    ]


@pytest.mark.parametrize("app_label", ["accounts", "account", "mfa"])
def test_each_app_of_the_section_opens_the_whole_section(client, carol, app_label):
    carol.is_superuser = True
    carol.save()
    client.force_login(carol)

    response = client.get(f"/admin/{app_label}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>People and teams administration | Frontline admin</title>" in html
    assert "Email addresses" in section_models(html, "People and teams")
    assert "Users" in section_models(html, "People and teams")


def test_an_app_outside_the_sections_still_opens(client, carol):
    client.force_login(carol)

    assert client.get("/admin/ideas/").status_code == 200
    assert client.get("/admin/nothing-here/").status_code == 404


def test_evidence_is_evidence_not_evidences(client, carol):
    client.force_login(carol)

    html = client.get("/admin/").content.decode()

    assert Evidence._meta.verbose_name_plural == "evidence"
    assert "Evidences" not in html
    assert admin.site.get_model_admin(Evidence) is not None


def test_the_admin_has_the_sites_favicon(client, carol):
    client.force_login(carol)

    html = client.get("/admin/").content.decode()

    assert '<link rel="icon" href="/static/icons/favicon.svg" type="image/svg+xml">' in html
