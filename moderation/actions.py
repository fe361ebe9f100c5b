"""Moderation as verbs: report, hide, restore, dismiss.

Every verb is keyword-only and atomic and locks the target's row first, so reports and
reviews of one target happen one after the other: the count of distinct reporters read
under the lock is exact, however many people report at once. Hiding or restoring an
idea, or a comment on one, is an IdeaEvent on that idea's timeline (HIDDEN /
RESTORED, the reason as its note); every action is a ModerationAction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ideas import pain
from ideas.models import Comment, IdeaEvent, Observation
from moderation.models import ModerationAction, Report
from moderation.targets import idea_of, kind_of, post_of

# A target reported by this many different people is hidden until a CX lead reviews it.
AUTO_HIDE_REPORTERS = 3
AUTO_HIDE_REASON = f"Reported by {AUTO_HIDE_REPORTERS} people"
MAX_REASON = 1000
ALREADY_REPORTED = "You already reported this: a CX lead will look at it."


class AlreadyReported(Exception):
    """The person has an open report of this target already."""

    def __init__(self, report):
        super().__init__(ALREADY_REPORTED)
        self.report = report


def _lock(target):
    """Re-read the target under a row lock (a no-op on SQLite, which serialises
    writers anyway)."""
    target.refresh_from_db(
        fields=["is_hidden"], from_queryset=type(target).objects.select_for_update()
    )


def _require_cx_lead(by) -> None:
    if not getattr(by, "is_cx_lead", False):
        raise PermissionDenied("Only CX leads moderate posts and comments.")


def _clean_reason(reason: str, *, required: bool = True) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError(
            {"reason": "Say why: the timeline and the author's colleagues read it."}
        )
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": f"A reason has at most {MAX_REASON} characters."})
    return reason


@transaction.atomic
def report(*, target, by, reason: str, details: str = "") -> Report:
    """Report a post or a comment. Raises AlreadyReported when `by` has an open report
    of it; hides it when AUTO_HIDE_REPORTERS different people have."""
    if target.author_id == by.pk:
        raise PermissionDenied("You cannot report your own post or comment.")
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": "Pick a reason from the list."})
    details = (details or "").strip()
    if len(details) > MAX_REASON:
        raise ValidationError({"details": f"Say it in at most {MAX_REASON} characters."})
    _lock(target)
    reports = Report.objects.about(target).open()
    existing = reports.filter(reporter=by).first()
    if existing is not None:
        raise AlreadyReported(existing)
    created = Report.objects.create(
        **{kind_of(target): target}, reporter=by, reason=reason, details=details
    )
    if not target.is_hidden and reports.reporter_count() >= AUTO_HIDE_REPORTERS:
        _set_hidden(target, True, by=None, reason=AUTO_HIDE_REASON)
    return created


def _resolve_reports(target, by, resolution) -> int:
    return (
        Report.objects.about(target)
        .open()
        .update(resolved_at=timezone.now(), resolved_by=by, resolution=resolution)
    )


def _record(target, kind, by, reason) -> ModerationAction:
    return ModerationAction.objects.create(
        **{kind_of(target): target}, kind=kind, by=by, reason=reason
    )


def _set_hidden(target, hidden: bool, *, by, reason) -> ModerationAction:
    """Hide or restore the target, keep its post's comment_count to the readable
    comments, and record the action and the timeline event."""
    type(target).objects.filter(pk=target.pk).update(is_hidden=hidden)
    target.is_hidden = hidden
    if isinstance(target, Observation):  # a hidden observation is no evidence of pain
        pain.refresh_pain_of_observation(target.pk)
    if isinstance(target, Comment):
        post = post_of(target)
        change = F("comment_count") + (-1 if hidden else 1)
        type(post).objects.filter(pk=post.pk).update(comment_count=change)
    idea = idea_of(target)
    if idea is not None:
        IdeaEvent.objects.create(
            idea=idea,
            kind=IdeaEvent.Kind.HIDDEN if hidden else IdeaEvent.Kind.RESTORED,
            actor=by,
            note=reason,
            comment=target if isinstance(target, Comment) else None,
            data={"target": kind_of(target)},
        )
    kind = ModerationAction.Kind.HIDE if hidden else ModerationAction.Kind.RESTORE
    return _record(target, kind, by, reason)


@transaction.atomic
def hide(*, target, by, reason: str) -> ModerationAction:
    """A CX lead hides a post or a comment (or keeps hidden one the reports hid),
    resolving its open reports."""
    _require_cx_lead(by)
    reason = _clean_reason(reason)
    _lock(target)
    if target.is_hidden:
        if not Report.objects.about(target).open().exists():
            raise ValidationError("This is hidden already.")
        action = _record(target, ModerationAction.Kind.HIDE, by, reason)
    else:
        action = _set_hidden(target, True, by=by, reason=reason)
    _resolve_reports(target, by, Report.Resolution.HIDDEN)
    return action


@transaction.atomic
def restore(*, target, by, reason: str) -> ModerationAction:
    """A CX lead shows a hidden post or comment again, resolving its open reports."""
    _require_cx_lead(by)
    reason = _clean_reason(reason)
    _lock(target)
    if not target.is_hidden:
        raise ValidationError("This is not hidden.")
    action = _set_hidden(target, False, by=by, reason=reason)
    _resolve_reports(target, by, Report.Resolution.RESTORED)
    return action


@transaction.atomic
def dismiss(*, target, by, reason: str = "") -> ModerationAction:
    """A CX lead closes the open reports of a visible target and leaves it visible."""
    _require_cx_lead(by)
    reason = _clean_reason(reason, required=False)
    _lock(target)
    if target.is_hidden:
        raise ValidationError("This is hidden: restore it, or keep it hidden.")
    if not _resolve_reports(target, by, Report.Resolution.DISMISSED):
        raise ValidationError("Nobody has reported this, or the reports are closed already.")
    return _record(target, ModerationAction.Kind.DISMISS, by, reason or "Reports dismissed")
