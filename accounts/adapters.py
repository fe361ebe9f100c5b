"""allauth adapters: who may sign up, and what happens when they do."""

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

    def save_user(self, request, user, form, commit=True):
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
        user = super().save_user(request, sociallogin, form=form)
        accept_invitation(user=user, token=request.session.pop(INVITATION_SESSION_KEY, None))
        return user
