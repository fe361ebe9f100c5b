from django.utils.functional import SimpleLazyObject


def unread_count(request):
    """The unread notification count for the navigation: one query, only when a
    template shows it, at most once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: count_unread(request))}


def count_unread(request) -> int:
    if not hasattr(request, "_unread_notifications"):
        notifications = request.user.notifications.visible_to(request.user)
        request._unread_notifications = notifications.unread().count()
    return request._unread_notifications
