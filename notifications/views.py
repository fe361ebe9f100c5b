from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import verified_email_required
from forum.navigation import is_local_path
from notifications import emails

PAGE_SIZE = 30


def _page(request, number):
    notifications = request.user.notifications.visible_to(request.user)
    return Paginator(notifications, PAGE_SIZE).get_page(number)


def _back_to_list(request):
    page = request.POST.get("page", "")
    url = reverse("notifications:list")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@login_required
def notification_list(request):
    page = _page(request, request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
def open_notification(request, pk):
    """Follow a notification's link, marking it read on the way."""
    notification = get_object_or_404(request.user.notifications, pk=pk)
    request.user.notifications.filter(pk=pk).mark_read()
    local = is_local_path(request, notification.url)
    return redirect(notification.url if local else reverse("notifications:list"))


@login_required
@require_POST
@verified_email_required
def mark_read(request, pk):
    notification = get_object_or_404(request.user.notifications, pk=pk)
    request.user.notifications.filter(pk=pk).mark_read()
    if not request.htmx:
        return _back_to_list(request)
    notification.refresh_from_db(fields=["read_at"])
    return render(request, "notifications/_marked.html", {"n": notification})


@login_required
@require_POST
@verified_email_required
def mark_all_read(request):
    request.user.notifications.mark_read()
    if not request.htmx:
        return _back_to_list(request)
    page = _page(request, request.POST.get("page"))
    return render(request, "notifications/list.html#list", {"page": page, "oob": True})


# Mail providers' one-click unsubscribe (RFC 8058) POSTs without a CSRF token; the
# signed token in the URL is the proof instead.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        user_id, kind = emails.read_unsubscribe_token(token)
    except signing.BadSignature:
        raise Http404("This unsubscribe link is not valid.") from None
    person = get_object_or_404(get_user_model(), pk=user_id)
    done = request.method == "POST"
    if done:
        emails.unsubscribe(user=person, kind=kind)
    context = {"done": done, "kind_label": emails.kind_label(kind)}
    return render(request, "notifications/unsubscribe.html", context)
