"""Trending: the ideas people are voting for now.

An idea's trending score is the log of its votes' weights added up, where a vote's
weight halves every HALF_LIFE (3 days) after it is cast:

    score = log2( 2**floor + sum over its votes of 2**x(vote.created_at) )
    x(t)  = (t - EPOCH) / HALF_LIFE            (in half-lives; about 381 at the end of 2026)

(the same order as log(sum of exp((t - EPOCH) / TAU)) with TAU = 3 days / ln 2 = 4.3 days).

Working in log space keeps the sums from overflowing (a float stops at 2**1024, which
x reaches in 2032) while ordering ideas exactly as the sums would: score A > score B
means A's votes, decayed to the same moment, weigh more. So it is the times of the
VOTES that count, not the post's:

- 30 votes cast a week ago weigh 30 / 2**(7/3) = 5.95 votes of today, so they outrank
  1 vote of today (and 31 votes from 13 days ago still weigh 1.54);
- a burst of 10 votes this week (weight >= 10 / 2**(7/3) = 2) beats 100 votes from a
  month ago (100 / 2**10 = 0.1);
- a week-old vote is worth 0.2 of a fresh one, a month-old vote a thousandth.

The score is stored on the idea (an indexed column, so the list is one ORDER BY) and
moved by each vote in the vote's own transaction, under the idea's row lock, without
reading the other votes: adding a vote is log2(2**score + 2**x) (`with_vote`), taking
one back subtracts its own term, found from its created_at (`without_vote`).

The floor: an idea with no votes scores as if one vote had been cast FLOOR_OFFSET
half-lives (about 8 years) before it was posted. Ideas without votes then sort by
recency, below any idea with a vote from the last 8 years, and the log never sees an
empty sum. It is part of the sum everywhere, so the incremental and the recomputed
scores are the same number.

Floating point: adding a vote is accurate to the last bit. Taking back a vote that makes
up almost all of the weight (the only recent vote on an old idea) would cancel nearly
every digit, so when what remains is less than 2**-PRECISE_REMAINDER_BITS of the sum
the score is recomputed from the idea's remaining votes instead (one query, rare);
taking back the last vote sets the floor. Scores closer than SAME_WITHIN half-lives
(a quarter of a second of vote time) are the same score: `recount` repairs larger
differences only.
"""

import math
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import groupby

from django.utils import timezone

# 2023-11-14 22:13:20 UTC: x(t) counts half-lives since then.
EPOCH = 1_700_000_000
HALF_LIFE = 3 * 24 * 3600  # seconds
FLOOR_OFFSET = 1000  # half-lives, about 8.2 years
PRECISE_REMAINDER_BITS = 10
SAME_WITHIN = 1e-6  # half-lives: 0.26 seconds of vote time

LN2 = math.log(2)


def x(when: datetime) -> float:
    """A vote cast at `when` adds 2**x(when) to the sum."""
    return (when.timestamp() - EPOCH) / HALF_LIFE


def floor(created_at: datetime) -> float:
    """The score of an idea posted at `created_at` that has no votes."""
    return x(created_at) - FLOOR_OFFSET


def floor_now() -> float:
    """The score of an idea posted now, before any vote counts (the field default)."""
    return floor(timezone.now())


def score_of(created_at: datetime, vote_times: Iterable[datetime]) -> float:
    """The score from scratch: the floor and every vote's term."""
    terms = [floor(created_at), *(x(when) for when in vote_times)]
    top = max(terms)
    return top + math.log2(math.fsum(2 ** (term - top) for term in terms))


def with_vote(score: float, cast_at: datetime) -> float:
    """The score once a vote cast at `cast_at` is added: log2(2**score + 2**x)."""
    term = x(cast_at)
    top, low = max(score, term), min(score, term)
    return top + math.log1p(2 ** (low - top)) / LN2


def without_vote(score: float, cast_at: datetime) -> float | None:
    """The score once the vote cast at `cast_at` is taken back: log2(2**score - 2**x).
    None when too little would remain to compute it precisely this way."""
    remaining = -math.expm1((x(cast_at) - score) * LN2)  # 1 - 2**(x - score)
    if remaining < 2**-PRECISE_REMAINDER_BITS:
        return None
    return score + math.log(remaining) / LN2


def after_taking_back(
    score: float,
    cast_at: datetime,
    *,
    created_at: datetime,
    votes_left: int,
    remaining_vote_times: Callable[[], Iterable[datetime]],
) -> float:
    """The score once a vote is taken back: the floor if none is left, else the vote's
    term subtracted, else (rarely, see above) recomputed from the remaining votes."""
    if votes_left <= 0:
        return floor(created_at)
    subtracted = without_vote(score, cast_at)
    if subtracted is None:
        return score_of(created_at, remaining_vote_times())
    return subtracted


def vote_times_by_idea(rows: Iterable[tuple]) -> Iterator[tuple[tuple, list[datetime]]]:
    """Group rows of (*idea fields, a vote's created_at or None), as an idea joined to
    its votes gives them in idea order, into (idea fields, the times of its votes)."""
    for idea, votes in groupby(rows, key=lambda row: row[:-1]):
        yield idea, [row[-1] for row in votes if row[-1] is not None]


def same(score: float, other: float) -> bool:
    """Whether two scores are equal but for floating-point rounding."""
    return abs(score - other) <= SAME_WITHIN
