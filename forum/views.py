from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.models import Team
from forum import health
from ideas import customer_cards
from ideas.models import OPEN_STATUSES, Idea, Observation
from ideas.views.manage import home_queue


@login_required
def home(request):
    """A manager's queue first (CX leads' too); then my team's latest observations and
    ideas, trending company-wide, what I follow."""
    user = request.user
    ideas = Idea.objects.visible_to(user).not_merged().for_cards().with_voted_by(user)
    team = user.team
    context = {
        "queue": home_queue(user),
        # Tell-your-customer cards still to tell: the cards, then their words (if any).
        "cards": customer_cards.load_words(
            customer_cards.cards_of(user).untold()[: customer_cards.HOME_LIMIT]
        ),
        "team": team,
        "trending": ideas.filter(status__in=OPEN_STATUSES).trending()[:5],
        "following": ideas.filter(follows__user=user).order_by("-status_changed_at", "-id")[:5],
    }
    if team is not None:
        # The team and the teams below it: a region's people see their stores' posts.
        team_ids = Team.objects.within(team.path).values("pk")
        context["team_ideas"] = ideas.from_teams(team_ids, user).newest()[:5]
        observations = Observation.objects.visible_to(user).with_people().with_seen_by(user)
        context["team_observations"] = observations.from_teams(team_ids, user)[:5]
    # Whom the cards wait on, for all three lists at once.
    card_lists = [key for key in ("trending", "following", "team_ideas") if key in context]
    for key in card_lists:
        context[key] = list(context[key])
    queue = context["queue"]["awaiting"] if context["queue"] else []
    Idea.load_answer_waits_on([*queue, *(idea for key in card_lists for idea in context[key])])
    return render(request, "forum/home.html", context)


@never_cache
def healthz(request):
    """Public JSON health: 200 when the database, broker and workers are up, else 503."""
    result = health.report()
    return JsonResponse(result, status=200 if result["status"] == "ok" else 503)
