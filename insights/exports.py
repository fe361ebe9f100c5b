"""CSV exports of the idea and observation lists, for the same filters as the lists.

Rows are written one post at a time from a chunked iterator, so an export of 100,000
posts never holds them all in memory (scripts/bench_export.py measures it). Authors
and teams follow the one byline rule (Authored.byline_for); hidden posts follow
PostQuerySet.visible_to.
"""

import csv
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.utils import timezone

from ideas.filters import IdeaFilterForm, ObservationFilterForm
from ideas.models import Idea, Observation

CHUNK_SIZE = 2000
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

IDEA_HEADER = [
    "id",
    "title",
    "status",
    "category",
    "routed team",
    "author",
    "author's team",
    "votes",
    "comments",
    "evidence",
    "created",
    "status changed",
    "url",
]
OBSERVATION_HEADER = [
    "id",
    "what happened",
    "customer's words",
    "touchpoint",
    "journey stage",
    "sentiment",
    "segment",
    "author",
    "team",
    "seen this too",
    "ideas",
    "created",
    "url",
]


class Echo:
    """A file-like object whose write returns the line, for csv.writer to stream."""

    def write(self, value):
        return value


def safe_cell(value):
    """The cell as text a spreadsheet shows and never runs: a leading formula
    character is escaped with a quote."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def stamp(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def link(post) -> str:
    return settings.SITE_URL + post.get_absolute_url()


def idea_row(idea, user) -> list:
    byline = idea.byline_for(user)
    return [
        idea.pk,
        idea.title,
        idea.get_status_display(),
        idea.category.name if idea.category else "",
        idea.routed_team.name,
        byline.name,
        byline.team,
        idea.vote_count,
        idea.comment_count,
        idea.evidence_count,
        stamp(idea.created_at),
        stamp(idea.status_changed_at),
        link(idea),
    ]


def observation_row(observation, user) -> list:
    byline = observation.byline_for(user)
    return [
        observation.pk,
        observation.what_happened,
        observation.customer_words,
        observation.get_touchpoint_display(),
        observation.get_journey_stage_display(),
        observation.get_sentiment_display(),
        observation.segment,
        byline.name,
        byline.team,
        observation.seen_count,
        observation.idea_count,
        stamp(observation.created_at),
        link(observation),
    ]


def idea_export_rows(form: IdeaFilterForm, user) -> Iterator[list]:
    ideas = Idea.objects.visible_to(user).select_related(
        "author", "team", "routed_team", "category", "tally"
    )
    return _rows(IDEA_HEADER, form.apply(ideas), idea_row, user)


def observation_export_rows(form: ObservationFilterForm, user) -> Iterator[list]:
    observations = Observation.objects.visible_to(user).with_people()
    return _rows(OBSERVATION_HEADER, form.apply(observations), observation_row, user)


def _rows(header, queryset, row, user) -> Iterator[list]:
    yield header
    for post in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield row(post, user)


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    """Each row as one CSV line, formula-safe."""
    writer = csv.writer(Echo())
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])
