"""Ideas: list, submit, detail, edit, link evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import verified_email_required
from forum.keyset import paginate
from forum.params import parse_id
from ideas import posting
from ideas.access import get_idea_for_user
from ideas.comments import CommentForm, comment_form_context
from ideas.filters import IdeaFilterForm, render_list, without_empty_params
from ideas.forms import IdeaForm, LinkEvidenceForm
from ideas.lifecycle import manage_panel_context
from ideas.models import Idea, Observation, Status
from ideas.rate_limits import RateLimited
from ideas.timeline import Place, timeline_context
from ideas.views.observations import tag_list


def ideas_for(user):
    return (
        Idea.objects.visible_to(user)
        .select_related("author", "team", "routed_team", "category", "owner", "tally")
        .with_answer_clock()
        .with_voted_by(user)
    )


@login_required
@without_empty_params
def idea_list(request):
    form = IdeaFilterForm(request.GET or None, user=request.user)
    cards = Idea.objects.visible_to(request.user).for_cards().with_voted_by(request.user)
    ideas = form.apply(cards.prefetch_related("tags"))
    page = paginate(request, ideas)
    page.object_list = Idea.load_answer_waits_on(page.object_list)
    return render_list(request, "ideas/idea_list.html", {"form": form, "page": page})


@verified_email_required
def idea_new(request):
    if request.user.team_id is None:
        messages.error(request, posting.NO_TEAM_MESSAGE)
        return redirect("accounts:preferences")
    source = _source_observation(request)
    form = IdeaForm(
        request.POST or None,
        user=request.user,
        initial=_initial_from(source),
        evidence_choices=_evidence_choices(request.user, source),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in posting.IDEA_FORM_FIELDS}
        try:
            idea = posting.submit_idea(by=request.user, observations=form.observations(), **data)
        except RateLimited as limited:
            form.add_error(None, limited)
        else:
            messages.success(request, "Thank you: your idea is submitted.")
            return redirect(idea)
    status = 429 if form.has_error("__all__", "rate_limited") else 200
    return render(request, "ideas/idea_new.html", {"form": form, "source": source}, status=status)


def _source_observation(request):
    """The observation an idea is started from (?from=<id>), if the user may see it."""
    text = request.GET.get("from", "")
    if not text:
        return None
    number = parse_id(text)
    if number is None:
        raise Http404("?from= names no observation.")
    return get_object_or_404(Observation.objects.visible_to(request.user), pk=number)


def _initial_from(source) -> dict:
    if source is None:
        return {}
    problem = source.what_happened
    if source.customer_words:
        problem += f"\n\nThe customer said: “{source.customer_words}”"
    tags = [tag.name for tag in source.tags.all()]
    return {"problem": problem, "tags": tags, "evidence": [source.pk]}


def _evidence_choices(user, source):
    """The observation the idea starts from and the user's own latest ones."""
    ids = list(
        Observation.objects.visible_to(user).filter(author=user).values_list("pk", flat=True)[:8]
    )
    if source is not None:
        ids.insert(0, source.pk)
    return Observation.objects.filter(pk__in=ids).order_by("-created_at")


def timeline_place(request):
    """The place in the timeline that ?comments= names (ideas.timeline.Place), or None
    for the latest page."""
    text = request.GET.get("comments", "")
    if not text:
        return None
    place = Place.parse(text)
    if place is None:
        raise Http404("?comments= names no comment or event.")
    return place


def _detail_context(request, idea, link_form=None) -> dict:
    user = request.user
    evidence = Observation.objects.visible_to(user).filter(evidence__idea=idea)
    return {
        "idea": idea,
        "tags": tag_list(idea),
        "evidence": evidence.with_people().order_by("evidence__created_at"),
        "revisions": idea.revisions.all(),
        "may_edit": posting.may_edit(idea, user),
        "link_form": link_form or LinkEvidenceForm(user=user),
        "comment_form": CommentForm(),
        **comment_form_context(idea),
        **timeline_context(idea=idea, user=user, place=timeline_place(request)),
        **manage_panel_context(idea=idea, user=user),
    }


def _get_idea(request, pk):
    ideas = ideas_for(request.user).with_followed_by(request.user).with_tag_names()
    return get_object_or_404(ideas, pk=pk)


@login_required
def idea_detail(request, pk):
    idea = _get_idea(request, pk)
    if idea.status == Status.MERGED and idea.merged_into_id:
        messages.info(request, f"“{idea.title}” was merged into this idea.")
        return redirect("ideas:idea_detail", idea.merged_into_id)
    return render(request, "ideas/idea_detail.html", _detail_context(request, idea))


@login_required
def idea_timeline(request, pk):
    """A page of the timeline, for htmx's "Show earlier comments"; without htmx, the
    idea page showing that page."""
    idea, place = get_idea_for_user(request, pk), timeline_place(request)
    if not request.htmx:
        query = f"?comments={place}" if place else ""
        return redirect(f"{idea.get_absolute_url()}{query}#timeline")
    context = timeline_context(idea=idea, user=request.user, place=place)
    return render(request, "ideas/_timeline.html#timeline-entries", context)


@verified_email_required
def idea_edit(request, pk):
    idea = get_object_or_404(Idea.objects.visible_to(request.user), pk=pk)
    if not posting.may_edit(idea, request.user):
        raise PermissionDenied
    form = IdeaForm(request.POST or None, instance=idea, user=request.user)
    if request.method == "POST" and form.is_valid():
        posting.edit_idea(idea=idea, by=request.user, **form.cleaned_data)
        messages.success(request, "Your changes are saved; the earlier version is kept.")
        return redirect(idea)
    return render(request, "ideas/idea_edit.html", {"form": form, "idea": idea})


@verified_email_required
@require_POST
def link_evidence(request, pk):
    idea = _get_idea(request, pk)
    if idea.status == Status.MERGED:
        raise PermissionDenied  # its evidence lives on the surviving idea
    form = LinkEvidenceForm(request.POST, user=request.user)
    if form.is_valid():
        observation = form.cleaned_data["observation"]
        posting.link_evidence(idea=idea, observation=observation, by=request.user)
        if not request.htmx:
            messages.success(request, f"Observation #{observation.pk} is linked as evidence.")
            return redirect(idea)
        form = None
    context = _detail_context(request, idea, link_form=form)
    if request.htmx:
        return render(request, "ideas/idea_detail.html#evidence", context)
    return render(request, "ideas/idea_detail.html", context, status=400)
