"""N and V: one settings row that CX leads edit in the admin, a category able to
override N; changing N moves the due date of every idea still waiting for an answer."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction

from ideas.models import EscalationPolicy, Idea
from tests.factories import CategoryFactory, UserFactory
from tests.ideas.lifecycle_helpers import days_ago, submitted_idea

URL = "/admin/ideas/escalationpolicy/1/change/"


def due_in_days(idea) -> float:
    idea.refresh_from_db()
    return (idea.answer_due_at - idea.created_at) / timedelta(days=1)


def test_the_policy_has_the_products_defaults(db):
    policy = EscalationPolicy.current()

    assert (policy.pk, policy.unanswered_days, policy.popular_votes) == (1, 5, 25)


def test_the_database_refuses_a_threshold_below_one(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        EscalationPolicy.objects.create(pk=1, unanswered_days=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        CategoryFactory(unanswered_days=0)


def test_the_policys_admin_list_opens_the_one_row(client, carol):
    client.force_login(carol)

    response = client.get("/admin/ideas/escalationpolicy/")

    assert response.status_code == 302
    assert response["Location"] == URL


def test_there_is_no_second_policy_and_no_deleting_it(client, carol):
    EscalationPolicy.current()
    client.force_login(carol)

    assert client.get("/admin/ideas/escalationpolicy/add/").status_code == 403
    assert client.get("/admin/ideas/escalationpolicy/1/delete/").status_code == 403
    assert 'href="/admin/ideas/escalationpolicy/1/delete/"' not in client.get(URL).content.decode()


def test_a_cx_lead_changes_n_and_the_unanswered_ideas_due_dates_follow(client, carol, alice, bob):
    waiting = submitted_idea(alice, created_at=days_ago(2))
    answered = submitted_idea(alice, created_at=days_ago(2))
    Idea.objects.filter(pk=answered.pk).update(first_response_at=days_ago(1))
    client.force_login(carol)

    response = client.post(URL, {"unanswered_days": "3", "popular_votes": "10"}, follow=True)

    assert response.status_code == 200
    assert "Due dates recomputed for 1 ideas awaiting a first answer." in response.content.decode()
    policy = EscalationPolicy.current()
    assert (policy.unanswered_days, policy.popular_votes) == (3, 10)
    assert due_in_days(waiting) == 3
    assert due_in_days(answered) == 5  # its clock has stopped: history stays


def test_a_threshold_of_zero_is_a_form_error(client, carol):
    EscalationPolicy.current()
    client.force_login(carol)

    response = client.post(URL, {"unanswered_days": "0", "popular_votes": "25"})

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    assert EscalationPolicy.current().unanswered_days == 5


def test_staff_who_are_not_cx_leads_may_not_change_the_policy(client, alice):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(codename__endswith="escalationpolicy")
    )  # even with the model permissions
    EscalationPolicy.current()
    client.force_login(staff)

    assert client.post(URL, {"unanswered_days": "1", "popular_votes": "1"}).status_code == 403
    assert EscalationPolicy.current().unanswered_days == 5


def test_staff_without_the_permissions_do_not_even_see_the_policy(client, alice):
    client.force_login(UserFactory(is_staff=True))

    assert client.get("/admin/ideas/escalationpolicy/").status_code == 403
    assert client.get(URL).status_code == 403


def test_the_category_list_shows_each_categorys_n(client, carol):
    CategoryFactory(name="Safety", unanswered_days=2)
    client.force_login(carol)

    html = client.get("/admin/ideas/category/").content.decode()

    assert "Days to a first answer" in html
    assert '<td class="field-unanswered_days">2</td>' in html


def test_changing_a_categorys_n_moves_its_ideas_due_dates(client, carol, alice, bob):
    safety = CategoryFactory(name="Safety", slug="safety")
    in_safety = submitted_idea(alice, category=safety)
    elsewhere = submitted_idea(alice)
    client.force_login(carol)

    response = client.post(
        f"/admin/ideas/category/{safety.pk}/change/",
        {"name": "Safety", "slug": "safety", "description": "", "unanswered_days": "2"},
    )

    assert response.status_code == 302
    assert (due_in_days(in_safety), due_in_days(elsewhere)) == (2, 5)


def test_the_migration_gives_existing_ideas_their_due_date(alice):
    migration = importlib.import_module("ideas.migrations.0003_escalation_policy_and_answer_clock")
    safety = CategoryFactory(unanswered_days=2)
    old = submitted_idea(alice, created_at=days_ago(30))
    in_safety = submitted_idea(alice, category=safety)
    Idea.objects.update(answer_due_at=None)

    migration.start_answer_clocks(apps, None)

    assert (due_in_days(old), due_in_days(in_safety)) == (5, 2)
