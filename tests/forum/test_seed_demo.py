"""manage.py seed_demo: a believable company whose personas can log in; running it
again creates nothing new."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.demo import PASSWORD
from accounts.models import Team, User
from ideas.models import Category

PERSONAS = ["alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com"]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_seed_demo_twice_creates_nothing_new(seeded):
    before = row_counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert row_counts() == before


def test_seed_demo_if_empty_leaves_a_site_with_users_alone(db, alice):
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)

    assert "already has users" in out.getvalue()

    assert User.objects.count() == 3  # alice, bob and nora from the fixtures
    assert not Team.objects.filter(name="Acme Retail").exists()


def test_seed_demo_builds_a_company_of_about_fifty_people(seeded):
    leeds = Team.objects.get(name="Leeds store")

    assert 45 <= User.objects.count() <= 60
    assert Team.objects.filter(kind__in=[Team.Kind.STORE, Team.Kind.CONTACT_CENTRE]).count() >= 6
    assert not Team.objects.filter(manager=None).exists()
    assert leeds.manager.email == "bob@example.com"
    company = Team.objects.get(name="Acme Retail")
    assert company.parent is None and leeds.is_within(company.path)
    assert User.objects.get(email="alice@example.com").team == leeds
    assert User.objects.get(email="dave@example.com").team.name == "Bristol contact centre"


def test_seed_demo_makes_carol_a_cx_lead_with_the_admin(seeded, client):
    carol = User.objects.get(email="carol@example.com")

    assert carol.is_cx_lead and carol.is_staff
    client.force_login(carol)
    assert client.get("/admin/").status_code == 200


def test_seed_demo_categories_have_owning_teams(seeded):
    owners = dict(Category.objects.values_list("name", "owning_team__name"))

    assert owners["Returns & refunds"] == "Customer operations"
    assert owners["Store experience"] is None


def test_each_persona_can_log_in_with_the_demo_password(seeded, client):
    for email in PERSONAS:
        assert client.login(email=email, password=PASSWORD), email
        assert client.get("/").status_code == 200
        client.logout()


def test_a_persona_can_log_in_through_the_login_form(seeded, client):
    response = client.post("/accounts/login/", {"login": "alice@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
