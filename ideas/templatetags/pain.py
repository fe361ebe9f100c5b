"""Customer pain on cards and the idea page: read from the stored fields, no query."""

from django import template

from ideas import pain

register = template.Library()


@register.filter
def pain_figure(idea) -> int:
    return pain.figure(idea)


@register.filter
def pain_line(idea) -> str:
    return pain.explanation(idea)
