from django.contrib.sites.models import Site

from forum.apps import sync_site


def test_the_site_row_follows_site_name_and_site_url(db, settings):
    settings.SITE_NAME = "Acme Voices"
    settings.SITE_URL = "https://voices.acme.example"
    sync_site()
    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.name, site.domain) == ("Acme Voices", "voices.acme.example")
