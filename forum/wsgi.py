import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
# Web requests run a few many-join page queries again and again with other values:
# planned once per connection they cost a page half as much (bench/RESULTS.md). The
# Celery worker's scans keep PostgreSQL's default, which plans their date and count
# ranges for the values given (README, "Configuration").
os.environ.setdefault("DATABASE_PLAN_CACHE_MODE", "force_generic_plan")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:
    sys.exit(f"Error: {exc}")
