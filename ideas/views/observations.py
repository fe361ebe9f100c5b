"""Observations: list, post, detail, edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from accounts.decorators import verified_email_required
from forum.keyset import paginate
from ideas.comments import comments_context
from ideas.filters import ObservationFilterForm, render_list, without_empty_params
from ideas.forms import ObservationForm
from ideas.models import Idea, Observation
from ideas.posting import NO_TEAM_MESSAGE, edit_observation, may_edit, post_observation
from ideas.rate_limits import RateLimited


def observations_for(user):
    return Observation.objects.visible_to(user).with_people().with_seen_by(user)


def tag_list(post) -> list[str]:
    """The names annotated by PostQuerySet.with_tag_names, sorted."""
    return sorted(post.tag_names.split(",")) if post.tag_names else []


@login_required
@without_empty_params
def observation_list(request):
    form = ObservationFilterForm(request.GET or None, user=request.user)
    observations = form.apply(observations_for(request.user).prefetch_related("tags"))
    context = {"form": form, "page": paginate(request, observations)}
    return render_list(request, "ideas/observation_list.html", context)


@verified_email_required
def observation_new(request):
    if request.user.team_id is None:
        messages.error(request, NO_TEAM_MESSAGE)
        return redirect("accounts:preferences")
    form = ObservationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            observation = post_observation(by=request.user, **form.cleaned_data)
        except RateLimited as limited:
            form.add_error(None, limited)
        else:
            messages.success(request, "Thank you: your observation is posted.")
            return redirect(observation)
    status = 429 if form.has_error("__all__", "rate_limited") else 200
    return render(request, "ideas/observation_new.html", {"form": form}, status=status)


@login_required
def observation_detail(request, pk):
    observation = get_object_or_404(observations_for(request.user).with_tag_names(), pk=pk)
    ideas = Idea.objects.visible_to(request.user).filter(evidence__observation=observation)
    context = {
        "observation": observation,
        "tags": tag_list(observation),
        "ideas": ideas.order_by("-created_at").only("pk", "title", "status"),
        "revisions": observation.revisions.all(),
        "may_edit": may_edit(observation, request.user),
        "room_hands": _room_hands(observation, request.user),
        **comments_context(target=observation, user=request.user),
    }
    return render(request, "ideas/observation_detail.html", context)


def _room_hands(observation, user) -> list:
    """Hands raised for it in team huddles (the huddle_cards of insights). A huddle
    names a team, so none for those who may not know an anonymous post's author."""
    if not observation.author_visible_to(user):
        return []
    return list(observation.huddle_cards.with_hands()[:3])


@verified_email_required
def observation_edit(request, pk):
    observation = get_object_or_404(Observation.objects.visible_to(request.user), pk=pk)
    if not may_edit(observation, request.user):
        raise PermissionDenied
    form = ObservationForm(request.POST or None, instance=observation, user=request.user)
    if request.method == "POST" and form.is_valid():
        edit_observation(observation=observation, by=request.user, **form.cleaned_data)
        messages.success(request, "Your changes are saved; the earlier version is kept.")
        return redirect(observation)
    return render(
        request, "ideas/observation_edit.html", {"form": form, "observation": observation}
    )
