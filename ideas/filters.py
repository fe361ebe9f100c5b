"""Filters and sorts for the idea and observation lists.

The category choices come from one query (values, not model instances), so
validating a choice costs no further query, and an unknown choice is a form error
rather than a 500. A company has hundreds of teams: the team is a searchable picker
(a text box whose suggestions load on its first focus), resolved only when used.
"""

from collections import Counter
from dataclasses import dataclass
from functools import wraps

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from accounts.models import Team
from forum.keyset import UNPAGED
from forum.widgets import QuickSelect
from ideas.models import (
    Category,
    Follow,
    JourneyStage,
    Sentiment,
    Status,
    Tag,
    Touchpoint,
    author_visible_q,
)

ANY = [("", "Any")]
# The tag picker offers this many existing tags (a <datalist>); typing still works.
TAG_CHOICES_CAP = 500


def existing_tag_names() -> list[str]:
    """The tag picker's options, loaded by htmx when the tag box is first focused, so
    the list pages themselves run no query for them."""
    return list(Tag.objects.values_list("name", flat=True)[:TAG_CHOICES_CAP])


@dataclass(frozen=True)
class Chip:
    """An active filter as the list shows it, with the link that removes it."""

    label: str
    remove_url: str


def without(query, *names) -> str:
    """`query` (a QueryDict) less `names` and the page it was on, as "?a=1" or "?"."""
    kept = query.copy()
    for name in (*names, *UNPAGED):
        kept.pop(name, None)
    return f"?{kept.urlencode()}" if kept else "?"


@dataclass(frozen=True)
class TeamLabel:
    """A team as the team picker names it: its name, with its parent's where two
    teams share a name."""

    label: str
    pk: int
    path: str
    parent: str


def team_labels() -> list[TeamLabel]:
    rows = list(Team.objects.order_by("path").values_list("id", "name", "path", "parent__name"))
    repeated = Counter(name.casefold() for _pk, name, _path, _parent in rows)
    return [
        TeamLabel(
            f"{name} ({parent})" if repeated[name.casefold()] > 1 and parent else name,
            pk,
            path,
            parent or "",
        )  # fmt: skip
        for pk, name, path, parent in rows
    ]


def find_team(text: str, labels: list[TeamLabel] | None = None) -> TeamLabel | None:
    """The team a picker's text names: a label (any case), or an id from a link."""
    labels = team_labels() if labels is None else labels
    if text.isascii() and text.isdigit():
        return next((team for team in labels if team.pk == int(text)), None)
    return next((team for team in labels if team.label.casefold() == text.casefold()), None)


class ListFilterForm(forms.Form):
    """Shared by both lists: team (with its sub-teams), tag, mine, sort."""

    SORTS: list = []

    team = forms.CharField(required=False, max_length=200)
    tag = forms.CharField(required=False, max_length=40)
    mine = forms.BooleanField(required=False, label="Only mine")
    sort = forms.ChoiceField(required=False, widget=QuickSelect)

    def __init__(self, data=None, *, user):
        super().__init__(data, label_suffix="")
        self.user = user
        self.team = None
        self.fields["sort"].choices = self.SORTS
        # The pickers (_filters.html): their options come by htmx on the box's first focus.
        for name, options in (("tag", "tag-names"), ("team", "team-names")):
            self.fields[name].widget.attrs.update(
                {
                    "list": options,
                    "autocomplete": "off",
                    "placeholder": f"Any {name}",
                    "hx-get": reverse(f"ideas:{options.replace('-', '_')}"),
                    "hx-trigger": "focus once",
                    "hx-target": f"#{options}",
                    "hx-swap": "innerHTML",
                    "hx-params": "none",
                    "hx-push-url": "false",
                }
            )

    def clean_team(self):
        text = " ".join(self.cleaned_data["team"].split())
        if not text:
            return ""
        labels = team_labels()
        self.team = find_team(text, labels)
        if self.team is None:
            raise forms.ValidationError(
                f"No team is called “{text}”. Pick one from the list as you type."
            )
        # Its sub-teams too, as literal ids: "posted or routed there" can then use both
        # team indexes (a subquery on each side of the OR scans every idea).
        self.team_ids = [team.pk for team in labels if team.path.startswith(self.team.path)]
        if self.data.get("team") != self.team.label:
            self.data = self.data.copy()  # the box shows the team's name, not "?team=12"
            self.data["team"] = self.team.label
        return self.team.label

    def clean_tag(self):
        return " ".join(self.cleaned_data["tag"].split()).lower()

    def chips(self) -> list[Chip]:
        """The valid filters in use (the sort is not a filter), each with its remove link."""
        if not self.is_bound or not self.is_valid():
            return []
        return [
            Chip(self._chip_label(name, value), without(self.data, name))
            for name, value in self.cleaned_data.items()
            if value and name != "sort"
        ]

    def clear_all_url(self) -> str:
        return without(self.data, *(name for name in self.fields if name != "sort"))

    def _chip_label(self, name, value) -> str:
        field = self.fields[name]
        if isinstance(field, forms.BooleanField):
            return str(field.label)
        if name == "tag":
            return f"#{value}"
        shown = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
        return f"{field.label or name.capitalize()}: {str(shown).lstrip('— ')}"

    def apply(self, queryset):
        """Filter and sort `queryset` with the fields that are valid; invalid ones
        are ignored (the form shows their errors)."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("team"):
            queryset = queryset.filter(self.team_q(self.team_ids))
        if data.get("tag"):
            queryset = queryset.filter(tags__name=data["tag"])
        if data.get("mine") and self.user.is_authenticated:
            queryset = queryset.filter(author=self.user)
        return self.sort_queryset(queryset, data.get("sort") or self.SORTS[0][0])

    def team_q(self, team_ids):
        # An anonymous post is not listed under its author's team: that would tell it.
        return Q(team__in=team_ids) & author_visible_q(self.user)


class IdeaFilterForm(ListFilterForm):
    SORTS = [
        ("trending", "Trending"),
        ("top", "Top"),
        ("pain", "Customer pain"),
        ("newest", "Newest"),
        ("oldest_unanswered", "Oldest unanswered"),
    ]

    status = forms.ChoiceField(required=False, choices=ANY + Status.choices, widget=QuickSelect)
    category = forms.ChoiceField(required=False, widget=QuickSelect)
    following = forms.BooleanField(required=False, label="Only ideas I follow")

    field_order = ["status", "category", "team", "tag", "sort", "mine", "following"]

    def __init__(self, data=None, *, user):
        super().__init__(data, user=user)
        self.fields["category"].choices = ANY + list(Category.objects.values_list("slug", "name"))

    def team_q(self, team_ids):
        """An idea belongs to the team that posted it and to the team it is routed to."""
        return super().team_q(team_ids) | Q(routed_team__in=team_ids)

    def apply(self, queryset):
        queryset = super().apply(queryset)
        data = self.cleaned_data if self.is_bound else {}
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        else:
            queryset = queryset.not_merged()  # duplicates show only when asked for
        if data.get("category"):
            queryset = queryset.filter(category__slug=data["category"])
        if data.get("following") and self.user.is_authenticated:
            follows = Follow.objects.filter(idea=OuterRef("pk"), user=self.user)
            queryset = queryset.filter(Exists(follows))
        return queryset

    def sort_queryset(self, queryset, sort):
        if sort == "oldest_unanswered":
            return queryset.oldest_unanswered()
        sorts = {"top": queryset.top, "pain": queryset.by_pain, "newest": queryset.newest}
        return sorts.get(sort, queryset.trending)()


class ObservationFilterForm(ListFilterForm):
    SORTS = [("newest", "Newest"), ("seen", "Most seen"), ("oldest", "Oldest")]

    touchpoint = forms.ChoiceField(
        required=False, choices=ANY + Touchpoint.choices, widget=QuickSelect
    )
    journey_stage = forms.ChoiceField(
        required=False, choices=ANY + JourneyStage.choices, widget=QuickSelect
    )
    sentiment = forms.ChoiceField(
        required=False, choices=ANY + Sentiment.choices, widget=QuickSelect
    )

    field_order = ["touchpoint", "journey_stage", "sentiment", "team", "tag", "sort", "mine"]

    def apply(self, queryset):
        queryset = super().apply(queryset)
        data = self.cleaned_data if self.is_bound else {}
        for field in ("touchpoint", "journey_stage", "sentiment"):
            if data.get(field):
                queryset = queryset.filter(**{field: data[field]})
        return queryset

    def sort_queryset(self, queryset, sort):
        order = {"seen": ("-seen_count", "-id"), "oldest": ("created_at", "id")}
        return queryset.order_by(*order.get(sort, ("-created_at", "-id")))


def without_empty_params(view):
    """A list URL with empty parameters (a form submitted without JavaScript sends
    `?status=&team=`) redirects to the same list without them, so shared links
    stay clean."""

    @wraps(view)
    def clean_first(request, *args, **kwargs):
        if any("" in values for _name, values in request.GET.lists()):
            kept = QueryDict(mutable=True)
            for name, values in request.GET.lists():
                if filled := [value for value in values if value != ""]:
                    kept.setlist(name, filled)
            return redirect(f"{request.path}?{kept.urlencode()}" if kept else request.path)
        return view(request, *args, **kwargs)

    return clean_first


def render_list(request, template: str, context: dict):
    """The whole list page, or only its `results` partial for an htmx request."""
    partial = request.htmx and not request.htmx.history_restore_request
    response = render(request, f"{template}#results" if partial else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
