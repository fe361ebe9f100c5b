"""seed_demo leaves the CX leads a couple of open reports to review."""

from io import StringIO

from django.core.management import call_command

from moderation.models import Report
from moderation.queue import queue_page


def test_the_demo_has_open_reports_and_seeding_again_adds_none(db):
    call_command("seed_demo", stdout=StringIO())
    entries = queue_page(1).object_list
    assert [(entry.kind, entry.reporters) for entry in entries] == [
        ("observation", 2),
        ("comment", 1),
    ]
    assert not any(entry.target.is_hidden for entry in entries)
    call_command("seed_demo", stdout=StringIO())
    assert Report.objects.count() == 3
