"""The floor: what the stack itself costs, served by the same server in the same run
as the pages it is compared with. Mounted only when BENCH_FLOOR is set (make bench).

- `read`: a signed-in request that reads one row by its primary key and answers a
  line of text, through the same middleware as every page;
- `vote`: a correct toggle, like a real vote's: a unique row per person and a counter
  changed in the same transaction, by a DELETE or an INSERT ... ON CONFLICT DO NOTHING
  and a conditional F() update (no read-modify-write), so counts stay exact under
  concurrent toggles.
"""

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.db.models import F
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_POST

from bench.models import FloorItem, FloorVote
from ideas.models import Idea


@login_required
def read(request, pk):
    title = Idea.objects.filter(pk=pk).values_list("title", flat=True).first()
    if title is None:
        raise Http404("No such idea.")
    return HttpResponse(title, content_type="text/plain; charset=utf-8")


def _insert_vote(item_id, user_id) -> bool:
    """Insert the vote unless it is there; whether it was inserted. No exception."""
    table = connection.ops.quote_name(FloorVote._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (item_id, user_id) VALUES (%s, %s) "
            "ON CONFLICT (item_id, user_id) DO NOTHING",
            [item_id, user_id],
        )
        return cursor.rowcount == 1


@transaction.atomic
def toggle(*, item_id: int, user) -> bool:
    """Vote for the item or take the vote back; whether `user` has voted now."""
    if FloorVote.objects.filter(item_id=item_id, user=user).delete()[0]:
        FloorItem.objects.filter(pk=item_id).update(count=F("count") - 1)
        return False
    if _insert_vote(item_id, user.pk):
        FloorItem.objects.filter(pk=item_id).update(count=F("count") + 1)
    return True


@require_POST
@login_required
def vote(request, pk):
    if not FloorItem.objects.filter(pk=pk).exists():
        raise Http404("No such item.")
    voted = toggle(item_id=pk, user=request.user)
    return HttpResponse("voted" if voted else "not voted", content_type="text/plain")
