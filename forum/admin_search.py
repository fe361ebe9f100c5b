"""Admin search with a bounded query.

SQLite refuses a LIKE pattern longer than 50,000 bytes and an expression tree deeper
than 1,000 terms, so a pasted essay in the admin's search box would answer 500. No
real search needs more than a few words: the rest is ignored, and the page says so.
"""

from django.contrib import messages
from django.utils.text import smart_split

MAX_SEARCH_LENGTH = 200
MAX_SEARCH_TERMS = 10


class BoundedSearchMixin:
    def get_search_results(self, request, queryset, search_term):
        terms = list(smart_split(search_term[:MAX_SEARCH_LENGTH]))[:MAX_SEARCH_TERMS]
        bounded = " ".join(terms)
        if bounded != " ".join(smart_split(search_term)):
            messages.warning(
                request,
                f"Only the first {MAX_SEARCH_TERMS} words (at most {MAX_SEARCH_LENGTH} "
                "characters) of the search were used.",
            )
        return super().get_search_results(request, queryset, bounded)
