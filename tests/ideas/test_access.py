"""Who may act on an idea's lifecycle: every action, every persona, in the action and
through its view. The idea is alice's, routed to the Leeds store."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from ideas import lifecycle
from ideas.access import can_manage_idea, can_triage, get_idea_for_user, may_see_author
from ideas.models import Escalation, Idea, IdeaEvent, Status
from tests.ideas.lifecycle_helpers import (
    MAY_MANAGE,
    MAY_NOT_MANAGE,
    submitted_idea,
)


@pytest.fixture
def idea(alice):
    return submitted_idea(alice, title="Let customers book a fitting slot")


@pytest.fixture
def other_idea(alice):
    return submitted_idea(alice, title="Fitting slots online")


def _target_date():
    return timezone.localdate() + datetime.timedelta(days=30)


# action name → (call the action, URL name, POST data); each gets (idea, other, bristol)
ACTIONS = {
    "change_status": (
        lambda idea, by, other, team: lifecycle.change_status(
            idea=idea, by=by, to=Status.UNDER_REVIEW, note="Looking at it"
        ),
        "ideas:idea_status",
        lambda other, team: {"to": "under_review", "note": "Looking at it"},
    ),
    "assign_owner": (
        lambda idea, by, other, team: lifecycle.assign_owner(idea=idea, by=by, owner=by),
        "ideas:idea_owner",
        lambda other, team: {"owner": "alice@example.com"},
    ),
    "set_target_date": (
        lambda idea, by, other, team: lifecycle.set_target_date(
            idea=idea, by=by, target_date=_target_date()
        ),
        "ideas:idea_owner",
        lambda other, team: {"owner": "", "target_date": _target_date().isoformat()},
    ),
    "reroute": (
        lambda idea, by, other, team: lifecycle.reroute(
            idea=idea, by=by, team=team, note="Bristol runs bookings"
        ),
        "ideas:idea_route",
        lambda other, team: {"team": team.pk, "note": "Bristol runs bookings"},
    ),
    "merge_ideas": (
        lambda idea, by, other, team: lifecycle.merge_ideas(
            idea=idea, into=other, by=by, note="Same idea"
        ),
        "ideas:idea_merge",
        lambda other, team: {"into": other.pk, "note": "Same idea"},
    ),
}


@pytest.mark.parametrize("persona", MAY_MANAGE)
@pytest.mark.parametrize("action", ACTIONS)
def test_managers_of_the_area_and_cx_leads_may_act(
    request, persona, action, idea, other_idea, bristol
):
    user = request.getfixturevalue(persona)
    act, _url, _data = ACTIONS[action]
    event = act(idea, user, other_idea, bristol)
    assert isinstance(event, IdeaEvent)
    assert event.actor == user


@pytest.mark.parametrize("persona", MAY_NOT_MANAGE)
@pytest.mark.parametrize("action", ACTIONS)
def test_others_may_not_act(request, persona, action, idea, other_idea, bristol):
    user = request.getfixturevalue(persona)
    act, _url, _data = ACTIONS[action]
    with pytest.raises(PermissionDenied):
        act(idea, user, other_idea, bristol)
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED
    assert (idea.owner, idea.target_date, idea.routed_team.name) == (None, None, "Leeds store")
    assert not IdeaEvent.objects.exclude(kind=IdeaEvent.Kind.SUBMITTED).exists()


@pytest.mark.parametrize("persona", MAY_MANAGE)
@pytest.mark.parametrize("action", ACTIONS)
def test_managers_and_cx_leads_may_act_through_the_view(
    client, request, persona, action, idea, other_idea, bristol
):
    client.force_login(request.getfixturevalue(persona))
    _act, url, data = ACTIONS[action]
    response = client.post(reverse(url, args=[idea.pk]), data(other_idea, bristol))
    assert response.status_code == 302
    assert IdeaEvent.objects.filter(idea=idea).exclude(kind=IdeaEvent.Kind.SUBMITTED).exists()


@pytest.mark.parametrize("persona", MAY_NOT_MANAGE)
@pytest.mark.parametrize("action", ACTIONS)
def test_others_get_403_from_the_view(client, request, persona, action, idea, other_idea, bristol):
    client.force_login(request.getfixturevalue(persona))
    _act, url, data = ACTIONS[action]
    response = client.post(reverse(url, args=[idea.pk]), data(other_idea, bristol))
    assert response.status_code == 403
    assert not IdeaEvent.objects.filter(idea=idea).exclude(kind="submitted").exists()


@pytest.mark.parametrize("persona", MAY_NOT_MANAGE)
def test_others_get_403_for_the_status_form_page(client, request, persona, idea):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("ideas:idea_status", args=[idea.pk])).status_code == 403


@pytest.mark.parametrize("persona", MAY_MANAGE)
def test_managers_get_the_status_form_page(client, request, persona, idea):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("ideas:idea_status", args=[idea.pk]))
    assert response.status_code == 200
    assert b'name="note"' in response.content


@pytest.mark.parametrize("persona", MAY_MANAGE)
def test_a_managers_comment_resolves_escalations(client, request, persona, idea, bob, leeds):
    Escalation.objects.create(idea=idea, rule="unanswered", team=leeds, manager=bob)
    client.force_login(request.getfixturevalue(persona))

    response = client.post(reverse("ideas:idea_comment", args=[idea.pk]), {"body": "On it"})

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.first_response_at == idea.comments.get().created_at
    assert not Escalation.objects.filter(resolved_at__isnull=True).exists()


@pytest.mark.parametrize("persona", MAY_NOT_MANAGE)
def test_a_comment_by_anyone_else_resolves_nothing(client, request, persona, idea, bob, leeds):
    Escalation.objects.create(idea=idea, rule="unanswered", team=leeds, manager=bob)
    client.force_login(request.getfixturevalue(persona))

    response = client.post(reverse("ideas:idea_comment", args=[idea.pk]), {"body": "+1"})

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.first_response_at is None
    assert Escalation.objects.filter(resolved_at__isnull=True).count() == 1


def test_can_manage_idea_matches_the_personas(alice, bob, nora, carol, dave, erin, idea):
    idea = Idea.objects.select_related("routed_team").get(pk=idea.pk)
    may = {u.name for u in (alice, bob, nora, carol, dave, erin) if can_manage_idea(u, idea)}
    assert may == {"Bob Baker", "Nora North", "Carol Clark"}


def test_checking_many_ideas_reads_the_managed_teams_once(bob, alice, django_assert_num_queries):
    ideas = list(
        Idea.objects.select_related("routed_team").filter(
            pk__in=[submitted_idea(alice).pk for _ in range(5)]
        )
    )
    with django_assert_num_queries(1):  # bob's managed team paths, then prefix tests
        assert all(can_manage_idea(bob, idea) for idea in ideas)


def test_only_managers_and_cx_leads_triage(alice, bob, nora, carol, dave, erin):
    assert [can_triage(u) for u in (alice, bob, nora, carol, dave, erin)] == [
        False,
        True,
        True,
        True,
        False,
        True,
    ]


def test_a_hidden_idea_is_404_except_for_cx_leads(idea, dave, carol):
    from django.http import Http404

    Idea.objects.filter(pk=idea.pk).update(is_hidden=True)
    request = RequestFactory().get("/")
    request.user = dave
    with pytest.raises(Http404):
        get_idea_for_user(request, idea.pk)
    request.user = carol
    assert get_idea_for_user(request, idea.pk) == idea


def test_a_hidden_idea_is_404_through_the_view_even_for_its_manager(client, idea, bob):
    Idea.objects.filter(pk=idea.pk).update(is_hidden=True)
    client.force_login(bob)
    response = client.post(reverse("ideas:idea_status", args=[idea.pk]), {"to": "planned"})
    assert response.status_code == 404


def test_only_cx_leads_and_the_author_may_see_an_anonymous_author(alice, bob, carol, dave):
    idea = submitted_idea(alice, is_anonymous=True)
    assert [may_see_author(u, idea) for u in (alice, bob, carol, dave)] == [
        True,
        False,
        True,
        False,
    ]
    named = submitted_idea(alice)
    assert may_see_author(dave, named)


def test_an_unverified_manager_cannot_act(client, idea, leeds):
    from tests.factories import UserFactory

    manager = UserFactory(team=leeds, verified=False)
    leeds.manager = manager
    leeds.save()
    client.force_login(manager)
    response = client.post(
        reverse("ideas:idea_status", args=[idea.pk]), {"to": "under_review", "note": "x"}
    )
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED
    assert response.status_code == 200
    assert "<h1>Confirm your email address first</h1>" in response.content.decode()
