"""The idea and observation pages read well (issue 10): the observation headed by
what happened, comments in the idea's timeline, one time format, a way back, and the
posting and status forms asking only what they need."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from ideas import lifecycle
from ideas.comments import post_comment
from ideas.models import Comment, Evidence, Observation, Status
from ideas.templatetags.posts import ago, when
from tests.factories import IdeaFactory, ObservationFactory
from tests.ideas.lifecycle_helpers import submitted_idea

LONG = (
    "A customer waited forty minutes at the Leeds till because the card reader kept "
    "failing and nobody could find the spare one in the back office"
)


@pytest.fixture
def notified(monkeypatch):
    monkeypatch.setattr("notifications.dispatch.notify_comment", lambda **kwargs: None)


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- The observation page -----------------------------------------------------------


def test_an_observation_is_headed_by_what_happened_cut_at_a_word(client, alice, dave):
    observation = ObservationFactory(author=dave, what_happened=LONG)

    html = page(client, alice, observation.get_absolute_url())

    heading = (
        "A customer waited forty minutes at the Leeds till because the card reader kept failing…"
    )
    assert f'<h1 class="observation-headline">{heading}</h1>' in html
    assert f"<title>{heading} · " in html
    assert "Observation #" not in html
    assert f"<p>{LONG}</p>" in html  # the whole text, under "What happened"


def test_a_short_observation_is_its_own_heading_and_not_repeated(client, alice, dave):
    observation = ObservationFactory(author=dave, what_happened="Asked for a paper bag")

    html = page(client, alice, observation.get_absolute_url())

    assert '<h1 class="observation-headline">Asked for a paper bag</h1>' in html
    assert html.count("Asked for a paper bag") == 2  # the heading and the <title>


def test_the_detail_pages_have_breadcrumbs_back_to_their_list(client, alice, dave):
    observation = ObservationFactory(author=dave)
    idea = IdeaFactory(author=dave)

    obs_html = page(client, alice, observation.get_absolute_url())
    idea_html = page(client, alice, idea.get_absolute_url())

    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in obs_html
    assert '<li><a href="/observations/">Observations</a></li>' in obs_html
    assert f'<li aria-current="page">#{observation.pk}</li>' in obs_html
    assert '<li><a href="/ideas/">Ideas</a></li>' in idea_html
    assert f'<li aria-current="page">#{idea.pk}</li>' in idea_html


# --- One time format ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "said"),
    [
        (timedelta(seconds=20), "just now"),
        (timedelta(minutes=5), "5 min ago"),
        (timedelta(hours=3), "3 h ago"),
        (timedelta(days=3), "3 d ago"),
    ],
)
def test_times_say_how_long_ago_briefly(before, said):
    assert ago(timezone.now() - before) == said


def test_older_times_give_the_day_and_the_exact_time_on_hover():
    moment = timezone.make_aware(timezone.datetime(2025, 3, 4, 9, 30))

    assert when(moment) == (
        f'<time datetime="{timezone.localtime(moment).isoformat()}" '
        f'title="4 Mar 2025, 09:30">4 Mar 2025</time>'
    )


def test_the_idea_page_says_every_time_the_same_way(client, alice, bob, dave, notified):
    idea = submitted_idea(alice)
    lifecycle.change_status(idea=idea, by=bob, to=Status.UNDER_REVIEW, note="Looking")
    post_comment(target=idea, by=alice, body="Same in Leeds")

    html = page(client, alice, idea.get_absolute_url())

    times = re.findall(r"<time [^>]*>", html)
    assert len(times) >= 4  # posted, submitted, status changed, the comment
    assert all(
        re.fullmatch(r'<time datetime="[^"]+" title="\d+ \w{3} \d{4}, \d\d:\d\d">', t)
        for t in times
        if "answer" not in t
    )
    assert "naturaltime" not in html and "minutes ago" not in html


def test_the_observation_page_says_times_the_same_way(client, alice, dave, notified):
    observation = ObservationFactory(author=dave)
    post_comment(target=observation, by=alice, body="Same in Leeds")

    html = page(client, alice, observation.get_absolute_url())

    assert html.count('">just now</time>') == 2  # posted, and the comment


# --- Comments in the timeline -------------------------------------------------------


def test_the_idea_timeline_shows_each_comment_once_in_its_place(client, alice, bob, dave, notified):
    idea = submitted_idea(alice)
    post_comment(target=idea, by=alice, body="Same in *Leeds*")
    lifecycle.change_status(idea=idea, by=bob, to=Status.UNDER_REVIEW, note="Looking")

    html = page(client, dave, idea.get_absolute_url())

    timeline = html[html.index('id="timeline"') : html.index('id="comments"')]
    assert "Same in <em>Leeds</em>" in timeline
    assert html.count("Same in <em>Leeds</em>") == 1
    assert '<strong class="comment-author">Alice Archer</strong> commented' in timeline
    assert timeline.index("Same in") < timeline.index("Status changed")
    assert 'They are in the <a href="#timeline">timeline</a>' in html
    assert 'id="comment-form"' in html


def test_hidden_comments_are_in_the_timeline_for_cx_leads_only(client, alice, carol, dave):
    idea = submitted_idea(dave)
    Comment.objects.create(idea=idea, author=alice, body="Rude", body_html="<p>Rude</p>")
    Comment.objects.filter(idea=idea).update(is_hidden=True)

    assert "<p>Rude</p>" not in page(client, dave, idea.get_absolute_url())
    lead = page(client, carol, idea.get_absolute_url())
    assert "<p>Rude</p>" in lead
    assert "Hidden from colleagues" in lead


def test_an_anonymous_authors_comment_in_the_timeline_says_the_author(
    client, alice, carol, dave, notified
):
    idea = submitted_idea(dave, is_anonymous=True)
    post_comment(target=idea, by=dave, body="More detail from me")

    html = page(client, alice, idea.get_absolute_url())

    assert "Dave Davies" not in html
    assert '<strong class="comment-author">The author</strong> commented' in html
    assert '<strong class="comment-author">Dave Davies</strong> commented' in page(
        client, carol, idea.get_absolute_url()
    )


def test_a_comment_posted_with_htmx_joins_the_timeline(client, alice, dave, notified):
    idea = submitted_idea(dave)
    client.force_login(alice)

    response = client.post(
        f"/ideas/{idea.pk}/comments/", {"body": "Me too"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert '<div hx-swap-oob="beforeend:#timeline-events">' in html
    assert 'class="event event-commented card comment"' in html
    assert "Alice Archer</strong> commented" in html


def test_the_observation_page_keeps_its_comment_list(client, alice, dave, notified):
    observation = ObservationFactory(author=dave)
    client.force_login(alice)

    response = client.post(
        f"/observations/{observation.pk}/comments/",
        {"body": "Me too"},
        headers={"HX-Request": "true"},
    )

    assert '<div hx-swap-oob="beforeend:#comment-list">' in response.content.decode()
    assert 'id="comment-list"' in page(client, alice, observation.get_absolute_url())


# --- Evidence titles ----------------------------------------------------------------


def test_evidence_is_named_by_what_happened_cut_at_a_word(client, alice, dave):
    idea = submitted_idea(dave)
    observation = ObservationFactory(author=dave, what_happened=LONG)
    Evidence.objects.create(idea=idea, observation=observation)

    html = page(client, alice, idea.get_absolute_url())

    assert f'<a href="{observation.get_absolute_url()}">{observation.headline}</a>' in html
    assert observation.headline.endswith("card reader kept failing…")
    assert "kept failing and" not in html


def test_the_idea_forms_evidence_choices_are_cut_at_a_word(client, alice):
    observation = Observation.objects.create(author=alice, team=alice.team, what_happened=LONG)

    html = page(client, alice, f"/ideas/new/?from={observation.pk}")

    assert (
        f"#{observation.pk}: A customer waited forty minutes at the Leeds till because the "
        "card reader kept failing…" in html
    )


# --- The forms ----------------------------------------------------------------------


def test_what_happened_has_the_focus_and_sentiment_is_three_choices(client, alice):
    html = page(client, alice, "/observations/new/")

    assert re.search(r'<textarea name="what_happened"[^>]* autofocus', html)
    assert "<legend>Sentiment:</legend>" in html
    for n, (value, label) in enumerate(
        [("frustrated", "Frustrated"), ("neutral", "Neutral"), ("delighted", "Delighted")]
    ):
        assert (
            f'<label for="id_sentiment_{n}"><input type="radio" name="sentiment" '
            f'value="{value}" id="id_sentiment_{n}">\n {label}</label>'
        ) in html
    assert 'name="sentiment" value=""' not in html


def test_a_sentiment_can_be_chosen_or_left_out(client, alice):
    client.force_login(alice)

    client.post("/observations/new/", {"what_happened": "Smiled", "sentiment": "delighted"})
    client.post("/observations/new/", {"what_happened": "Shrugged"})

    assert dict(Observation.objects.values_list("what_happened", "sentiment")) == {
        "Smiled": "delighted",
        "Shrugged": "",
    }


def test_the_status_form_asks_impact_only_for_done(client, alice, bob):
    idea = submitted_idea(alice)

    html = page(client, bob, idea.get_absolute_url())

    assert '<label for="status-impact">Impact for customers (only for Done):</label>' in html
    assert "Needed to move it to Done." in html


def test_the_idea_form_names_fields_as_the_idea_page_does(client, alice, dave):
    form = page(client, alice, "/ideas/new/")
    idea = page(client, alice, submitted_idea(dave).get_absolute_url())

    for label in ("The customer problem", "The proposal"):
        assert f">{label}:</label>" in form
        assert f"<h2>{label}</h2>" in idea
