"""The org tree: materialised paths give a team's subtree (or a person's area) in one
query; moving a team moves its whole subtree atomically; a cycle is refused by the
model and shown as a form error in the admin."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Team, User
from tests.factories import TeamFactory


def stored_tree():
    return list(Team.objects.order_by("pk").values_list("pk", "parent_id", "path", "depth"))


def test_paths_and_depths_follow_the_tree(company, north, leeds):
    assert company.path == f"/{company.pk}/"
    assert leeds.path == f"/{company.pk}/{north.pk}/{leeds.pk}/"
    assert (company.depth, north.depth, leeds.depth) == (0, 1, 2)


# --- Reading the tree -------------------------------------------------------------------


def test_a_team_with_its_sub_teams_is_one_query(
    company, north, south, leeds, bristol, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert set(Team.objects.within(north.path)) == {north, leeds}
    with django_assert_num_queries(1):
        assert set(Team.objects.within(company.path)) == {company, north, south, leeds, bristol}


def test_an_area_of_several_teams_is_one_query(
    north, south, leeds, bristol, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert set(Team.objects.within(leeds.path, south.path)) == {leeds, south, bristol}


def test_no_area_is_no_teams_and_no_query(company, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert list(Team.objects.within()) == []


def test_a_sibling_with_a_longer_id_is_not_within(company):
    # "/1/" must not match "/12/": paths end in a slash for exactly this reason.
    first = TeamFactory(name="First", parent=company)
    while True:
        other = TeamFactory(name="Other", parent=company)
        if str(other.pk).startswith(str(first.pk)):
            break

    assert other not in set(Team.objects.within(first.path))
    assert not other.is_within(first.path)


def test_is_within_reads_the_paths_without_a_query(
    company, north, leeds, bristol, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert leeds.is_within(north.path)
        assert leeds.is_within(company.path)
        assert leeds.is_within(bristol.path, north.path)
        assert not bristol.is_within(north.path)
        assert not leeds.is_within()


# --- Moving a team ----------------------------------------------------------------------


def test_moving_a_team_moves_its_whole_subtree(company, north, south, leeds, bristol):
    shop_floor = TeamFactory(name="Leeds shop floor", parent=leeds)
    tills = TeamFactory(name="Leeds tills", parent=shop_floor)

    leeds.parent = south
    leeds.save()

    for team in (leeds, shop_floor, tills):
        team.refresh_from_db()
    assert leeds.path == f"/{company.pk}/{south.pk}/{leeds.pk}/"
    assert shop_floor.path == f"{leeds.path}{shop_floor.pk}/"
    assert tills.path == f"{shop_floor.path}{tills.pk}/"
    assert (leeds.depth, shop_floor.depth, tills.depth) == (2, 3, 4)
    assert set(Team.objects.within(south.path)) == {south, bristol, leeds, shop_floor, tills}
    assert set(Team.objects.within(north.path)) == {north}


def test_moving_a_team_up_makes_its_subtree_shallower(company, north, leeds):
    shop_floor = TeamFactory(name="Leeds shop floor", parent=leeds)

    leeds.parent = company
    leeds.save()

    shop_floor.refresh_from_db()
    assert shop_floor.path == f"/{company.pk}/{leeds.pk}/{shop_floor.pk}/"
    assert (Team.objects.get(pk=leeds.pk).depth, shop_floor.depth) == (1, 2)


def test_moving_a_team_to_the_top_makes_it_a_root(company, north, leeds):
    north.parent = None
    north.save()

    leeds.refresh_from_db()
    assert Team.objects.get(pk=north.pk).path == f"/{north.pk}/"
    assert leeds.path == f"/{north.pk}/{leeds.pk}/"
    assert leeds.depth == 1


@pytest.mark.parametrize("size", [1, 10])
def test_moving_a_subtree_takes_the_same_queries_however_big_it_is(
    north, south, leeds, size, django_assert_num_queries
):
    for number in range(size):
        TeamFactory(name=f"Leeds section {number}", parent=leeds)
    north = Team.objects.get(pk=north.pk)
    north.parent = south

    # savepoint + both stored paths under lock + the team + the subtree below it + release
    with django_assert_num_queries(5):
        north.save()

    assert Team.objects.within(north.path).count() == size + 2


def test_the_path_comes_from_the_stored_parent_not_a_stale_copy(company, north, south, leeds):
    stale_leeds = Team.objects.get(pk=leeds.pk)
    north.parent = south
    north.save()

    shop_floor = Team.objects.create(name="Leeds shop floor", parent=stale_leeds)

    leeds.refresh_from_db()
    assert shop_floor.path == f"{leeds.path}{shop_floor.pk}/"
    assert leeds.path == f"/{company.pk}/{south.pk}/{north.pk}/{leeds.pk}/"


def test_a_failure_mid_move_leaves_the_tree_unchanged(north, south, leeds, monkeypatch):
    TeamFactory(name="Leeds shop floor", parent=leeds)
    before = stored_tree()

    def fail(self, old_path):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Team, "_move_subtree", fail)
    leeds.parent = south
    with pytest.raises(RuntimeError):
        leeds.save()

    assert stored_tree() == before


def test_saving_other_fields_leaves_the_tree_alone(north, leeds, bob):
    before = stored_tree()

    leeds.name = "Leeds Briggate store"
    leeds.save(update_fields=["name"])

    assert stored_tree() == before
    assert Team.objects.get(pk=leeds.pk).name == "Leeds Briggate store"


# --- No cycles --------------------------------------------------------------------------

CYCLE_ERROR = "A team cannot be placed under itself or under one of its sub-teams."


@pytest.fixture
def shop_floor(leeds):
    return TeamFactory(name="Leeds shop floor", parent=leeds)


@pytest.mark.parametrize("new_parent", ["north", "leeds", "shop_floor"])
def test_a_team_cannot_move_under_itself_or_below_itself(request, north, shop_floor, new_parent):
    """North under itself, under its child (Leeds) or its grandchild (the shop floor)."""
    before = stored_tree()
    north.parent = request.getfixturevalue(new_parent)

    with pytest.raises(ValidationError) as refused:
        north.save()
    with pytest.raises(ValidationError) as cleaned:
        north.full_clean()

    assert refused.value.message_dict == {"parent": [CYCLE_ERROR]}
    assert cleaned.value.message_dict == {"parent": [CYCLE_ERROR]}
    assert stored_tree() == before


def test_a_cycle_is_refused_even_from_a_stale_copy(north, south, leeds):
    """This copy of North was loaded before North moved under South: its path is out
    of date, and Leeds (below North) is still refused as its parent."""
    stale_north = Team.objects.get(pk=north.pk)
    north.parent = south
    north.save()
    stale_north.parent = Team.objects.get(pk=leeds.pk)
    before = stored_tree()

    with pytest.raises(ValidationError):
        stale_north.save()

    assert stored_tree() == before


def test_a_move_sideways_or_up_is_not_a_cycle(company, north, south, leeds):
    leeds.parent = south
    leeds.full_clean()
    leeds.save()
    north.parent = None
    north.full_clean()
    north.save()

    leeds.refresh_from_db()
    north.refresh_from_db()
    assert leeds.path == f"{south.path}{leeds.pk}/" and leeds.depth == 2
    assert north.path == f"/{north.pk}/" and north.depth == 0


# --- The admin --------------------------------------------------------------------------


def change_url(team):
    return f"/admin/accounts/team/{team.pk}/change/"


def team_form(team, parent):
    return {
        "name": team.name,
        "kind": team.kind,
        "parent": parent.pk if parent else "",
        "manager": team.manager_id or "",
    }


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root@example.com", "x")


@pytest.mark.parametrize("admin_user", ["carol", "superuser"])
@pytest.mark.parametrize("new_parent", ["north", "leeds", "shop_floor"])
def test_the_admin_refuses_a_cycle_with_a_form_error(
    client, request, admin_user, north, shop_floor, new_parent
):
    client.force_login(request.getfixturevalue(admin_user))
    before = stored_tree()

    response = client.post(change_url(north), team_form(north, request.getfixturevalue(new_parent)))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"parent": [CYCLE_ERROR]}
    assert CYCLE_ERROR in response.content.decode()
    assert stored_tree() == before


def test_the_admin_moves_a_team_with_its_subtree(client, carol, company, south, leeds, shop_floor):
    client.force_login(carol)

    response = client.post(change_url(leeds), team_form(leeds, south))

    assert response.status_code == 302
    shop_floor.refresh_from_db()
    assert shop_floor.path == f"/{company.pk}/{south.pk}/{leeds.pk}/{shop_floor.pk}/"
    assert shop_floor.depth == 3
