"""The preferences page's feed links."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from insights.feed_tokens import renew_feed_token


@login_required
@require_POST
def renew_feed_link(request):
    renew_feed_token(request.user)
    messages.success(request, "Your feed links are new: the old ones no longer work.")
    return redirect("accounts:preferences")
