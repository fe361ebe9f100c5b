"""A manager's pages: the triage queue of their area, and the board by status."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.shortcuts import render
from django.urls import reverse

from ideas.access import can_triage, managed_paths
from ideas.models import OPEN_STATUSES, Escalation, Idea, Status

QUEUE_PAGE_SIZE = 25
# Cards per board column; the column links to the full filtered list beyond that.
COLUMN_CAP = 25
RECENT_CLOSED = (Status.DONE, Status.DECLINED)
# A queue row lists its open escalations and whom they went to.
OPEN_ESCALATIONS = Prefetch(
    "escalations",
    queryset=Escalation.objects.filter(resolved_at__isnull=True)
    .select_related("manager")
    .order_by("created_at", "level"),
    to_attr="open_escalations",
)


def _area(user):
    """The ideas a person triages: everything for CX leads, else the teams they
    manage and every team below them."""
    ideas = Idea.objects.visible_to(user)
    return ideas if user.is_cx_lead else ideas.in_area(user)


def _forbidden(request):
    return render(request, "ideas/manage_forbidden.html", status=403)


@login_required
def triage_queue(request):
    """Ideas awaiting triage in my area, oldest first, with what a manager decides by."""
    if not can_triage(request.user):
        return _forbidden(request)
    ideas = (
        _area(request.user)
        .awaiting_triage()
        .by_answer_due()
        .with_answer_clock()
        .select_related("category")
        .with_open_escalation()
        .with_seen_total()
        .prefetch_related(OPEN_ESCALATIONS)
    )
    page = Paginator(ideas, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = Idea.load_answer_waits_on(page.object_list)
    return render(request, "ideas/manage.html", {"page": page})


def _capped(ideas, statuses, *order):
    """At most COLUMN_CAP cards per status, in one query: a row number per status
    (a window function) filtered to the first COLUMN_CAP."""
    rank = Window(RowNumber(), partition_by=F("status"), order_by=order)
    return ideas.filter(status__in=statuses).annotate(rank=rank).filter(rank__lte=COLUMN_CAP)


def _list_url(user, status):
    url = f"{reverse('ideas:idea_list')}?status={status}"
    paths = [] if user.is_cx_lead else managed_paths(user)
    if len(paths) == 1:  # the team id is the last part of its path
        url += f"&team={paths[0].strip('/').split('/')[-1]}"
    return url


@login_required
def board(request):
    """Open ideas by status, waiting longest first, plus the latest done and declined.
    A constant three queries whatever the data: open cards, closed cards, counts."""
    if not can_triage(request.user):
        return _forbidden(request)
    ideas = _area(request.user).select_related("owner", "routed_team")
    cards = [
        *_capped(ideas.with_open_escalation(), OPEN_STATUSES, F("status_changed_at"), F("id")),
        *_capped(ideas, RECENT_CLOSED, F("status_changed_at").desc(), F("id").desc()),
    ]
    totals = dict(
        ideas.filter(status__in=(*OPEN_STATUSES, *RECENT_CLOSED))
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    columns = [
        {
            "status": status,
            "label": Status(status).label,
            "cards": sorted((c for c in cards if c.status == status), key=lambda c: c.rank),
            "total": totals.get(status, 0),
            "list_url": _list_url(request.user, status),
        }
        for status in (*OPEN_STATUSES, *RECENT_CLOSED)
    ]
    return render(request, "ideas/board.html", {"columns": columns, "cap": COLUMN_CAP})
