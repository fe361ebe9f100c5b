from django.urls import path

from bench import floor

app_name = "bench"
urlpatterns = [
    path("read/<int:pk>/", floor.read, name="floor_read"),
    path("vote/<int:pk>/", floor.vote, name="floor_vote"),
]
