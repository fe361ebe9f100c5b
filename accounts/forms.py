from django import forms

from accounts.models import DigestFrequency, Invitation, NotificationKind, Team, User

CHANNELS = (("in_app", "In the app"), ("email", "By email"))


def switch_name(kind: str, channel: str) -> str:
    return f"notify_{kind}_{channel}"


class TeamChoiceField(forms.ModelChoiceField):
    """Teams listed as the org tree: indented by depth."""

    def label_from_instance(self, team):
        return "\u2003" * team.depth + team.name


class PreferencesForm(forms.ModelForm):
    """A person's own settings; notification switches live in notification_settings."""

    team = TeamChoiceField(queryset=Team.objects.all(), required=False, empty_label="No team")
    digest_frequency = forms.ChoiceField(
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
        label="Digest email",
        help_text="A summary of what happened on what you follow, your team and the company.",
    )

    class Meta:
        model = User
        fields = ["display_name", "team", "time_zone", "digest_frequency"]
        labels = {"display_name": "Display name", "time_zone": "Time zone"}
        help_texts = {"display_name": "How colleagues see you. Leave empty to use your email."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"
        for kind in NotificationKind:
            for channel, label in CHANNELS:
                self.fields[switch_name(kind, channel)] = forms.BooleanField(
                    required=False,
                    label=f"{kind.label}: {label.lower()}",
                    initial=self.instance.wants(kind, channel),
                )

    def switch_rows(self):
        """(kind label, [bound field per channel]) for the notifications table."""
        return [
            (kind.label, [self[switch_name(kind, channel)] for channel, _ in CHANNELS])
            for kind in NotificationKind
        ]

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if name and len(name) < 2:
            raise forms.ValidationError("A display name needs at least 2 characters.")
        return name

    def save(self, commit=True):
        self.instance.notification_settings = {
            kind: {
                channel: self.cleaned_data[switch_name(kind, channel)] for channel, _ in CHANNELS
            }
            for kind in NotificationKind.values
        }
        return super().save(commit=commit)


class InvitationForm(forms.ModelForm):
    team = TeamChoiceField(
        queryset=Team.objects.all(),
        required=False,
        empty_label="Let them choose",
        help_text="The team they join when they sign up.",
    )

    class Meta:
        model = Invitation
        fields = ["email", "team"]
        labels = {"email": "Email address"}

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Someone already has an account with this address.")
        if Invitation.objects.open().for_email(email).exists():
            raise forms.ValidationError(
                "This address already has an open invitation: resend it from the list below."
            )
        return email
