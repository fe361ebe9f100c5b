"""Posting comments, and the people suggested while typing an @mention."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import verified_email_required
from ideas.comments import CommentForm, comment_form_context, label_authors, post_comment
from ideas.models import Idea, Observation
from ideas.rate_limits import RateLimited
from ideas.views.reactions import on_page_of

MAX_SUGGESTIONS = 8
# Longer than any name or email's first part (and SQLite refuses a LIKE pattern
# past 50,000 characters).
MAX_MENTION_QUERY = 100


def _comment(request, target):
    """Validate, post, then answer: htmx gets the new comment and a fresh form; a
    plain form goes to the comment on the post's page."""
    form = CommentForm(request.POST)
    context = comment_form_context(target)
    comment = None
    if form.is_valid():
        was_empty = target.comment_count == 0
        try:
            comment = post_comment(target=target, by=request.user, body=form.cleaned_data["body"])
        except RateLimited as limited:
            form.add_error("body", limited)
    if comment is None:
        context["comment_form"] = form
        status = 429 if form.has_error("body", "rate_limited") else 400
        if request.htmx:
            # htmx swaps only successful answers by default: the form comes back as 200.
            return render(request, "ideas/_comments.html#comment-form", context)
        return render(request, "ideas/comment_form_page.html", context, status=status)
    if not request.htmx:
        return redirect(comment)
    label_authors([comment], user=request.user)
    context |= {"comment": comment, "comment_form": CommentForm(), "was_empty": was_empty}
    if isinstance(target, Idea) and on_page_of(request, target):
        # Commenting follows the idea: update the page's follow button too.
        context["idea"] = (
            Idea.objects.select_related("tally").with_followed_by(request.user).get(pk=target.pk)
        )
        context["follow_oob"] = True
    return render(request, "ideas/_comments.html#comment-posted", context)


# verified_email_required includes the login check: visitors go to the login page.
@require_POST
@verified_email_required
def idea_comment(request, pk):
    return _comment(request, get_object_or_404(Idea.objects.visible_to(request.user), pk=pk))


@require_POST
@verified_email_required
def observation_comment(request, pk):
    observation = get_object_or_404(Observation.objects.visible_to(request.user), pk=pk)
    return _comment(request, observation)


@require_GET
@login_required
def mention_suggestions(request):
    """Up to 8 colleagues whose name or email starts with ?q= (a leading @ is
    ignored). Only names and @handles: nothing about who wrote what."""
    query = request.GET.get("q", "").strip().lstrip("@")
    if len(query) > MAX_MENTION_QUERY:
        message = f"A name to mention is at most {MAX_MENTION_QUERY} characters."
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    people = []
    if query:
        match = (
            Q(display_name__istartswith=query)
            | Q(display_name__icontains=f" {query}")
            | Q(email__istartswith=query)
        )
        found = get_user_model().objects.filter(match, is_active=True)
        people = [
            {"name": person.name, "handle": person.email.split("@")[0]}
            for person in found.only("display_name", "email")[:MAX_SUGGESTIONS]
        ]
    return render(request, "ideas/_mention_suggestions.html", {"people": people, "q": query})
