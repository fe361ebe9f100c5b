"""The outbox's timings are operator settings (README, Configuration): minutes by
default, and a back-off whose bounds are the wrong way round stops the start."""

import secrets
from datetime import timedelta

from django.conf import settings

from notifications import models
from tests.forum.test_production import manage


def test_by_default_beat_sweeps_every_minute_and_the_sweep_waits_one_to_five_minutes():
    assert settings.CELERY_BEAT_SCHEDULE["send-pending-emails"]["schedule"] == 60.0
    assert models.SWEEP_AFTER == models.SWEEP_BACKOFF_MIN == timedelta(minutes=1)
    assert models.SWEEP_BACKOFF_MAX.total_seconds() == 5 * 60


def test_a_shortest_wait_longer_than_the_longest_stops_the_start(tmp_path):
    result = manage(
        "check",
        tmp_path=tmp_path,
        SECRET_KEY=secrets.token_urlsafe(50),
        OUTBOX_RETRY_MIN_SECONDS="600",
    )

    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: OUTBOX_RETRY_MIN_SECONDS must be above 0 and at most OUTBOX_RETRY_MAX_SECONDS."
    )
