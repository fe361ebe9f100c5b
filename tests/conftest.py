"""Persona fixtures everyone knows, on a small org tree:

Acme (company, carol is a CX lead here)
├── North region (manager: nora)
│   └── Leeds store (manager: bob) ── alice works here
└── South region
    └── Bristol contact centre (manager: erin) ── dave works here
"""

import pytest
from django.core.cache import cache

from accounts.models import Team
from tests.factories import PASSWORD, TeamFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Production PBKDF2 costs seconds per persona; tests only need a hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps rate limits (one confirmation email per address every few
    minutes, ...) in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Tests post many times as one person in a moment; the rate limits' own tests
    (tests/moderation/test_rate_limits.py) set the limits they test."""
    settings.POST_RATE_LIMIT = settings.COMMENT_RATE_LIMIT = "off"


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def company(db):
    return TeamFactory(name="Acme", kind=Team.Kind.COMPANY)


@pytest.fixture
def north(company):
    return TeamFactory(name="North region", kind=Team.Kind.REGION, parent=company)


@pytest.fixture
def south(company):
    return TeamFactory(name="South region", kind=Team.Kind.REGION, parent=company)


@pytest.fixture
def leeds(north):
    return TeamFactory(name="Leeds store", kind=Team.Kind.STORE, parent=north)


@pytest.fixture
def bristol(south):
    return TeamFactory(name="Bristol contact centre", kind=Team.Kind.CONTACT_CENTRE, parent=south)


@pytest.fixture
def nora(north):
    """Manager of the North region: bob's manager."""
    user = UserFactory(email="nora@example.com", display_name="Nora North", team=north)
    north.manager = user
    north.save()
    return user


@pytest.fixture
def bob(leeds, nora):
    """Manager of the Leeds store, alice's manager."""
    user = UserFactory(email="bob@example.com", display_name="Bob Baker", team=leeds)
    leeds.manager = user
    leeds.save()
    return user


@pytest.fixture
def alice(leeds, bob):
    """Frontline staff in the Leeds store."""
    return UserFactory(email="alice@example.com", display_name="Alice Archer", team=leeds)


@pytest.fixture
def carol(company):
    """A CX lead."""
    return UserFactory(
        email="carol@example.com", display_name="Carol Clark", team=company, is_cx_lead=True
    )


@pytest.fixture
def erin(bristol):
    """Manager of the Bristol contact centre: a manager of an unrelated team."""
    user = UserFactory(email="erin@example.com", display_name="Erin Evans", team=bristol)
    bristol.manager = user
    bristol.save()
    return user


@pytest.fixture
def dave(bristol, erin):
    """An employee of another team."""
    return UserFactory(email="dave@example.com", display_name="Dave Davies", team=bristol)
