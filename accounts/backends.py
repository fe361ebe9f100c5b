"""CX leads may manage the forum's own data in the admin without per-user permissions."""

from django.contrib.auth.backends import BaseBackend

# The apps a CX lead runs: people and teams, the forum's content, notifications,
# moderation, the sign-in providers (SSO) and email addresses.
CX_LEAD_APPS = frozenset(
    {"accounts", "ideas", "notifications", "moderation", "socialaccount", "account"}
)


def _is_active_cx_lead(user) -> bool:
    return bool(user.is_active and getattr(user, "is_cx_lead", False))


class CXLeadBackend(BaseBackend):
    """Grants every model permission of CX_LEAD_APPS to active CX leads. It
    authenticates nobody: the other backends do that."""

    def has_perm(self, user_obj, perm, obj=None):
        return _is_active_cx_lead(user_obj) and perm.split(".", 1)[0] in CX_LEAD_APPS

    def has_module_perms(self, user_obj, app_label):
        return _is_active_cx_lead(user_obj) and app_label in CX_LEAD_APPS
