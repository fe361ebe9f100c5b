"""You said, we did: ideas that reached done, with their impact and who made them."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render

from ideas.credits import credit
from ideas.customer_cards import with_told_count
from ideas.models import Evidence, Idea, Status

PAGE_SIZE = 20


@login_required
def wins(request):
    """Newest done first. Queries: the count, the page of ideas with their authors
    (and how many customers were told, a subquery), and the evidence with its
    observations and their authors (one prefetch)."""
    evidence = Evidence.objects.select_related("observation__author").order_by("created_at", "id")
    ideas = with_told_count(
        Idea.objects.visible_to(request.user)
        .filter(status=Status.DONE)
        .select_related("author", "routed_team")
        .prefetch_related(Prefetch("evidence", queryset=evidence, to_attr="evidence_list"))
        .order_by("-done_at", "-id")
    )
    page = Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("page"))
    for idea in page:
        credit(idea, request.user)
    return render(request, "ideas/wins.html", {"page": page})
