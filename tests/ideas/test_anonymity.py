"""Anonymous posts: alice's name and email appear to nobody but CX leads (and alice).

Every page and partial of posting and browsing is rendered as dave (another team),
bob (alice's manager), a visitor who is not signed in, and carol (a CX lead); every
admin page of posts and messages as sam (staff who may view them, not a CX lead) and
carol. Each page answers exactly the status that persona should get.
"""

import pytest

from ideas import posting
from ideas.models import Comment, EscalationPolicy

SECRET_NAMES = ("Alice Archer", "alice@example.com")


@pytest.fixture
def anonymous_posts(alice, dave):
    observation = posting.post_observation(
        by=alice,
        what_happened="Anonymous observation",
        customer_words="They said it quietly",
        tags=["quiet"],
        is_anonymous=True,
    )
    idea = posting.submit_idea(
        by=alice,
        title="Anonymous idea",
        problem="p",
        proposal="q",
        tags=["quiet"],
        is_anonymous=True,
        from_observation=observation,
    )
    posting.edit_idea(idea=idea, by=alice, title="Anonymous idea, edited")
    posting.edit_observation(observation=observation, by=alice, what_happened="Anonymous obs")
    fields = {f.name for f in Comment._meta.get_fields()}
    anonymous = {"is_anonymous": True} if "is_anonymous" in fields else {}
    Comment.objects.create(idea=idea, author=alice, body="A word", body_html="A word", **anonymous)
    Comment.objects.create(observation=observation, author=alice, body="Hm", **anonymous)
    return idea, observation


def urls(idea, observation):
    return [
        ("/", {}),
        ("/ideas/", {}),
        ("/ideas/?tag=quiet&sort=newest", {"HTTP_HX_REQUEST": "true"}),
        (f"/ideas/{idea.pk}/", {}),
        ("/observations/", {}),
        ("/observations/?tag=quiet", {"HTTP_HX_REQUEST": "true"}),
        (f"/observations/{observation.pk}/", {}),
        (f"/ideas/new/?from={observation.pk}", {}),
    ]


def pages(client, idea, observation):
    for url, headers in urls(idea, observation):
        response = client.get(url, **headers)
        yield url, response.status_code, response.content.decode()


@pytest.mark.parametrize("who", ["dave", "bob"])
def test_colleagues_never_see_who_posted_anonymously(client, anonymous_posts, who, request):
    client.force_login(request.getfixturevalue(who))
    for url, status, page in pages(client, *anonymous_posts):
        assert status == 200, url
        if "/new/" not in url:  # the submit page names nobody
            assert "Anonymous" in page, url
        for secret in SECRET_NAMES:
            assert secret not in page, url


def test_a_visitor_who_is_not_signed_in_sees_nothing(client, anonymous_posts):
    for url, status, page in pages(client, *anonymous_posts):
        assert status == 302, url
        for secret in SECRET_NAMES:
            assert secret not in page, url


def test_the_link_evidence_partial_does_not_reveal_the_author(client, dave, anonymous_posts):
    idea, observation = anonymous_posts
    client.force_login(dave)
    response = client.post(
        f"/ideas/{idea.pk}/evidence/", {"observation": observation.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    for secret in SECRET_NAMES:
        assert secret not in response.content.decode()


def test_a_cx_lead_sees_who_posted(client, carol, anonymous_posts):
    client.force_login(carol)
    idea, observation = anonymous_posts
    for url in (
        "/ideas/",
        f"/ideas/{idea.pk}/",
        "/observations/",
        f"/observations/{observation.pk}/",
    ):
        page = client.get(url).content.decode()
        assert "Alice Archer (posted anonymously)" in page, url


def test_the_author_sees_their_own_name_marked_anonymous(client, alice, anonymous_posts):
    idea, _ = anonymous_posts
    client.force_login(alice)
    page = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert "Alice Archer (posted anonymously)" in page


@pytest.fixture
def anonymous_idea_through_its_life(anonymous_posts, alice, bob, dave, nora):
    """The anonymous idea, followed and commented on by dave, moved to done by bob
    (notifications and emails to dave), with a second idea merged into it."""
    from ideas import lifecycle
    from ideas.comments import post_comment
    from ideas.reactions import toggle_vote

    idea, observation = anonymous_posts
    toggle_vote(idea=idea, by=dave)
    post_comment(target=idea, by=dave, body="Seen this in Bristol too, @alice")
    post_comment(target=idea, by=alice, body="Thanks, it happens every Saturday")
    duplicate = posting.submit_idea(
        by=alice, title="Same idea again", problem="p", proposal="q", is_anonymous=True
    )
    lifecycle.merge_ideas(idea=duplicate, into=idea, by=bob, note="Same thing")
    lifecycle.change_status(idea=idea, by=bob, to="under_review", note="Looking")
    lifecycle.assign_owner(idea=idea, by=bob, owner=nora)
    lifecycle.change_status(idea=idea, by=bob, to="planned", note="Next sprint")
    lifecycle.change_status(idea=idea, by=bob, to="in_progress", note="Started")
    lifecycle.change_status(
        idea=idea, by=bob, to="done", note="Shipped", impact="Queues halved on Saturdays"
    )
    return idea, observation, duplicate


def site_wide_urls(idea, observation, duplicate):
    return [
        *(url for url, _ in urls(idea, observation)),
        f"/ideas/{duplicate.pk}/",  # redirects to the survivor; followed below
        "/manage/",
        "/manage/board/",
        "/wins/",
        "/search/?q=Anonymous",
        "/search/?q=Saturday",
        "/ideas/similar/?title=Anonymous+idea",
        "/notifications/",
    ]


def expected_status(url, who) -> int:
    # The triage queue and the board are for managers and CX leads: dave manages no team.
    return 403 if url.startswith("/manage/") and who == "dave" else 200


@pytest.mark.parametrize("who", ["dave", "bob", "nora"])
def test_no_page_or_email_names_the_anonymous_author(
    client, anonymous_idea_through_its_life, who, request
):
    from notifications.models import Notification, OutboxEmail

    person = request.getfixturevalue(who)
    client.force_login(person)
    for url in site_wide_urls(*anonymous_idea_through_its_life):
        response = client.get(url, follow=True)
        assert response.status_code == expected_status(url, who), url
        for secret in SECRET_NAMES:
            assert secret not in response.content.decode(), url
    # Everything written to other people about it: in-app texts and emails.
    notes = Notification.objects.exclude(recipient__email="alice@example.com")
    emails = OutboxEmail.objects.exclude(to="alice@example.com")
    assert notes.exists() and emails.exists()
    for text in [n.text for n in notes] + [e.subject + e.body + e.html_body for e in emails]:
        for secret in SECRET_NAMES:
            assert secret not in text


def test_the_anonymous_author_is_credited_by_name_only_for_cx_leads(
    client, carol, anonymous_idea_through_its_life
):
    client.force_login(carol)
    assert "Alice Archer" in client.get("/wins/").content.decode()


# --- The admin ------------------------------------------------------------------
# Every admin page of the forum's posts and messages, rendered as staff who may look
# at all of them but is not a CX lead, and as carol (a CX lead).

ADMIN_APPS = ("ideas", "notifications")
# Who was told what names an anonymous post's author ("… commented on your idea",
# "Hello Alice Archer"): those pages are for CX leads only.
CX_LEADS_ONLY = ("notifications",)


def admin_models():
    from django.contrib import admin

    return [model for model in admin.site._registry if model._meta.app_label in ADMIN_APPS]


@pytest.fixture
def sam(leeds):
    """Staff who is not a CX lead, allowed to view everything of the forum's posts and
    messages in the admin."""
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory(email="sam@example.com", display_name="Sam Staff", team=leeds)
    user.is_staff = True
    user.save()
    codenames = [f"view_{model._meta.model_name}" for model in admin_models()]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def admin_pages():
    """(url, app label) for every changelist, and every row's change and history page.
    The escalation policy is one row: its list redirects to that row's page."""
    for model in admin_models():
        meta = model._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        if model is not EscalationPolicy:
            yield base, meta.app_label
        for pk in model.objects.values_list("pk", flat=True):
            yield f"{base}{pk}/change/", meta.app_label
            yield f"{base}{pk}/history/", meta.app_label


def test_the_admin_names_no_anonymous_author_to_staff_who_are_not_cx_leads(
    client, sam, dave, anonymous_idea_through_its_life
):
    named = posting.submit_idea(by=dave, title="Named idea", problem="p", proposal="q")
    client.force_login(sam)
    pages = list(admin_pages())
    assert len(pages) > 40  # every model has rows: the sweep is not empty
    for url, app in pages:
        response = client.get(url)
        assert response.status_code == (403 if app in CX_LEADS_ONLY else 200), url
        for secret in SECRET_NAMES:
            assert secret not in response.content.decode(), url
    # A post that is not anonymous names its author and team to the same staff.
    page = client.get(f"/admin/ideas/idea/{named.pk}/change/").content.decode()
    assert "Dave Davies" in page and "Bristol contact centre" in page


def test_the_admin_shows_an_anonymous_posts_author_as_anonymous_with_no_team(
    client, sam, anonymous_posts
):
    idea, observation = anonymous_posts
    comment = Comment.objects.get(idea=idea, author__email="alice@example.com")
    client.force_login(sam)

    ideas = client.get("/admin/ideas/idea/").content.decode()
    comments = client.get("/admin/ideas/comment/").content.decode()
    observation_page = client.get(f"/admin/ideas/observation/{observation.pk}/change/")
    comment_page = client.get(f"/admin/ideas/comment/{comment.pk}/change/").content.decode()

    assert ">Anonymous</td>" in ideas
    assert ">Anonymous</td>" in comments
    assert "A word" in comment_page and 'name="author"' not in comment_page
    assert "Leeds store" not in observation_page.content.decode()


def test_the_admin_comment_list_names_the_other_commenters(
    client, sam, anonymous_idea_through_its_life
):
    client.force_login(sam)

    comments = client.get("/admin/ideas/comment/").content.decode()

    assert ">Dave Davies</td>" in comments


@pytest.mark.parametrize(
    "url",
    [
        "/admin/ideas/idea/?q=Archer",
        "/admin/ideas/idea/?q=alice",
        "/admin/ideas/observation/?q=Archer",
        "/admin/ideas/comment/?q=Archer",
    ],
)
def test_staff_who_are_not_cx_leads_cannot_search_the_admin_by_author(
    client, sam, anonymous_posts, url
):
    client.force_login(sam)

    response = client.get(url)

    assert response.status_code == 200
    assert "0 results" in response.content.decode()


@pytest.mark.parametrize(
    "model, lookup",
    [
        ("idea", "author"),
        ("idea", "team"),
        ("idea", "author__id__exact"),
        ("observation", "author"),
        ("observation", "team"),
        ("comment", "author"),
        ("revision", "edited_by"),
        ("evidence", "linked_by"),
    ],
)
def test_staff_who_are_not_cx_leads_cannot_filter_the_admin_by_author_or_team(
    client, sam, carol, alice, anonymous_posts, model, lookup
):
    value = alice.team_id if lookup == "team" else alice.pk
    url = f"/admin/ideas/{model}/?{lookup}={value}"

    client.force_login(sam)
    assert client.get(url).status_code == 400
    client.force_login(carol)
    assert client.get(url).status_code == 200


def test_cx_leads_see_anonymous_authors_everywhere_in_the_admin(
    client, carol, anonymous_idea_through_its_life
):
    idea, observation, _ = anonymous_idea_through_its_life
    comment = Comment.objects.filter(idea=idea, author__email="alice@example.com").first()
    client.force_login(carol)
    for url, _app in admin_pages():
        assert client.get(url).status_code == 200, url
    naming_pages = [
        "/admin/ideas/idea/",
        f"/admin/ideas/idea/{idea.pk}/change/",
        "/admin/ideas/idea/?q=Archer",
        "/admin/ideas/observation/",
        f"/admin/ideas/observation/{observation.pk}/change/",
        "/admin/ideas/comment/",
        f"/admin/ideas/comment/{comment.pk}/change/",
        "/admin/ideas/revision/",
        "/admin/ideas/evidence/",
        "/admin/notifications/notification/",
        "/admin/notifications/outboxemail/",
    ]
    for url in naming_pages:
        page = client.get(url).content.decode()
        assert "Alice Archer" in page or "alice@example.com" in page, url
    assert "Leeds store" in client.get("/admin/ideas/observation/").content.decode()
