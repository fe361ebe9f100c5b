"""The admin as CX leads see it: titled with the site's name, its models grouped by
what they are for rather than by the library that brings them (allauth's email
addresses and two-factor sit with our people and teams)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

PEOPLE_AND_TEAMS = "People and teams"
SIGN_IN_AND_SITE = "Sign-in and site"

# Sections in the order the index shows them, each with the apps it gathers and the
# order of its models; apps not named here keep a section of their own, after these.
SECTIONS = {
    PEOPLE_AND_TEAMS: {
        "apps": ("accounts", "account", "mfa", "auth"),
        "models": ("user", "team", "invitation", "emailaddress", "authenticator", "group"),
    },
    "Ideas": {
        "apps": ("ideas",),
        "models": ("idea", "observation", "evidence", "comment", "revision", "category", "tag"),
    },
    "Notifications": {"apps": ("notifications",), "models": ()},
    "Moderation": {"apps": ("moderation",), "models": ("report", "moderationaction")},
    SIGN_IN_AND_SITE: {
        "apps": ("socialaccount", "sites"),
        "models": ("socialapp", "socialaccount", "socialtoken", "site"),
    },
}
# Library wording the product says otherwise.
MODEL_NAMES = {
    ("mfa", "authenticator"): "Two-factor authenticators",
    ("socialaccount", "socialapp"): "Sign-in providers",
    ("socialaccount", "socialaccount"): "Sign-in provider accounts",
    ("socialaccount", "socialtoken"): "Sign-in provider tokens",
    ("auth", "group"): "Permission groups",
}


def section_of(app_label: str, default: str) -> str:
    for name, section in SECTIONS.items():
        if app_label in section["apps"]:
            return name
    return default


class FrontlineAdminSite(admin.AdminSite):
    @property
    def site_header(self):
        return f"{settings.SITE_NAME} administration"

    @property
    def site_title(self):
        return f"{settings.SITE_NAME} admin"

    @property
    def index_title(self):
        return f"Run {settings.SITE_NAME}: people, teams and what they post"

    def get_app_list(self, request, app_label=None):
        """The sections, or with `app_label` the one section that app is in."""
        grouped: dict[str, list[dict]] = {}
        for app in self._build_app_dict(request).values():
            for model in app["models"]:
                key = (app["app_label"], model["object_name"].lower())
                model["name"] = MODEL_NAMES.get(key, model["name"])
            grouped.setdefault(section_of(app["app_label"], str(app["name"])), []).append(app)
        app_list = [_section(name, apps) for name, apps in grouped.items()]
        known = list(SECTIONS)
        app_list.sort(key=lambda s: (_rank(s["name"], known), s["name"]))
        if app_label is not None:
            wanted = section_of(app_label, None)
            return [s for s in app_list if s["name"] == wanted or s["app_label"] == app_label]
        return app_list


def _rank(item, order) -> int:
    return order.index(item) if item in order else len(order)


def _section(name: str, apps: list[dict]) -> dict:
    """One index section from its apps: linked to the first app the section names
    (our own), its models in the section's order, the rest alphabetically."""
    spec = SECTIONS.get(name, {"apps": (), "models": ()})
    apps.sort(key=lambda app: _rank(app["app_label"], spec["apps"]))
    models = [model for app in apps for model in app["models"]]
    models.sort(key=lambda m: (_rank(m["object_name"].lower(), spec["models"]), m["name"]))
    return {**apps[0], "name": name, "models": models}


class FrontlineAdminConfig(AdminConfig):
    default_site = "forum.admin_site.FrontlineAdminSite"
