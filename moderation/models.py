"""Reports of posts and comments, and what CX leads (or the system) did about them.

A report or an action points at exactly one target: an idea, an observation or a
comment (one nullable foreign key each, as Comment and Revision point at their post).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ideas.models import Comment, Idea, Observation

TARGET_FIELDS = ("idea", "observation", "comment")


def one_target_q() -> Q:
    """Exactly one of TARGET_FIELDS is set."""
    conditions = []
    for field in TARGET_FIELDS:
        others = [f for f in TARGET_FIELDS if f != field]
        condition = Q(**{f"{field}__isnull": False})
        for other in others:
            condition &= Q(**{f"{other}__isnull": True})
        conditions.append(condition)
    return conditions[0] | conditions[1] | conditions[2]


def _target(model, related_name: str):
    return models.ForeignKey(
        model, null=True, blank=True, on_delete=models.CASCADE, related_name=related_name
    )


class Targeted(models.Model):
    """The target of a report or an action, and its kind ("idea", "observation",
    "comment")."""

    class Meta:
        abstract = True

    @property
    def target(self):
        return self.idea or self.observation or self.comment

    @property
    def target_kind(self) -> str:
        return next(field for field in TARGET_FIELDS if getattr(self, f"{field}_id"))

    @property
    def target_id(self) -> int:
        return getattr(self, f"{self.target_kind}_id")


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def about(self, target):
        return self.filter(**{target._meta.model_name: target})

    def reporter_count(self) -> int:
        """Distinct people among these reports, counted by the database."""
        return self.order_by().values("reporter").distinct().count()


class Report(Targeted):
    """Someone telling the CX leads that a post or comment should not be there."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        ABUSIVE = "abusive", "Abusive or disrespectful"
        PERSONAL_DATA = "personal_data", "Personal data about a customer or colleague"
        OFF_TOPIC = "off_topic", "Off topic"
        OTHER = "other", "Something else"

    class Resolution(models.TextChoices):
        HIDDEN = "hidden", "Hidden"
        RESTORED = "restored", "Restored"
        DISMISSED = "dismissed", "Dismissed"

    idea = _target(Idea, "reports")
    observation = _target(Observation, "reports")
    comment = _target(Comment, "reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=one_target_q(), name="report_on_one_target"),
            *(
                models.UniqueConstraint(
                    fields=[field, "reporter"],
                    condition=Q(resolved_at__isnull=True),
                    name=f"one_open_report_per_person_per_{field}",
                )
                for field in TARGET_FIELDS
            ),
        ]
        indexes = [models.Index(fields=["resolved_at", "created_at"])]

    def __str__(self):
        return f"{self.get_reason_display()} on {self.target_kind} #{self.target.pk}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ModerationAction(Targeted):
    """A hide, a restore or a dismissal of reports, with its reason. `by` is empty
    when the system hid a target reported by enough people."""

    class Kind(models.TextChoices):
        HIDE = "hide", "Hidden"
        RESTORE = "restore", "Restored"
        DISMISS = "dismiss", "Reports dismissed"

    idea = _target(Idea, "moderation_actions")
    observation = _target(Observation, "moderation_actions")
    comment = _target(Comment, "moderation_actions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=one_target_q(), name="moderation_action_on_one_target")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.target_kind} #{self.target.pk}"

    @property
    def who(self) -> str:
        return self.by.name if self.by_id else "Automatically"
