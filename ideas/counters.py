"""The counters stored on ideas and observations, and their repair.

Each counter is kept exact by the write that adds or removes the rows it counts
(reactions.py, comments.py, posting.py, lifecycle.py). `recount_all` recomputes them
all from those rows, for when something went wrong (a bug, a hand edit, a restore):
`manage.py recount`.
"""

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ideas import pain, trending
from ideas.models import (
    Comment,
    Evidence,
    Follow,
    Idea,
    IdeaTally,
    Observation,
    SeenThisToo,
    Vote,
)

# (post model, counter field): (the rows counted, their foreign key to the post, and
# which of them count). comment_count counts the comments colleagues can read: posting
# one adds one, hiding it takes it away and restoring it adds it back
# (comments.post_comment, moderation.actions).
VISIBLE = {"is_hidden": False}
COUNTED_ROWS = {
    (IdeaTally, "vote_count"): (Vote, "idea", {}),
    (Idea, "comment_count"): (Comment, "idea", VISIBLE),
    (Idea, "evidence_count"): (Evidence, "idea", {}),
    (IdeaTally, "follower_count"): (Follow, "idea", {}),
    (Observation, "seen_count"): (SeenThisToo, "observation", {}),
    (Observation, "comment_count"): (Comment, "observation", VISIBLE),
    (Observation, "idea_count"): (Evidence, "observation", {}),
}
# Changed trending scores are written this many per UPDATE.
BATCH_SIZE = 500
# What the repairs are called: the tally's counts are the idea's.
NAMES = {IdeaTally: "Idea"}


def _rows_counted(rows, foreign_key, which):
    """How many `rows` (those matching `which`) point at the outer post, as an
    expression (0 for none)."""
    counted = (
        rows.objects.filter(**{foreign_key: OuterRef("pk")}, **which)
        .order_by()
        .values(foreign_key)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def _repair_counter(model, field, rows, foreign_key, which) -> int:
    """One UPDATE for every post whose counter differs from its rows; how many."""
    actual = _rows_counted(rows, foreign_key, which)
    return model.objects.exclude(**{field: actual}).update(**{field: actual})


def _repair_trending_scores() -> int:
    """The score is computed in Python (ideas/trending.py) from the times of the votes,
    so the ideas are read once joined to their votes (one row per vote, or one for an
    idea without votes), in id order, and only the changed scores are written,
    BATCH_SIZE per UPDATE."""
    changed = []
    rows = Idea.objects.order_by("pk").values_list(
        "pk", "created_at", "tally__trending_score", "votes__created_at"
    )
    for (pk, created_at, stored), vote_times in trending.vote_times_by_idea(
        rows.iterator(chunk_size=2000)
    ):
        score = trending.score_of(created_at, vote_times)
        if not trending.same(score, stored):
            changed.append(IdeaTally(pk=pk, trending_score=score))
    IdeaTally.objects.bulk_update(changed, ["trending_score"], batch_size=BATCH_SIZE)
    return len(changed)


@transaction.atomic
def recount_all() -> dict[str, int]:
    """Set every stored counter (and the trending score, from the votes' times, and
    the customer pain, from the evidence) to what the rows say. Returns how many
    rows each one changed, by "Model.field"."""
    # Lock the posts first (ideas, their tallies, then observations, as the writes
    # do), so a vote or comment that is being saved now is either counted or waits
    # for us; with no-key locks, inserting rows that point at a post is not blocked.
    len(Idea.objects.select_for_update(no_key=True).order_by("pk").values_list("pk"))
    len(IdeaTally.objects.select_for_update(no_key=True).order_by("pk").values_list("pk"))
    len(Observation.objects.select_for_update(no_key=True).order_by("pk").values_list("pk"))
    repaired = {
        f"{NAMES.get(model, model.__name__)}.{field}": _repair_counter(model, field, *counted)
        for (model, field), counted in COUNTED_ROWS.items()
    }
    repaired["Idea.trending_score"] = _repair_trending_scores()
    repaired["Idea.pain"] = pain.repair_pain()
    return repaired
