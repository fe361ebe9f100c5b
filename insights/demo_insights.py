"""The demo's one hot spot nobody owns, for the insights dashboard: since the online
checkout changed three weeks ago, customers in several stores and on the phone say
it refuses their gift cards. Frustrated observations of web × buy rise (four in the
last four weeks, none in the four before) and no idea stands on them yet.

The rest of the demo has no rising, uncovered cell (tests/insights/test_demo_insights.py
checks that the dashboard finds exactly this one).
"""

from datetime import timedelta

from django.utils import timezone

from ideas import posting
from ideas.models import Observation
from ideas.reactions import toggle_seen_this_too

# (author, days ago, what happened, the customer's words, segment, colleagues who saw it too)
GIFT_CARD_REPORTS = [
    (
        "Chloe Walsh",
        19,
        "A customer came in to buy the coat she had in her online basket: the website "
        "would not take her gift card at checkout.",
        "I tried three times and it just says the card is not valid. It's a present!",
        "Gift card holders",
        ["Imran Hussain", "Liam Brennan"],
    ),
    (
        "Grace Obi",
        12,
        "Customer phoned the store after the online checkout refused a gift card with "
        "plenty of balance on it; we placed the order in store instead.",
        "Why sell me a gift card if your own website won't accept it?",
        "Gift card holders",
        ["Aisha Begum", "Megan Lloyd", "Josh Taylor"],
    ),
    (
        "Imran Hussain",
        6,
        "Second customer this week who gave up on the website: the gift card box "
        "rejects the 19-digit cards we sold before Christmas.",
        "The old cards have a longer number and the box cuts it off.",
        "Gift card holders",
        ["Chloe Walsh", "Alice Archer"],
    ),
    (
        "Seren Hughes",
        2,
        "A regular showed me the error on her phone: gift card refused at the online "
        "checkout, and she was charged on her debit card instead.",
        "Now I've paid twice, really — once for the gift card and once for the order.",
        "Regulars",
        ["Dylan Thomas", "Rhys Morgan"],
    ),
]


def seed_hot_spot(*, people) -> None:
    """Post the gift-card observations through the real action, dated as above."""
    by_name = {user.display_name: user for user in people["users"]}
    now = timezone.now()
    for author, days, what, words, segment, seen_by in GIFT_CARD_REPORTS:
        observation = posting.post_observation(
            by=by_name[author],
            what_happened=what,
            customer_words=words,
            touchpoint="web",
            journey_stage="buy",
            sentiment="frustrated",
            segment=segment,
            tags=["gift-cards", "checkout"],
        )
        when = now - timedelta(days=days, hours=3)
        Observation.objects.filter(pk=observation.pk).update(created_at=when)
        for name in seen_by:
            toggle_seen_this_too(observation=observation, by=by_name[name])
