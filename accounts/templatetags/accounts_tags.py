from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def signup_domains() -> str:
    """The allowed sign-up domains, for the sign-up page's hint."""
    domains = settings.ALLOWED_SIGNUP_DOMAINS
    return " or ".join(domains) if len(domains) < 3 else ", ".join(domains)
