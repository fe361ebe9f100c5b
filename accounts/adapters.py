"""allauth adapters: who may sign up, and what happens when they do."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_email
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render

from accounts.actions import accept_invitation
from accounts.models import Invitation, User
from forum.navigation import is_local_path

INVITATION_SESSION_KEY = "frontline_invitation_token"
LOGGED_IN_AT_SESSION_KEY = "frontline_logged_in_at"


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def may_sign_up(email: str) -> bool:
    """Sign-up is open to the allowed domains, and to any address holding an open
    invitation."""
    return (
        domain_of(email) in settings.ALLOWED_SIGNUP_DOMAINS
        or Invitation.objects.open().for_email(email).exists()
    )


def signup_refusal() -> str:
    domains = settings.ALLOWED_SIGNUP_DOMAINS
    listed = " or ".join(domains) if len(domains) < 3 else ", ".join(domains)
    return f"Sign-up is open to addresses at {listed}. Ask a CX lead for an invitation."


def belongs_to_someone(email: str) -> bool:
    return User.objects.filter(email__iexact=email.strip()).exists()


def logged_in_recently(request) -> bool:
    """Whether this session logged in within ACCOUNT_REAUTHENTICATION_TIMEOUT seconds,
    however it did: password, the emailed confirmation link, single sign-on."""
    if request is None or not request.user.is_authenticated:
        return False
    logged_in_at = request.session.get(LOGGED_IN_AT_SESSION_KEY)
    if logged_in_at is None:
        return False
    return time.time() - logged_in_at < account_settings.REAUTHENTICATION_TIMEOUT


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        # allauth validates every address it handles through here, including a new
        # account's own address after its invitation was accepted: only addresses
        # nobody has yet are held to the sign-up rule.
        email = super().clean_email(email)
        if not may_sign_up(email) and not belongs_to_someone(email):
            raise ValidationError(signup_refusal(), code="domain_not_allowed")
        return email

    def is_safe_url(self, url: str) -> bool:
        # The site's one rule for a "next": allauth's own also takes other hosts and
        # bare words such as "home", which it would then send the browser to.
        return is_local_path(context.request, url)

    def login(self, request, user) -> None:
        # Every allauth login comes through here (password, the confirmation link,
        # SSO, after the two-factor code); allauth's own records miss some of them.
        super().login(request, user)
        request.session[LOGGED_IN_AT_SESSION_KEY] = time.time()

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # allauth counts only a password re-entered on its "confirm access" page as
        # recent, so two-factor set-up asked for the password seconds after logging
        # in. A fresh login is as good; an older one still has to confirm.
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        return not logged_in_recently(context.request)

    def save_user(self, request, user, form, commit=True):
        # The social sign-up form (an identity provider's account) has neither field.
        data = form.cleaned_data
        user.display_name = data.get("display_name") or user.display_name
        user.team = data.get("team") or user.team
        user.welcome_pending = True
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            accept_invitation(user=user, token=request.session.pop(INVITATION_SESSION_KEY, None))
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        email = user_email(sociallogin.user) or ""
        if email and may_sign_up(email):
            return True
        # allauth would show its generic "sign-up closed" page; say why instead.
        context = {"email": email, "refusal": signup_refusal()}
        raise ImmediateHttpResponse(
            render(request, "account/signup_closed.html", context, status=403)
        )

    def save_user(self, request, sociallogin, form=None):
        sociallogin.user.welcome_pending = True
        user = super().save_user(request, sociallogin, form=form)
        accept_invitation(user=user, token=request.session.pop(INVITATION_SESSION_KEY, None))
        return user
