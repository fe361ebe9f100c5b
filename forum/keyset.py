"""Keyset pages for the long lists (ideas, observations).

A page link carries a signed cursor — the sort values of the row the page continues
from, and the page's number — instead of an OFFSET. The database seeks the sort's
index to the cursor and reads one page, so page 500 costs what page 1 does; an OFFSET
reads and throws away every row before it. Rows posted meanwhile do not shift the
pages either.

The queryset's ordering must be plain fields, all ascending or all descending, ending
in a unique one (the ideas' and observations' sorts all are): then "after this row" is
one row comparison, `(score, id) < (0.8, 1234)`, which an index on those columns
answers. An old `?page=N` link still opens (read with an OFFSET once); a link that no
longer fits (tampered, or made for another sort) opens the first page with a note.
"""

import math
import zlib
from dataclasses import dataclass, field

from django.core import signing
from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

from forum.params import parse_id

PAGE_SIZE = 20
# Counting every matching row of a 100,000-idea table on every page view costs more
# than the page itself, so the count stops here and the page says "more than".
COUNT_CAP = 1000
EXPIRED = "That page link no longer fits this list, so here is its first page."

UNPAGED = {"page": None, "after": None, "before": None}

_signer = signing.Signer(salt="forum.keyset")


@dataclass
class Page:
    object_list: list
    number: int
    count: int  # up to COUNT_CAP + 1
    has_previous: bool = False
    has_next: bool = False
    # What the Previous and Next links change in the list's query string (the filters
    # stay): {% querystring request.GET page.next_params %}.
    previous_params: dict = field(default_factory=dict)
    next_params: dict = field(default_factory=dict)
    notice: str = ""

    @property
    def is_capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def total(self) -> str:
        """ "12", or "more than 1,000"."""
        return f"more than {COUNT_CAP:,}" if self.is_capped else str(self.count)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / PAGE_SIZE))

    @property
    def first_params(self) -> dict:
        return dict(UNPAGED)

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


@dataclass(frozen=True)
class Sort:
    """A queryset's ordering as keyset paging needs it."""

    names: tuple[str, ...]  # "tally__trending_score", "id"
    descending: bool

    @classmethod
    def of(cls, queryset) -> "Sort":
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        if not ordering or not all(isinstance(name, str) for name in ordering):
            raise ValueError(f"Keyset pages need an ordering of field names, not {ordering!r}")
        directions = {name.startswith("-") for name in ordering}
        if len(directions) != 1:
            raise ValueError(f"Keyset pages need one direction for every field: {ordering!r}")
        return cls(tuple(name.lstrip("-") for name in ordering), directions.pop())

    @property
    def key(self) -> int:
        """A short fingerprint, so a cursor made for another sort is refused."""
        return zlib.crc32(repr((self.names, self.descending)).encode())

    def values_of(self, row) -> list:
        values = []
        for name in self.names:
            value = row
            *relations, last = name.split("__")
            for relation in relations:
                value = getattr(value, relation)
            values.append(getattr(value, value._meta.get_field(last).attname))
        return values

    def from_json(self, queryset, values) -> list:
        fields = [self._field(queryset.model, name) for name in self.names]
        return [
            model_field.to_python(value) for model_field, value in zip(fields, values, strict=True)
        ]

    @staticmethod
    def _field(model, name):
        *relations, last = name.split("__")
        for relation in relations:
            model = model._meta.get_field(relation).related_model
        model_field = model._meta.get_field(last)
        return model_field.target_field if model_field.is_relation else model_field

    def seek(self, queryset, values, *, forward: bool):
        """The rows after (`forward`) or before the row with these sort values, in the
        order they are read: the page's own order forward, the reverse backwards."""
        later = TupleLessThan if self.descending else TupleGreaterThan
        earlier = TupleGreaterThan if self.descending else TupleLessThan
        lookup = later if forward else earlier
        position = lookup(Tuple(*(F(name) for name in self.names)), tuple(values))
        rows = queryset.filter(position)
        return rows if forward else rows.reverse()


def cursor(sort: Sort, row, number: int) -> str:
    # isoformat() whole: DjangoJSONEncoder keeps only milliseconds, and a cursor must
    # name its row's time exactly or the seek skips that row's neighbours.
    values = [
        value.isoformat() if hasattr(value, "isoformat") else value for value in sort.values_of(row)
    ]
    return _signer.sign_object({"k": sort.key, "n": number, "v": values})


def read_cursor(sort: Sort, queryset, token: str):
    """(values, page number) from a cursor, or None if it is not one of ours for this sort."""
    try:
        payload = _signer.unsign_object(token)
        if payload["k"] != sort.key or len(payload["v"]) != len(sort.names):
            return None
        return sort.from_json(queryset, payload["v"]), max(int(payload["n"]), 1)
    except (signing.BadSignature, ValueError, KeyError, TypeError, OverflowError):
        return None


def count_of(queryset) -> int:
    # Only the rows matter here: not their order, nor what the cards annotate.
    return queryset.order_by().values("pk")[: COUNT_CAP + 1].count()


def paginate(request, queryset) -> Page:
    """The page a list URL asks for: ?after=<cursor> (Next), ?before=<cursor>
    (Previous), an old ?page=N, or the first page."""
    sort = Sort.of(queryset)
    count = count_of(queryset)
    for direction in ("after", "before"):
        if token := request.GET.get(direction):
            if (found := read_cursor(sort, queryset, token)) is None:
                page = _first(sort, queryset, count)
                page.notice = EXPIRED
                return page
            values, number = found
            if direction == "after":
                return _after(sort, queryset, count, values, number)
            return _before(sort, queryset, count, values, number)
    number = parse_id(request.GET.get("page", "")) or 1
    if number > 1 and count > PAGE_SIZE:
        return _by_offset(sort, queryset, count, min(number, math.ceil(count / PAGE_SIZE)))
    return _first(sort, queryset, count)


def _first(sort, queryset, count) -> Page:
    return _forward(sort, list(queryset[: PAGE_SIZE + 1]), count, number=1)


def _after(sort, queryset, count, values, number) -> Page:
    rows = list(sort.seek(queryset, values, forward=True)[: PAGE_SIZE + 1])
    if not rows:  # past the end (the rows after were deleted): the list's start
        return _first(sort, queryset, count)
    return _forward(sort, rows, count, number=number)


def _by_offset(sort, queryset, count, number) -> Page:
    start = (number - 1) * PAGE_SIZE
    return _forward(sort, list(queryset[start : start + PAGE_SIZE + 1]), count, number=number)


def _forward(sort, rows, count, *, number) -> Page:
    page = Page(rows[:PAGE_SIZE], number, count, has_previous=number > 1)
    page.has_next = len(rows) > PAGE_SIZE
    _link(sort, page)
    return page


def _before(sort, queryset, count, values, number) -> Page:
    rows = list(sort.seek(queryset, values, forward=False)[: PAGE_SIZE + 1])
    at_start = len(rows) <= PAGE_SIZE
    if at_start and len(rows) < PAGE_SIZE:
        return _first(sort, queryset, count)  # rows were deleted: start again
    rows = rows[:PAGE_SIZE][::-1]
    page = Page(rows, 1 if at_start else max(number, 2), count, has_previous=not at_start)
    page.has_next = True
    _link(sort, page)
    return page


def _link(sort, page) -> None:
    rows = page.object_list
    if page.has_next:
        page.next_params = UNPAGED | {"after": cursor(sort, rows[-1], page.number + 1)}
    if page.has_previous:
        # Page 2's Previous is the list's own URL, as its first page is linked everywhere.
        token = cursor(sort, rows[0], page.number - 1) if page.number > 2 else None
        page.previous_params = UNPAGED | {"before": token}
