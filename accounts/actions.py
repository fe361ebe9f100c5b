"""Writes about people: invitations, the first-visit welcome."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import Invitation, Team, User


@transaction.atomic
def invite(*, email: str, team: Team | None, by: User) -> Invitation:
    """A CX lead invites an address (usually outside the allowed sign-up domains)."""
    if not by.is_cx_lead:
        raise PermissionDenied
    return Invitation.objects.create(email=email, team=team, invited_by=by)


def email_invitation(*, invitation: Invitation, request) -> None:
    """Send (or send again) the invitation email with its sign-up link."""
    context = {
        "invitation": invitation,
        "url": request.build_absolute_uri(invitation.get_absolute_url()),
        "site_name": settings.SITE_NAME,
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context)
    body = render_to_string("accounts/email/invitation_message.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])


@transaction.atomic
def accept_invitation(*, user: User, token: str | None = None) -> Invitation | None:
    """Mark the invitation for this person's address accepted (the one whose link they
    followed if there is one) and put them in its team."""
    invitations = Invitation.objects.open().for_email(user.email).select_for_update()
    invitation = (token and invitations.filter(token=token).first()) or invitations.first()
    if invitation is None:
        return None
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    if invitation.team_id:
        user.team = invitation.team
        user.save(update_fields=["team"])
    return invitation


def dismiss_welcome(*, user: User) -> None:
    """The person has read the first-visit welcome: the home page stops showing it."""
    user.welcome_pending = False
    user.save(update_fields=["welcome_pending"])
