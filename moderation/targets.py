"""What can be reported and moderated: an idea, an observation or a comment, named in
addresses by its kind ("idea", "observation", "comment") and id."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ideas.models import Comment, Idea, Observation

MODELS = {"idea": Idea, "observation": Observation, "comment": Comment}


def kind_of(target) -> str:
    return target._meta.model_name


def post_of(target):
    """The idea or observation a target is, or is a comment on."""
    if isinstance(target, Comment):
        return target.idea or target.observation
    return target


def idea_of(target) -> Idea | None:
    """The idea whose timeline records what happens to the target, if any."""
    post = post_of(target)
    return post if isinstance(post, Idea) else None


def author_id_of(target) -> int:
    return target.author_id


def excerpt_of(target) -> str:
    """The target's own text, for the queue and the report page."""
    if isinstance(target, Idea):
        return target.title
    if isinstance(target, Observation):
        return target.what_happened
    return target.body


def visible_filter(user) -> dict:
    """Hidden targets are for CX leads only: a lookup for everyone else."""
    return {} if getattr(user, "is_cx_lead", False) else {"is_hidden": False}


def get_target_for_user(user, kind: str, pk: int):
    """The target `user` may see, or 404 (an unknown kind, a hidden target for
    anyone but a CX lead, a comment on a post they may not see)."""
    model = MODELS.get(kind)
    if model is None:
        raise Http404("Nothing of that kind can be reported.")
    rows = model.objects.filter(**visible_filter(user))
    if model is Comment:
        rows = rows.select_related("idea", "observation", "author")
    else:
        rows = rows.with_people()
    target = get_object_or_404(rows, pk=pk)
    post = post_of(target)
    if post.is_hidden and not getattr(user, "is_cx_lead", False):
        raise Http404("This post is not available.")
    return target
