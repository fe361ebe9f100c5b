"""A person's feed token: made on first need, replaced on request."""

from django.conf import settings
from django.urls import reverse

from insights.models import FeedToken, new_feed_token


def feed_token_for(user) -> FeedToken:
    return FeedToken.objects.get_or_create(user=user)[0]


def renew_feed_token(user) -> FeedToken:
    """Replace the token: the old addresses answer 404 from now on."""
    token, created = FeedToken.objects.get_or_create(user=user)
    if not created:
        token.token = new_feed_token()
        token.save(update_fields=["token"])
    return token


def feed_links(user) -> list[tuple[str, str]]:
    """(label, absolute address) of the person's feeds: the company-wide ones and
    their own team's."""
    token = feed_token_for(user).token
    links = [
        ("New ideas", reverse("insights:idea_feed", args=[token])),
        ("Wins", reverse("insights:win_feed", args=[token])),
    ]
    if user.team_id:
        label = f"Ideas from {user.team.name} and its teams"
        links.append((label, reverse("insights:team_feed", args=[token, user.team_id])))
    return [(label, settings.SITE_URL + path) for label, path in links]
