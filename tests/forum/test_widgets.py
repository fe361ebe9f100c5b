import pytest
from django import forms
from django.test.html import parse_html

from forum.widgets import QuickSelect

CHOICES = [("", "Any"), ("1", "Acme"), ("2", "— North & <South>"), ("3", 'The "Best" store')]


def rendered(widget_class, value, attrs=None):
    field = forms.ChoiceField(choices=CHOICES, required=False, widget=widget_class)
    return parse_html(field.widget.render("team", value, attrs=attrs))


@pytest.mark.parametrize("value", [None, "", "2", ["3"], "missing"])
def test_it_renders_as_djangos_select(value):
    attrs = {"id": "id_team", "hx-get": "/x/?a=1&b=2"}
    assert rendered(QuickSelect, value, attrs) == rendered(forms.Select, value, attrs)


def test_the_labels_are_escaped():
    html = str(rendered(QuickSelect, None))
    assert "&lt;South&gt;" in html and "<South>" not in html
