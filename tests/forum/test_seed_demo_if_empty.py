"""manage.py seed_demo --if-empty (what `make run` calls): a site that has people is
left alone."""

import io

from django.core.management import call_command

from accounts.models import Team, User


def test_seed_demo_if_empty_leaves_a_site_with_users_alone(db, alice):
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)

    assert "already has users" in out.getvalue()

    assert User.objects.count() == 3  # alice, bob and nora from the fixtures
    assert not Team.objects.filter(name="Acme Retail").exists()
