"""What the post pages show CX leads of moderation: why a post is hidden, and (on an
observation, which has no timeline) everything done to it and its comments."""

from django import template
from django.db.models import Q

from moderation.models import ModerationAction

register = template.Library()


@register.simple_tag
def hidden_reason(target) -> ModerationAction | None:
    """The latest hide of a hidden target (one query; none for a visible one)."""
    if not target.is_hidden:
        return None
    hides = ModerationAction.objects.filter(kind=ModerationAction.Kind.HIDE)
    return hides.filter(**{target._meta.model_name: target}).select_related("by").first()


@register.simple_tag
def moderation_record(observation) -> list[ModerationAction]:
    """Every action on an observation and its comments, newest first (one query)."""
    about = Q(observation=observation) | Q(comment__observation=observation)
    return list(ModerationAction.objects.filter(about).select_related("by", "comment"))
