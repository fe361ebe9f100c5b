"""factory_boy factories shared by every test module."""

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Team, User
from ideas import trending
from ideas.models import Category, Idea, Observation

PASSWORD = "frontline-demo-2026"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    kind = Team.Kind.STORE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Faker("name")
    team = factory.SubFactory(TeamFactory)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A verified primary address, as allauth's mandatory verification wants.
        Pass verified=False for an account that has not confirmed its email."""
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    author = factory.SubFactory(UserFactory)
    team = factory.LazyAttribute(lambda o: o.author.team)
    # Neutral, numbered text: random English could match the words tests search for.
    what_happened = factory.Sequence(lambda n: f"Observation number {n} was noted.")
    customer_words = factory.Sequence(lambda n: f"Quote number {n}.")
    touchpoint = "phone"
    journey_stage = "get_support"
    sentiment = "frustrated"


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    author = factory.SubFactory(UserFactory)
    team = factory.LazyAttribute(lambda o: o.author.team)
    routed_team = factory.LazyAttribute(lambda o: o.team)
    title = factory.Sequence(lambda n: f"Idea number {n}")
    problem = factory.Sequence(lambda n: f"Problem number {n}.")
    proposal = factory.Sequence(lambda n: f"Proposal number {n}.")
    expected_impact = factory.Sequence(lambda n: f"Impact number {n}.")
    created_at = factory.LazyFunction(timezone.now)
    # No votes yet: the score of an idea nobody voted for, from when it was posted.
    trending_score = factory.LazyAttribute(lambda o: trending.floor(o.created_at))
