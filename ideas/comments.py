"""Comments on ideas and observations: Markdown, sanitised once when posted, with
@mentions (`@alice` mentions the colleague whose email is alice@…)."""

from functools import reduce
from operator import or_

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse

from ideas import markdown, rate_limits
from ideas.manager_response import record_manager_response
from ideas.models import Comment, Idea, IdeaEvent
from ideas.reactions import follow_idea
from notifications import dispatch

MAX_LENGTH = 5000
# More @names than this in one comment are not looked up: a comment is not a mailing list.
MAX_MENTIONS = 20


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Add a comment",
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Write something before posting your comment.",
            "max_length": "Comments can be at most %(limit_value)d characters "
            "(this one has %(show_value)d).",
        },
    )


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError("Write something before posting your comment.", code="required")
    if len(body) > MAX_LENGTH:
        raise ValidationError(
            f"Comments can be at most {MAX_LENGTH} characters (this one has {len(body)}).",
            code="max_length",
        )
    return body


def mentioned_people(body: str) -> list:
    """Active colleagues whose email local part is @named in the body (outside code)."""
    names = markdown.mention_candidates(body)[:MAX_MENTIONS]
    if not names:
        return []
    match = reduce(or_, (Q(email__istartswith=f"{name}@") for name in names))
    return list(get_user_model().objects.filter(match, is_active=True))


@transaction.atomic
def post_comment(*, target, by, body: str) -> Comment:
    """Comment on an idea or an observation. On an idea the commenter follows it, the
    timeline records the comment, and a manager's comment is their response
    (`record_manager_response`). At most COMMENT_RATE_LIMIT (rate_limits.RateLimited)."""
    body = clean_body(body)
    rate_limits.check_commenting(by)
    people = mentioned_people(body)
    names = {person.email.split("@")[0].lower() for person in people}
    on_idea = isinstance(target, Idea)
    comment = Comment.objects.create(
        idea=target if on_idea else None,
        observation=None if on_idea else target,
        author=by,
        body=body,
        body_html=markdown.render(body, mentions=names),
    )
    mentioned = [person for person in people if person.pk != by.pk]
    comment.mentions.set(mentioned)
    type(target).objects.filter(pk=target.pk).update(comment_count=F("comment_count") + 1)
    target.refresh_from_db(fields=["comment_count"])
    if on_idea:
        follow_idea(idea=target, by=by)
        IdeaEvent.objects.create(
            idea=target, kind=IdeaEvent.Kind.COMMENTED, actor=by, comment=comment
        )
        record_manager_response(idea=target, by=by, at=comment.created_at)
    dispatch.notify_comment(comment=comment, mentioned=mentioned)
    return comment


def label_authors(comments, *, user) -> None:
    """Mark comments written by the anonymous author of the post, so the page says
    "the author" instead of their name to everyone who may not know who it is."""
    for comment in comments:
        comment.by_anonymous_author = not comment.author_visible_to(user)


def comment_action(target) -> str:
    if isinstance(target, Idea):
        return reverse("ideas:idea_comment", args=[target.pk])
    return reverse("ideas:observation_comment", args=[target.pk])


def readable_comments(target, *, user):
    """The comments on an idea or observation that `user` may read (hidden ones for
    CX leads only), with their authors joined: a queryset."""
    comments = target.comments.select_related("author")
    if not getattr(user, "is_cx_lead", False):
        comments = comments.filter(is_hidden=False)
    return comments


def visible_comments(target, *, user) -> list[Comment]:
    """The comments on an idea or observation that `user` may read, oldest first,
    with their authors and labelled (label_authors). One query."""
    comments = list(readable_comments(target, user=user))
    label_authors(comments, user=user)
    return comments


def comment_form_context(target) -> dict:
    """What templates/ideas/_comments.html needs besides the comments. On an idea
    the comments are read in its timeline (ideas.timeline.timeline_context), so the
    section is only the form there."""
    return {
        "comment_target": target,
        "comment_action": comment_action(target),
        "comments_in_timeline": isinstance(target, Idea),
    }


def comments_context(*, target, user, form=None) -> dict:
    """Context for templates/ideas/_comments.html on an idea or observation page:
    the comments with their authors in one query, and the form."""
    return {
        "comments": visible_comments(target, user=user),
        "comment_form": form or CommentForm(),
        **comment_form_context(target),
    }
