from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.actions import dismiss_welcome, email_invitation, invite
from accounts.adapters import INVITATION_SESSION_KEY
from accounts.decorators import verified_email_required
from accounts.forms import InvitationForm, PreferencesForm
from accounts.models import Invitation
from insights.feed_tokens import feed_links


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your preferences are saved.")
        return redirect("accounts:preferences")
    context = {"form": form, "feed_links": feed_links(request.user)}
    return render(request, "accounts/preferences.html", context)


@login_required
@require_POST
def dismiss_welcome_view(request):
    dismiss_welcome(user=request.user)
    if request.htmx:
        return HttpResponse("")  # htmx swaps the welcome out of the page
    return redirect("home")


def _require_cx_lead(user) -> None:
    if not user.is_cx_lead:
        raise PermissionDenied


@verified_email_required
def invitations(request):
    _require_cx_lead(request.user)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = invite(by=request.user, **form.cleaned_data)
        email_invitation(invitation=invitation, request=request)
        messages.success(request, f"Invitation sent to {invitation.email}.")
        return redirect("accounts:invitations")
    rows = Invitation.objects.select_related("team", "invited_by")[:100]
    return render(request, "accounts/invitations.html", {"form": form, "invitations": rows})


@verified_email_required
@require_POST
def resend_invitation(request, pk):
    _require_cx_lead(request.user)
    invitation = get_object_or_404(Invitation.objects.open(), pk=pk)
    email_invitation(invitation=invitation, request=request)
    messages.success(request, f"Invitation sent again to {invitation.email}.")
    return redirect("accounts:invitations")


@login_not_required
def accept_invitation(request, token):
    invitation = Invitation.objects.filter(token=token).first()
    if invitation is None or not invitation.is_open:
        return render(request, "accounts/invitation_closed.html", status=410)
    if request.user.is_authenticated:
        messages.info(request, "You already have an account: this invitation is for a new one.")
        return redirect("home")
    request.session[INVITATION_SESSION_KEY] = invitation.token
    # Following the emailed link proves the address, so sign-up needs no second email.
    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect(f"{reverse('account_signup')}?{urlencode({'email': invitation.email})}")
