"""A manager's pages: the triage queue of their area, the board by status, and their
queue on the home page. The counts these pages show are built here once, for the page
and for the out-of-band updates a move sends back (ideas/views/lifecycle.py)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Func, Prefetch, Subquery, Window
from django.db.models.functions import RowNumber
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ideas.access import can_triage, managed_paths
from ideas.models import AWAITING_FIRST_ANSWER, OPEN_STATUSES, Escalation, Idea, Status

QUEUE_PAGE_SIZE = 25
# Rows of each list in a manager's queue on the home page; /manage/ has the rest.
HOME_QUEUE_SIZE = 5
BOARD_STATUSES = (*OPEN_STATUSES, Status.DONE, Status.DECLINED)
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
    """The ideas a person triages and may see."""
    return Idea.objects.visible_to(user).triaged_by(user)


def triage_count(user) -> int:
    """ "N awaiting triage" on /manage/ (one query)."""
    return _area(user).awaiting_triage().count()


def board_totals(user) -> dict[str, int]:
    """The number of ideas in each board column (one query)."""
    totals = dict(
        _area(user)
        .filter(status__in=BOARD_STATUSES)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return {status: totals.get(status, 0) for status in BOARD_STATUSES}


def home_queue_counts(user) -> dict[str, int]:
    """How many ideas await a first answer, how many of them are overdue, and how
    many have an open escalation. One query: the three counts are subqueries of a
    one-row query (the manager's own row)."""
    now = timezone.now()
    # Two counts from the awaiting ideas (the idea_awaiting_answer index), one from the
    # open escalations: not a scan of every idea in the area.
    area = _area(user)
    awaiting = area.awaiting_first_answer().order_by()
    overdue = awaiting.filter(answer_due_at__lte=now)
    return (
        User.objects.filter(pk=user.pk)
        .values(
            awaiting=_count_of(awaiting),
            overdue=_count_of(overdue),
            escalated=_count_of(area.escalated().order_by()),
        )
        .get()
    )


def _count_of(queryset):
    return Subquery(queryset.annotate(total=Func(F("pk"), function="COUNT")).values("total"))


def home_queue(user) -> dict | None:
    """A manager's (or CX lead's) queue for the home page: the ideas awaiting a first
    answer, soonest due first, and the other ideas with an open escalation; None for
    everyone else. Four queries: the counts, each list, the escalations' details."""
    if not can_triage(user):
        return None
    area = _area(user).select_related("routed_team", "category").with_open_escalation()
    # Every one awaits its first answer: by_answer_due's order without its first key,
    # so that the idea_awaiting_answer index serves it.
    awaiting = (
        area.awaiting_first_answer()
        .order_by("answer_due_at", "created_at", "id")
        .with_answer_clock()
    )
    # Those still awaiting a first answer are in the first list, marked escalated.
    escalated = (
        area.escalated()
        .exclude(AWAITING_FIRST_ANSWER)
        .order_by("status_changed_at", "id")
        .prefetch_related(OPEN_ESCALATIONS)
    )
    return {
        "counts": home_queue_counts(user),
        "awaiting": list(awaiting[:HOME_QUEUE_SIZE]),
        "escalated": list(escalated[:HOME_QUEUE_SIZE]),
    }


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
        .select_related("category", "tally")
        .with_open_escalation()
        .with_seen_total()
        .prefetch_related(OPEN_ESCALATIONS)
    )
    page = Paginator(ideas, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = Idea.load_answer_waits_on(page.object_list)
    return render(request, "ideas/manage.html", {"page": page, "count": page.paginator.count})


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
    ideas = _area(request.user).select_related("owner", "routed_team", "tally")
    cards = [
        *_capped(ideas.with_open_escalation(), OPEN_STATUSES, F("status_changed_at"), F("id")),
        *_capped(ideas, RECENT_CLOSED, F("status_changed_at").desc(), F("id").desc()),
    ]
    totals = board_totals(request.user)
    columns = [
        {
            "status": status,
            "label": Status(status).label,
            "cards": sorted((c for c in cards if c.status == status), key=lambda c: c.rank),
            "total": totals[status],
            "list_url": _list_url(request.user, status),
        }
        for status in BOARD_STATUSES
    ]
    return render(request, "ideas/board.html", {"columns": columns, "cap": COLUMN_CAP})
