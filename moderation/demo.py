"""The demo's moderation queue for seed_demo: a couple of open reports, so a CX lead
signing in finds something to review (one reported by two people, one by one)."""

from ideas.models import Comment, Observation
from moderation import actions
from moderation.models import Report


def _reporters(people, target, count):
    others = [user for user in people["users"] if user.pk != target.author_id]
    others = [user for user in others if not user.is_cx_lead]
    return others[:count]


def seed_reports(*, people, stdout=None) -> None:
    """Open reports on an observation (personal data, two people) and a comment (off
    topic). Nothing when there are reports already."""
    if Report.objects.exists():
        return
    observation = Observation.objects.filter(is_hidden=False).order_by("-created_at").first()
    comment = Comment.objects.filter(is_hidden=False).order_by("-created_at").first()
    reports = []
    if observation is not None:
        details = [
            "This describes the customer closely enough to tell who they are.",
            "",
        ]
        for person, text in zip(_reporters(people, observation, 2), details, strict=False):
            reports.append((observation, person, Report.Reason.PERSONAL_DATA, text))
    if comment is not None:
        for person in _reporters(people, comment, 1):
            reports.append((comment, person, Report.Reason.OFF_TOPIC, "Not about this idea."))
    for target, person, reason, text in reports:
        actions.report(target=target, by=person, reason=reason, details=text)
    if stdout is not None:
        stdout.write(f"Moderation: {len(reports)} open reports for the CX leads.")
