"""The shell every page shares (issue 10): the main destinations in one list (a tab bar
on phones, the top bar on a desk), the current page marked, and an account menu that
holds the person's name, preferences, admin for CX leads and Log out."""

import re

import pytest


def main_nav(page: str) -> str:
    return page[page.index('aria-label="Main"') : page.index("</nav>")]


def account_menu(page: str) -> str:
    return page[page.index('<details class="account-menu">') : page.index("</details>")]


def test_the_tabs_are_the_main_destinations_with_post_in_the_middle(client, alice):
    client.force_login(alice)
    nav = main_nav(client.get("/ideas/").content.decode())
    labels = re.findall(r'<a class="tab[^"]*" href="([^"]+)"', nav)
    assert labels[:5] == ["/", "/ideas/", "/observations/new/", "/observations/", "/notifications/"]
    assert 'href="/ideas/" aria-current="page"' in nav
    assert nav.count('aria-current="page"') == 1
    assert 'id="unread-count"' in nav


def test_posting_an_observation_is_not_marked_as_the_observations_tab(client, alice):
    client.force_login(alice)
    nav = main_nav(client.get("/observations/new/").content.decode())
    assert 'href="/observations/new/" aria-current="page"' in nav
    assert 'href="/observations/" aria-current' not in nav


def test_log_out_is_in_the_account_menu_not_in_the_bar(client, alice):
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert "Log out" not in main_nav(page)
    menu = account_menu(page)
    assert "Signed in as <strong>Alice Archer</strong>" in menu
    assert '<span class="avatar" aria-hidden="true">AA</span>' in menu
    assert 'href="/accounts/preferences/"' in menu
    assert re.search(r'<form method="post" action="/accounts/logout/">.*Log out</button>', menu)


@pytest.mark.parametrize(
    ("who", "admin", "manage"),
    [("alice", False, False), ("bob", False, True), ("carol", True, True)],
)
def test_the_menu_shows_admin_to_cx_leads_and_manage_to_managers(
    client, request, who, admin, manage
):
    client.force_login(request.getfixturevalue(who))
    page = client.get("/").content.decode()
    assert ('href="/admin/"' in account_menu(page)) is admin
    assert ('href="/manage/"' in main_nav(page)) is manage  # the desk's bar
    assert ('href="/manage/"' in account_menu(page)) is manage  # the phone's menu


def test_a_visitor_gets_log_in_and_sign_up_and_no_tabs(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'aria-label="Main"' not in page
    assert 'href="/accounts/signup/">Sign up' in page
    assert 'class="has-tabs"' not in page
