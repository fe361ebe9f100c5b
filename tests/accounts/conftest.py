from datetime import UTC, datetime

import pytest


@pytest.fixture
def still_clock(time_machine):
    # One fixed 30-second window, so a computed TOTP code cannot go stale mid-test.
    time_machine.move_to(datetime(2026, 3, 2, 9, 0, 5, tzinfo=UTC), tick=False)
