"""The demo's customer pain and tell-your-customer cards, after its history is played.

The history made the cards as each idea reached done (lifecycle.change_status), on
the day the demo was seeded: they are dated to their idea's done day, and most of the
older ones were told a day or two later, so /wins/ counts customers told while the
latest wins still wait on their cards. The "seen this too" marks are dated after
their observations, and the customer pain is then recomputed from those dates.
"""

import random
from datetime import timedelta

from django.utils import timezone

from ideas import pain
from ideas.models import CustomerCard, SeenThisToo

# A win this recent still waits for its cards to be told.
STILL_TO_TELL = timedelta(days=21)


def seed_cards(*, stdout=None) -> None:
    rng = random.Random(11)
    now = timezone.now()
    seen = list(SeenThisToo.objects.select_related("observation").order_by("pk"))
    for mark in seen:
        later = mark.observation.created_at + timedelta(hours=rng.randint(1, 96))
        mark.created_at = min(later, now - timedelta(minutes=5))
    SeenThisToo.objects.bulk_update(seen, ["created_at"], batch_size=500)
    pain.repair_pain()

    cards = list(CustomerCard.objects.select_related("idea").order_by("pk"))
    for card in cards:
        done_at = card.idea.done_at or now
        card.created_at = done_at
        if now - done_at > STILL_TO_TELL and rng.random() < 0.8:
            card.told_at = min(done_at + timedelta(hours=rng.randint(4, 60)), now)
    CustomerCard.objects.bulk_update(cards, ["created_at", "told_at"], batch_size=500)
    if stdout is not None:
        told = sum(card.told_at is not None for card in cards)
        stdout.write(f"Customer cards: {len(cards)}, {told} told.")
