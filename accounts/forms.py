from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from django import forms

from accounts.adapters import INVITATION_SESSION_KEY
from accounts.models import DigestFrequency, Invitation, NotificationKind, Team, User

CHANNELS = (("in_app", "In the app"), ("email", "By email"))


def switch_name(kind: str, channel: str) -> str:
    return f"notify_{kind}_{channel}"


class TeamSelect(forms.Select):
    """A team <select> whose options carry their place in the org tree, for the
    sign-up page's filter (static/js/onboarding.js) to keep a match's parents."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        team = getattr(value, "instance", None)
        if team is not None:
            option["attrs"]["data-path"] = team.path
        return option


class TeamChoiceField(forms.ModelChoiceField):
    """Teams listed as the org tree: indented by depth."""

    widget = TeamSelect

    def label_from_instance(self, team):
        return "\u2003" * team.depth + team.name


def clean_name(value: str) -> str:
    """A display name with its spaces tidied; one letter is not a name."""
    name = " ".join(value.split())
    if name and len(name) < 2:
        raise forms.ValidationError("A display name needs at least 2 characters.")
    return name


class LoginForm(AllauthLoginForm):
    """allauth's log-in form with the product's labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remember"].label = "Keep me logged in on this device"
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up (email and password) plus who the person is and where they
    work, so they can post as soon as their address is confirmed."""

    display_name = forms.CharField(
        label="Your name",
        max_length=80,
        help_text="How colleagues see you on Frontline.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Tell colleagues your name."},
    )
    team = TeamChoiceField(
        queryset=Team.objects.all(),
        label="Your team",
        empty_label="Choose your team",
        help_text="Where you work: your store, contact centre or office. Your posts show under it.",
        widget=TeamSelect(attrs={"data-team-picker": ""}),
        error_messages={
            "required": "Choose your team: your posts show under it.",
            "invalid_choice": "That team does not exist any more: choose your team from the list.",
        },
    )
    field_order = ["display_name", "email", "team", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One line instead of Django's four-item list of password rules.
        self.fields[
            "password1"
        ].help_text = "At least 8 characters, not only numbers, and not a common password."
        for name in ("email", "password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)
        # Someone who followed an invitation starts with its team chosen.
        request = context.request
        token = request.session.get(INVITATION_SESSION_KEY) if request else None
        invitation = token and Invitation.objects.open().filter(token=token).first()
        if invitation and invitation.team_id:
            self.fields["team"].initial = invitation.team_id

    def clean_display_name(self):
        name = clean_name(self.cleaned_data["display_name"])
        if not name:
            raise forms.ValidationError("Tell colleagues your name.")
        return name


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
        return clean_name(self.cleaned_data["display_name"])

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
