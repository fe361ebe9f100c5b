"""The admin for taxonomy, posts and moderation.

Anonymity holds here too: staff who may not see a post's author (everyone but CX
leads and the author, see ideas.models.Authored) see neither the author nor the
post's team, nor whether the author commented on, edited or linked it; and nobody
but CX leads searches, filters or sorts by people or team.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from forum.admin_search import BoundedSearchMixin
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
    sees_every_author,
)

# Fields that name a person who may be the author of an anonymous post, or her team.
PEOPLE_FIELDS = ("author", "team", "edited_by", "linked_by")
# Nobody but a CX lead may reassign a post to someone else.
REASSIGNING_FIELDS = ("author", "edited_by", "linked_by")


class AnonymityAdmin(BoundedSearchMixin, admin.ModelAdmin):
    """Hides PEOPLE_FIELDS of a row from staff who may not see the author of a post
    the row belongs to (`posts_of(obj)`)."""

    @staticmethod
    def posts_of(obj):
        return [obj]

    def hides_people(self, user, obj) -> bool:
        return not all(post.author_visible_to(user) for post in self.posts_of(obj))

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and self.hides_people(request.user, obj):
            fields = [f for f in fields if f not in PEOPLE_FIELDS]
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_cx_lead:
            own = {field.name for field in self.model._meta.get_fields()}
            readonly += [f for f in REASSIGNING_FIELDS if f in own and f not in readonly]
        return readonly

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        return [self.people_column(c, request.user) if c in PEOPLE_FIELDS else c for c in columns]

    def people_column(self, field: str, user):
        """The column of `field`, row by row as `user` may see it."""

        @admin.display(
            description=field.replace("_", " "),
            ordering=field if sees_every_author(user) else None,
        )
        def column(obj):
            if self.hides_people(user, obj):
                return "Anonymous" if field == "author" else self.get_empty_value_display()
            value = getattr(obj, field)
            return self.get_empty_value_display() if value is None else str(value)

        return column

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if sees_every_author(request.user):
            return filters
        return [f for f in filters if f not in PEOPLE_FIELDS]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if sees_every_author(request.user):
            return fields
        return [f for f in fields if not f.startswith(PEOPLE_FIELDS)]

    def lookup_allowed(self, lookup, value, request):
        # "?author=12" or "?team=3" in the address would list her anonymous posts.
        if not sees_every_author(request.user) and lookup.split("__")[0] in PEOPLE_FIELDS:
            return False
        return super().lookup_allowed(lookup, value, request)


def _restart_answer_clocks(request) -> None:
    count = escalation.apply_policy()
    messages.info(request, f"Due dates recomputed for {count} ideas awaiting a first answer.")


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(admin.ModelAdmin):
    """One settings row, that only CX leads change: no second row, no deleting it.
    Its list opens the row itself."""

    list_display = ("unanswered_days", "popular_votes")

    def has_add_permission(self, request):
        return request.user.is_cx_lead and not EscalationPolicy.objects.exists()

    def has_change_permission(self, request, obj=None):
        return request.user.is_cx_lead

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
class CategoryAdmin(BoundedSearchMixin, admin.ModelAdmin):
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
class TagAdmin(BoundedSearchMixin, admin.ModelAdmin):
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
    list_select_related = ("author", "team", "routed_team", "tally")
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
    def posts_of(obj):
        # Whoever linked it may be the anonymous author of the idea or the observation.
        return [obj.idea, obj.observation]


@admin.register(Comment)
class CommentAdmin(AnonymityAdmin):
    list_display = ("__str__", "author", "idea", "observation", "is_hidden", "created_at")
    list_filter = ("is_hidden",)
    list_select_related = ("author", "idea", "observation")
    search_fields = ("body", "author__email", "author__display_name")
    raw_id_fields = ("idea", "observation", "author", "mentions")
    readonly_fields = ("created_at",)

    def hides_people(self, user, obj) -> bool:
        # Only the post's anonymous author commenting on it stays unnamed.
        return not obj.author_visible_to(user)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if sees_every_author(request.user):
            return fields
        # As on the site: the body shows the @handle the commenter wrote, not a name
        # (someone may @mention the person they guess wrote an anonymous post).
        return [f for f in fields if f != "mentions"]


@admin.register(Revision)
class RevisionAdmin(AnonymityAdmin):
    list_display = ("__str__", "idea", "observation", "edited_by", "created_at")
    list_select_related = ("idea", "observation", "edited_by")
    raw_id_fields = ("idea", "observation", "edited_by")
    readonly_fields = ("data", "created_at")

    @staticmethod
    def posts_of(obj):
        return [obj.idea or obj.observation]
