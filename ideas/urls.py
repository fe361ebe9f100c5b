from django.urls import path

from ideas.views import (
    comments,
    customer_cards,
    ideas,
    lifecycle,
    manage,
    observations,
    reactions,
    search,
    wins,
)

app_name = "ideas"
urlpatterns = [
    # Observations
    path("observations/", observations.observation_list, name="observation_list"),
    path("observations/new/", observations.observation_new, name="observation_new"),
    path("observations/<int:pk>/", observations.observation_detail, name="observation_detail"),
    path("observations/<int:pk>/edit/", observations.observation_edit, name="observation_edit"),
    path("observations/<int:pk>/seen/", reactions.seen_this_too, name="observation_seen"),
    path(
        "observations/<int:pk>/comments/",
        comments.observation_comment,
        name="observation_comment",
    ),
    # Ideas
    path("ideas/", ideas.idea_list, name="idea_list"),
    path("ideas/new/", ideas.idea_new, name="idea_new"),
    path("ideas/similar/", search.similar_ideas, name="similar_ideas"),
    path("ideas/<int:pk>/", ideas.idea_detail, name="idea_detail"),
    path("ideas/<int:pk>/timeline/", ideas.idea_timeline, name="idea_timeline"),
    path("ideas/<int:pk>/edit/", ideas.idea_edit, name="idea_edit"),
    path("ideas/<int:pk>/evidence/", ideas.link_evidence, name="idea_link_evidence"),
    path("ideas/<int:pk>/vote/", reactions.vote, name="idea_vote"),
    path("ideas/<int:pk>/follow/", reactions.follow, name="idea_follow"),
    path("ideas/<int:pk>/comments/", comments.idea_comment, name="idea_comment"),
    path("ideas/<int:pk>/status/", lifecycle.change_status, name="idea_status"),
    path("ideas/<int:pk>/owner/", lifecycle.assign_owner, name="idea_owner"),
    path("ideas/<int:pk>/route/", lifecycle.reroute, name="idea_route"),
    path("ideas/<int:pk>/merge/", lifecycle.merge, name="idea_merge"),
    # Managers
    path("manage/", manage.triage_queue, name="manage"),
    path("manage/board/", manage.board, name="board"),
    # Sharing
    path("wins/", wins.wins, name="wins"),
    path("cards/", customer_cards.card_list, name="customer_cards"),
    path("cards/<int:pk>/told/", customer_cards.told_them, name="customer_card_told"),
    path("search/", search.search, name="search"),
    path("people/suggest/", comments.mention_suggestions, name="mention_suggestions"),
    path("tags/", search.tag_names, name="tag_names"),
    path("teams/", search.team_names, name="team_names"),
]
