"""The digests' chunk size and the wait before a lost chunk is queued again are
operator settings (README, Configuration): 200 and ten minutes by default, and a
chunk of nothing stops the start."""

import secrets

from notifications import digests
from tests.forum.test_production import manage


def test_by_default_chunks_are_200_and_a_lost_chunk_is_queued_again_after_ten_minutes():
    assert digests.CHUNK == 200
    assert digests.REQUEUE_AFTER.total_seconds() == 10 * 60


def test_a_chunk_of_no_digests_stops_the_start(tmp_path):
    result = manage(
        "check", tmp_path=tmp_path, SECRET_KEY=secrets.token_urlsafe(50), DIGEST_CHUNK_SIZE="0"
    )

    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: DIGEST_CHUNK_SIZE must be at least 1 and DIGEST_REQUEUE_SECONDS above 0."
    )
