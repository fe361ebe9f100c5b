"""Single sign-on: OpenID Connect and SAML apps configured in the admin show a
button on the login page, the admin shows the URLs to give the identity provider,
and SSO sign-ups follow the same domain rule."""

import pytest
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from django.contrib.auth.models import AnonymousUser
from django.contrib.sites.models import Site

from accounts.adapters import SocialAccountAdapter
from accounts.models import Invitation, User


@pytest.fixture
def oidc_app(db):
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="acme-sso",
        name="Acme SSO",
        client_id="frontline",
        secret="s3cret",
        settings={"server_url": "https://id.acme.test"},
    )
    app.sites.add(Site.objects.get_current())
    return app


@pytest.fixture
def saml_app(db):
    app = SocialApp.objects.create(
        provider="saml",
        provider_id="acme-saml",
        name="Acme SAML",
        client_id="acme",
        settings={
            "idp": {
                "entity_id": "https://idp.acme.test/saml",
                "sso_url": "https://idp.acme.test/sso",
                "x509cert": "MIIC",
            }
        },
    )
    app.sites.add(Site.objects.get_current())
    return app


def test_without_a_provider_the_login_page_has_no_sso_section(client, db):
    page = client.get("/accounts/login/").content.decode()

    assert "company sign-in" not in page


def test_an_openid_connect_app_puts_its_button_on_the_login_page(client, oidc_app):
    page = client.get("/accounts/login/").content.decode()

    assert "Or use your company sign-in" in page
    assert "Continue with Acme SSO" in page
    assert 'href="/accounts/oidc/acme-sso/login/?process=login"' in page


def test_a_saml_app_puts_its_button_on_the_login_page(client, saml_app):
    page = client.get("/accounts/login/").content.decode()

    assert "Continue with Acme SAML" in page
    assert "/accounts/saml/acme/login/" in page


def test_the_sign_up_page_offers_sso_too(client, oidc_app):
    page = client.get("/accounts/signup/").content.decode()

    assert "Continue with Acme SSO" in page


def test_the_admin_shows_the_oidc_callback_url(client, carol, oidc_app, settings):
    client.force_login(carol)

    page = client.get(f"/admin/socialaccount/socialapp/{oidc_app.pk}/change/").content.decode()

    assert f"{settings.SITE_URL}/accounts/oidc/acme-sso/login/callback/" in page


def test_the_admin_shows_the_saml_urls(client, carol, saml_app, settings):
    client.force_login(carol)

    page = client.get(f"/admin/socialaccount/socialapp/{saml_app.pk}/change/").content.decode()

    assert f"{settings.SITE_URL}/accounts/saml/acme/acs/" in page
    assert f"{settings.SITE_URL}/accounts/saml/acme/metadata/" in page


def sso_sign_up(rf, email):
    request = rf.get("/accounts/oidc/acme-sso/login/callback/")
    request.user = AnonymousUser()
    request.session = {}
    login = SocialLogin(user=User(email=email), account=SocialAccount(provider="openid_connect"))
    return SocialAccountAdapter(request).is_open_for_signup(request, login)


def test_sso_sign_up_is_open_to_the_allowed_domains(rf, db, settings):
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.com"]

    assert sso_sign_up(rf, "new.person@example.com") is True


def test_sso_sign_up_is_open_to_an_invited_address(rf, carol, settings):
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.com"]
    Invitation.objects.create(email="partner@agency.test", invited_by=carol)

    assert sso_sign_up(rf, "partner@agency.test") is True


def test_sso_sign_up_elsewhere_is_refused_with_the_clear_message(rf, db, settings):
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.com"]

    with pytest.raises(ImmediateHttpResponse) as refused:
        sso_sign_up(rf, "someone@gmail.com")

    page = refused.value.response.content.decode()
    assert refused.value.response.status_code == 403
    assert "Sign-up is open to addresses at example.com. Ask a CX lead for an invitation." in page
