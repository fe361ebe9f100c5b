"""Search and similar-idea suggestions on SQLite: FTS5 tables kept current by
triggers (migration 0004), matched by word prefix and ranked by bm25. PostgreSQL has
its own full-text path, tested in test_search.py and test_similar_ideas.py."""

import pytest
from django.db import connection

from ideas.models import Comment, IdeaTally
from ideas.search import search, similar_ideas
from tests.factories import IdeaFactory, ObservationFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="FTS5 is SQLite's; PostgreSQL's tsvector and trigram path is tested elsewhere",
)


def titles(ideas):
    return [idea.title for idea in ideas]


def found(q, user):
    return {g.kind: [h.url for h in g.hits] for g in search(q=q, user=user).groups}


def test_a_half_typed_word_suggests_the_idea_it_starts(alice, dave):
    IdeaFactory(author=dave, title="Callback times for parcel queries", problem="Slow.")
    IdeaFactory(author=dave, title="Longer opening hours on Sundays", problem="Shut.")

    assert titles(similar_ideas(title="Callb", user=alice)) == ["Callback times for parcel queries"]
    assert titles(similar_ideas(title="Callback", user=alice)) == [
        "Callback times for parcel queries"
    ]


def test_a_plural_finds_the_singular_and_back(alice, dave):
    IdeaFactory(author=dave, title="Offer callbacks to waiting customers", problem="Queues.")

    assert titles(similar_ideas(title="Callback", user=alice)) == [
        "Offer callbacks to waiting customers"
    ]
    assert titles(similar_ideas(title="faster callback", user=alice)) == [
        "Offer callbacks to waiting customers"
    ]


def test_a_title_match_ranks_above_a_problem_match(alice, dave):
    in_problem = IdeaFactory(
        author=dave, title="Shorter queues", problem="Customers ask for a callback.", vote_count=40
    )
    in_title = IdeaFactory(author=dave, title="Callback slots", problem="Waiting.", vote_count=1)

    assert similar_ideas(title="callback", user=alice) == [in_title, in_problem]


def test_words_inside_other_words_do_not_match(alice, dave):
    """A prefix, not a substring: "back" is not "callback"."""
    IdeaFactory(author=dave, title="Callback slots", problem="Waiting.")

    assert similar_ideas(title="back", user=alice) == []


def test_the_index_follows_edits_and_deletes(alice, dave):
    idea = IdeaFactory(author=dave, title="Callback slots", problem="Waiting.")
    idea.title = "Gift wrapping"
    idea.save()
    assert similar_ideas(title="callb", user=alice) == []
    assert similar_ideas(title="gift", user=alice) == [idea]

    IdeaTally.objects.filter(pk=idea.pk).update(vote_count=5)  # counters leave the index alone
    assert similar_ideas(title="gift", user=alice) == [idea]
    idea.delete()
    assert similar_ideas(title="gift", user=alice) == []


def test_search_matches_every_word_by_prefix_in_each_kind(alice, dave):
    idea = IdeaFactory(author=dave, title="Callback slots", problem="Phone queues.")
    other = IdeaFactory(author=dave, title="Callback hours", problem="Evenings.")
    observation = ObservationFactory(
        author=dave, what_happened="She asked for a callback", customer_words="Phone me back"
    )
    comment = Comment.objects.create(idea=other, author=dave, body="A phone callback, please")

    assert found("callb phon", alice) == {
        "idea": [idea.get_absolute_url()],
        "observation": [observation.get_absolute_url()],
        "comment": [comment.get_absolute_url()],
    }


def test_search_ranks_title_matches_first_and_marks_the_prefix(alice, dave):
    body = IdeaFactory(author=dave, title="Shorter queues", problem="Offer a callback.")
    title = IdeaFactory(author=dave, title="Callback slots", problem="Waiting.")

    (group,) = search(q="callb", user=alice).groups
    assert [hit.url for hit in group.hits] == [title.get_absolute_url(), body.get_absolute_url()]
    assert group.hits[0].title == "<mark>Callb</mark>ack slots"


def test_hidden_ideas_stay_out_for_colleagues(alice, carol, dave):
    hidden = IdeaFactory(author=dave, title="Callback slots", is_hidden=True)

    assert similar_ideas(title="callback", user=alice) == []
    assert similar_ideas(title="callback", user=carol) == [hidden]


def test_a_word_typed_whole_finds_it_written_with_a_hyphen(alice, dave):
    hyphen = IdeaFactory(author=dave, title="Call-back slots after five minutes", problem="Wait.")

    assert similar_ideas(title="Callback", user=alice) == [hyphen]
    assert found("callbacks", alice) == {"idea": [hyphen.get_absolute_url()]}
