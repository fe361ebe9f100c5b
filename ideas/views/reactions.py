"""Vote, follow and "seen this too" buttons: POST forms that htmx swaps in place."""

from urllib.parse import urlsplit

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from accounts.decorators import verified_email_required
from forum.navigation import safe_next
from ideas.models import Idea, Observation
from ideas.reactions import VotingClosed, toggle_follow, toggle_seen_this_too, toggle_vote


def on_page_of(request, post) -> bool:
    """Whether an htmx request comes from the post's own page (which has more buttons
    that the answer may update out of band)."""
    return urlsplit(request.htmx.current_url_abs_path or "").path == post.get_absolute_url()


def _is_suggestion(request) -> bool:
    """?as=suggestion: the vote button beside a similar idea in the new-idea form."""
    return request.GET.get("as") == "suggestion"


def _vote_template(request) -> str:
    return "ideas/_similar_vote.html" if _is_suggestion(request) else "ideas/_vote_button.html"


# verified_email_required includes the login check: visitors go to the login page.
@require_POST
@verified_email_required
def vote(request, pk):
    idea = Idea(pk=pk)  # toggle_vote reads (and locks) the row, if the voter may see it
    back = safe_next(request, idea.get_absolute_url())  # a plain form's way back, at the idea
    back = back if "#" in back else f"{back}#vote-{pk}"
    try:
        toggle_vote(idea=idea, by=request.user)
    except Idea.DoesNotExist:
        raise Http404("No idea found.") from None
    except VotingClosed as closed:
        if not request.htmx:
            return HttpResponse(str(closed), status=409, content_type="text/plain")
        idea = Idea.objects.select_related("tally").with_voted_by(request.user).get(pk=pk)
        context = {"idea": idea, "vote_error": str(closed)}
        return _in_place(request, render(request, _vote_template(request), context, status=409), pk)
    if not request.htmx:
        return redirect(back)
    # A vote also follows: on the idea's page the follow button is updated too.
    # toggle_vote left on `idea` what both buttons show.
    context = {"idea": idea, "follow_oob": on_page_of(request, idea)}
    return _in_place(request, render(request, _vote_template(request), context), pk)


def _in_place(request, response, pk):
    """The vote button's answer replaces its own widget: the request came from the
    page's one vote form (base.html), which is not where the answer goes."""
    if not _is_suggestion(request):
        retarget(response, f"#vote-{pk}")
        reswap(response, "outerHTML")
    return response


@require_POST
@verified_email_required
def follow(request, pk):
    idea = get_object_or_404(Idea.objects.visible_to(request.user), pk=pk)
    back = safe_next(request, idea.get_absolute_url())
    toggle_follow(idea=idea, by=request.user)
    if not request.htmx:
        return redirect(back)
    idea = Idea.objects.select_related("tally").with_followed_by(request.user).get(pk=pk)
    return render(request, "ideas/_follow_button.html", {"idea": idea})


@require_POST
@verified_email_required
def seen_this_too(request, pk):
    observation = get_object_or_404(Observation.objects.visible_to(request.user), pk=pk)
    back = safe_next(request, observation.get_absolute_url())
    toggle_seen_this_too(observation=observation, by=request.user)
    if not request.htmx:
        return redirect(back)
    observation = Observation.objects.with_seen_by(request.user).get(pk=pk)
    return render(request, "ideas/_seen_button.html", {"observation": observation})
