"""A post's edit history for CX leads: each edit, who made it and what it changed.

A Revision keeps the version an edit replaced (ideas.posting); what the edit changed
is that version against the next one (the next revision's, or the post as it is)."""

from dataclasses import dataclass

from ideas.models import Category, Idea
from ideas.posting import IDEA_FIELDS, OBSERVATION_FIELDS


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Edit:
    revision: object
    changes: list


def fields_of(post) -> tuple:
    return (*(IDEA_FIELDS if isinstance(post, Idea) else OBSERVATION_FIELDS), "tags")


def _label(post, field: str) -> str:
    return "Tags" if field == "tags" else str(post._meta.get_field(field).verbose_name).capitalize()


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


def current_version(post) -> dict:
    data = {}
    for field in fields_of(post)[:-1]:
        value = getattr(post, field)
        data[field] = value.name if isinstance(value, Category) else (value or "")
    data["tags"] = sorted(tag.name for tag in post.tags.all())
    return data


def edits_of(post) -> list[Edit]:
    """Newest edit first. Two queries: the revisions with their editors, the tags."""
    revisions = list(post.revisions.select_related("edited_by").order_by("-created_at", "-id"))
    after = current_version(post)
    edits = []
    for revision in revisions:
        before = revision.data
        changes = [
            Change(_label(post, field), _shown(before.get(field, "")), _shown(after.get(field, "")))
            for field in fields_of(post)
            if before.get(field, "") != after.get(field, "")
        ]
        edits.append(Edit(revision, changes))
        after = before
    return edits
