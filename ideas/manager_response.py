"""A manager responded to an idea: the one rule for it.

A manager is whoever may manage the idea (`can_manage_idea`: a CX lead, or a manager
of the routed team or of a team above it). Their status change, merge or comment is a
response; anyone else's comment is not. The answer clock (`first_response_at`) and
escalation are built on this rule, so they call this and never test "a manager acted"
themselves.
"""

from django.db import transaction

from ideas.access import can_manage_idea
from ideas.models import Escalation, Idea


@transaction.atomic(savepoint=False)
def record_manager_response(*, idea: Idea, by, at) -> bool:
    """If `by` may manage `idea`, record that they responded at `at`: the idea's first
    response (set once, never moved by a later one) and its open escalations resolved.
    Returns whether it counted as a manager's response. Called by change_status,
    merge_ideas and post_comment, inside their transactions."""
    if not can_manage_idea(by, idea):
        return False
    Escalation.objects.filter(idea=idea, resolved_at__isnull=True).update(resolved_at=at)
    if idea.first_response_at is None:
        # Conditional, so a response recorded meanwhile (a stale `idea`) is kept.
        first = Idea.objects.filter(pk=idea.pk, first_response_at__isnull=True)
        if first.update(first_response_at=at):
            idea.first_response_at = at
        else:
            idea.refresh_from_db(fields=["first_response_at"])
    return True
