"""The floor's own rows, and the record of a generated dataset.

The floor's vote is a correct toggle like the real one (a unique row per person and a
counter changed in the same transaction) on tables nothing else touches, so running it
leaves the forum's counts alone.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class FloorItem(models.Model):
    count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"Floor item {self.pk}: {self.count}"


class FloorVote(models.Model):
    item = models.ForeignKey(FloorItem, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "user"], name="one_floor_vote_per_person")
        ]

    def __str__(self):
        return f"{self.user_id} ↑ floor {self.item_id}"


class Dataset(models.Model):
    """Written last by generate_dataset: the scale this database was filled at."""

    scale = models.CharField(max_length=20)
    generated_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField()
    counts = models.JSONField(default=dict)

    def __str__(self):
        return f"{self.scale} dataset of {self.generated_at:%Y-%m-%d %H:%M}"
