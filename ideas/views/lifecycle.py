"""Lifecycle actions on one idea: status, owner and target date, route, merge.

Each view answers several callers, and each htmx caller says which answer it wants in
a posted field, `reply` (REPLIES): the manage panel on the idea page (the panel
again, and the timeline out of band; also the default), a card on the board (the
card, moved to its new column, and the column counts out of band), a row of the
triage queue (the row, done, and "N awaiting triage" out of band) or a row of a
manager's queue on the home page (the row, done, and the queue's counts out of
band). A plain form without JavaScript gets a redirect with a message, or the form's
own page with its errors.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from accounts.decorators import verified_email_required
from forum.navigation import safe_next
from ideas import lifecycle
from ideas.access import can_manage_idea, get_idea_for_user
from ideas.lifecycle_forms import MergeForm, OwnerForm, RouteForm, StatusForm
from ideas.models import Idea
from ideas.timeline import timeline_context
from ideas.views.manage import board_totals, home_queue_counts, triage_count

# form name in the panel context: (page title, URL name of its action)
FORMS = {
    "status_form": ("Move this idea", "ideas:idea_status"),
    "owner_form": ("Owner and target date", "ideas:idea_owner"),
    "route_form": ("Route to another team", "ideas:idea_route"),
    "merge_form": ("Merge into another idea", "ideas:idea_merge"),
}


def _manageable_idea(request, pk):
    idea = get_idea_for_user(request, pk, Idea.objects.select_related("owner"))
    if not can_manage_idea(request.user, idea):
        raise PermissionDenied("Only a manager of this idea's team, or a CX lead, may change it.")
    return idea


def _next_url(request, idea):
    return safe_next(request, idea.get_absolute_url())


def _form_context(request, idea, name, form, *, in_dialog=False):
    title, url_name = FORMS[name]
    return {
        "idea": idea,
        "form": form,
        "title": title,
        "action_url": reverse(url_name, args=[idea.pk]),
        "next": _next_url(request, idea),
        "in_dialog": in_dialog,
    }


def _panel(request, idea, forms=None, status=200):
    context = {
        **lifecycle.manage_panel_context(idea=idea, user=request.user, forms=forms),
        **timeline_context(idea=idea, user=request.user),
        "oob_timeline": True,
    }
    return render(request, "ideas/_manage_panel.html", context, status=status)


def _moved_card(request, idea, message):
    card = Idea.objects.select_related("owner", "routed_team").with_open_escalation()
    context = {"idea": card.get(pk=idea.pk), "totals": board_totals(request.user)}
    return render(request, "ideas/board.html#moved-card", context)


def _triaged_row(request, idea, message):
    context = {"idea": idea, "message": message, "count": triage_count(request.user)}
    return render(request, "ideas/manage.html#triaged", context)


def _answered_row(request, idea, message):
    context = {"idea": idea, "message": message, "counts": home_queue_counts(request.user)}
    return render(request, "forum/home.html#answered", context)


def _panel_again(request, idea, message):
    return _panel(request, idea)


# The posted `reply`: what an htmx caller gets back after a success.
REPLIES = {
    "panel": _panel_again,
    "card": _moved_card,
    "triage": _triaged_row,
    "home": _answered_row,
}


def _reply(request):
    return request.POST.get("reply") if request.POST.get("reply") in REPLIES else "panel"


def _succeeded(request, idea, message):
    if not request.htmx:
        messages.success(request, message)
        return redirect(_next_url(request, idea))
    return REPLIES[_reply(request)](request, idea, message)


def _failed(request, idea, name, form):
    """Show the form again with its errors, where it was filled in."""
    reply = _reply(request) if request.htmx else None
    if reply == "home":
        row = Idea.objects.select_related("routed_team", "category").with_open_escalation()
        context = {"idea": row.with_answer_clock().get(pk=idea.pk), "form": form}
        return render(request, "forum/home.html#queue-row", context)
    if reply == "triage":
        row = Idea.objects.select_related("routed_team", "category").with_open_escalation()
        row = row.with_seen_total().get(pk=idea.pk)
        context = {"idea": row, "note": request.POST.get("note", ""), "form": form}
        return render(request, "ideas/manage.html#triage-row", context)
    if reply == "card":
        context = _form_context(request, idea, name, form, in_dialog=True)
        response = render(request, "ideas/manage_action.html#action-form", context)
        return reswap(retarget(response, "#move-dialog-body"), "innerHTML")
    if reply == "panel":
        return _panel(request, idea, forms={name: form})
    context = _form_context(request, idea, name, form)
    return render(request, "ideas/manage_action.html", context, status=400)


def _run(request, idea, name, form, action, message):
    """Validate, call the action, answer. ValidationErrors from the action land on
    the form's fields."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _succeeded(request, idea, message(idea))
    return _failed(request, idea, name, form)


@login_required
@verified_email_required
@require_http_methods(["GET", "POST"])
def change_status(request, pk):
    """GET: the form on its own page (or, for htmx, inside the board's dialog)."""
    idea = _manageable_idea(request, pk)
    if request.method == "GET":
        form = StatusForm(idea=idea, initial={"to": request.GET.get("to")})
        context = _form_context(request, idea, "status_form", form, in_dialog=bool(request.htmx))
        template = "ideas/manage_action.html" + ("#action-form" if request.htmx else "")
        return render(request, template, context)
    form = StatusForm(request.POST, idea=idea)

    def act(data):
        lifecycle.change_status(idea=idea, by=request.user, **data)

    def message(idea):
        return f"Moved to {idea.get_status_display().lower()}."

    return _run(request, idea, "status_form", form, act, message)


@login_required
@verified_email_required
@require_POST
def assign_owner(request, pk):
    idea = _manageable_idea(request, pk)
    form = OwnerForm(request.POST, idea=idea)

    def act(data):
        with transaction.atomic():  # both or neither
            lifecycle.assign_owner(idea=idea, by=request.user, owner=data["owner"])
            lifecycle.set_target_date(idea=idea, by=request.user, target_date=data["target_date"])

    return _run(request, idea, "owner_form", form, act, lambda idea: "Owner and date saved.")


@login_required
@verified_email_required
@require_POST
def reroute(request, pk):
    idea = _manageable_idea(request, pk)
    form = RouteForm(request.POST, idea=idea)

    def act(data):
        lifecycle.reroute(idea=idea, by=request.user, team=data["team"], note=data["note"])

    return _run(
        request, idea, "route_form", form, act, lambda idea: f"Routed to {idea.routed_team}."
    )


@login_required
@verified_email_required
@require_POST
def merge(request, pk):
    """On success, go to the surviving idea: this one has no page of its own any more."""
    idea = _manageable_idea(request, pk)
    form = MergeForm(request.POST, idea=idea, user=request.user)
    if form.is_valid():
        into = form.cleaned_data["into"]
        try:
            note = form.cleaned_data["note"]
            lifecycle.merge_ideas(idea=idea, into=into, by=request.user, note=note)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Merged into “{into}”.")
            if request.htmx:
                return HttpResponseClientRedirect(into.get_absolute_url())
            return redirect(into)
    return _failed(request, idea, "merge_form", form)
