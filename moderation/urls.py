from django.urls import path

from moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<str:kind>/<int:pk>/report/", views.report, name="report"),
    path("<str:kind>/<int:pk>/hide/", views.hide, name="hide"),
    path("<str:kind>/<int:pk>/restore/", views.restore, name="restore"),
    path("<str:kind>/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("<str:kind>/<int:pk>/history/", views.edit_history, name="history"),
]
