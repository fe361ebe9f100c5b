"""The admin for taxonomy, posts and moderation.

Anonymity holds here too: staff who are not CX leads never see (nor search or sort
by) the author of an anonymous observation or idea, nor who edited or linked it.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from ideas import escalation
from ideas.models import (
    Category,
    Comment,
    EscalationPolicy,
    Evidence,
    Idea,
    Observation,
    Revision,
    Tag,
)

# Fields that name a person who may be the author of an anonymous post.
AUTHOR_FIELDS = ("author", "edited_by", "linked_by")


def is_cx_lead(request) -> bool:
    return bool(getattr(request.user, "is_cx_lead", False))


@admin.display(description="author")
def shown_author(post) -> str:
    """For the change lists of staff who are not CX leads."""
    return "Anonymous" if post.is_anonymous else post.author.name


class AnonymityAdmin(admin.ModelAdmin):
    """Hides the person fields from staff who are not CX leads where a post is
    anonymous (`post_of(obj)` gives the post a row belongs to)."""

    @staticmethod
    def post_of(obj):
        return obj

    def hides_people(self, request, obj=None) -> bool:
        if is_cx_lead(request):
            return False
        post = self.post_of(obj) if obj is not None else None
        return post is None or post.is_anonymous

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and self.hides_people(request, obj):
            fields = [f for f in fields if f not in AUTHOR_FIELDS]
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not is_cx_lead(request):
            # Nobody but a CX lead may reassign a post to someone else.
            readonly += [f for f in AUTHOR_FIELDS if f not in readonly]
        return readonly

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if is_cx_lead(request):
            return columns
        return [shown_author if c == "author" else c for c in columns if c not in AUTHOR_FIELDS]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if is_cx_lead(request):
            return fields
        return [f for f in fields if not f.startswith(AUTHOR_FIELDS)]


def _restart_answer_clocks(request) -> None:
    count = escalation.apply_policy()
    messages.info(request, f"Due dates recomputed for {count} ideas awaiting a first answer.")


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(admin.ModelAdmin):
    """One settings row, that only CX leads change: no second row, no deleting it.
    Its list opens the row itself."""

    list_display = ("unanswered_days", "popular_votes")

    def has_add_permission(self, request):
        return is_cx_lead(request) and not EscalationPolicy.objects.exists()

    def has_change_permission(self, request, obj=None):
        return is_cx_lead(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        policy = EscalationPolicy.current()
        return redirect("admin:ideas_escalationpolicy_change", policy.pk)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "unanswered_days" in form.changed_data:
            _restart_answer_clocks(request)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "owning_team", "unanswered_days")
    list_select_related = ("owning_team",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("owning_team",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "unanswered_days" in form.changed_data:
            _restart_answer_clocks(request)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Observation)
class ObservationAdmin(AnonymityAdmin):
    list_display = ("__str__", "author", "team", "touchpoint", "sentiment", "created_at")
    list_filter = ("is_hidden", "is_anonymous", "touchpoint", "journey_stage", "sentiment")
    list_select_related = ("author", "team")
    search_fields = ("what_happened", "customer_words", "author__email", "author__display_name")
    raw_id_fields = ("author", "team")
    autocomplete_fields = ("tags",)
    readonly_fields = ("seen_count", "comment_count", "idea_count", "created_at")
    date_hierarchy = "created_at"


@admin.register(Idea)
class IdeaAdmin(AnonymityAdmin):
    list_display = ("title", "status", "author", "team", "routed_team", "vote_count", "created_at")
    list_filter = ("status", "is_hidden", "is_anonymous", "category", "routed_team", "team")
    list_select_related = ("author", "team", "routed_team")
    search_fields = ("title", "problem", "proposal", "author__email", "author__display_name")
    raw_id_fields = ("author", "team", "routed_team", "owner", "merged_into")
    autocomplete_fields = ("tags",)
    # Status, routing and merging go through the lifecycle actions (with their timeline).
    readonly_fields = (
        "status",
        "status_changed_at",
        "merged_into",
        "vote_count",
        "comment_count",
        "evidence_count",
        "follower_count",
        "trending_score",
        "first_response_at",
        "answer_due_at",
        "done_at",
        "created_at",
    )
    date_hierarchy = "created_at"


@admin.register(Evidence)
class EvidenceAdmin(AnonymityAdmin):
    list_display = ("idea", "observation", "linked_by", "created_at")
    list_select_related = ("idea", "observation", "linked_by")
    raw_id_fields = ("idea", "observation", "linked_by")

    @staticmethod
    def post_of(obj):
        return obj.observation

    def hides_people(self, request, obj=None) -> bool:
        # Whoever linked it may be the anonymous author of the idea or the observation.
        if is_cx_lead(request):
            return False
        return obj is None or obj.idea.is_anonymous or obj.observation.is_anonymous


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "author", "idea", "observation", "is_hidden", "created_at")
    list_filter = ("is_hidden",)
    list_select_related = ("author", "idea", "observation")
    search_fields = ("body", "author__email", "author__display_name")
    raw_id_fields = ("idea", "observation", "author", "mentions")
    readonly_fields = ("created_at",)


@admin.register(Revision)
class RevisionAdmin(AnonymityAdmin):
    list_display = ("__str__", "idea", "observation", "edited_by", "created_at")
    list_select_related = ("idea", "observation", "edited_by")
    raw_id_fields = ("idea", "observation", "edited_by")
    readonly_fields = ("data", "created_at")

    @staticmethod
    def post_of(obj):
        return obj.idea or obj.observation
