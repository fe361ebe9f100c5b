"""Reporting, the CX leads' queue, hide / restore / dismiss, and edit history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import verified_email_required
from forum.navigation import safe_next
from moderation import actions, history
from moderation.forms import DismissForm, ReasonForm, ReportForm
from moderation.queue import queue_page
from moderation.targets import excerpt_of, get_target_for_user, post_of


def _cx_leads_only(request, what: str):
    context = {"what": what}
    return render(request, "moderation/forbidden.html", context, status=403)


def _back(request, target):
    return safe_next(request, target.get_absolute_url())


@verified_email_required
def report(request, kind, pk):
    """The report form (a page of its own, so it works without JavaScript)."""
    target = get_target_for_user(request.user, kind, pk)
    context = {
        "target": target,
        "kind": kind,
        "post": post_of(target),
        "next": _back(request, target),
    }
    context["excerpt"] = excerpt_of(target)
    if target.author_id == request.user.pk:
        context["own"] = True
        return render(request, "moderation/report.html", context, status=403)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report(target=target, by=request.user, **form.cleaned_data)
        except actions.AlreadyReported as already:
            messages.info(request, str(already))
        else:
            messages.success(request, "Thank you: a CX lead will look at it.")
        if target.is_hidden and not request.user.is_cx_lead:
            return redirect(post_of(target).get_absolute_url() if kind == "comment" else "home")
        return redirect(context["next"])
    context["form"] = form
    return render(request, "moderation/report.html", context, status=400 if form.errors else 200)


@login_required
def queue(request):
    if not request.user.is_cx_lead:
        return _cx_leads_only(request, "The moderation queue")
    page = queue_page(request.GET.get("page"))
    return render(request, "moderation/queue.html", {"page": page})


def _moderate(request, kind, pk, verb, form_class, done: str):
    if not request.user.is_cx_lead:
        return _cx_leads_only(request, "Hiding and restoring")
    target = get_target_for_user(request.user, kind, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            verb(target=target, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        context = {"target": target, "kind": kind, "form": form, "action": verb.__name__}
        context |= {"excerpt": excerpt_of(target), "next": _back(request, target)}
        return render(request, "moderation/action.html", context, status=400)
    messages.success(request, done)
    return redirect(_back(request, target))


@require_POST
@verified_email_required
def hide(request, kind, pk):
    return _moderate(
        request, kind, pk, actions.hide, ReasonForm, "Hidden: only CX leads see it now."
    )


@require_POST
@verified_email_required
def restore(request, kind, pk):
    return _moderate(
        request, kind, pk, actions.restore, ReasonForm, "Restored: everyone sees it again."
    )


@require_POST
@verified_email_required
def dismiss(request, kind, pk):
    return _moderate(
        request, kind, pk, actions.dismiss, DismissForm, "Reports dismissed: it stays visible."
    )


@login_required
def edit_history(request, kind, pk):
    """Every edit of an idea or observation, with what it changed: CX leads only."""
    if not request.user.is_cx_lead:
        return _cx_leads_only(request, "Edit history")
    if kind not in ("idea", "observation"):
        raise Http404("Only ideas and observations keep an edit history.")
    post = get_target_for_user(request.user, kind, pk)
    context = {"post": post, "kind": kind, "edits": history.edits_of(post)}
    return render(request, "moderation/history.html", context)
