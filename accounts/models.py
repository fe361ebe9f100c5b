"""People and the org tree: User, Team, Invitation."""

import secrets
import zoneinfo
from datetime import timedelta
from functools import reduce
from operator import or_

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Q, Value
from django.db.models.functions import Concat, Length, Substr
from django.urls import reverse
from django.utils import timezone


class NotificationKind(models.TextChoices):
    STATUS_CHANGE = "status_change", "Status change on an idea I follow"
    COMMENT = "comment", "Comment on my post or an idea I follow"
    MENTION = "mention", "Someone @mentions me"
    OWNER = "owner", "I am made owner of an idea"
    MERGED = "merged", "An idea I follow is merged"
    ESCALATION = "escalation", "An idea in my area is escalated"
    CUSTOMER_CARD = "customer_card", "An idea my observation supports is done: tell my customer"


class DigestFrequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    OFF = "off", "Off"


TIME_ZONE_CHOICES = [(tz, tz) for tz in sorted(zoneinfo.available_timezones())]


def default_notification_settings() -> dict:
    return {kind: {"in_app": True, "email": True} for kind in NotificationKind.values}


class TeamQuerySet(models.QuerySet):
    def within(self, *paths: str):
        """The teams at or below any of these team paths (a person's area, a team with
        its sub-teams), in one query; none for no paths."""
        if not paths:
            return self.none()
        return self.filter(reduce(or_, (Q(path__startswith=path) for path in paths)))

    def areas_of(self, user):
        """The teams at or below a team `user` manages (their area), in one query,
        each with `mine`: whether `user` manages that team itself."""
        above = Team.objects.filter(
            manager=user.pk, path=Substr(OuterRef("path"), 1, Length("path"))
        )
        mine = ExpressionWrapper(Q(manager=user.pk), output_field=models.BooleanField())
        return self.filter(Exists(above)).annotate(mine=mine)


class Team(models.Model):
    """A node of the org tree. `path` is a materialised path of ids ("/1/4/9/"), so a
    team's subtree is one prefix query. Paths end in a slash: "/1/" is not a prefix of
    "/12/". save() keeps paths and depths right and refuses a cycle."""

    class Kind(models.TextChoices):
        COMPANY = "company", "Company"
        REGION = "region", "Region"
        STORE = "store", "Store"
        CONTACT_CENTRE = "contact_centre", "Contact centre"
        FIELD = "field", "Field team"
        DEPARTMENT = "department", "Department"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    manager = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_teams",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Save, placing the team under its parent. A move takes the whole subtree
        along, atomically; a parent inside the team's own subtree is refused
        (ValidationError), whoever saves."""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "parent" not in update_fields:
            super().save(*args, **kwargs)  # the team stays where it is
            return
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "path", "depth"}
        with transaction.atomic(using=kwargs.get("using")):
            old_path, parent_path = self._stored_paths(lock=True)
            self._check_parent(old_path, parent_path)
            if self.pk is None:  # the path ends in the id the insert gives
                super().save(*args, **kwargs)
                self._place_under(parent_path)
                Team.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
                return
            self._place_under(parent_path)
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                self._move_subtree(old_path)

    def path_ids(self) -> list[int]:
        """Ids from the root down to this team, read off the path (no query)."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def is_within(self, *paths: str) -> bool:
        """Whether this team is at or below any of these team paths (no query)."""
        return any(self.path.startswith(path) for path in paths)

    def clean(self):
        super().clean()
        self._check_parent(*self._stored_paths())

    def _stored_paths(self, *, lock: bool = False) -> tuple[str, str]:
        """This team's stored path ("" when not saved yet) and its parent's ("" at the
        top), read from the database, not from instances that may be stale. `lock`
        holds both rows until the save commits, so two moves cannot cross."""
        ids = [pk for pk in (self.pk, self.parent_id) if pk is not None]
        teams = Team.objects.filter(pk__in=ids).order_by("pk")
        if lock:
            teams = teams.select_for_update()
        paths = dict(teams.values_list("pk", "path")) if ids else {}
        if self.parent_id is not None and self.parent_id not in paths:
            raise ValidationError({"parent": "That team no longer exists."})
        return paths.get(self.pk, ""), paths.get(self.parent_id, "")

    @staticmethod
    def _check_parent(old_path: str, parent_path: str) -> None:
        if old_path and parent_path.startswith(old_path):
            raise ValidationError(
                {"parent": "A team cannot be placed under itself or under one of its sub-teams."}
            )

    def _place_under(self, parent_path: str) -> None:
        self.path = (parent_path or "/") + f"{self.pk}/"
        self.depth = self.path.count("/") - 2

    def _move_subtree(self, old_path: str) -> None:
        """Re-root everything below `old_path` (this team is already moved) under the
        new path, in one UPDATE."""
        shift = self.depth - (old_path.count("/") - 2)
        Team.objects.within(old_path).update(
            path=Concat(Value(self.path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + shift,
        )

    # --- The manager chain: whom an idea escalates to, level by level -----------

    def manager_chain(self) -> list["Team"]:
        """The teams from this one up to the root that have an active manager,
        nearest first, each person once (someone who manages a store and its region
        counts at the store). A team without a manager is skipped. One query."""
        return Team.manager_chains([self])[self.pk]

    @staticmethod
    def manager_chains(teams) -> dict[int, list["Team"]]:
        """manager_chain() of many teams, keyed by team id, in one query: every team
        on their paths, read with its manager."""
        teams = list(teams)
        paths = {team.pk: team.path_ids() for team in teams}
        managed = Team.objects.filter(
            pk__in={pk for path in paths.values() for pk in path},
            manager__isnull=False,
            manager__is_active=True,
        ).select_related("manager")
        by_id = {team.pk: team for team in managed}
        chains = {}
        for team_id, path in paths.items():
            chain, seen = [], set()
            for managed_team in filter(None, map(by_id.get, reversed(path))):
                if managed_team.manager_id not in seen:
                    seen.add(managed_team.manager_id)
                    chain.append(managed_team)
            chains[team_id] = chain
        return chains

    @property
    def root_id(self) -> int:
        """The id of the root of this team's tree (read off the path)."""
        return self.path_ids()[0]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, is_cx_lead=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """An employee. Email is the login."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=80, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    is_cx_lead = models.BooleanField(
        "CX lead",
        default=False,
        help_text="CX leads run the forum: taxonomy, teams, moderation, reports.",
    )
    time_zone = models.CharField(max_length=64, choices=TIME_ZONE_CHOICES, default="UTC")
    digest_frequency = models.CharField(
        max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    notification_settings = models.JSONField(default=default_notification_settings)
    # Set when someone signs up; the home page explains the loop until they dismiss it.
    welcome_pending = models.BooleanField(default=False, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["display_name", "email"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.email.split("@")[0]

    def wants(self, kind: str, channel: str) -> bool:
        """Whether this person wants notifications of `kind` by `channel`
        ("in_app" or "email")."""
        return bool(self.notification_settings.get(kind, {}).get(channel, True))

    def managed_area_paths(self) -> list[str]:
        """Paths of the teams this person manages; their area is everything below.
        Read once and kept on the instance (one request's user), so the navigation,
        the triage queue and permission checks share one query."""
        return [path for _pk, path, mine in self._area_teams() if mine]

    def managed_area_team_ids(self) -> list[int]:
        """The ids of every team in this person's area, from the same query: a
        manager's queries name the teams (an IN list on the team index) instead of
        joining a LIKE on their paths."""
        return [pk for pk, _path, _mine in self._area_teams()]

    def _area_teams(self) -> list[tuple[int, str, bool]]:
        """(id, path, managed by me) of each team at or below one I manage."""
        if not hasattr(self, "_area"):
            area = Team.objects.areas_of(self).order_by("path")
            self._area = list(area.values_list("pk", "path", "mine"))
        return self._area

    @property
    def is_manager(self) -> bool:
        return bool(self.managed_area_paths())

    def save(self, *args, **kwargs):
        # CX leads run the forum from the admin, which only lets staff in; their model
        # permissions come from accounts.backends.CXLeadBackend, so the role is all
        # that has to be set.
        if self.is_cx_lead and not self.is_staff:
            self.is_staff = True
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "is_staff"}
        super().save(*args, **kwargs)


INVITATION_VALID_FOR = timedelta(days=30)


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Not accepted yet and not older than INVITATION_VALID_FOR."""
        return self.filter(
            accepted_at__isnull=True, created_at__gte=timezone.now() - INVITATION_VALID_FOR
        )

    def for_email(self, email: str):
        return self.filter(email=email.strip().lower())


class Invitation(models.Model):
    """A CX lead invites an address that is outside the allowed sign-up domains."""

    email = models.EmailField()
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    invited_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("accounts:accept_invitation", args=[self.token])

    @property
    def expires_at(self):
        return self.created_at + INVITATION_VALID_FOR

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and timezone.now() < self.expires_at
