"""The CX leads' moderation queue: open reports grouped by what they report."""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.paginator import Paginator
from django.db.models import Count, Max, Q

from ideas.models import Comment, Idea, Observation
from moderation.models import TARGET_FIELDS, Report
from moderation.targets import excerpt_of, post_of

PAGE_SIZE = 20


@dataclass
class QueueEntry:
    """One reported target with its open reports (never who made them)."""

    kind: str
    target: object
    reporters: int
    latest: object
    reports: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return excerpt_of(self.target)

    @property
    def post(self):
        return post_of(self.target)

    @property
    def reasons(self) -> list[tuple[str, int]]:
        """Each reason given, with how many gave it, most given first."""
        counts: dict[str, int] = {}
        for report in self.reports:
            label = report.get_reason_display()
            counts[label] = counts.get(label, 0) + 1
        return sorted(counts.items(), key=lambda item: -item[1])


def open_targets():
    """One row per reported target: its ids, distinct reporters and latest report;
    most reported first, then most recently reported."""
    ids = [f"{name}_id" for name in TARGET_FIELDS]
    return (
        Report.objects.open()
        .values(*ids)
        .annotate(reporters=Count("reporter", distinct=True), latest=Max("created_at"))
        .order_by("-reporters", "-latest", *ids)
    )


def open_target_count() -> int:
    return open_targets().count()


def _targets(rows) -> dict:
    """The page's targets by (kind, id), one query per kind, with what the queue
    shows of each (authors and teams; a comment's post)."""
    wanted = {
        kind: [row[f"{kind}_id"] for row in rows if row[f"{kind}_id"]] for kind in TARGET_FIELDS
    }
    loaded = {}
    queries = {
        "idea": Idea.objects.with_people(),
        "observation": Observation.objects.with_people(),
        "comment": Comment.objects.select_related(
            "author", "idea__author", "idea__team", "observation__author", "observation__team"
        ),
    }
    for kind, pks in wanted.items():
        if pks:
            loaded |= {(kind, t.pk): t for t in queries[kind].in_bulk(pks).values()}
    return loaded


def _about_any(keys) -> Q:
    """Reports about any of the (kind, id) `keys`."""
    by_kind: dict[str, list[int]] = {}
    for kind, pk in keys:
        by_kind.setdefault(kind, []).append(pk)
    return reduce(or_, (Q(**{f"{kind}_id__in": pks}) for kind, pks in by_kind.items()))


def queue_page(number):
    """The page of QueueEntry, with the reports and the targets in one query each
    (kinds with nothing reported on the page are not queried)."""
    page = Paginator(open_targets(), PAGE_SIZE).get_page(number)
    rows = list(page.object_list)
    targets = _targets(rows)
    entries = {}
    for row in rows:
        kind = next(k for k in TARGET_FIELDS if row[f"{k}_id"])
        key = (kind, row[f"{kind}_id"])
        if key in targets:
            entries[key] = QueueEntry(kind, targets[key], row["reporters"], row["latest"])
    if entries:
        reports = Report.objects.open().filter(_about_any(entries)).order_by("created_at", "id")
        for report in reports:
            entries[(report.target_kind, report.target_id)].reports.append(report)
    page.object_list = list(entries.values())
    return page
