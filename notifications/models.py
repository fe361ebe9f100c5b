"""In-app notifications and the email outbox.

The database is the record of what must be sent: an OutboxEmail row is written in
the same transaction as the event, and Celery only carries it out.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import NotificationKind

# How long a worker owns a row it is sending. Much longer than the SMTP timeout
# (10 s), so a lease only expires when the worker died mid-send.
CLAIM_LEASE = timedelta(minutes=5)
# A send must be over before its lease is: if it were not, another worker could take
# the row and send it a second time. So the worker stops a sending task after
# SEND_TIME_LIMIT (killing its process), a minute short of the lease (room for the
# clocks of two hosts that disagree), and warns it (SoftTimeLimitExceeded) half a
# minute before that. The prefork pool, which the Procfile's worker uses, enforces both.
SEND_TIME_LIMIT = CLAIM_LEASE - timedelta(minutes=1)
SEND_SOFT_TIME_LIMIT = SEND_TIME_LIMIT - timedelta(seconds=30)
# After a failed attempt the sweep waits as long as the row is old, from
# SWEEP_BACKOFF_MIN (1 minute) to SWEEP_BACKOFF_MAX (5 minutes), however often the
# task itself retried: mail held up by an outage goes out within minutes of the mail
# server's return. Operators set both (OUTBOX_RETRY_MIN/MAX_SECONDS).
SWEEP_BACKOFF_MIN = timedelta(seconds=settings.OUTBOX_RETRY_MIN_SECONDS)
SWEEP_BACKOFF_MAX = timedelta(seconds=settings.OUTBOX_RETRY_MAX_SECONDS)
# The sweep leaves younger rows to the task that was queued for them: as long as the
# sweep would wait after that task's first failure.
SWEEP_AFTER = SWEEP_BACKOFF_MIN
# A row that still fails this long after it was written is given up.
GIVE_UP_AFTER = timedelta(days=1)


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self) -> int:
        return self.unread().update(read_at=timezone.now())

    def visible_to(self, user):
        """Leave out what is about a hidden idea or observation: its title is in the
        text. CX leads see everything, as on the pages."""
        if getattr(user, "is_cx_lead", False):
            return self
        return self.exclude(idea__is_hidden=True).exclude(observation__is_hidden=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    idea = models.ForeignKey(
        "ideas.Idea", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    observation = models.ForeignKey(
        "ideas.Observation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(
        "ideas.IdeaEvent", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # "<kind>:<event or comment>:<recipient id>": dispatching the same thing twice
    # writes nothing new.
    key = models.CharField(max_length=200, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self):
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class OutboxEmailQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=OutboxEmail.State.PENDING)

    def unclaimed(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))

    def due_for_sweep(self, now=None):
        """Pending rows that their own task should have sent by now: older than
        SWEEP_AFTER, not being sent (lease free) and past their back-off."""
        now = now or timezone.now()
        return (
            self.pending()
            .unclaimed(now)
            .filter(created_at__lte=now - SWEEP_AFTER)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("created_at", "id")
        )


class OutboxEmail(models.Model):
    """One email that must be sent. `key` makes writing it idempotent.

    Sending claims the row first with one conditional UPDATE that sets a lease
    (`claimed_until`); only the worker whose UPDATE matched sends it, so a retry and
    the sweep racing each other send it once."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    key = models.CharField(max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    to = models.EmailField()
    kind = models.CharField(max_length=20)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker is sending it until then."
    )
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="After a failure, the sweep waits until then."
    )

    objects = OutboxEmailQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class Digest(models.Model):
    """One person's digest for one period. The unique (user, period, period_start)
    is what makes it exactly one per person per period, whatever retries, duplicate
    beat ticks or parallel workers do. It records the stretch of time it covers, so
    that a rebuild says the same, and the next digest starts where this one ended."""

    class Period(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        BUILT = "built", "Built: its email is in the outbox"
        EMPTY = "empty", "Empty: nothing to say, no email"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    period = models.CharField(max_length=10, choices=Period.choices)
    period_start = models.DateField(
        help_text="The person's local date the period starts (weekly: that Monday)."
    )
    covers_from = models.DateTimeField()
    covers_until = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    outbox = models.OneToOneField(
        OutboxEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="digest"
    )
    created_at = models.DateTimeField(default=timezone.now)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "user_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period", "period_start"], name="one_digest_per_person_and_period"
            )
        ]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self):
        return f"{self.get_period_display()} digest of {self.period_start} for {self.user_id}"

    @property
    def is_sent(self) -> bool:
        return self.outbox_id is not None and self.outbox.state == OutboxEmail.State.SENT
