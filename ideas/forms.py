"""Forms for posting and editing observations and ideas. They only validate: the
actions in ideas.posting do the writing."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.functional import cached_property

from forum.params import parse_id
from ideas.models import Idea, Observation
from ideas.posting import parse_tags

TAGS_HELP = "Separated by commas, e.g. delivery, returns. At most 10."
# "12", "#12" or a pasted observation address such as /observations/12/.
OBSERVATION_REFERENCE = re.compile(r"^(?:.*/observations/)?#?(\d{1,18})/?$")


class TagsField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", TAGS_HELP)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def clean(self, value):
        return parse_tags(super().clean(value))


# With fewer people than this in the author's team, colleagues may guess who wrote an
# anonymous post even though it shows neither name nor team.
SMALL_TEAM = 5


class AnonymityWarningMixin:
    """A posting form's warning beside "post anonymously" when the author's team is
    small. Read only when the page shows it: one query, none on a valid POST."""

    also_warn = ""

    @cached_property
    def anonymity_warning(self) -> str:
        if "is_anonymous" not in self.fields or self.user.team_id is None:
            return ""
        size = get_user_model().objects.filter(team=self.user.team_id, is_active=True).count()
        if size >= SMALL_TEAM:
            return ""
        team = (
            "You are the only person in your team" if size <= 1 else f"Your team has {size} people"
        )
        return f"{team}: colleagues may still guess who wrote it from what it says.{self.also_warn}"


class ObservationForm(AnonymityWarningMixin, forms.ModelForm):
    tags = TagsField()

    class Meta:
        model = Observation
        fields = [
            "what_happened",
            "customer_words",
            "touchpoint",
            "journey_stage",
            "sentiment",
            "segment",
            "tags",
            "is_anonymous",
        ]
        labels = {"what_happened": "What happened?"}
        help_texts = {
            "customer_words": "Their actual words, if you remember them.",
            "segment": "e.g. small business, first-time buyer.",
        }
        widgets = {
            # The one box needed: the cursor starts there.
            "what_happened": forms.Textarea(attrs={"rows": 3, "autofocus": True}),
            "customer_words": forms.Textarea(attrs={"rows": 2}),
            # Three one-tap choices (styled as segmented buttons in details.css).
            "sentiment": forms.RadioSelect,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("touchpoint", "journey_stage"):
            field = self.fields[name]
            field.choices = [("", "—"), *[c for c in field.choices if c[0]]]
        sentiment = self.fields["sentiment"]
        sentiment.choices = [c for c in sentiment.choices if c[0]]  # none ticked: not said
        if self.instance.pk:
            del self.fields["is_anonymous"]  # anonymity is chosen once, when posting
            self.initial["tags"] = [tag.name for tag in self.instance.tags.all()]


class EvidenceField(forms.ModelMultipleChoiceField):
    """The offered observations, ticked. A posted value that is no id is refused as
    such before it reaches a query (SQLite overflows on a 26-digit number)."""

    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else []:
            if parse_id(str(pk)) is None:
                raise forms.ValidationError(f"“{str(pk)[:40]}” is not an observation number.")
        return super().clean(value)


class IdeaForm(AnonymityWarningMixin, forms.ModelForm):
    also_warn = " Without a category, an idea is routed to your team, and its page says so."
    tags = TagsField()
    evidence = EvidenceField(
        queryset=Observation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evidence",
        help_text="Observations that show the problem.",
    )
    more_evidence = forms.CharField(
        required=False,
        label="More evidence: observation numbers",
        help_text="Separated by commas, e.g. 12, 40, or pasted observation addresses.",
    )

    class Meta:
        model = Idea
        fields = [
            "title",
            "problem",
            "proposal",
            "expected_impact",
            "category",
            "tags",
            "is_anonymous",
        ]
        labels = {"problem": "The customer problem", "proposal": "The proposal"}
        help_texts = {"expected_impact": "What would change for customers?"}
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "proposal": forms.Textarea(attrs={"rows": 5}),
            "expected_impact": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, evidence_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["title"].widget.attrs.update(
            {
                "hx-get": reverse("ideas:similar_ideas"),
                "hx-trigger": "input changed delay:400ms, keyup changed delay:400ms",
                "hx-target": "#similar-ideas",
                "autocomplete": "off",
            }
        )
        if self.instance.pk:
            self.initial["tags"] = [tag.name for tag in self.instance.tags.all()]
            # Anonymity is chosen once, when posting; evidence is linked from the idea page.
            for name in ("is_anonymous", "evidence", "more_evidence"):
                del self.fields[name]
            return
        self.fields["evidence"].queryset = evidence_choices or Observation.objects.none()
        self.fields["evidence"].label_from_instance = _evidence_label

    def clean_more_evidence(self):
        numbers = []
        for piece in re.split(r"[,\s]+", self.cleaned_data["more_evidence"].strip()):
            if not piece:
                continue
            match = OBSERVATION_REFERENCE.match(piece)
            if not match:
                raise forms.ValidationError(f"“{piece[:40]}” is not an observation number.")
            numbers.append(int(match[1]))
        if len(numbers) > 20:
            raise forms.ValidationError("At most 20 observations at once.")
        found = Observation.objects.visible_to(self.user).in_bulk(numbers)
        missing = [f"#{n}" for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(f"No observation {', '.join(missing)}.")
        return [found[n] for n in numbers]

    def observations(self) -> list[Observation]:
        """Every observation chosen as evidence, without repeats."""
        chosen = list(self.cleaned_data.get("evidence") or [])
        chosen += self.cleaned_data.get("more_evidence") or []
        return list({o.pk: o for o in chosen}.values())


def _evidence_label(observation) -> str:
    return f"#{observation.pk}: {observation.headline}"


class LinkEvidenceForm(forms.Form):
    observation = forms.CharField(
        label="Link an observation",
        max_length=200,
        help_text="Its number (e.g. 12) or its address.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_observation(self):
        value = self.cleaned_data["observation"].strip()
        match = OBSERVATION_REFERENCE.match(value)
        if not match:
            raise forms.ValidationError("Give an observation number, e.g. 12.")
        found = Observation.objects.visible_to(self.user).filter(pk=int(match[1])).first()
        if found is None:
            raise forms.ValidationError(f"No observation #{match[1]}.")
        return found
