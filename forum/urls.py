from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from forum import finish, views

# Staff log in to the admin through allauth's own login, like everyone else, so that
# email verification and two-factor apply there too. Django's admin form would take
# a password alone.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("manifest.webmanifest", finish.manifest, name="manifest"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("ideas.urls")),
    path("", include("notifications.urls")),
    path("", include("insights.urls")),
    path("moderation/", include("moderation.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_FLOOR:  # make bench only (bench/floor.py)
    urlpatterns.append(path("bench/floor/", include("bench.urls")))

handler500 = "forum.finish.server_error"
