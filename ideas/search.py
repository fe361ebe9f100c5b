"""Search over ideas, observations and comments, and similar-idea suggestions.

PostgreSQL: the stored `search_vector` that triggers keep current (migration 0002),
matched with websearch_to_tsquery, ranked with ts_rank (title and the customer's words
weigh most), snippets from ts_headline; similar ideas by trigram word similarity on the
title (typos, other word orders) or every typed word in the title's lexemes.

SQLite (the embedded default): the FTS5 tables that triggers keep current (migration
0004) hold the same fields; every word must start a word of them (prefix matching:
"callb" finds "Callback"), ranked by bm25 with the same weights; similar ideas are
those with any typed word starting a word of the title (weighed most) or the problem.
Snippets are cut around the first match.

Either way every snippet is escaped text with only our own <mark> tags in it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Left
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from ideas.models import Comment, Idea, Observation

MAX_QUERY_LENGTH = 200
PER_TYPE = 20
SIMILAR_LIMIT = 5
SIMILAR_MIN_CHARS = 3
CONFIG = "english"
# Most rows SQLite ranks per type: the best this many full-text matches.
FTS_CANDIDATES = 200
MAX_TERMS = 8
# PostgreSQL ranks at most this many of the newest matches per type (see _pg_rows).
RANK_WINDOW = 1000
# PostgreSQL builds snippets from the first this many characters of the text.
HEADLINE_CHARS = 3000
# ts_headline wraps matches in these private-use characters, which escape() leaves alone;
# they become <mark> tags only after everything else is escaped.
MARK_START, MARK_STOP = "\ue000", "\ue001"
# Words too common to search for; PostgreSQL's 'english' configuration drops them too.
STOP_WORDS = frozenset(
    "a an and are as at be but by for from has have in into is it its of on or our so "  # noqa: SIM905
    "than that the their them they this to was we were what when which who why will with "
    "you your".split()
)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search ideas, observations and comments",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": "That search is too long: keep it under %(limit_value)d characters "
            "(it has %(show_value)d)."
        },
    )


@dataclass(frozen=True)
class Hit:
    kind: str  # "idea", "observation" or "comment"
    title: SafeString  # escaped, matches in <mark>
    snippet: SafeString
    url: str
    author: str = ""  # empty unless the user may see who wrote it
    status: str = ""
    status_label: str = ""
    votes: int | None = None
    is_hidden: bool = False


@dataclass
class Group:
    kind: str
    label: str
    hits: list[Hit]
    more: bool  # capped at PER_TYPE: there are more matches than shown


@dataclass
class Results:
    groups: list[Group] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(group.hits) for group in self.groups)


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def search(*, q: str, user) -> Results:
    """Ideas, observations and comments matching `q` that `user` may see, best first,
    at most PER_TYPE of each: three queries whatever the data size."""
    terms = search_terms(q)
    if not q.strip() or not (terms or uses_full_text()):
        return Results()
    groups = []
    for kind in KINDS:
        rows = _pg_rows(kind, q, user) if uses_full_text() else _sqlite_rows(kind, terms, user)
        hits = [kind.to_hit(row, user) for row in rows[:PER_TYPE]]
        if hits:
            groups.append(Group(kind.name, kind.label, hits, more=len(rows) > PER_TYPE))
    return Results(groups)


def similar_ideas(*, title: str, user) -> list[Idea]:
    """Up to SIMILAR_LIMIT visible, unmerged ideas whose title looks like `title`,
    each with `voted_by_me`."""
    # PostgreSQL refuses NUL characters in text.
    title = " ".join(title.replace("\x00", "").split())[: Idea._meta.get_field("title").max_length]
    if len(title) < SIMILAR_MIN_CHARS:
        return []
    ideas = Idea.objects.visible_to(user).not_merged().with_voted_by(user)
    ideas = ideas.with_tally().only("title", "status", "tally__vote_count")
    if uses_full_text():
        return _pg_similar(ideas, title)
    return _sqlite_similar(ideas, title)


def search_terms(q: str) -> list[str]:
    """The distinct words of a query, lower-cased, stop words left out."""
    words = re.findall(r"[^\W_]+", q.lower())
    terms = [word for word in dict.fromkeys(words) if word not in STOP_WORDS]
    return terms[:MAX_TERMS]


def significant_words(title: str) -> list[str]:
    return [word for word in search_terms(title) if len(word) >= 3]


def _visible(kind, user):
    queryset = kind.model._default_manager.select_related(*kind.related)
    if kind.model is not Comment:
        return queryset.visible_to(user)
    if getattr(user, "is_cx_lead", False):
        return queryset
    # A comment is hidden with its post, too.
    return queryset.filter(is_hidden=False).filter(
        Q(idea__is_hidden=False) | Q(observation__is_hidden=False)
    )


# --- PostgreSQL ----------------------------------------------------------------


def _pg_rows(kind, q, user) -> list:
    query = SearchQuery(q, search_type="websearch", config=CONFIG)
    annotations = {
        "rank": SearchRank(F("search_vector"), query),
        "snippet_html": _headline(
            # ts_headline's cost grows with the text: a match further in is not shown.
            Left(_joined(kind.snippet_fields), HEADLINE_CHARS),
            query,
            max_words=15,
            min_words=5,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
    }
    if kind.title_field:
        annotations["title_html"] = _headline(F(kind.title_field), query, highlight_all=True)
    # Rank only the newest RANK_WINDOW matches: a word found in most rows then costs
    # about what a rare one does (the planner walks the primary key backwards). The
    # ranking reads only the vectors; the people and the excerpts join in for the best
    # PER_TYPE + 1 rows, not for the whole window (38 → 24 ms for an idea search).
    posts = kind.model._default_manager
    window = _visible(kind, user).filter(search_vector=query).order_by("-id").values("pk")
    best = (
        posts.filter(pk__in=window[:RANK_WINDOW])
        .annotate(rank=annotations["rank"])
        .order_by("-rank", "-id")
        .values("pk")[: PER_TYPE + 1]
    )
    rows = posts.select_related(*kind.related).filter(pk__in=best)
    return list(rows.annotate(**annotations).order_by("-rank", "-id"))


def _headline(expression, query, **options):
    return SearchHeadline(
        expression, query, config=CONFIG, start_sel=MARK_START, stop_sel=MARK_STOP, **options
    )


def _joined(fields):
    if len(fields) == 1:
        return F(fields[0])
    parts = [part for name in fields for part in (F(name), Value(" "))]
    return Concat(*parts[:-1], output_field=TextField())


def _marked(text: str) -> SafeString:
    """Escape ts_headline's output, then turn its markers into <mark> tags."""
    html = re.sub(f"{MARK_START}(.*?){MARK_STOP}", r"<mark>\1</mark>", escape(text), flags=re.S)
    return mark_safe(html.replace(MARK_START, "").replace(MARK_STOP, ""))


def _pg_similar(ideas, title):
    # word_similarity: how much of what was typed appears in a title, typos and all.
    match = Q(title__trigram_word_similar=title)
    score = TrigramWordSimilarity(title, "title") + TrigramSimilarity("title", title)
    words = significant_words(title)
    if words:
        # Every word, stemmed, in the title (weight A), in any order. The words are
        # letters and digits only, so they are safe in to_tsquery's syntax.
        in_title = SearchQuery(
            " & ".join(f"{word}:A" for word in words), search_type="raw", config=CONFIG
        )
        match |= Q(search_vector=in_title)
        score += SearchRank(F("search_vector"), in_title)
    ideas = ideas.filter(match).annotate(similarity=score)
    return list(ideas.order_by("-similarity", "-tally__vote_count", "-id")[:SIMILAR_LIMIT])


# --- SQLite (FTS5) ---------------------------------------------------------------


def _fts_ranked(queryset, match: str):
    """The rows of `queryset` whose FTS5 row (migration 0004) matches `match`, best
    first: one query, the full-text match run once for the candidates."""
    table = queryset.model._meta.db_table
    fts = f"{table}_fts"
    best = RawSQL(
        f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s ORDER BY rank LIMIT {FTS_CANDIDATES}",
        [match],
    )
    rank = RawSQL(f"SELECT rank FROM {fts} WHERE {fts} MATCH %s AND rowid = {table}.id", [match])
    return queryset.filter(pk__in=best).annotate(fts_rank=rank).order_by("fts_rank", "-id")


def _prefixes(terms, joiner: str) -> str:
    return joiner.join(_prefix(term) for term in terms)


def _prefix(term: str) -> str:
    """A word typed whole also finds it written in two ("callback": "call-back"). The
    terms are letters and digits only (search_terms), safe inside quotes."""
    splits = [f'"{term[:at]} {term[at:]}"*' for at in range(3, len(term) - 1)]
    return "(" + " OR ".join([f'"{term}"*', *splits]) + ")"


def _sqlite_rows(kind, terms, user) -> list:
    """Rows with every term starting a word of one of the kind's fields."""
    rows = list(_fts_ranked(_visible(kind, user), _prefixes(terms, " AND "))[: PER_TYPE + 1])
    for row in rows:
        if kind.title_field:
            row.title_html = highlight(getattr(row, kind.title_field), terms)
        text = " ".join(filter(None, (getattr(row, name) for name in kind.snippet_fields)))
        row.snippet_html = excerpt(text, terms)
    return rows


def highlight(text: str, terms) -> SafeString:
    """`text` escaped, with every occurrence of a term (any case) in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def excerpt(text: str, terms, width: int = 200) -> SafeString:
    """About `width` characters of `text` around the first match, highlighted."""
    lower = text.lower()
    found = [at for term in terms if (at := lower.find(term)) >= 0]
    start = max(min(found, default=0) - width // 4, 0)
    if start:
        # Start at a word boundary.
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    piece = text[start : start + width]
    end = start + len(piece)
    if end < len(text) and " " in piece:
        piece = piece.rsplit(" ", 1)[0]
    html = highlight(piece, terms)
    return mark_safe(("… " if start else "") + html + (" …" if end < len(text) else ""))


def _sqlite_similar(ideas, title):
    words = significant_words(title)
    if not words:
        return []
    # Any word, by prefix (the last one may be half typed), in the title or the problem;
    # bm25 weighs the title most.
    match = "{title problem} : (" + _prefixes(words, " OR ") + ")"
    return list(
        _fts_ranked(ideas, match).order_by("fts_rank", "-tally__vote_count", "-id")[:SIMILAR_LIMIT]
    )


# --- Rows to hits ------------------------------------------------------------------


def _first_line(text: str, words: int = 14) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return Truncator(line).words(words, truncate=" …")


def _idea_hit(idea, user) -> Hit:
    return Hit(
        kind="idea",
        title=_as_html(idea.title_html),
        snippet=_as_html(idea.snippet_html),
        url=idea.get_absolute_url(),
        author=_author(idea, user),
        status=idea.status,
        status_label=idea.get_status_display(),
        votes=idea.vote_count,
        is_hidden=idea.is_hidden,
    )


def _observation_hit(observation, user) -> Hit:
    if observation.customer_words:
        title = mark_safe(f"“{_as_html(observation.title_html)}”")
    else:
        title = escape(_first_line(observation.what_happened))
    return Hit(
        kind="observation",
        title=title,
        snippet=_as_html(observation.snippet_html),
        url=observation.get_absolute_url(),
        author=_author(observation, user),
        is_hidden=observation.is_hidden,
    )


def _comment_hit(comment, user) -> Hit:
    post = comment.idea or comment.observation
    on = post.title if comment.idea_id else _first_line(post.what_happened)
    return Hit(
        kind="comment",
        title=escape(f"Comment on {on}"),
        snippet=_as_html(comment.snippet_html),
        url=comment.get_absolute_url(),
        # The anonymous author of a post, commenting on it, stays anonymous there.
        author=comment.author.name if comment.author_visible_to(user) else "",
        is_hidden=comment.is_hidden,
    )


def _as_html(value) -> SafeString:
    """The fallback builds SafeStrings already; ts_headline's text still needs escaping."""
    return value if isinstance(value, SafeString) else _marked(value or "")


def _author(post, user) -> str:
    return post.author.name if post.author_visible_to(user) else ""


@dataclass(frozen=True)
class Kind:
    """What is searched in one model, and how a row becomes a Hit."""

    name: str
    label: str
    model: type
    related: tuple[str, ...]
    title_field: str | None
    snippet_fields: tuple[str, ...]
    to_hit: Callable


KINDS = [
    Kind(
        "idea",
        "Ideas",
        Idea,
        ("author", "tally"),
        "title",
        ("problem", "proposal", "expected_impact", "impact"),
        _idea_hit,
    ),
    Kind(
        "observation",
        "Observations",
        Observation,
        ("author",),
        "customer_words",
        ("what_happened", "segment"),
        _observation_hit,
    ),
    Kind(
        "comment",
        "Comments",
        Comment,
        ("author", "idea", "observation"),
        None,
        ("body",),
        _comment_hit,
    ),
]
