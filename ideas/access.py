"""May this user see / change this idea?

Seeing: everyone signed in sees ideas that are not hidden; CX leads see hidden ones too.
Changing an idea's lifecycle (status, owner, target date, route, merge): a CX lead, or a
manager of the idea's routed team or of any team above it.
"""

from django.shortcuts import get_object_or_404

from ideas.models import Idea


def managed_paths(user) -> list[str]:
    """The paths of the teams `user` manages (read once per user object)."""
    return user.managed_area_paths() if user.is_authenticated else []


def can_triage(user) -> bool:
    """Whether `user` has a triage queue at all: CX leads and managers."""
    return user.is_authenticated and (user.is_cx_lead or bool(managed_paths(user)))


def can_manage_idea(user, idea) -> bool:
    """CX leads, and managers of the routed team or of a team above it.

    "Is the routed team inside an area I manage" is read off the team paths, with no
    query per level of the tree (and none for the routed team of a non-manager).
    """
    if not user.is_authenticated:
        return False
    if user.is_cx_lead:
        return True
    areas = managed_paths(user)
    return bool(areas) and idea.routed_team.is_within(*areas)


def get_idea_for_user(request, pk, queryset=None) -> Idea:
    """The idea, or 404 when it is hidden and the user is not a CX lead."""
    queryset = Idea.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.visible_to(request.user).select_related("routed_team"), pk=pk)


def may_see_author(user, post) -> bool:
    """Anonymous posts show their author only to CX leads and the author themself."""
    return post.author_visible_to(user)
