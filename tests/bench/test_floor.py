"""The benchmark's floor views: mounted only in bench mode (BENCH_FLOOR), and there a
correct vote toggle."""

import importlib
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import clear_url_caches, resolve, reverse
from django.urls.exceptions import Resolver404

import forum.urls
from bench.models import FloorItem, FloorVote
from tests.factories import IdeaFactory


@pytest.fixture
def floor_mounted(settings):
    """The site's URLs as `make bench` serves them, put back afterwards."""
    settings.BENCH_FLOOR = True
    importlib.reload(forum.urls)
    clear_url_caches()
    yield
    settings.BENCH_FLOOR = False
    importlib.reload(forum.urls)
    clear_url_caches()


def test_bench_mode_is_off_unless_asked_for():
    code = "import django; django.setup(); from django.conf import settings as s; "
    code += "print(s.BENCH_FLOOR)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "forum.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.django_db
def test_the_floor_is_not_served_by_default(client, alice):
    idea = IdeaFactory()
    client.force_login(alice)

    assert client.get(f"/bench/floor/read/{idea.pk}/").status_code == 404
    with pytest.raises(Resolver404):
        resolve(f"/bench/floor/read/{idea.pk}/")


@pytest.mark.django_db
def test_the_floor_reads_one_row(client, alice, floor_mounted, django_assert_num_queries):
    idea = IdeaFactory(title="Open a second till")
    client.force_login(alice)

    # The session, the user, the row.
    with django_assert_num_queries(3):
        response = client.get(reverse("bench:floor_read", args=[idea.pk]))

    assert response.content.decode() == "Open a second till"
    assert client.get(reverse("bench:floor_read", args=[idea.pk + 1])).status_code == 404


@pytest.mark.django_db
def test_the_floor_toggles_a_vote_and_keeps_the_count(client, alice, dave, floor_mounted):
    item = FloorItem.objects.create()
    url = reverse("bench:floor_vote", args=[item.pk])
    client.force_login(alice)

    assert client.post(url).content == b"voted"
    client.force_login(dave)
    assert client.post(url).content == b"voted"
    item.refresh_from_db()
    assert item.count == 2 == FloorVote.objects.filter(item=item).count()

    assert client.post(url).content == b"not voted"
    item.refresh_from_db()
    assert item.count == 1 == FloorVote.objects.filter(item=item).count()
    assert client.get(url).status_code == 405


@pytest.mark.django_db
def test_the_floor_is_for_signed_in_people(client, floor_mounted):
    item = FloorItem.objects.create()

    response = client.post(reverse("bench:floor_vote", args=[item.pk]))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not FloorVote.objects.exists()
