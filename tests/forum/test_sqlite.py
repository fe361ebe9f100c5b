"""Every SQLite database, the embedded one or one named by DATABASE_URL, runs with
the options that let the web server and the worker write at once, and so do tests."""

import json
import os

import pytest
from django.conf import settings

from ideas.models import Vote
from ideas.reactions import toggle_vote
from tests.concurrency import run_at_once
from tests.factories import IdeaFactory, UserFactory
from tests.processes import run_django

SHOW_THE_DATABASE = """
import json
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal_mode = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    busy_timeout = cursor.fetchone()[0]
print(json.dumps({
    "journal_mode": journal_mode,
    "busy_timeout": busy_timeout,
    "transaction_mode": connection.settings_dict["OPTIONS"].get("transaction_mode"),
    "test_name": connection.settings_dict.get("TEST", {}).get("NAME"),
}))
"""


@pytest.mark.parametrize("database_url", ["sqlite:///{tmp}/elsewhere.sqlite3", None])
def test_a_sqlite_database_gets_wal_immediate_transactions_and_a_busy_timeout(
    tmp_path, database_url
):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DEBUG="1", FRONTLINE_VAR_DIR=str(tmp_path / "var"))
    if database_url:
        env["DATABASE_URL"] = database_url.format(tmp=tmp_path)

    result = run_django(SHOW_THE_DATABASE, env=env)

    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout.splitlines()[-1])
    name = "elsewhere" if database_url else "frontline"
    assert database == {
        "journal_mode": "wal",
        "busy_timeout": 20000,
        "transaction_mode": "IMMEDIATE",
        "test_name": str(tmp_path / "var" / f"test_{name}.sqlite3"),
    }


@pytest.mark.skipif(
    settings.IS_POSTGRES,
    reason="SQLite's locking; PostgreSQL's is tested in tests/ideas/test_vote_concurrency.py",
)
def test_thirty_people_voting_at_once_on_sqlite_all_succeed(transactional_db):
    idea, people = IdeaFactory(), [UserFactory() for _ in range(30)]

    results = run_at_once([lambda p=p: toggle_vote(idea=idea, by=p) for p in people])

    assert results == [True] * 30
    idea.refresh_from_db()
    assert idea.vote_count == Vote.objects.filter(idea=idea).count() == 30
