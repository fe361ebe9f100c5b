"""generate_dataset: the small scale, loaded into the test database, has exactly the
rows asked for and the shapes of a real company, with every stored count exact."""

from statistics import median

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Exists, F, OuterRef, Q

from accounts.models import Team, User
from bench.dataset import SCALES, zipf_counts
from bench.models import Dataset
from ideas.markdown import render
from ideas.models import (
    Comment,
    Escalation,
    Evidence,
    Follow,
    Idea,
    IdeaEvent,
    IdeaTally,
    Observation,
    SeenThisToo,
    Status,
    Vote,
)
from ideas.search import search
from tests.factories import IdeaFactory

SMALL = SCALES["small"]


def generate(*args):
    call_command("generate_dataset", "--scale", "small", *args, stdout=(out := Output()))
    return str(out)


class Output:
    def __init__(self):
        self.text = []

    def write(self, text, *args, **kwargs):
        self.text.append(text)

    def flush(self):
        pass

    def __str__(self):
        return "\n".join(self.text)


def wrong_counts(model, field, related, **only):
    """Posts whose stored `field` differs from their `related` rows (those matching
    `only`), counted afresh."""
    rows = Count(related, distinct=True, filter=Q(**only) if only else None)
    return model.objects.annotate(n=rows).exclude(**{field: F("n")})


@pytest.mark.django_db(transaction=False)
def test_small_has_the_rows_asked_for_and_every_count_is_exact():
    output = generate()

    assert (Team.objects.count(), User.objects.count()) == (SMALL.teams, SMALL.users)
    assert Idea.objects.count() == SMALL.ideas
    assert Observation.objects.count() == SMALL.observations
    assert Vote.objects.count() == SMALL.votes
    assert Comment.objects.count() == SMALL.comments
    assert Evidence.objects.count() == SMALL.evidence
    # Counted here from the rows, independently of recount.
    assert not wrong_counts(IdeaTally, "vote_count", "idea__votes").exists()
    assert not wrong_counts(IdeaTally, "follower_count", "idea__follows").exists()
    assert not wrong_counts(Idea, "comment_count", "comments", comments__is_hidden=False).exists()
    assert not wrong_counts(Idea, "evidence_count", "evidence").exists()
    assert not wrong_counts(Observation, "seen_count", "seen_by").exists()
    assert not wrong_counts(Observation, "idea_count", "evidence").exists()
    assert "(0 in all)" in output
    assert "every stored count, trending score and search index entry is exact" in output
    assert Dataset.objects.get().scale == "small"
    assert "Reusing the small dataset" in generate("--reuse", "--replace")
    assert Idea.objects.count() == SMALL.ideas


@pytest.mark.django_db
def test_small_has_the_shapes_of_a_company():
    generate()

    # The org tree: company → regions → stores and contact centres, managers in it.
    kinds = dict(Team.objects.values_list("kind").annotate(n=Count("pk")))
    assert kinds[Team.Kind.COMPANY] == 1 and kinds[Team.Kind.REGION] >= 2
    assert kinds[Team.Kind.STORE] > kinds[Team.Kind.CONTACT_CENTRE] > 0
    assert Team.objects.filter(manager__isnull=False).count() >= SMALL.teams * 0.8
    assert User.objects.filter(is_cx_lead=True).exists()
    # Ideas in every status; votes on a Zipf curve: a few ideas with many, most few.
    assert set(Idea.objects.values_list("status", flat=True).distinct()) == set(Status.values)
    votes = sorted(IdeaTally.objects.values_list("vote_count", flat=True), reverse=True)
    assert votes[0] >= 100 and median(votes) <= 5
    assert not Idea.objects.filter(status=Status.MERGED, merged_into__isnull=True).exists()
    # Follows as the app makes them: the author, each voter and each commenter.
    voters = Follow.objects.filter(idea=OuterRef("idea"), user=OuterRef("user"))
    assert not Vote.objects.filter(~Exists(voters)).exists()
    authors = Follow.objects.filter(idea=OuterRef("pk"), user=OuterRef("author"))
    assert not Idea.objects.not_merged().filter(~Exists(authors)).exists()
    commented = Comment.objects.filter(idea__isnull=False)
    commenters = Follow.objects.filter(idea=OuterRef("idea"), user=OuterRef("author"))
    assert not commented.filter(~Exists(commenters)).exists()
    # Timelines, escalations, corroboration.
    assert IdeaEvent.objects.filter(kind=IdeaEvent.Kind.SUBMITTED).count() == SMALL.ideas
    assert IdeaEvent.objects.filter(kind=IdeaEvent.Kind.COMMENTED).count() == commented.count()
    assert Escalation.objects.filter(rule=Escalation.Rule.UNANSWERED).exists()
    assert Escalation.objects.filter(rule=Escalation.Rule.POPULAR).exists()
    assert SeenThisToo.objects.exists()
    # Comments are stored as the Markdown rendering would store them.
    comment = Comment.objects.first()
    assert comment.body_html == render(comment.body)
    # The search index is filled: the commonest word finds posts of every kind.
    reader = User.objects.filter(is_cx_lead=False).first()
    assert {group.kind for group in search(q="customer", user=reader).groups} == {
        "idea",
        "observation",
        "comment",
    }


@pytest.mark.django_db
def test_a_database_with_posts_is_refused_without_replace():
    IdeaFactory()

    with pytest.raises(CommandError, match="already has posts.*--replace"):
        generate()

    assert Idea.objects.count() == 1


@pytest.mark.django_db
def test_reuse_keeps_a_dataset_of_the_same_scale():
    IdeaFactory()
    Dataset.objects.create(scale="small", seconds=1)

    assert "Reusing" in generate("--reuse")
    assert Idea.objects.count() == 1


def test_zipf_counts_add_up_exactly_within_their_bounds():
    counts = zipf_counts(1000, 20_000, cap=800, minimum=1, s=0.8)

    assert sum(counts) == 20_000
    assert max(counts) <= 800 and min(counts) >= 1
    assert counts == sorted(counts, reverse=True)
    assert counts[0] >= 50 * counts[-1]  # a few with many, most with few
