"""Reports and moderation actions in the admin, for CX leads only: a report names
who made it, and an action may concern an anonymous author's post."""

from django.contrib import admin

from forum.admin_search import BoundedSearchMixin
from ideas.models import sees_every_author
from moderation.models import ModerationAction, Report


class CXLeadsOnlyAdmin(BoundedSearchMixin, admin.ModelAdmin):
    raw_id_fields = ("idea", "observation", "comment")

    def has_module_permission(self, request):
        return sees_every_author(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return sees_every_author(request.user) and super().has_view_permission(request, obj)

    # Reports and actions are made on the site, by the verbs that keep the timeline
    # and the counts (moderation.actions): here they are only read.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Report)
class ReportAdmin(CXLeadsOnlyAdmin):
    list_display = ("__str__", "reporter", "reason", "created_at", "resolution", "resolved_at")
    list_filter = ("reason", "resolution", "created_at")
    list_select_related = ("reporter", "idea", "observation", "comment")
    search_fields = ("details", "reporter__email")


@admin.register(ModerationAction)
class ModerationActionAdmin(CXLeadsOnlyAdmin):
    list_display = ("__str__", "kind", "by", "reason", "created_at")
    list_filter = ("kind", "created_at")
    list_select_related = ("by", "idea", "observation", "comment")
    search_fields = ("reason",)
