"""The admin CX leads use for people, teams, invitations and sign-in providers.

CX leads get in because User.save() makes them staff, and accounts.backends.CXLeadBackend
grants them the model permissions of the forum's apps. Only superusers hand out
superuser status, groups and per-user permissions, or change a superuser.
"""

from allauth.socialaccount.admin import SocialAppAdmin
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from accounts.actions import email_invitation
from accounts.models import Invitation, Team, User
from forum.admin_search import BoundedSearchMixin

SUPERUSER_ONLY_FIELDS = ("is_superuser", "groups", "user_permissions")


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)
        field_classes: dict = {}


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes: dict = {}


@admin.register(User)
class UserAdmin(BoundedSearchMixin, BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name", "team", "time_zone", "digest_frequency")}),
        (
            "Role and permissions",
            {
                "fields": ("is_active", "is_cx_lead", "is_staff", *SUPERUSER_ONLY_FIELDS),
                "description": "A CX lead is made staff automatically and may manage "
                "people, teams, invitations, sign-in providers and the forum's content.",
            },
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
        ("Profile", {"fields": ("display_name", "team", "is_cx_lead")}),
    )
    list_display = ("email", "display_name", "team", "is_cx_lead", "is_staff", "is_active")
    list_filter = ("is_cx_lead", "is_staff", "is_active", "digest_frequency")
    list_select_related = ("team",)
    search_fields = ("email", "display_name")
    ordering = ("email",)
    autocomplete_fields = ("team",)
    readonly_fields = ("last_login", "date_joined")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else (*fields, *SUPERUSER_ONLY_FIELDS)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Team)
class TeamAdmin(BoundedSearchMixin, admin.ModelAdmin):
    list_display = ("tree_name", "kind", "manager", "parent", "member_count", "path")
    list_filter = ("kind", "depth")
    list_select_related = ("manager", "parent")
    search_fields = ("name",)
    autocomplete_fields = ("parent", "manager")
    readonly_fields = ("path", "depth")
    ordering = ("path",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description="Team", ordering="path")
    def tree_name(self, team):
        return format_html("{}{}", "\u2003" * team.depth + ("└ " if team.depth else ""), team.name)

    @admin.display(description="Members", ordering="member_count")
    def member_count(self, team):
        return team.member_count


@admin.register(Invitation)
class InvitationAdmin(BoundedSearchMixin, admin.ModelAdmin):
    list_display = ("email", "team", "invited_by", "created_at", "accepted_at", "state")
    list_filter = (("accepted_at", admin.EmptyFieldListFilter), "created_at")
    list_select_related = ("team", "invited_by")
    search_fields = ("email",)
    autocomplete_fields = ("team",)
    readonly_fields = ("invited_by", "token", "created_at", "accepted_at")
    actions = ["send_invitation_email"]

    @admin.display(description="State")
    def state(self, invitation):
        if invitation.accepted_at:
            return "Accepted"
        return "Open" if invitation.is_open else "Expired"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.invited_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Send invitation email")
    def send_invitation_email(self, request, queryset):
        sent = 0
        for invitation in queryset:
            if invitation.is_open:
                email_invitation(invitation=invitation, request=request)
                sent += 1
        skipped = queryset.count() - sent
        self.message_user(request, f"Sent {sent} invitation email(s).", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"Skipped {skipped} accepted or expired invitation(s).", messages.WARNING
            )


def callback_urls(app: SocialApp) -> list[tuple[str, str]]:
    """What to give the identity provider for this app, as (label, path)."""
    try:
        if app.provider == "openid_connect":
            provider_id = app.provider_id or app.provider
            path = reverse("openid_connect_callback", kwargs={"provider_id": provider_id})
            return [("Redirect (callback) URL", path)]
        if app.provider == "saml" and app.client_id:
            slug = {"organization_slug": app.client_id}
            return [
                ("Assertion consumer service (ACS) URL", reverse("saml_acs", kwargs=slug)),
                ("Single logout (SLS) URL", reverse("saml_sls", kwargs=slug)),
                ("Service provider metadata", reverse("saml_metadata", kwargs=slug)),
            ]
    except NoReverseMatch:
        return []
    return []


admin.site.unregister(SocialApp)


@admin.register(SocialApp)
class SingleSignOnAppAdmin(SocialAppAdmin):
    """allauth's Social application admin, plus the URLs the identity provider needs."""

    readonly_fields = ("callback_urls",)

    @admin.display(description="URLs for your identity provider")
    def callback_urls(self, app):
        urls = [(label, settings.SITE_URL + path) for label, path in callback_urls(app)]
        if not urls:
            return "Save first: the URLs depend on the provider, its provider ID and client ID."
        return format_html(
            "<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd><code>{}</code></dd>", urls)
        )
