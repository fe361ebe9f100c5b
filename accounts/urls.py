from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("welcome/dismiss/", views.dismiss_welcome_view, name="dismiss_welcome"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<int:pk>/resend/", views.resend_invitation, name="resend_invitation"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
