"""The language toggle for a signed-in person: remember the choice, then show the same page in it.

People who are not signed in follow plain links to the same page in the other language (the header in
layout.jinja); a signed-in person's toggle is a small form, because it also stores their preference
(User.language), which their texts and emails follow where the service offers the language (ADR 0027)."""

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from followon.accounts import services as account_services
from followon.accounts.decorators import signed_in_required


@require_POST
@signed_in_required
def choose_language(request):
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest("Unknown language")
    account_services.user_language_set(user=request.user, code=code)
    next_url = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not safe:
        with translation.override(code):
            next_url = reverse("home:index")
    return HttpResponseRedirect(next_url)
