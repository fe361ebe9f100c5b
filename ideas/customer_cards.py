"""Tell-your-customer cards: closing the loop to the customer who was heard.

When an idea reaches done (`lifecycle.change_status`), everyone whose observation is
evidence for it (not hidden) gets one card: what changed for customers, the
customer's own words from each of their observations, and a "Told them" action. The
author of an anonymous observation gets one too; only they ever see their card, and
it names nobody. One card per person per idea (unique), so making them again after a
repeat or a merge adds only the missing ones.

"Told 3 customers" on /wins/ counts the cards marked told: one card stands for the
customers behind that person's observations.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from accounts.models import NotificationKind
from ideas.models import CustomerCard, Observation, Status
from notifications.dispatch import send

# The home page shows this many cards still to tell; /cards/ shows them all.
HOME_LIMIT = 3


@transaction.atomic(savepoint=False)
def create_cards(*, idea) -> list[CustomerCard]:
    """The missing cards of a done idea, in one insert, each with its notification.
    Returns the cards made now (none for an idea that is not done)."""
    if idea.status != Status.DONE:
        return []
    first_observation: dict[int, int] = {}
    rows = (
        Observation.objects.filter(evidence__idea=idea, is_hidden=False)
        .exclude(author__customer_cards__idea=idea)
        .order_by("evidence__created_at", "pk")
        .values_list("author_id", "pk")
    )
    for author_id, observation_id in rows:
        first_observation.setdefault(author_id, observation_id)
    now = timezone.now()
    cards = [
        CustomerCard(idea=idea, user_id=user_id, observation_id=observation_id, created_at=now)
        for user_id, observation_id in first_observation.items()
    ]
    CustomerCard.objects.bulk_create(cards, ignore_conflicts=True)
    if cards:
        people = get_user_model().objects.filter(pk__in=first_observation, is_active=True)
        title = Truncator(idea.title).chars(100)
        send(
            kind=NotificationKind.CUSTOMER_CARD,
            people=people,
            text=f"“{title}” is done: tell your customer what changed",
            url=reverse("ideas:customer_cards"),
            detail=idea.impact,
            post=idea,
            source=f"idea{idea.pk}",
        )
    return cards


@transaction.atomic
def mark_told(*, card: CustomerCard, by) -> bool:
    """Record that `by` told their customer. Only the card's person may; telling
    again changes nothing (told_at is set once). Returns whether it was set now."""
    if card.user_id != by.pk:
        raise PermissionDenied("This card is someone else's.")
    now = timezone.now()
    changed = CustomerCard.objects.filter(pk=card.pk, told_at__isnull=True).update(told_at=now)
    if changed:
        card.told_at = now
    else:
        card.refresh_from_db(fields=["told_at"])
    return bool(changed)


# --- Read side --------------------------------------------------------------------


def cards_of(user):
    """A person's cards, with their idea, those still to tell first."""
    return (
        CustomerCard.objects.for_person(user)
        .select_related("idea")
        .order_by(F("told_at").desc(nulls_first=True), "-created_at", "-id")
    )


def load_words(cards) -> list[CustomerCard]:
    """Set `card.words` on each card: the customer's words of each of the person's
    (not hidden) observations on the card's idea, or what happened when no words were
    noted. One query for all the cards. Returns the cards as a list."""
    cards = list(cards)
    if not cards:
        return cards
    rows = (
        Observation.objects.filter(
            is_hidden=False,
            evidence__idea__in={card.idea_id for card in cards},
            author__in={card.user_id for card in cards},
        )
        .order_by("evidence__created_at", "pk")
        .values_list("evidence__idea", "author_id", "customer_words", "what_happened")
    )
    words: dict[tuple[int, int], list[str]] = {}
    for idea_id, author_id, customer_words, what_happened in rows:
        text = customer_words or what_happened
        words.setdefault((idea_id, author_id), []).append(Truncator(text).chars(300))
    for card in cards:
        card.words = words.get((card.idea_id, card.user_id), [])
    return cards


def told_count(*, ideas=None, since=None, until=None) -> int:
    """How many customers were told (cards marked told), for the dashboard's "Told
    their customer": of `ideas` (a queryset, e.g. the dashboard's filtered ideas),
    told in [since, until)."""
    cards = CustomerCard.objects.told()
    if ideas is not None:
        cards = cards.filter(idea__in=ideas)
    if since is not None:
        cards = cards.filter(told_at__gte=since)
    if until is not None:
        cards = cards.filter(told_at__lt=until)
    return cards.count()


def with_told_count(ideas):
    """Annotate `told_customers` on ideas (for /wins/): in the same query."""
    told = (
        CustomerCard.objects.told()
        .filter(idea=OuterRef("pk"))
        .order_by()
        .values("idea")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return ideas.annotate(told_customers=Coalesce(Subquery(told), 0))
