from urllib.parse import urlsplit

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_site(**kwargs):
    """Keep the sites framework's row (named in allauth's emails) equal to SITE_NAME
    and SITE_URL, so a rebrand is one environment variable."""
    from django.conf import settings
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME}
    )


class ForumConfig(AppConfig):
    name = "forum"

    def ready(self):
        post_migrate.connect(sync_site, sender=self)
