"""The insights dashboard's filters: a team (with its sub-teams) and a date range.

A CX lead may pick any team; a manager only teams in their area (asking for another
team is refused with a 403, not hidden behind a form error). Staff have no dashboard.
"""

from datetime import date, datetime, time, timedelta

from django import forms
from django.http import QueryDict
from django.utils import timezone

from accounts.models import Team
from ideas.access import managed_paths

# The default range: the last 90 days, today included.
DEFAULT_DAYS = 90
# A range longer than this is refused: the weekly trends would be unreadable.
MAX_DAYS = 2 * 366
EARLIEST = date(2000, 1, 1)


class DateInput(forms.DateInput):
    """The browser's date picker, which sends and reads ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def may_see_dashboard(user) -> bool:
    """CX leads (the whole company) and managers (their area)."""
    return user.is_authenticated and (user.is_cx_lead or bool(managed_paths(user)))


class OutsideArea(Exception):
    """A manager asked for a team outside their area."""


class DashboardFilterForm(forms.Form):
    team = forms.ChoiceField(required=False, label="Team")
    start = forms.DateField(required=False, label="From", widget=DateInput)
    end = forms.DateField(required=False, label="To", widget=DateInput)

    def __init__(self, data=None, *, user):
        super().__init__(data, label_suffix="")
        self.user = user
        self.today = timezone.localdate()
        teams = Team.objects.order_by("path")
        if not user.is_cx_lead:
            teams = teams.within(*managed_paths(user))
        rows = list(teams.values_list("id", "name", "path", "depth"))
        top = min((depth for *_rest, depth in rows), default=0)
        everyone = "Whole company" if user.is_cx_lead else "My whole area"
        self.fields["team"].choices = [("", everyone)] + [
            (str(pk), "— " * (depth - top) + name) for pk, name, _path, depth in rows
        ]
        self.team_paths = {str(pk): path for pk, _name, path, _depth in rows}
        self.team_names = {str(pk): name for pk, name, _path, _depth in rows}
        for name, value in (("start", self.default_start), ("end", self.today)):
            self.fields[name].widget.attrs.update(
                {"min": EARLIEST.isoformat(), "max": self.today.isoformat()}
            )
            self.fields[name].initial = value

    @property
    def default_start(self) -> date:
        return self.today - timedelta(days=DEFAULT_DAYS - 1)

    def check_area(self) -> None:
        """Raise OutsideArea when the team asked for is a real team that this person
        may not look at (one query, only then)."""
        asked = (self.data.get("team") or "").strip()
        if (
            asked.isdigit()
            and len(asked) <= 18  # a bigint: longer cannot name a team
            and asked not in self.team_paths
            and Team.objects.filter(pk=int(asked)).exists()
        ):
            raise OutsideArea

    def clean_start(self):
        return self._in_bounds(self.cleaned_data["start"] or self.default_start)

    def clean_end(self):
        return self._in_bounds(self.cleaned_data["end"] or self.today)

    def _in_bounds(self, value: date) -> date:
        if value < EARLIEST:
            raise forms.ValidationError(f"Pick a date from {EARLIEST:%-d %B %Y} on.")
        if value > self.today:
            raise forms.ValidationError("Pick a date that is not in the future.")
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                self.add_error("end", "“To” must be on or after “From”.")
            elif (end - start).days + 1 > MAX_DAYS:
                self.add_error("start", f"Pick a range of at most {MAX_DAYS} days.")
        return data

    def scope_values(self) -> dict:
        """The valid filters, or the defaults where a field is not valid."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if self.is_bound and not self.is_valid():
            # A bad range falls back to the default one, shown with its error.
            data = {"team": self.cleaned_data.get("team")}
        start = data.get("start") or self.default_start
        end = data.get("end") or self.today
        team = data.get("team") or ""
        if team:
            paths = (self.team_paths[team],)
        else:
            paths = None if self.user.is_cx_lead else tuple(managed_paths(self.user))
        tz = timezone.get_current_timezone()
        return {
            "team": team,
            "team_paths": paths,
            "team_name": self.team_names.get(team, ""),
            "start": timezone.make_aware(datetime.combine(start, time.min), tz),
            "end": timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz),
            "first_day": start,
            "last_day": end,
        }

    def query_string(self) -> str:
        """The filters as a query string for links (the drill-down), "" for defaults."""
        values = self.scope_values()
        query = QueryDict(mutable=True)
        if values["team"]:
            query["team"] = values["team"]
        query["start"] = values["first_day"].isoformat()
        query["end"] = values["last_day"].isoformat()
        return query.urlencode()
