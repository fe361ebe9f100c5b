"""Production mode (DEBUG unset): refuses to start without a SECRET_KEY, in one clear
line, and passes Django's deployment checks once configured."""

import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def manage(*args, tmp_path, **env):
    """manage.py in a clean environment: only what a fresh server would have."""
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FRONTLINE_VAR_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_mode_refuses_to_start_without_a_secret_key(tmp_path):
    result = manage("check", tmp_path=tmp_path)

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Error: SECRET_KEY is not set: set SECRET_KEY (or DEBUG=1 for local development)."
    ]


def test_a_configured_production_site_passes_the_deployment_checks(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="frontline.example.com",
        SITE_URL="https://frontline.example.com",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_debug_mode_runs_without_a_secret_key(tmp_path):
    result = manage("check", tmp_path=tmp_path, DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_production_redirects_to_https_but_not_the_health_check(tmp_path):
    probe = (
        "from django.test import Client; c = Client(); "
        "print(c.get('/healthz').status_code, c.get('/accounts/login/').status_code)"
    )
    result = manage(
        "shell",
        "-c",
        probe,
        tmp_path=tmp_path,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        SITE_URL="https://frontline.example.com",
    )

    assert result.returncode == 0, result.stderr
    health_status, login_status = result.stdout.split()[-2:]
    assert health_status in {"200", "503"}  # answered, whatever the workers' state
    assert login_status == "301"


@pytest.mark.parametrize(("variable", "value"), [("DEBUG", "ture"), ("SECURE_SSL_REDIRECT", "2")])
def test_a_yes_or_no_setting_that_is_neither_stops_the_start(tmp_path, variable, value):
    result = manage(
        "check", tmp_path=tmp_path, SECRET_KEY=secrets.token_urlsafe(50), **{variable: value}
    )

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"Error: {variable}='{value}' is not a yes or no: use 1/0, true/false, yes/no, on/off, "
        "or leave it empty."
    ]


@pytest.mark.parametrize(
    ("value", "debug"),
    [("1", True), ("TRUE", True), (" yes ", True), ("On", True), ("0", False), ("off", False)]
    + [("No", False), ("false", False), ("", False)],
)
def test_the_accepted_yes_and_no_words(tmp_path, value, debug):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        tmp_path=tmp_path,
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG=value,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == str(debug)


PG = "postgres://postgres@127.0.0.1:5432/frontline_unused"  # settings only: never connected
SHOW_OPTIONS = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"


def test_web_processes_plan_prepared_statements_once_and_others_by_default(tmp_path):
    key = secrets.token_urlsafe(50)
    plain = manage("shell", "-c", SHOW_OPTIONS, tmp_path=tmp_path, SECRET_KEY=key, DATABASE_URL=PG)
    # As gunicorn starts: forum.wsgi first, which then loads the settings.
    web = subprocess.run(
        [sys.executable, "-c", "import forum.wsgi; " + SHOW_OPTIONS],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FRONTLINE_VAR_DIR": str(tmp_path)}
        | {"SECRET_KEY": key, "DATABASE_URL": PG, "ALLOWED_HOSTS": "example.com"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert plain.returncode == 0, plain.stderr
    assert "plan_cache_mode" not in plain.stdout  # the worker, manage.py: PostgreSQL's auto
    assert web.returncode == 0, web.stderr
    assert "'options': '-c plan_cache_mode=force_generic_plan'" in web.stdout


def test_an_unknown_plan_cache_mode_stops_the_start(tmp_path):
    result = manage(
        "check",
        tmp_path=tmp_path,
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=PG,
        DATABASE_PLAN_CACHE_MODE="fastest",
    )

    assert result.returncode != 0
    assert "DATABASE_PLAN_CACHE_MODE must be one of auto, force_generic_plan" in result.stderr
