"""The insights dashboard (/insights/) and its heat-map drill-down (/insights/cell/),
for CX leads (the whole company) and managers (their area)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from forum.keyset import paginate
from ideas.filters import without_empty_params
from ideas.models import JourneyStage, Sentiment, Touchpoint
from ideas.views.observations import observations_for
from insights import charts
from insights.dashboard import (
    HOT_SPOT_MINIMUM,
    Scope,
    funnel,
    heat_map,
    hot_spots,
    league_table,
    told_their_customer,
    top_tags,
)
from insights.dashboard_filters import DashboardFilterForm, OutsideArea, may_see_dashboard

OUTSIDE_AREA = (
    "That team is outside your area: the dashboard shows the teams you manage and the "
    "teams below them. Pick one of those."
)


def _filtered(request):
    """(form, scope), or a 403 response for those who may not look."""
    if not may_see_dashboard(request.user):
        return None, render(request, "insights/dashboard_forbidden.html", status=403)
    form = DashboardFilterForm(request.GET or None, user=request.user)
    try:
        form.check_area()
    except OutsideArea:
        context = {"message": OUTSIDE_AREA}
        return None, render(request, "insights/dashboard_forbidden.html", context, status=403)
    values = form.scope_values()
    scope = Scope(request.user, values["team_paths"], values["start"], values["end"])
    return (form, values, scope), None


@login_required
@require_GET
@without_empty_params
def dashboard(request):
    filtered, refused = _filtered(request)
    if refused:
        return refused
    form, values, scope = filtered
    stages = funnel(scope)
    weeks, tags = top_tags(scope, first_day=values["first_day"], last_day=values["last_day"])
    context = {
        "form": form,
        "values": values,
        "query": form.query_string(),
        "hot_spots": hot_spots(scope),
        "hot_spot_minimum": HOT_SPOT_MINIMUM,
        "funnel": stages,
        "funnel_chart": charts.funnel_bars(stages),
        "league": league_table(scope),
        "told": told_their_customer(scope),
        "heat": heat_map(scope),
        "weeks": weeks,
        "tags": [(tag, charts.sparkline(tag.weekly)) for tag in tags],
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "insights/dashboard.html#body" if partial else "insights/dashboard.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def cell(request):
    """The customers' words behind one heat-map cell, for the dashboard's filters."""
    touchpoint = request.GET.get("touchpoint", "")
    stage = request.GET.get("journey_stage", "")
    if touchpoint not in Touchpoint.values or stage not in JourneyStage.values:
        raise Http404("No such touchpoint or journey stage.")
    filtered, refused = _filtered(request)
    if refused:
        return refused
    form, values, scope = filtered
    observations = (
        observations_for(request.user)
        .filter(pk__in=scope.observations().values("pk"))
        .filter(touchpoint=touchpoint, journey_stage=stage)
        .order_by("-created_at", "-id")
    )
    context = {
        "form": form,
        "values": values,
        "query": form.query_string(),
        "touchpoint": Touchpoint(touchpoint).label,
        "journey_stage": JourneyStage(stage).label,
        "page": paginate(request, observations),
        "frustrated": Sentiment.FRUSTRATED,
    }
    return render(request, "insights/cell.html", context)
