"""allauth's verified_email_required, remembered for the session: it reads the
person's email addresses on every request, one query for each vote or comment."""

from functools import wraps

from allauth.account.decorators import verified_email_required as allauth_verified_email_required

VERIFIED = "verified_email"


def verified_email_required(view):
    """The person must be signed in with a confirmed email address (else allauth's
    "confirm your email first" page). Once allauth has let them through, the session
    remembers the address it checked, so a changed address is checked again."""

    @wraps(view)
    def let_through(request, *args, **kwargs):
        request.session[VERIFIED] = request.user.email
        return view(request, *args, **kwargs)

    checked = allauth_verified_email_required(let_through)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and request.session.get(VERIFIED) == user.email:
            return view(request, *args, **kwargs)
        return checked(request, *args, **kwargs)

    return wrapper
