from django.urls import path

from insights import feeds, views

app_name = "insights"
urlpatterns = [
    path("ideas/export.csv", views.export_ideas, name="export_ideas"),
    path("observations/export.csv", views.export_observations, name="export_observations"),
    path("feeds/renew/", views.renew_feed_link, name="renew_feed_link"),
    path("feeds/<str:token>/ideas/", feeds.NewIdeasFeed(), name="idea_feed"),
    path("feeds/<str:token>/wins/", feeds.WinsFeed(), name="win_feed"),
    path("feeds/<str:token>/teams/<int:team_id>/", feeds.TeamIdeasFeed(), name="team_feed"),
    path("feeds/<str:token>/tags/<str:name>/", feeds.TagIdeasFeed(), name="tag_feed"),
]
