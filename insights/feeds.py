"""Atom feeds of ideas, read as the owner of the token in the address.

Feed readers cannot sign in, so each address carries its owner's secret token, and
every rule a page applies applies here as that person: hidden posts only for CX
leads, the one byline rule, merged ideas left out."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from accounts.models import Team
from ideas.models import Idea, Status, Tag
from insights.models import FeedToken

FEED_LENGTH = 50


@dataclass(frozen=True)
class Reading:
    """Who reads the feed, and what of (a team, a tag, or nothing)."""

    reader: object
    subject: object = None


class PersonalFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed is its token owner's alone; the sign-in middleware does not see it.
        patch_cache_control(response, private=True)
        return response

    def get_object(self, request, token, **kwargs):
        owner = get_object_or_404(FeedToken.objects.select_related("user"), token=token).user
        return Reading(owner, self.subject(**kwargs))

    def subject(self, **kwargs):
        return None

    def ideas(self, reading):
        return Idea.objects.all()

    def items(self, reading):
        ideas = (
            self.ideas(reading)
            .visible_to(reading.reader)
            .not_merged()
            .select_related("author", "team")[:FEED_LENGTH]
        )
        for idea in ideas:
            idea.byline = idea.byline_for(reading.reader)
        return ideas

    def link(self, reading):
        return "/"

    def item_title(self, idea):
        return idea.title

    def item_description(self, idea):
        # Atom summaries are HTML: the text is escaped, so it reads as written.
        return format_html("<p>{}</p>", idea.problem)

    def item_author_name(self, idea):
        return str(idea.byline)

    def item_pubdate(self, idea):
        return idea.created_at

    def item_updateddate(self, idea):
        return idea.updated_at


class NewIdeasFeed(PersonalFeed):
    title = "New ideas"
    subtitle = "The newest ideas from everyone in the company."

    def ideas(self, reading):
        return Idea.objects.newest()


class WinsFeed(PersonalFeed):
    title = "Wins"
    subtitle = "Ideas that are done, and what they changed for customers."

    def link(self, reading):
        return "/wins/"

    def ideas(self, reading):
        return Idea.objects.filter(status=Status.DONE).order_by("-done_at", "-id")

    def item_description(self, idea):
        return format_html("<p>{}</p><p>Impact: {}</p>", idea.problem, idea.impact)

    def item_pubdate(self, idea):
        return idea.done_at or idea.created_at


class TeamIdeasFeed(PersonalFeed):
    def subject(self, team_id):
        return get_object_or_404(Team, pk=team_id)

    def title(self, reading):
        return f"Ideas from {reading.subject.name} and its teams"

    def ideas(self, reading):
        teams = Team.objects.within(reading.subject.path)
        return Idea.objects.from_teams(teams, reading.reader).newest()


class TagIdeasFeed(PersonalFeed):
    def subject(self, name):
        return get_object_or_404(Tag, name=name)

    def title(self, reading):
        return f"Ideas tagged {reading.subject.name}"

    def ideas(self, reading):
        return Idea.objects.filter(tags=reading.subject).newest()
