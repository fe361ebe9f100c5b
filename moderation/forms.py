from django import forms

from moderation.actions import MAX_REASON
from moderation.models import Report


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with it?",
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Pick a reason from the list.",
            "invalid_choice": "Pick a reason from the list.",
        },
    )
    details = forms.CharField(
        label="Anything the CX leads should know (optional)",
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Say it in at most %(limit_value)d characters."},
    )


class ReasonForm(forms.Form):
    """Why a CX lead hides or restores something: required, shown on the timeline."""

    reason = forms.CharField(
        label="Reason",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Say why: the timeline and the author's colleagues read it.",
            "max_length": "A reason has at most %(limit_value)d characters.",
        },
    )


class DismissForm(forms.Form):
    reason = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=MAX_REASON,
        error_messages={"max_length": "A note has at most %(limit_value)d characters."},
    )
