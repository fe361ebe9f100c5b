"""The org tree: materialised paths give ancestors and descendants in one query each,
and moving a team moves its whole subtree."""

from accounts.models import Team
from tests.factories import TeamFactory


def test_paths_and_depths_follow_the_tree(company, north, leeds):
    assert company.path == f"/{company.pk}/"
    assert leeds.path == f"/{company.pk}/{north.pk}/{leeds.pk}/"
    assert (company.depth, north.depth, leeds.depth) == (0, 1, 2)


def test_ancestors_are_read_in_one_query_nearest_last(
    company, north, leeds, django_assert_num_queries
):
    with django_assert_num_queries(1):
        ancestors = list(leeds.ancestors())

    assert ancestors == [company, north]


def test_a_root_has_no_ancestors(company, django_assert_num_queries):
    # An empty id list needs no query at all.
    with django_assert_num_queries(0):
        assert list(company.ancestors()) == []


def test_descendants_are_read_in_one_query(
    company, north, south, leeds, bristol, django_assert_num_queries
):
    with django_assert_num_queries(1):
        below_north = set(north.descendants())
    with django_assert_num_queries(1):
        below_company = set(company.descendants(include_self=False))

    assert below_north == {north, leeds}
    assert below_company == {north, south, leeds, bristol}


def test_a_sibling_with_a_longer_id_is_not_a_descendant(company):
    # "/1/" must not match "/12/": paths end in a slash for exactly this reason.
    first = TeamFactory(name="First", parent=company)
    while True:
        other = TeamFactory(name="Other", parent=company)
        if str(other.pk).startswith(str(first.pk)):
            break

    assert other not in set(first.descendants())


def test_moving_a_team_moves_its_subtree(company, north, south, leeds):
    shop_floor = TeamFactory(name="Leeds shop floor", parent=leeds)

    leeds.parent = south
    leeds.save()

    leeds.refresh_from_db()
    shop_floor.refresh_from_db()
    assert leeds.path == f"/{company.pk}/{south.pk}/{leeds.pk}/"
    assert shop_floor.path == f"{leeds.path}{shop_floor.pk}/"
    assert (leeds.depth, shop_floor.depth) == (2, 3)
    assert set(south.descendants()) == {south, leeds, shop_floor}
    assert set(north.descendants()) == {north}


def test_moving_a_team_to_the_top_makes_it_a_root(company, north, leeds):
    north.parent = None
    north.save()

    leeds.refresh_from_db()
    assert Team.objects.get(pk=north.pk).path == f"/{north.pk}/"
    assert leeds.path == f"/{north.pk}/{leeds.pk}/"
    assert leeds.depth == 1
    assert list(leeds.ancestors()) == [north]


def test_is_within(company, north, leeds, bristol):
    assert leeds.is_within(north)
    assert leeds.is_within(company)
    assert not bristol.is_within(north)
