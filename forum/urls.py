from django.contrib import admin
from django.urls import include, path

from forum import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("ideas.urls")),
    path("", include("notifications.urls")),
    path("admin/", admin.site.urls),
]
