"""The team huddle: the page, the board it polls for, and the room's actions. Every
action is a plain form POST that redirects back; htmx swaps the hands in place."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.decorators import verified_email_required
from accounts.models import Team
from forum.params import parse_id
from ideas.models import Observation
from insights.huddle import (
    board_context,
    elevate,
    huddle_teams,
    lower_hand,
    may_hold_huddle,
    picks_teams,
    raise_hand,
    start_huddle,
)
from insights.models import Huddle

# The board asks the server for news this often (htmx polling).
POLL_SECONDS = 30


class Refused(Exception):
    """A huddle the person cannot open: the status and what to tell them."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def huddle_url(team) -> str:
    return f"{reverse('insights:huddle')}?{urlencode({'team': team.pk})}"


def huddle_url_for(request) -> str:
    """The page that a board request belongs to."""
    team = request.GET.get("team", "")
    return (
        f"{reverse('insights:huddle')}?{urlencode({'team': team})}"
        if team
        else reverse("insights:huddle")
    )


def _team_for(request, text) -> Team:
    """The team asked for (?team= or the posted team), else the person's own."""
    user = request.user
    if not text:
        if user.team_id is None:
            raise Refused(400, "You are not in a team yet, so there is no huddle to show.")
        team = user.team
    else:
        number = parse_id(text)
        if number is None:
            raise Refused(400, f"“{text[:40]}” is not a team: pick one from the list.")
        team = Team.objects.filter(pk=number).first()
        if team is None:
            raise Refused(404, f"There is no team #{number}: pick one from the list.")
    if not may_hold_huddle(user, team):
        raise Refused(
            403,
            f"The {team.name} huddle is for that team and the managers of its area. "
            "You can open your own team's huddle.",
        )
    return team


def _refused(request, refused: Refused):
    context = {"message": refused.message, "team_choices": _team_choices(request.user)}
    return render(request, "insights/huddle_refused.html", context, status=refused.status)


def _team_choices(user) -> list:
    """The team picker's options, for those with more than their own team."""
    if not picks_teams(user):
        return []
    rows = list(huddle_teams(user).order_by("path").values_list("pk", "name", "depth"))
    top = min((depth for _, _, depth in rows), default=0)
    return [(pk, "— " * (depth - top) + name) for pk, name, depth in rows]


@login_required
@require_GET
def huddle(request):
    try:
        team = _team_for(request, request.GET.get("team"))
    except Refused as refused:
        return _refused(request, refused)
    context = {
        **board_context(team, request.user),
        "team_choices": _team_choices(request.user),
        "poll_seconds": POLL_SECONDS,
    }
    return render(request, "insights/huddle.html", context)


@require_GET
def huddle_board(request):
    """The board alone, for the page's polling."""
    if not request.user.is_authenticated:
        # A screen left on after its session ended: the whole page goes to log in,
        # rather than the login form landing inside the board.
        login = f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': huddle_url_for(request)})}"
        return HttpResponseClientRedirect(login)
    try:
        team = _team_for(request, request.GET.get("team"))
    except Refused as refused:
        return _refused(request, refused)
    context = {**board_context(team, request.user), "poll_seconds": POLL_SECONDS}
    return render(request, "insights/huddle.html#board", context)


@require_POST
@verified_email_required
def start(request):
    try:
        team = _team_for(request, request.POST.get("team"))
    except Refused as refused:
        return _refused(request, refused)
    huddle, created = start_huddle(team=team, by=request.user)
    at = timezone.localtime(huddle.started_at).strftime("%H:%M")
    if created:
        messages.success(
            request, f"The huddle started at {at}. Tap a hand for each person who has seen it too."
        )
    else:
        messages.info(request, f"The huddle had already started, at {at}.")
    return redirect(huddle_url(team))


def _room(request, huddle_id, observation_id):
    """The huddle and one of its team's observations, as the person may see them."""
    huddle = get_object_or_404(Huddle.objects.select_related("team"), pk=huddle_id)
    if not may_hold_huddle(request.user, huddle.team):
        raise PermissionDenied("This huddle is not yours to take part in.")
    observations = (
        Observation.objects.visible_to(request.user)
        .from_teams(Team.objects.within(huddle.team.path), request.user)
        .select_related("team")
    )
    return huddle, get_object_or_404(observations, pk=observation_id)


def _hands(request, *, undo: bool, huddle_id, observation_id):
    huddle, observation = _room(request, huddle_id, observation_id)
    verb = lower_hand if undo else raise_hand
    observation.hands = verb(huddle=huddle, observation=observation, by=request.user)
    if not request.htmx:
        return redirect(f"{huddle_url(huddle.team)}#observation-{observation.pk}")
    context = {"huddle": huddle, "observation": observation}
    return render(request, "insights/huddle.html#hands", context)


@require_POST
@verified_email_required
def hand(request, huddle_id, observation_id):
    return _hands(request, undo=False, huddle_id=huddle_id, observation_id=observation_id)


@require_POST
@verified_email_required
def undo_hand(request, huddle_id, observation_id):
    return _hands(request, undo=True, huddle_id=huddle_id, observation_id=observation_id)


@require_POST
@verified_email_required
def elevate_observation(request, huddle_id, observation_id):
    """Record the elevation, then open the new-idea form started from the observation."""
    huddle, observation = _room(request, huddle_id, observation_id)
    elevate(huddle=huddle, observation=observation, by=request.user)
    return redirect(f"{reverse('ideas:idea_new')}?{urlencode({'from': observation.pk})}")
