import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The secret in a person's feed addresses: feed readers cannot sign in, so the
    address itself says whose feed it is. Replacing it revokes every old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Feed token of {self.user}"


class Huddle(models.Model):
    """A team's pre-shift huddle: when it started and who started it. The one before
    it says where "since the last huddle" begins."""

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="huddles")
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["team", "-started_at"])]

    def __str__(self):
        return f"{self.team} huddle, {self.started_at:%Y-%m-%d %H:%M}"


class HuddleCardQuerySet(models.QuerySet):
    def with_hands(self):
        """Cards that had hands raised, newest huddle first, with the huddle's team."""
        return (
            self.filter(hands__gt=0)
            .select_related("huddle__team")
            .order_by("-huddle__started_at", "-id")
        )


class HuddleCard(models.Model):
    """An observation as one huddle met it: the hands raised in the room ("seen this
    too" from people present, anonymous, so apart from the observation's seen_count)
    and whether the huddle elevated it to an idea draft."""

    huddle = models.ForeignKey(Huddle, on_delete=models.CASCADE, related_name="cards")
    observation = models.ForeignKey(
        "ideas.Observation", on_delete=models.CASCADE, related_name="huddle_cards"
    )
    hands = models.PositiveIntegerField(default=0)
    elevated_at = models.DateTimeField(null=True, blank=True)
    elevated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = HuddleCardQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["huddle", "observation"], name="one_card_per_huddle_observation"
            )
        ]

    def __str__(self):
        return f"{self.hands} hands for {self.observation_id} in {self.huddle_id}"
