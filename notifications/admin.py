from functools import partial

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone

from forum.admin_search import BoundedSearchMixin
from ideas.models import sees_every_author
from notifications.dispatch import enqueue_delivery
from notifications.models import Digest, Notification, OutboxEmail


class MessagesAdmin(BoundedSearchMixin, admin.ModelAdmin):
    """Who was told what names the author of an anonymous post: she is the one told
    of comments "on your idea", and her email greets her by name. So only those who
    may see every author (CX leads) see these rows at all."""

    def has_module_permission(self, request):
        return sees_every_author(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return sees_every_author(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return sees_every_author(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return sees_every_author(request.user) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request):
        return sees_every_author(request.user) and super().has_add_permission(request)


@admin.register(Notification)
class NotificationAdmin(MessagesAdmin):
    list_display = ["text", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["text", "recipient__email"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "idea", "event"]
    readonly_fields = ["key", "created_at"]
    date_hierarchy = "created_at"


@admin.register(OutboxEmail)
class OutboxEmailAdmin(MessagesAdmin):
    list_display = ["subject", "to", "kind", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state", "kind"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    readonly_fields = [
        f.name for f in OutboxEmail._meta.fields if f.name not in {"id", "state", "to"}
    ]

    def has_add_permission(self, request):
        return False  # rows are written by the code that decides who hears about what

    @admin.action(description="Retry now (pending and failed rows that are not being sent)")
    def retry_now(self, request, queryset):
        rows = queryset.exclude(state=OutboxEmail.State.SENT).unclaimed(timezone.now())
        ids = list(rows.values_list("pk", flat=True))
        with transaction.atomic():
            OutboxEmail.objects.filter(pk__in=ids).update(
                state=OutboxEmail.State.PENDING, next_attempt_at=None
            )
            transaction.on_commit(partial(enqueue_delivery, ids), robust=True)
        self.message_user(request, f"Queued {len(ids)} email(s) for delivery.", messages.SUCCESS)


@admin.register(Digest)
class DigestAdmin(MessagesAdmin):
    """Read-only: the digest job writes these rows; the outbox row shows the email
    (which names an anonymous author to herself, hence CX leads only, as the outbox)."""

    list_display = ["user", "period", "period_start", "state", "built_at", "sent"]
    list_filter = ["period", "state", "period_start"]
    search_fields = ["user__email"]
    list_select_related = ["user", "outbox"]
    raw_id_fields = ["user", "outbox"]

    @admin.display(boolean=True, description="sent")
    def sent(self, digest):
        return digest.is_sent

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
