from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse


def signed_in_required(view):
    """For members' pages: anyone signed in; others go to the member (code) sign-in."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:sign-in"))
        return view(request, *args, **kwargs)

    return wrapped
