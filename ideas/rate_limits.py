"""How often one person may post (observations and ideas together) and comment.

The limits are settings, POST_RATE_LIMIT and COMMENT_RATE_LIMIT: "N/10m" allows N in
any 10 minutes ("N/1h": in any hour; "off": no limit). They are counted from the
database, so they hold across every web process; the person's row is locked first,
so two posts sent at the same moment are counted one after the other. CX leads are
not limited: they moderate, and post on behalf of a workshop or a survey.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone

from ideas.models import Comment, Idea, Observation

UNITS = {"m": "minutes", "h": "hours"}
_lifted = ContextVar("rate_limits_lifted", default=False)
LIMIT_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*([mh])\s*$")


@dataclass(frozen=True)
class Limit:
    count: int
    window: timedelta
    text: str  # "10 minutes", for the message

    def __str__(self):
        return f"{self.count} in {self.text}"


class RateLimited(ValidationError):
    """Over the limit: the message says until when."""

    def __init__(self, message: str, until):
        super().__init__(message, code="rate_limited")
        self.until = until


def parse(text: str, name: str = "rate limit") -> Limit | None:
    """ "10/10m" -> 10 in 10 minutes; "off" -> None."""
    if text.strip().lower() in ("", "off", "0"):
        return None
    match = LIMIT_PATTERN.match(text)
    if not match or int(match[1]) < 1 or int(match[2]) < 1:
        raise ImproperlyConfigured(
            f'{name} must look like "10/10m", "20/1h" or "off", not {text!r}.'
        )
    count, amount, unit = int(match[1]), int(match[2]), UNITS[match[3]]
    label = f"{amount} {unit}" if amount > 1 else f"{'hour' if unit == 'hours' else 'minute'}"
    return Limit(count, timedelta(**{unit: amount}), label)


def post_limit() -> Limit | None:
    return parse(settings.POST_RATE_LIMIT, "POST_RATE_LIMIT")


def comment_limit() -> Limit | None:
    return parse(settings.COMMENT_RATE_LIMIT, "COMMENT_RATE_LIMIT")


@contextmanager
def lifted():
    """No limits inside: for seeding the demo, which posts as many people at once."""
    token = _lifted.set(True)
    try:
        yield
    finally:
        _lifted.reset(token)


def _lock_person(user) -> None:
    get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk").first()


def _check(user, limit, querysets, *, doing: str, again: str) -> None:
    """Raise RateLimited when the newest `limit.count` rows of `querysets` (the
    person's posts or comments) all fall inside the window."""
    if limit is None or _lifted.get() or getattr(user, "is_cx_lead", False):
        return
    _lock_person(user)
    now = timezone.now()
    since = now - limit.window
    times = sorted(
        (
            moment
            for rows in querysets
            for moment in rows.filter(created_at__gt=since)
            .order_by("-created_at")
            .values_list("created_at", flat=True)[: limit.count]
        ),
        reverse=True,
    )[: limit.count]
    if len(times) < limit.count:
        return
    until = times[-1] + limit.window
    local = timezone.localtime(until)
    minutes = max(1, -(-int((until - now).total_seconds()) // 60))
    raise RateLimited(
        f"You have {doing} {limit.count} times in the last {limit.text}. You can {again} "
        f"again at {local:%H:%M} (in {minutes} minute{'s' if minutes > 1 else ''}); "
        "what you wrote is still here.",
        until,
    )


def check_posting(user) -> None:
    """Before an observation or an idea: at most POST_RATE_LIMIT of them together."""
    _check(
        user,
        post_limit(),
        [Observation.objects.filter(author=user), Idea.objects.filter(author=user)],
        doing="posted",
        again="post",
    )


def check_commenting(user) -> None:
    """Before a comment: at most COMMENT_RATE_LIMIT of them."""
    _check(
        user,
        comment_limit(),
        [Comment.objects.filter(author=user)],
        doing="commented",
        again="comment",
    )
