"""Demo huddle for seed_demo: the Leeds store held its huddle yesterday at 08:30, raised
hands for two observations and elevated one; since then its people have posted what
customers told them, so today's huddle has something to read.

Idempotent: nothing is added when the Leeds store already has a huddle.
"""

import zoneinfo
from datetime import datetime, time, timedelta

from django.utils import timezone

from ideas import posting
from ideas.models import Observation
from ideas.reactions import toggle_seen_this_too
from insights.models import Huddle, HuddleCard

HUDDLE_TIME = time(8, 30)

# (author persona or None for a colleague, share of the time since yesterday's huddle
#  (in 24ths) when it was posted, touchpoint,
#  stage, sentiment, what happened, the customer's words)
SINCE_YESTERDAY = [
    (
        "alice",
        2,
        "in_store",
        "buy",
        "frustrated",
        "A customer gave up on the self-checkout after it asked for help three times "
        "for one bag of apples, and queued again at the till.",
        "Why have the machines if someone has to stand next to them all day?",
    ),
    (
        None,
        6,
        "in_store",
        "get_support",
        "frustrated",
        "A customer came back with a kettle bought online; we could not refund it in "
        "store and had to send her to the website.",
        "I bought it from you. Why can't you take it back?",
    ),
    (
        None,
        9,
        "phone",
        "onboard",
        "neutral",
        "A caller asked whether the loyalty card works in every store; the leaflet "
        "says nothing about it.",
        "Is it the same card in Manchester, or do I need another one?",
    ),
    (
        "alice",
        20,
        "in_store",
        "use",
        "delighted",
        "A regular thanked us for the new quiet hour on Tuesday mornings: she brings "
        "her son, who finds the music and lights hard.",
        "That hour is the only time we can shop together. Please keep it.",
    ),
]
# Discussed at yesterday's huddle: (what happened, customer's words, hands, elevated).
DISCUSSED = [
    (
        "The baby-changing room was locked again; two parents in one morning had to "
        "find someone with the key.",
        "I ended up changing her on the back seat of the car.",
        5,
        True,
    ),
    (
        "A customer paying by phone could not see the total on the card reader in the "
        "sun by the window.",
        "I had to trust you on the amount, and I don't like that.",
        3,
        False,
    ),
]


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _post(*, by, when, touchpoint, stage, sentiment, what, words) -> Observation:
    observation = posting.post_observation(
        by=by,
        what_happened=what,
        customer_words=words,
        touchpoint=touchpoint,
        journey_stage=stage,
        sentiment=sentiment,
    )
    Observation.objects.filter(pk=observation.pk).update(created_at=when)
    return observation


def seed_huddle(*, people, stdout=None) -> bool:
    """Yesterday's Leeds huddle with its hands, and the observations posted since.
    `people` is what accounts.demo.seed_company returns. Returns whether it added them."""
    personas = people["personas"]
    alice, bob = personas["alice"], personas["bob"]
    leeds = alice.team
    if leeds is None or Huddle.objects.filter(team=leeds).exists():
        _say(stdout, "The Leeds store already has a huddle: no demo huddle added.")
        return False
    colleagues = [u for u in people["users"] if u.team_id == leeds.pk and u not in (alice, bob)]
    colleague = colleagues[0] if colleagues else bob
    # 08:30 where the store is: its people's time zone.
    zone = zoneinfo.ZoneInfo(alice.time_zone or "UTC")
    yesterday = timezone.localdate(timezone.now(), zone) - timedelta(days=1)
    started_at = datetime.combine(yesterday, HUDDLE_TIME, tzinfo=zone)
    now = timezone.now()
    huddle = Huddle.objects.create(team=leeds, started_at=started_at, started_by=bob)

    for n, (what, words, hands, elevated) in enumerate(DISCUSSED):
        observation = _post(
            by=colleague if n else alice,
            when=started_at - timedelta(days=2, hours=3 * n),
            touchpoint="in_store",
            stage="buy",
            sentiment="frustrated",
            what=what,
            words=words,
        )
        HuddleCard.objects.create(
            huddle=huddle,
            observation=observation,
            hands=hands,
            elevated_at=started_at + timedelta(minutes=9) if elevated else None,
            elevated_by=bob if elevated else None,
        )

    for persona, hours, touchpoint, stage, sentiment, what, words in SINCE_YESTERDAY:
        author = personas[persona] if persona else colleague
        observation = _post(
            by=author,
            # Spread over the time since, so none is posted in the future.
            when=started_at + (now - started_at) * hours / 24,
            touchpoint=touchpoint,
            stage=stage,
            sentiment=sentiment,
            what=what,
            words=words,
        )
        for seer in (bob, alice, *colleagues[1:3]):
            if seer != author and hours < 10:
                toggle_seen_this_too(observation=observation, by=seer)
    _say(stdout, f"Huddle: the Leeds store's yesterday, {len(SINCE_YESTERDAY)} observations since.")
    return True
