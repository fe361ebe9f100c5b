"""The demo posts: believable, spread over the taxonomy, and made once."""

from django.db.models import F

from accounts.demo import seed_company
from ideas.demo import seed_content
from ideas.models import Idea, JourneyStage, Observation, Touchpoint


def test_the_demo_posts_cover_every_touchpoint_and_stage_and_are_made_once(db):
    people = seed_company()
    seed_content(people=people)
    assert Observation.objects.count() == 62
    assert Idea.objects.count() == 32
    assert set(Observation.objects.values_list("touchpoint", flat=True)) == set(Touchpoint.values)
    stages = set(Observation.objects.values_list("journey_stage", flat=True))
    assert stages == set(JourneyStage.values)
    assert Idea.objects.filter(is_anonymous=True).exists()
    assert Idea.objects.filter(tally__vote_count__gt=10).count() > 10
    assert Idea.objects.filter(evidence_count=0).count() == 0
    assert Idea.objects.exclude(routed_team=F("team")).exists()  # routed by category

    seed_content(people=people)
    assert Idea.objects.count() == 32
