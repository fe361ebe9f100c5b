from django.urls import path

from insights import feeds
from insights.views import dashboard, exports, huddle
from insights.views import feeds as feed_views

app_name = "insights"
urlpatterns = [
    path("huddle/", huddle.huddle, name="huddle"),
    path("huddle/board/", huddle.huddle_board, name="huddle_board"),
    path("huddle/start/", huddle.start, name="huddle_start"),
    path(
        "huddle/<int:huddle_id>/observations/<int:observation_id>/hand/",
        huddle.hand,
        name="huddle_hand",
    ),
    path(
        "huddle/<int:huddle_id>/observations/<int:observation_id>/hand/undo/",
        huddle.undo_hand,
        name="huddle_undo_hand",
    ),
    path(
        "huddle/<int:huddle_id>/observations/<int:observation_id>/elevate/",
        huddle.elevate_observation,
        name="huddle_elevate",
    ),
    path("insights/", dashboard.dashboard, name="dashboard"),
    path("insights/cell/", dashboard.cell, name="cell"),
    path("ideas/export.csv", exports.export_ideas, name="export_ideas"),
    path("observations/export.csv", exports.export_observations, name="export_observations"),
    path("feeds/renew/", feed_views.renew_feed_link, name="renew_feed_link"),
    path("feeds/<str:token>/ideas/", feeds.NewIdeasFeed(), name="idea_feed"),
    path("feeds/<str:token>/wins/", feeds.WinsFeed(), name="win_feed"),
    path("feeds/<str:token>/teams/<int:team_id>/", feeds.TeamIdeasFeed(), name="team_feed"),
    path("feeds/<str:token>/tags/<str:name>/", feeds.TagIdeasFeed(), name="tag_feed"),
]
