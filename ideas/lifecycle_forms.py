"""Forms for the lifecycle actions. They only type and look up the input; the rules
(note required, impact required, allowed moves) live in ideas.lifecycle."""

from django import forms

from accounts.models import Team, User
from ideas.lifecycle import allowed_next_statuses
from ideas.models import Idea, Status

NOTE_HELP = "Public: everyone following the idea reads it. Needed for done, declined, merged."


class StatusForm(forms.Form):
    # Offers only the allowed moves, but takes any value: change_status says why a
    # move is not allowed (say, the idea was merged meanwhile) better than "invalid choice".
    to = forms.CharField(label="Move to", max_length=20, widget=forms.Select)
    note = forms.CharField(
        label="Public note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NOTE_HELP,
    )
    # Shown only once Done is chosen (details.css); without that, labelled as such.
    impact = forms.CharField(
        label="Impact for customers (only for Done)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What changed for customers. Needed to move it to Done.",
    )

    def __init__(self, *args, idea, **kwargs):
        kwargs.setdefault("auto_id", "status-%s")  # several forms share a page
        super().__init__(*args, **kwargs)
        choices = [(s, Status(s).label) for s in allowed_next_statuses(idea)]
        self.fields["to"].widget.choices = choices
        self.closed = not choices  # a closed idea's status no longer changes


class OwnerForm(forms.Form):
    owner = forms.EmailField(
        label="Owner's email address",
        required=False,
        help_text="Any employee. Leave empty for no owner.",
    )
    target_date = forms.DateField(
        label="Target date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, idea, **kwargs):
        kwargs.setdefault("auto_id", "owner-%s")  # several forms share a page
        super().__init__(*args, **kwargs)
        self.fields["owner"].initial = idea.owner.email if idea.owner_id else ""
        self.fields["target_date"].initial = idea.target_date

    def clean_owner(self):
        email = self.cleaned_data["owner"].strip().lower()
        if not email:
            return None
        owner = User.objects.filter(email=email, is_active=True).first()
        if owner is None:
            raise forms.ValidationError("No employee has that email address.")
        return owner


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, team):
        return f"{'— ' * team.depth}{team.name}"


class RouteForm(forms.Form):
    team = TeamChoiceField(label="Route to team", queryset=Team.objects.order_by("path"))
    note = forms.CharField(
        label="Why this team",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, idea, **kwargs):
        kwargs.setdefault("auto_id", "route-%s")  # several forms share a page
        super().__init__(*args, **kwargs)
        self.fields["team"].initial = idea.routed_team_id


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label="Merge into idea number",
        min_value=1,
        help_text="The idea that stays: its number is in its address, /ideas/<number>/.",
    )
    note = forms.CharField(
        label="Why it is a duplicate",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=NOTE_HELP,
    )

    def __init__(self, *args, idea, user=None, **kwargs):
        kwargs.setdefault("auto_id", "merge-%s")  # several forms share a page
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_into(self):
        ideas = Idea.objects.visible_to(self.user) if self.user else Idea.objects.all()
        into = ideas.filter(pk=self.cleaned_data["into"]).first()
        if into is None:
            raise forms.ValidationError("No idea has that number.")
        return into
